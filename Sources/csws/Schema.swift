import ArgumentParser
import CswsCore

extension Csws {
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the JSON Schema of a file kind (without KIND: list the kinds).")

        @Argument(help: "A file kind: \(FileKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        var kind: String?

        func validate() throws {
            if let kind, FileKind(rawValue: kind) == nil {
                let names = FileKind.allCases.map(\.rawValue)
                let suggestion = Suggestions.nearest(to: kind, in: names).map { " (did you mean `\($0)`?)" } ?? ""
                throw ValidationError("unknown kind `\(kind)`\(suggestion); kinds: \(names.joined(separator: ", "))")
            }
        }

        func run() throws {
            guard let kind else {
                for kind in FileKind.allCases {
                    Terminal.write(kind.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0) + kind.appliesTo + "\n")
                }
                return
            }
            guard let fileKind = FileKind(rawValue: kind), let text = SchemaCatalog.text(of: fileKind) else { return }
            Terminal.write(text.hasSuffix("\n") ? text : text + "\n")
        }
    }
}

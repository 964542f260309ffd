import ArgumentParser
import CswsCore
import CswsSync

extension Csws {
    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Commit your changes, bring in your teammates', and push: no edit is ever lost.",
            discussion: """
                Exit status: 0 synced; 1 validity errors blocked the push (your commit is kept); 3 conflicts to \
                resolve; 4 remote unreachable, authentication failed or push refused (your commit is kept); \
                75 another sync holds this workspace.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .shortAndLong, help: "The commit message (default: a summary of what changed).")
        var message: String?

        @Flag(help: "Commit and merge, but do not push.")
        var noPush = false

        @Flag(help: "Push even when csws check finds validity errors.")
        var force = false

        func run() throws {
            try reportingFailures {
                let workspace = try global.resolveWorkspace()
                let asOf = try global.resolveAsOf()
                let output = SyncOutput(say: { Terminal.write($0 + "\n") }, warn: { Terminal.printError($0) })
                do {
                    try SyncFlow(workspace: workspace, asOf: asOf, message: message, push: !noPush, force: force, output: output).run()
                } catch let stop as SyncStop {
                    let code = Self.exitStatus(stop.kind)
                    // Without a message, the flow has already said why.
                    guard let message = stop.message else { throw ExitCode(code.rawValue) }
                    throw Failure(message, hint: stop.hint, code: code)
                }
            }
        }

        static func exitStatus(_ kind: SyncStop.Kind) -> ExitStatus {
            switch kind {
            case .findings: return .findings
            case .conflicts: return .conflicts
            case .remote: return .remote
            case .usage: return .usage
            case .ioError: return .ioError
            case .locked: return .locked
            }
        }
    }
}

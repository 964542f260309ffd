/// Compiler-style diagnostics for people: `file:line:col: severity: message [rule]`, the source line
/// with a caret under the offending value, then notes and the hint.
public struct TextReporter {
    public var useColor: Bool
    private let sources: SourceExcerpts

    public init(workspace: Workspace, useColor: Bool) {
        self.useColor = useColor
        self.sources = SourceExcerpts(workspace: workspace)
    }

    public func render(_ result: CheckResult) -> String {
        var output = ""
        for diagnostic in result.diagnostics {
            output += render(diagnostic)
        }
        output += DiagnosticSummary.line(for: result) + "\n"
        return output
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        let finding = diagnostic.finding
        let location = finding.location
        var output = paint("\(diagnostic.file):\(location.line):\(location.column):", .bold) + " "
        output += paint("\(finding.severity.rawValue):", color(for: finding.severity)) + " "
        output += finding.message + " " + paint("[\(finding.rule)]", .dim) + "\n"
        if finding.showsExcerpt, let line = sources.line(location.line, of: diagnostic.file) {
            let number = String(location.line)
            let gutter = "   " + number
            let blank = String(repeating: " ", count: gutter.count)
            output += paint(gutter + " |", .blue) + " " + line + "\n"
            let characters = Array(line)
            var padding = ""
            for index in 0..<max(0, location.column - 1) {
                padding += index < characters.count && characters[index] == "\t" ? "\t" : " "
            }
            let available = max(1, characters.count - (location.column - 1))
            let carets = String(repeating: "^", count: max(1, min(finding.width, available)))
            output += paint(blank + " |", .blue) + " " + padding + paint(carets, color(for: finding.severity)) + "\n"
        }
        let indent = "   "
        for note in finding.notes {
            output += indent + paint("= note:", .bold) + " " + note + "\n"
        }
        if let hint = finding.hint {
            output += indent + paint("= hint:", .bold) + " " + hint + "\n"
        }
        return output
    }

    enum Style: String {
        case bold = "1", dim = "2", red = "1;31", yellow = "1;33", cyan = "1;36", blue = "34"
    }

    private func color(for severity: Severity) -> Style {
        switch severity {
        case .error: return .red
        case .warning: return .yellow
        case .info: return .cyan
        }
    }

    private func paint(_ text: String, _ style: Style) -> String {
        useColor ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}

/// Source lines for excerpts, read on demand (only files with diagnostics) and cached.
final class SourceExcerpts {
    private let workspace: Workspace
    private var cache: [String: [UInt8]] = [:]

    init(workspace: Workspace) {
        self.workspace = workspace
    }

    func line(_ number: Int, of relativePath: String) -> String? {
        if cache[relativePath] == nil {
            switch FileBytes.read(workspace.absolute(relativePath), limit: DocumentLoader.maximumFileSize) {
            case .success(let bytes): cache[relativePath] = bytes
            case .failure: cache[relativePath] = []
            }
        }
        guard let bytes = cache[relativePath], !bytes.isEmpty else { return nil }
        return SourceText.line(number, of: bytes)
    }
}

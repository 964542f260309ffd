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
            let excerpt = Self.window(of: Array(line), around: location.column - 1)
            let gutter = "   " + String(location.line)
            let blank = String(repeating: " ", count: gutter.count)
            output += paint(gutter + " |", .blue) + " " + String(excerpt.characters) + "\n"
            var padding = ""
            for index in 0..<max(0, excerpt.column) {
                padding += index < excerpt.characters.count && excerpt.characters[index] == "\t" ? "\t" : " "
            }
            let available = max(1, excerpt.characters.count - excerpt.column)
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

    /// At most `limit` characters of a long line, around the 0-based `column`, with `…` where cut;
    /// returns the characters and the column's position within them.
    static func window(of characters: [Character], around column: Int, limit: Int = 120)
        -> (characters: [Character], column: Int)
    {
        guard characters.count > limit else { return (characters, column) }
        let start = max(0, min(column - limit / 3, characters.count - limit))
        let end = min(characters.count, start + limit)
        var shown = Array(characters[start..<end])
        var shift = start
        if start > 0 {
            shown.insert("…", at: 0)
            shift -= 1
        }
        if end < characters.count { shown.append("…") }
        return (shown, column - shift)
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

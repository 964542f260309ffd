import Foundation

/// Edits a YAML file as text, at the locations the loader reported, so that everything csws does
/// not change — comments, key order, quoting, blank lines, line endings — stays byte for byte.
struct YAMLTextEditor {
    private(set) var lines: [String]
    private let lineEnding: String
    private let hasBOM: Bool
    private let endsWithNewline: Bool

    /// `hasBOM`: whether the file started with a byte-order mark (Foundation drops it when decoding).
    init(text: String, hasBOM: Bool = false) {
        self.hasBOM = hasBOM || text.unicodeScalars.first == "\u{FEFF}"
        let body = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
        lineEnding = body.contains("\r\n") ? "\r\n" : "\n"
        endsWithNewline = body.hasSuffix("\n")
        var split = body.components(separatedBy: lineEnding)
        if endsWithNewline { split.removeLast() }
        lines = split
    }

    var text: String {
        (hasBOM ? "\u{FEFF}" : "") + lines.joined(separator: lineEnding) + (endsWithNewline ? lineEnding : "")
    }

    /// The text of a 1-based line.
    func line(_ number: Int) -> String { lines.indices.contains(number - 1) ? lines[number - 1] : "" }

    /// Replaces `width` characters (Unicode scalars) at `location` with `replacement`.
    mutating func replace(at location: SourceLocation, width: Int, with replacement: String) {
        let index = location.line - 1
        guard lines.indices.contains(index) else { return }
        var scalars = Array(lines[index].unicodeScalars)
        let start = min(scalars.count, location.column - 1)
        let end = min(scalars.count, start + width)
        scalars.replaceSubrange(start..<end, with: Array(replacement.unicodeScalars))
        var rebuilt = String.UnicodeScalarView()
        rebuilt.append(contentsOf: scalars)
        lines[index] = String(rebuilt)
    }

    /// Inserts whole lines before 1-based line `number` (`lines.count + 1` appends).
    mutating func insert(_ newLines: [String], before number: Int) {
        let index = max(0, min(lines.count, number - 1))
        lines.insert(contentsOf: newLines, at: index)
    }

    /// Leading spaces of a 1-based line.
    func indentation(of number: Int) -> Int {
        line(number).prefix { $0 == " " }.count
    }

    /// The last line of the block that starts at `startLine` and is indented deeper than
    /// `parentIndent` (ignoring blank lines and comments at or left of the parent's indent).
    func lastLineOfBlock(startingAt startLine: Int, parentIndent: Int) -> Int {
        var last = startLine
        var number = startLine + 1
        while number <= lines.count {
            let text = line(number)
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || (trimmed.hasPrefix("#") && indentation(of: number) <= parentIndent) {
                number += 1
                continue
            }
            // A sequence may sit at its parent key's indentation (`milestones:` / `- id: …`).
            let indent = indentation(of: number)
            if indent > parentIndent || (indent == parentIndent && trimmed.hasPrefix("- ")) {
                last = number
                number += 1
            } else {
                break
            }
        }
        return last
    }
}

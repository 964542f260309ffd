/// A YAML file cut into nested blocks of whole lines, following its structure: each mapping member
/// and each list item of a block collection owns the lines from its first line (with the comment
/// lines right above it) to the line before the next sibling. A merge can then take any block from
/// either side as text, keeping that side's comments and layout.
struct YAMLSource {
    /// Every line with its terminator (`\n` or `\r\n`; the last line may have none).
    let lines: [String]
    let root: DocumentNode
    let rootBlock: TextBlock

    /// Nil when the text is not one YAML mapping without errors.
    init?(_ text: String) {
        lines = Self.splitLines(text)
        if text.isEmpty || lines.allSatisfy({ Self.isBlankOrComment($0) }) {
            // An absent or empty base (a file both sides added) is an empty mapping.
            root = DocumentNode(.mapping([]))
        } else {
            let loaded = DocumentLoader.load(text: text)
            guard let document = loaded.document, document.members != nil,
                !loaded.findings.contains(where: { $0.severity == .error })
            else { return nil }
            root = document
        }
        rootBlock = TextBlock.make(root, range: 0..<lines.count, lines: lines, parentLine: nil)
    }

    func text(_ range: Range<Int>) -> [String] { Array(lines[range]) }

    /// A block's lines without its trailing blank lines: two blocks that differ only in the blank
    /// lines after them hold the same content.
    func content(_ range: Range<Int>) -> String {
        var upper = range.upperBound
        while upper > range.lowerBound, lines[upper - 1].unicodeScalars.allSatisfy({ $0 == " " || $0 == "\n" || $0 == "\r" }) { upper -= 1 }
        return lines[range.lowerBound..<upper].joined()
    }

    static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" || character == "\r\n" {
                lines.append(current)
                current = ""
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    static func isBlankOrComment(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "\u{FEFF}" }
        return trimmed.isEmpty || trimmed.first == "#" || trimmed.first == "\n" || trimmed.first == "\r\n"
            || trimmed.hasPrefix("---")
    }

    static func isComment(_ line: String) -> Bool {
        line.drop { $0 == " " || $0 == "\t" }.first == "#"
    }
}

/// The lines of one node: a member (key line and value) or a list item, or the whole document.
struct TextBlock {
    struct Child {
        /// The mapping key, or nil for a list item.
        var key: String?
        var block: TextBlock
    }

    var node: DocumentNode
    var range: Range<Int>
    /// For a block mapping or block list whose children each start on their own line: the
    /// children, which cover `childrenStart..<range.upperBound`. Nil when the node is one piece
    /// of text (a scalar, a flow collection, an empty collection).
    var children: [Child]?
    var childrenStart: Int

    var head: Range<Int> { range.lowerBound..<childrenStart }

    /// Cuts `range` (0-based line indices) into the node's children. `parentLine` is the 1-based
    /// line of the key that holds the node: block children start below it.
    static func make(_ node: DocumentNode, range: Range<Int>, lines: [String], parentLine: Int?) -> TextBlock {
        let atomic = TextBlock(node: node, range: range, children: nil, childrenStart: range.upperBound)
        var starts: [(key: String?, line: Int, node: DocumentNode)] = []
        switch node.value {
        case .mapping(let members): starts = members.map { ($0.key, $0.keyLocation.line, $0.value) }
        case .sequence(let items): starts = items.map { (nil, $0.location.line, $0) }
        default: return atomic
        }
        guard !starts.isEmpty else { return atomic }
        var previous = parentLine ?? 0
        for start in starts {
            // Children on one line (a flow collection), or out of the range: one piece of text.
            guard start.line > previous, start.line - 1 >= range.lowerBound, start.line - 1 < range.upperBound else { return atomic }
            previous = start.line
        }
        // Each child starts at its first line, or at the comment lines right above it.
        var firstLines: [Int] = []
        for (index, start) in starts.enumerated() {
            // Not above the key that holds the node (1-based `parentLine` is the 0-based line after it).
            let floor = index == 0 ? max(range.lowerBound, parentLine ?? 0) : starts[index - 1].line
            var first = start.line - 1
            while first - 1 >= floor, first - 1 >= range.lowerBound, YAMLSource.isComment(lines[first - 1]) { first -= 1 }
            firstLines.append(first)
        }
        if let parentLine, firstLines[0] < parentLine { return atomic }
        var children: [Child] = []
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? firstLines[index + 1] : range.upperBound
            let childRange = firstLines[index]..<end
            // A member's value hangs below its key; a list item's first member shares the dash line.
            let block = make(start.node, range: childRange, lines: lines, parentLine: start.key == nil ? nil : start.line)
            children.append(Child(key: start.key, block: block))
        }
        return TextBlock(node: node, range: range, children: children, childrenStart: firstLines[0])
    }
}

extension DocumentNode {
    /// Equal as data: the same values, keys in the same order, wherever they stand in the file.
    func sameValue(as other: DocumentNode) -> Bool {
        switch (value, other.value) {
        case (.null, .null): return true
        case (.bool(let left), .bool(let right)): return left == right
        case (.string(let left), .string(let right)): return left == right
        case (.integer(let left), .integer(let right)): return left == right
        case (.number(let left), .number(let right)): return left == right || (left.isNaN && right.isNaN)
        case (.integer(let left), .number(let right)), (.number(let right), .integer(let left)): return Double(left) == right
        case (.sequence(let left), .sequence(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.sameValue(as: $1) }
        case (.mapping(let left), .mapping(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.key == $1.key && $0.value.sameValue(as: $1.value) }
        default: return false
        }
    }
}

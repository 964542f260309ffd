/// A fast path for the YAML that csws files are actually written in: block mappings and
/// sequences, single-line plain and quoted scalars, single-line flow lists and mappings, comments.
///
/// It produces exactly the `DocumentNode` tree (values, lines, columns, widths) and duplicate-key
/// findings that `YAMLComposer` builds from libyaml's events, several times faster. Anything
/// outside that subset — anchors, tags, block scalars, multi-line scalars, tabs, empty values,
/// anything unusual — makes it return nil, and the caller uses libyaml, which then also reports
/// every syntax error. A differential test holds the two to the same output.
struct FastYAMLComposer {
    private struct Line {
        var start: Int
        var end: Int
        /// Leading spaces.
        var indent: Int
        /// Blank or comment only.
        var isEmpty: Bool
        var isASCII: Bool
    }

    private struct Bail: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    private var lines: [Line] = []
    private var findings: [Finding] = []
    private var nodeCount = 0

    static let maximumDepth = 64

    /// The composed document and duplicate-key findings, or nil when the text is outside the subset.
    static func compose(_ bytes: UnsafeBufferPointer<UInt8>) -> YAMLComposer.Result? {
        var composer = FastYAMLComposer(bytes: bytes)
        do {
            try composer.splitLines()
            guard let first = composer.nextContentLine(from: 0) else { return nil }
            var lineIndex = first
            if composer.isDocumentStartMarker(first) {
                guard let next = composer.nextContentLine(from: first + 1) else { return nil }
                lineIndex = next
            }
            guard composer.lines[lineIndex].indent == 0 else { return nil }
            let (root, after) = try composer.parseMapping(
                line: lineIndex, offset: composer.lines[lineIndex].start, depth: 1)
            guard after == nil else { return nil }
            return YAMLComposer.Result(document: root, findings: composer.findings)
        } catch {
            return nil
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    // MARK: Lines

    private mutating func splitLines() throws {
        var start = bytes.starts(with: TextPrecheck.byteOrderMark) ? 3 : 0
        let count = bytes.count
        lines.reserveCapacity(64)
        while start <= count {
            var end = start
            var isASCII = true
            while end < count, bytes[end] != 0x0A {
                let byte = bytes[end]
                if byte == 0x09 { throw Bail() }  // tabs: leave YAML's whitespace rules to libyaml
                if byte >= 0x80 { isASCII = false }
                end += 1
            }
            let next = end + 1
            var contentEnd = end
            if contentEnd > start, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            for index in start..<contentEnd where bytes[index] == 0x0D { throw Bail() }
            var indent = 0
            while start + indent < contentEnd, bytes[start + indent] == 0x20 { indent += 1 }
            let firstContent = start + indent
            let isEmpty = firstContent == contentEnd || bytes[firstContent] == UInt8(ascii: "#")
            if !isEmpty, indent == 0, contentEnd - start >= 3 {
                let a = bytes[start], b = bytes[start + 1], c = bytes[start + 2]
                let isMarker = (a == b && b == c) && (a == UInt8(ascii: "-") || a == UInt8(ascii: "."))
                if isMarker && (contentEnd - start == 3 || bytes[start + 3] == 0x20) {
                    // `---` may open the document (checked by the caller); any other marker bails.
                    if a == UInt8(ascii: ".") || !lines.allSatisfy(\.isEmpty) || contentEnd - start != 3 { throw Bail() }
                }
            }
            if !isEmpty && indent == 0 && bytes[firstContent] == UInt8(ascii: "%") {
                throw Bail()  // directives
            }
            lines.append(Line(start: start, end: contentEnd, indent: indent, isEmpty: isEmpty, isASCII: isASCII))
            if next > count { break }
            start = next
        }
    }

    private func isDocumentStartMarker(_ index: Int) -> Bool {
        let line = lines[index]
        return line.end - line.start == 3 && bytes[line.start] == UInt8(ascii: "-")
            && bytes[line.start + 1] == UInt8(ascii: "-") && bytes[line.start + 2] == UInt8(ascii: "-")
    }

    private func nextContentLine(from index: Int) -> Int? {
        var index = index
        while index < lines.count {
            if !lines[index].isEmpty { return index }
            index += 1
        }
        return nil
    }

    private func location(line: Int, offset: Int) -> SourceLocation {
        let text = lines[line]
        if text.isASCII { return SourceLocation(line: line + 1, column: offset - text.start + 1) }
        var column = 1
        var index = text.start
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourceLocation(line: line + 1, column: column)
    }

    private func string(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    private mutating func counted(_ node: DocumentNode) throws -> DocumentNode {
        nodeCount += 1
        if nodeCount > YAMLComposer.nodeBudget { throw Bail() }
        return node
    }

    // MARK: Block structures

    /// A block mapping whose first key starts at `offset` on `line`; its keys sit at that column.
    /// Returns the mapping and the first content line after it (nil at the end of the file).
    private mutating func parseMapping(line firstLine: Int, offset: Int, depth: Int) throws -> (DocumentNode, Int?) {
        guard depth <= Self.maximumDepth else { throw Bail() }
        let keyColumnOffset = offset - lines[firstLine].start
        let mappingLocation = location(line: firstLine, offset: offset)
        var members: [DocumentMember] = []
        var line = firstLine
        var keyOffset = offset
        while true {
            let (key, keyLocation, valueStart) = try parseKey(line: line, offset: keyOffset)
            let (value, next) = try parseValue(line: line, offset: valueStart, parentIndent: keyColumnOffset, depth: depth)
            if let first = members.first(where: { $0.key == key }) {
                findings.append(YAMLComposer.duplicateKeyFinding(key, at: keyLocation, firstLine: first.keyLocation.line))
            } else {
                members.append(DocumentMember(key: key, keyLocation: keyLocation, value: value))
            }
            guard let next else { return (try counted(DocumentNode(.mapping(members), at: mappingLocation)), nil) }
            let indent = lines[next].indent
            if indent < keyColumnOffset { return (try counted(DocumentNode(.mapping(members), at: mappingLocation)), next) }
            guard indent == keyColumnOffset else { throw Bail() }
            if isSequenceItem(line: next, indent: indent) {
                // A `- ` at this mapping's own indentation ends it (its parent sequence continues).
                return (try counted(DocumentNode(.mapping(members), at: mappingLocation)), next)
            }
            line = next
            keyOffset = lines[next].start + indent
        }
    }

    /// A block sequence whose dashes sit at column `indent` + 1, starting at `firstLine`.
    private mutating func parseSequence(line firstLine: Int, indent: Int, depth: Int) throws -> (DocumentNode, Int?) {
        guard depth <= Self.maximumDepth else { throw Bail() }
        let sequenceLocation = location(line: firstLine, offset: lines[firstLine].start + indent)
        var elements: [DocumentNode] = []
        var line = firstLine
        while true {
            let dash = lines[line].start + indent
            var contentStart = dash + 1
            while contentStart < lines[line].end, bytes[contentStart] == 0x20 { contentStart += 1 }
            guard contentStart < lines[line].end, bytes[contentStart] != UInt8(ascii: "#"), contentStart > dash + 1 else {
                throw Bail()  // `-` alone on its line: nested block or empty item
            }
            let element: DocumentNode
            let next: Int?
            if looksLikeKey(line: line, offset: contentStart) {
                (element, next) = try parseMapping(line: line, offset: contentStart, depth: depth + 1)
            } else {
                let first = bytes[contentStart]
                if first == UInt8(ascii: "-") && contentStart + 1 < lines[line].end && bytes[contentStart + 1] == 0x20 {
                    throw Bail()  // `- - x`
                }
                element = try parseInlineValue(line: line, offset: contentStart)
                next = try nextLineAfterScalar(line: line, parentIndent: indent)
            }
            elements.append(element)
            guard let next else { return (try counted(DocumentNode(.sequence(elements), at: sequenceLocation)), nil) }
            let nextIndent = lines[next].indent
            if nextIndent < indent || !isSequenceItem(line: next, indent: nextIndent) || nextIndent != indent {
                if nextIndent > indent { throw Bail() }
                return (try counted(DocumentNode(.sequence(elements), at: sequenceLocation)), next)
            }
            line = next
        }
    }

    private func isSequenceItem(line: Int, indent: Int) -> Bool {
        let position = lines[line].start + indent
        guard position < lines[line].end, bytes[position] == UInt8(ascii: "-") else { return false }
        return position + 1 == lines[line].end || bytes[position + 1] == 0x20
    }

    /// A plain key and where its value starts (after `: `, or at the end of the line after `:`).
    private func parseKey(line: Int, offset: Int) throws -> (String, SourceLocation, Int) {
        let end = lines[line].end
        guard offset < end, !Self.isIndicator(bytes[offset]) else { throw Bail() }
        var index = offset
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":") && (index + 1 == end || bytes[index + 1] == 0x20) { break }
            if byte == UInt8(ascii: "#") && bytes[index - 1] == 0x20 { throw Bail() }
            index += 1
        }
        guard index < end else { throw Bail() }
        var keyEnd = index
        while keyEnd > offset, bytes[keyEnd - 1] == 0x20 { keyEnd -= 1 }
        guard keyEnd > offset else { throw Bail() }
        return (string(offset, keyEnd), location(line: line, offset: offset), index + 1)
    }

    private func looksLikeKey(line: Int, offset: Int) -> Bool {
        let end = lines[line].end
        guard offset < end, !Self.isIndicator(bytes[offset]) else { return false }
        var index = offset
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":") && (index + 1 == end || bytes[index + 1] == 0x20) { return true }
            if byte == UInt8(ascii: "#") && index > offset && bytes[index - 1] == 0x20 { return false }
            index += 1
        }
        return false
    }

    /// The value after a key: on the same line, or a nested block below it.
    private mutating func parseValue(line: Int, offset: Int, parentIndent: Int, depth: Int) throws -> (DocumentNode, Int?) {
        var start = offset
        let end = lines[line].end
        while start < end, bytes[start] == 0x20 { start += 1 }
        if start == end || bytes[start] == UInt8(ascii: "#") {
            guard start == end || start > offset else { throw Bail() }
            // Nothing on this line: a nested block follows, or the value is empty (left to libyaml,
            // whose empty-scalar position we do not reproduce).
            guard let next = nextContentLine(from: line + 1) else { throw Bail() }
            let indent = lines[next].indent
            if indent > parentIndent {
                if isSequenceItem(line: next, indent: indent) { return try parseSequence(line: next, indent: indent, depth: depth + 1) }
                return try parseMapping(line: next, offset: lines[next].start + indent, depth: depth + 1)
            }
            if indent == parentIndent && isSequenceItem(line: next, indent: indent) {
                return try parseSequence(line: next, indent: indent, depth: depth + 1)
            }
            throw Bail()
        }
        let value = try parseInlineValue(line: line, offset: start)
        return (value, try nextLineAfterScalar(line: line, parentIndent: parentIndent))
    }

    /// After a single-line value the next content line must not be indented deeper (that would
    /// be a multi-line scalar, or an error libyaml should report).
    private func nextLineAfterScalar(line: Int, parentIndent: Int) throws -> Int? {
        guard let next = nextContentLine(from: line + 1) else { return nil }
        if lines[next].indent > parentIndent { throw Bail() }
        return next
    }

    // MARK: Inline values

    /// A scalar or flow collection that ends on this line, followed only by spaces or a comment.
    private mutating func parseInlineValue(line: Int, offset: Int) throws -> DocumentNode {
        let end = lines[line].end
        let first = bytes[offset]
        let node: DocumentNode
        let after: Int
        switch first {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            (node, after) = try parseQuoted(line: line, offset: offset)
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            (node, after) = try parseFlow(line: line, offset: offset)
        default:
            guard !Self.isIndicator(first) else { throw Bail() }
            var index = offset
            while index < end {
                let byte = bytes[index]
                if byte == UInt8(ascii: "#") && bytes[index - 1] == 0x20 { break }
                if byte == UInt8(ascii: ":") && (index + 1 == end || bytes[index + 1] == 0x20) { throw Bail() }
                index += 1
            }
            var valueEnd = index
            while valueEnd > offset, bytes[valueEnd - 1] == 0x20 { valueEnd -= 1 }
            let text = string(offset, valueEnd)
            let start = location(line: line, offset: offset)
            let width = location(line: line, offset: valueEnd).column - start.column
            return try counted(DocumentNode(ScalarResolver.resolve(text), at: start, width: width))
        }
        var index = after
        while index < end, bytes[index] == 0x20 { index += 1 }
        guard index == end || (bytes[index] == UInt8(ascii: "#") && index > after) else { throw Bail() }
        return node
    }

    /// A single-line quoted scalar; returns the node and the offset after its closing quote.
    private mutating func parseQuoted(line: Int, offset: Int) throws -> (DocumentNode, Int) {
        let end = lines[line].end
        let quote = bytes[offset]
        var output: [UInt8] = []
        var index = offset + 1
        while true {
            guard index < end else { throw Bail() }  // continues on the next line
            let byte = bytes[index]
            if byte == quote {
                if quote == UInt8(ascii: "'"), index + 1 < end, bytes[index + 1] == quote {
                    output.append(quote)
                    index += 2
                    continue
                }
                break
            }
            if quote == UInt8(ascii: "\""), byte == UInt8(ascii: "\\") {
                guard index + 1 < end else { throw Bail() }
                switch bytes[index + 1] {
                case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): output.append(UInt8(ascii: "/"))
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "t"): output.append(0x09)
                default: throw Bail()
                }
                index += 2
                continue
            }
            output.append(byte)
            index += 1
        }
        let start = location(line: line, offset: offset)
        let width = location(line: line, offset: index + 1).column - start.column
        let node = try counted(DocumentNode(.string(String(decoding: output, as: UTF8.self)), at: start, width: width))
        return (node, index + 1)
    }

    /// `[a, "b", 3]` or `{k: v, k2: "v2"}` of scalars, on one line.
    private mutating func parseFlow(line: Int, offset: Int) throws -> (DocumentNode, Int) {
        let end = lines[line].end
        let isMapping = bytes[offset] == UInt8(ascii: "{")
        let close = isMapping ? UInt8(ascii: "}") : UInt8(ascii: "]")
        let start = location(line: line, offset: offset)
        var elements: [DocumentNode] = []
        var members: [DocumentMember] = []
        var index = offset + 1
        func skipSpaces() { while index < end, bytes[index] == 0x20 { index += 1 } }
        skipSpaces()
        if index < end, bytes[index] == close {
            let node = try counted(DocumentNode(isMapping ? .mapping([]) : .sequence([]), at: start))
            return (node, index + 1)
        }
        while true {
            skipSpaces()
            guard index < end else { throw Bail() }
            if isMapping {
                let keyStart = index
                guard !Self.isIndicator(bytes[index]) else { throw Bail() }
                while index < end, bytes[index] != UInt8(ascii: ":") {
                    // A comma before the colon ends an entry that has no value (`{a, b: 1}`): libyaml's business.
                    if Self.isFlowBreaker(bytes[index]) || bytes[index] == UInt8(ascii: ",") { throw Bail() }
                    index += 1
                }
                guard index + 1 < end, bytes[index + 1] == 0x20 else { throw Bail() }
                var keyEnd = index
                while keyEnd > keyStart, bytes[keyEnd - 1] == 0x20 { keyEnd -= 1 }
                guard keyEnd > keyStart else { throw Bail() }
                let key = string(keyStart, keyEnd)
                let keyLocation = location(line: line, offset: keyStart)
                index += 1
                skipSpaces()
                let value = try parseFlowScalar(line: line, index: &index, close: close)
                if let first = members.first(where: { $0.key == key }) {
                    findings.append(YAMLComposer.duplicateKeyFinding(key, at: keyLocation, firstLine: first.keyLocation.line))
                } else {
                    members.append(DocumentMember(key: key, keyLocation: keyLocation, value: value))
                }
            } else {
                elements.append(try parseFlowScalar(line: line, index: &index, close: close))
            }
            skipSpaces()
            guard index < end else { throw Bail() }
            if bytes[index] == close { break }
            guard bytes[index] == UInt8(ascii: ",") else { throw Bail() }
            index += 1
            skipSpaces()
            guard index < end, bytes[index] != close else { throw Bail() }  // trailing comma
        }
        let node = try counted(DocumentNode(isMapping ? .mapping(members) : .sequence(elements), at: start))
        return (node, index + 1)
    }

    private mutating func parseFlowScalar(line: Int, index: inout Int, close: UInt8) throws -> DocumentNode {
        let end = lines[line].end
        guard index < end else { throw Bail() }
        if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
            let (node, after) = try parseQuoted(line: line, offset: index)
            index = after
            return node
        }
        guard !Self.isIndicator(bytes[index]) else { throw Bail() }
        let valueStart = index
        while index < end, bytes[index] != UInt8(ascii: ","), bytes[index] != close {
            if Self.isFlowBreaker(bytes[index]) || bytes[index] == UInt8(ascii: ":") { throw Bail() }
            index += 1
        }
        var valueEnd = index
        while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 { valueEnd -= 1 }
        guard valueEnd > valueStart else { throw Bail() }
        let start = location(line: line, offset: valueStart)
        let width = location(line: line, offset: valueEnd).column - start.column
        return try counted(DocumentNode(ScalarResolver.resolve(string(valueStart, valueEnd)), at: start, width: width))
    }

    /// Characters that cannot start a plain scalar (or that csws leaves to libyaml).
    private static func isIndicator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"),
            UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
            UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"), 0x20:
            return true
        default:
            return false
        }
    }

    /// Inside a flow collection: characters that make the structure more than csws's subset.
    private static func isFlowBreaker(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "#")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "]")
            || byte == UInt8(ascii: "}")
    }
}

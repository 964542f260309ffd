import Foundation

/// Why a JSON text could not be read, and where.
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation

    public var description: String { "\(location.line):\(location.column): \(message)" }
}

/// Reads JSON (RFC 8259) into `DocumentNode`s, keeping key order and source locations, so schemas and
/// JSON data get the same treatment and diagnostics as YAML files.
///
/// Whole numbers that fit in `Int` become `.integer`; every other number (including `1.0`) becomes
/// `.number`. A key that appears twice keeps its first value, as the YAML loader does.
public enum JSONDocumentParser {
    /// Deeper nesting than this is refused rather than risking the stack.
    public static let maximumDepth = 1000

    public static func parse(_ data: Data) throws -> DocumentNode {
        try data.withUnsafeBytes { raw in
            var reader = JSONByteReader(bytes: raw.bindMemory(to: UInt8.self))
            return try reader.parseDocument()
        }
    }

    public static func parse(_ text: String) throws -> DocumentNode {
        try parse(Data(text.utf8))
    }
}

private struct JSONByteReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var offset = 0
    var line = 1
    /// Offset of the first byte of the current line, to compute columns in Unicode scalars.
    var lineStart = 0
    var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // A UTF-8 byte order mark is tolerated, as for YAML files.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            offset = 3
            lineStart = 3
        }
    }

    mutating func parseDocument() throws -> DocumentNode {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if offset < bytes.count { throw failure("unexpected text after the JSON value") }
        return value
    }

    // MARK: locations

    var location: SourceLocation { SourceLocation(line: line, column: column(at: offset)) }

    func column(at position: Int) -> Int {
        var scalars = 0
        var index = lineStart
        while index < position {
            if bytes[index] & 0xC0 != 0x80 { scalars += 1 }
            index += 1
        }
        return scalars + 1
    }

    func failure(_ message: String) -> JSONParseError {
        JSONParseError(message: message, location: location)
    }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0D:
                offset += 1
            case 0x0A:
                offset += 1
                line += 1
                lineStart = offset
            default:
                return
            }
        }
    }

    // MARK: values

    mutating func parseValue() throws -> DocumentNode {
        guard offset < bytes.count else { throw failure("unexpected end of JSON") }
        let start = location
        let startOffset = offset
        switch bytes[offset] {
        case UInt8(ascii: "{"):
            return try nested { try $0.parseObject(start: start) }
        case UInt8(ascii: "["):
            return try nested { try $0.parseArray(start: start) }
        case UInt8(ascii: "\""):
            let text = try parseString()
            return DocumentNode(.string(text), at: start, width: column(at: offset) - start.column)
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return DocumentNode(.bool(true), at: start, width: 4)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return DocumentNode(.bool(false), at: start, width: 5)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return DocumentNode(.null, at: start, width: 4)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let value = try parseNumber()
            return DocumentNode(value, at: start, width: offset - startOffset)
        default:
            throw failure("expected a JSON value")
        }
    }

    mutating func nested(_ body: (inout JSONByteReader) throws -> DocumentNode) throws -> DocumentNode {
        depth += 1
        defer { depth -= 1 }
        if depth > JSONDocumentParser.maximumDepth {
            throw failure("nesting is deeper than \(JSONDocumentParser.maximumDepth) levels")
        }
        return try body(&self)
    }

    mutating func parseObject(start: SourceLocation) throws -> DocumentNode {
        offset += 1
        var members: [DocumentMember] = []
        var seenKeys: Set<String> = []
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            return DocumentNode(.mapping(members), at: start)
        }
        while true {
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
                throw failure("expected a key in double quotes")
            }
            let keyLocation = location
            let key = try parseString()
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { throw failure("expected `:` after the key") }
            offset += 1
            skipWhitespace()
            let value = try parseValue()
            if seenKeys.insert(key).inserted {
                members.append(DocumentMember(key: key, keyLocation: keyLocation, value: value))
            }
            skipWhitespace()
            guard offset < bytes.count else { throw failure("unexpected end of JSON inside an object") }
            if bytes[offset] == UInt8(ascii: ",") {
                offset += 1
                continue
            }
            if bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                return DocumentNode(.mapping(members), at: start)
            }
            throw failure("expected `,` or `}`")
        }
    }

    mutating func parseArray(start: SourceLocation) throws -> DocumentNode {
        offset += 1
        var elements: [DocumentNode] = []
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
            offset += 1
            return DocumentNode(.sequence(elements), at: start)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard offset < bytes.count else { throw failure("unexpected end of JSON inside an array") }
            if bytes[offset] == UInt8(ascii: ",") {
                offset += 1
                continue
            }
            if bytes[offset] == UInt8(ascii: "]") {
                offset += 1
                return DocumentNode(.sequence(elements), at: start)
            }
            throw failure("expected `,` or `]`")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= bytes.count else { throw failure("expected `\(literal)`") }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        for index in 0..<count where bytes[offset + index] != expected[index] {
            throw failure("expected `\(literal)`")
        }
        offset += count
    }

    mutating func parseNumber() throws -> DocumentNode.Value {
        let start = offset
        var isWhole = true
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        guard offset < bytes.count, isDigit(bytes[offset]) else { throw failure("expected a digit") }
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
        } else {
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            isWhole = false
            offset += 1
            guard offset < bytes.count, isDigit(bytes[offset]) else { throw failure("expected a digit after `.`") }
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            isWhole = false
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard offset < bytes.count, isDigit(bytes[offset]) else { throw failure("expected a digit in the exponent") }
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        if isWhole, let whole = Int(text) { return .integer(whole) }
        guard let real = Double(text) else { throw failure("`\(text)` is not a number") }
        return .number(real)
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    mutating func parseString() throws -> String {
        offset += 1
        let runStart = offset
        // Fast path: no escapes, so the bytes are the string.
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<offset])
                guard let text = String(validating: run, as: UTF8.self) else { throw failure("invalid UTF-8 in a string") }
                offset += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure("a control character must be escaped inside a string") }
            offset += 1
        }
        var scalars = Array(UnsafeBufferPointer(rebasing: bytes[runStart..<offset]))
        while offset < bytes.count {
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                guard let text = String(validating: scalars, as: UTF8.self) else { throw failure("invalid UTF-8 in a string") }
                return text
            case UInt8(ascii: "\\"):
                offset += 1
                guard offset < bytes.count else { break }
                let escape = bytes[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append(0x22)
                case UInt8(ascii: "\\"): scalars.append(0x5C)
                case UInt8(ascii: "/"): scalars.append(0x2F)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try parseUnicodeEscape()
                    scalars.append(contentsOf: String(Character(scalar)).utf8)
                default:
                    throw failure("unknown escape `\\\(Character(Unicode.Scalar(escape)))` in a string")
                }
            default:
                if byte < 0x20 { throw failure("a control character must be escaped inside a string") }
                scalars.append(byte)
                offset += 1
            }
        }
        throw failure("unterminated string")
    }

    /// Reads the `XXXX` of `\uXXXX` (and a following low surrogate); a lone surrogate becomes U+FFFD.
    mutating func parseUnicodeEscape() throws -> Unicode.Scalar {
        let high = try parseHex4()
        if (0xD800...0xDBFF).contains(high) {
            if offset + 6 <= bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") {
                let saved = offset
                offset += 2
                let low = try parseHex4()
                if (0xDC00...0xDFFF).contains(low) {
                    let combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    return Unicode.Scalar(combined) ?? "\u{FFFD}"
                }
                offset = saved
            }
            return "\u{FFFD}"
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    mutating func parseHex4() throws -> UInt32 {
        guard offset + 4 <= bytes.count else { throw failure("incomplete `\\u` escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw failure("`\\u` must be followed by four hex digits")
            }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }
}

import Foundation

// Shared by the core and end-to-end test targets.

public indirect enum OrderedJSON: CustomStringConvertible {
    case object([(key: String, value: OrderedJSON)])
    case array([OrderedJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    public subscript(key: String) -> OrderedJSON? {
        if case .object(let members) = self { return members.first { $0.key == key }?.value }
        return nil
    }

    public var keys: [String] {
        if case .object(let members) = self { return members.map(\.key) }
        return []
    }

    public var elements: [OrderedJSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The number exactly as written.
    public var numberText: String? {
        if case .number(let text) = self { return text }
        return nil
    }

    public var int: Int? { numberText.flatMap { Int($0) } }

    public var bool: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .object(let members): return "{" + members.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        case .array(let items): return "[" + items.map(\.description).joined(separator: ",") + "]"
        case .string(let text): return "\"\(text)\""
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        }
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    public static func parse(_ text: String) throws -> OrderedJSON {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        let value = try parser.value()
        parser.skipSpace()
        guard parser.index == parser.scalars.count else { throw ParseError(description: "trailing text at \(parser.index)") }
        return value
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0

        mutating func skipSpace() {
            while index < scalars.count, [" ", "\n", "\r", "\t"].contains(scalars[index]) { index += 1 }
        }

        mutating func expect(_ literal: String) throws {
            for scalar in literal.unicodeScalars {
                guard index < scalars.count, scalars[index] == scalar else {
                    throw ParseError(description: "expected `\(literal)` at \(index)")
                }
                index += 1
            }
        }

        mutating func value() throws -> OrderedJSON {
            skipSpace()
            guard index < scalars.count else { throw ParseError(description: "unexpected end") }
            switch scalars[index] {
            case "{":
                index += 1
                var members: [(key: String, value: OrderedJSON)] = []
                skipSpace()
                if scalars[index] == "}" { index += 1; return .object(members) }
                while true {
                    skipSpace()
                    let key = try string()
                    skipSpace()
                    try expect(":")
                    members.append((key, try value()))
                    skipSpace()
                    if scalars[index] == "," { index += 1; continue }
                    try expect("}")
                    return .object(members)
                }
            case "[":
                index += 1
                var items: [OrderedJSON] = []
                skipSpace()
                if scalars[index] == "]" { index += 1; return .array(items) }
                while true {
                    items.append(try value())
                    skipSpace()
                    if scalars[index] == "," { index += 1; continue }
                    try expect("]")
                    return .array(items)
                }
            case "\"": return .string(try string())
            case "t": try expect("true"); return .bool(true)
            case "f": try expect("false"); return .bool(false)
            case "n": try expect("null"); return .null
            default:
                let start = index
                while index < scalars.count, "+-0123456789.eE".unicodeScalars.contains(scalars[index]) { index += 1 }
                guard index > start else { throw ParseError(description: "unexpected `\(scalars[index])` at \(index)") }
                var text = String.UnicodeScalarView()
                text.append(contentsOf: scalars[start..<index])
                return .number(String(text))
            }
        }

        mutating func string() throws -> String {
            try expect("\"")
            var result = String.UnicodeScalarView()
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                if scalar == "\"" { return String(result) }
                guard scalar == "\\" else { result.append(scalar); continue }
                guard index < scalars.count else { break }
                let escape = scalars[index]
                index += 1
                switch escape {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "b": result.append("\u{8}")
                case "f": result.append("\u{C}")
                case "u":
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {
                        try expect("\\u")
                        let low = try hex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    result.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: result.append(escape)
                }
            }
            throw ParseError(description: "unterminated string")
        }

        mutating func hex4() throws -> UInt32 {
            guard index + 4 <= scalars.count else { throw ParseError(description: "short \\u escape") }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[index..<index + 4])
            index += 4
            guard let code = UInt32(String(text), radix: 16) else { throw ParseError(description: "bad \\u escape") }
            return code
        }
    }
}

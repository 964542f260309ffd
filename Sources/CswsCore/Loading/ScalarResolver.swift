import Foundation

/// Resolves plain (unquoted) scalars with YAML 1.2's core schema: `null`/`~`/empty, `true`/`false`,
/// integers (decimal, 0o octal, 0x hex), floats (including .inf and .nan). Everything else, dates
/// included, stays text: schemas decide what a field accepts.
enum ScalarResolver {
    static func resolve(_ text: String) -> DocumentNode.Value {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"):
            return text == "~" ? .null : .string(text)
        case UInt8(ascii: "n"), UInt8(ascii: "N"):
            return text == "null" || text == "Null" || text == "NULL" ? .null : .string(text)
        case UInt8(ascii: "t"), UInt8(ascii: "T"):
            return text == "true" || text == "True" || text == "TRUE" ? .bool(true) : .string(text)
        case UInt8(ascii: "f"), UInt8(ascii: "F"):
            return text == "false" || text == "False" || text == "FALSE" ? .bool(false) : .string(text)
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            return number(text) ?? .string(text)
        default:
            return .string(text)
        }
    }

    private static func number(_ text: String) -> DocumentNode.Value? {
        var utf8 = text
        return utf8.withUTF8 { number(text, $0) }
    }

    private static func number(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> DocumentNode.Value? {
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            if bytes[1] == UInt8(ascii: "o"), let value = Int(String(text.dropFirst(2)), radix: 8) {
                return .integer(value)
            }
            if bytes[1] == UInt8(ascii: "x"), let value = Int(String(text.dropFirst(2)), radix: 16) {
                return .integer(value)
            }
        }
        var index = 0
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") { index = 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            switch String(decoding: UnsafeBufferPointer(rebasing: bytes[index...]), as: UTF8.self) {
            case ".inf", ".Inf", ".INF": return .number(bytes[0] == UInt8(ascii: "-") ? -.infinity : .infinity)
            case ".nan", ".NaN", ".NAN": return index == 0 ? .number(.nan) : nil
            default: break
            }
        }
        // [0-9]+ | [0-9]* . [0-9]* with at least one digit, then an optional exponent.
        var digits = 0
        var sawDot = false
        var isInteger = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
            } else if byte == UInt8(ascii: "."), !sawDot {
                sawDot = true
                isInteger = false
            } else {
                break
            }
            index += 1
        }
        guard digits > 0 else { return nil }
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") else { return nil }
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                index += 1
            }
            let exponentStart = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
            guard index > exponentStart, index == bytes.count else { return nil }
        }
        if isInteger, let whole = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text) {
            return .integer(whole)
        }
        guard let real = Double(text) else { return nil }
        return .number(real)
    }
}

import Foundation

/// A compiled `pattern` / `patternProperties` regular expression with ECMA-262 meaning: an unanchored
/// search where `\d`, `\w` are ASCII-only and `$` matches only at the very end.
///
/// Common patterns run on `SimpleRegex`; the rest on NSRegularExpression (ICU), whose source is
/// rewritten where ICU's meaning differs from ECMA-262. Immutable after init, and
/// NSRegularExpression is documented as safe to use from several threads at once.
final class SchemaPattern: @unchecked Sendable {
    let source: String
    /// The fast matcher, when the pattern is within its subset.
    private let simple: SimpleRegex?
    private let regex: NSRegularExpression

    init(_ source: String) throws {
        self.source = source
        simple = SimpleRegex(source)
        regex = try NSRegularExpression(pattern: Self.icuSource(forECMAScript: source))
    }

    func matches(_ text: String) -> Bool {
        if let simple, let matched = simple.matches(text) { return matched }
        let range = NSRange(location: 0, length: text.utf16.count)
        return regex.firstMatch(in: text, options: [], range: range) != nil
    }

    /// Rewrites the ECMA-262 escapes whose ICU meaning differs.
    static func icuSource(forECMAScript source: String) -> String {
        var output = ""
        var insideClass = false
        // ECMA-262's empty classes, which ICU rejects: `[]` matches nothing, `[^]` anything.
        let source = source.replacingOccurrences(of: "[^]", with: "[\\s\\S]").replacingOccurrences(of: "[]", with: "(?!)")
        var iterator = source.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            switch scalar {
            case "\\":
                guard let escaped = iterator.next() else {
                    output.unicodeScalars.append(scalar)
                    break
                }
                switch escaped {
                case "d": output += insideClass ? "0-9" : "[0-9]"
                case "D": output += "[^0-9]"
                case "w": output += insideClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]"
                case "W": output += "[^a-zA-Z0-9_]"
                default:
                    output.unicodeScalars.append(scalar)
                    output.unicodeScalars.append(escaped)
                }
            case "[":
                // ICU reads `[` inside a class as a nested set; ECMA-262 as a literal bracket.
                output += insideClass ? "\\[" : "["
                insideClass = true
            case "]" where insideClass:
                insideClass = false
                output.unicodeScalars.append(scalar)
            case "$" where !insideClass:
                output += "\\z"
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}

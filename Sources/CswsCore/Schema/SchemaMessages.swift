import Foundation

/// Puts violations into words for the person editing the file: fields by their key, what was expected
/// in plain terms ("a whole number", "a date (YYYY-MM-DD)"), what was found, and a hint when there is
/// a likely fix. All English of the schema validator lives here.
enum SchemaMessages {
    static func violation(_ raw: RawViolation) -> SchemaViolation {
        let text = words(for: raw.kind, path: raw.path, subject: subject(raw.path))
        return SchemaViolation(rule: text.rule, message: text.message, hint: text.hint, path: raw.path, target: raw.target)
    }

    private struct Words {
        var rule: String
        var message: String
        var hint: String?
    }

    private static func words(for kind: RawViolation.Kind, path: [PathComponent], subject: String) -> Words {
        switch kind {
        case .unknownKey(let key, let allowed):
            let hint: String?
            if let nearest = SchemaSuggestions.nearest(to: key, among: allowed) {
                hint = "did you mean `\(nearest)`?"
            } else if !allowed.isEmpty {
                hint = "allowed keys: " + allowed.joined(separator: ", ")
            } else {
                hint = nil
            }
            return Words(rule: "unknown-key", message: "unknown key `\(key)` \(container(path.dropLast()))", hint: hint)

        case .forbiddenKey(let key):
            return Words(rule: "unknown-key", message: "key `\(key)` is not allowed \(container(path.dropLast()))",
                         hint: "remove it")

        case .missingKey(let key, let condition):
            var message = "missing required key `\(key)`"
            if !path.isEmpty { message += " " + container(path[...]) }
            if let condition { message += " (required when \(condition))" }
            return Words(rule: "missing-key", message: message)

        case .wrongType(let expected, let found):
            let admitsFoundType = expected.contains { form in
                guard case .literal(let value) = form else { return false }
                return sameKind(value.value, found.value)
            }
            var hint = wrongTypeHint(expected: expected, found: found)
            let literalStrings = expected.compactMap { form -> String? in
                if case .literal(let value) = form { return value.string }
                return nil
            }
            if let text = found.string, let nearest = SchemaSuggestions.nearest(to: text, among: literalStrings) {
                hint = "did you mean `\(nearest)`?"
            }
            return Words(rule: admitsFoundType ? "invalid-value" : "wrong-type",
                         message: "\(subject) must be \(describe(expected)); found \(describe(found: found))",
                         hint: hint)

        case .notAllowedValue(let allowed, let found):
            let message: String
            if allowed.count == 1 {
                message = "\(subject) must be \(literal(allowed[0])); found \(describe(found: found))"
            } else {
                message = "\(subject) must be one of \(allowed.map(plainLiteral).joined(separator: ", ")); found \(describe(found: found))"
            }
            var hint: String?
            if let text = found.string, let nearest = SchemaSuggestions.nearest(to: text, among: allowed.compactMap(\.string)) {
                hint = "did you mean `\(nearest)`?"
            }
            return Words(rule: "invalid-value", message: message, hint: hint)

        case .numberOutOfRange(let rules, let found):
            return Words(rule: "out-of-range", message: "\(subject) must be \(bounds(rules)); found \(describe(found: found))")

        case .notMultiple(let divisor, let found):
            let expectation = divisor == 1 ? "a whole number" : "a multiple of \(number(divisor))"
            return Words(rule: "out-of-range", message: "\(subject) must be \(expectation); found \(describe(found: found))")

        case .lengthOutOfRange(let minimum, let maximum, let length):
            if minimum == 1 && maximum == nil {
                return Words(rule: "out-of-range", message: "\(subject) must not be empty")
            }
            let range = countRange(minimum: minimum, maximum: maximum)
            return Words(rule: "out-of-range",
                         message: "\(subject) must be \(range) \(maximum == 1 && minimum == nil ? "character" : "characters") long; found \(count(length, "character"))")

        case .itemCountOutOfRange(let minimum, let maximum, let count):
            return Words(rule: "out-of-range",
                         message: "\(subject) must have \(countRange(minimum: minimum, maximum: maximum)) \(plural(minimum ?? maximum ?? 0, "item")); found \(count == 0 ? "none" : "\(count)")")

        case .keyCountOutOfRange(let minimum, let maximum, let count):
            return Words(rule: "out-of-range",
                         message: "\(subject) must have \(countRange(minimum: minimum, maximum: maximum)) \(plural(minimum ?? maximum ?? 0, "key")); found \(count == 0 ? "none" : "\(count)")")

        case .patternMismatch(let pattern, let help, let found):
            let expectation = help ?? "text matching the pattern `\(pattern)`"
            return Words(rule: "invalid-format", message: "\(subject) must be \(expectation); found \(describe(found: DocumentNode(.string(found))))")

        case .invalidDate(let found, let problem):
            let explanation = explain(problem)
            return Words(rule: "invalid-format",
                         message: "\(subject) must be a date (YYYY-MM-DD); found `\(shortened(found))`" + (explanation.reason.map { " (\($0))" } ?? ""),
                         hint: explanation.hint)

        case .invalidDateTime(let found, let problem):
            let explanation = explain(problem, found: found)
            return Words(rule: "invalid-format",
                         message: "\(subject) must be a timestamp with an offset, e.g. 2026-11-23T09:30:00+01:00; found `\(shortened(found))`"
                            + (explanation.reason.map { " (\($0))" } ?? ""),
                         hint: explanation.hint)

        case .invalidEmail(let found):
            return Words(rule: "invalid-format", message: "\(subject) must be an email address; found `\(shortened(found))`")

        case .duplicateItem(let firstIndex, let value):
            return Words(rule: "invalid-value", message: "\(subject) repeats item \(firstIndex + 1) (\(describe(found: value)))",
                         hint: "each item may appear only once; remove one of them")

        case .containsCount(let minimum, let maximum, let matches, let required?) where minimum == 1 && maximum == nil && matches == 0:
            return Words(rule: "invalid-value", message: "\(subject) must include \(literal(required))")

        case .containsCount(let minimum, let maximum, let matches, _):
            let range = countRange(minimum: minimum > 0 ? minimum : nil, maximum: maximum)
            return Words(rule: "invalid-value",
                         message: "\(subject) must include \(range) matching \(plural(minimum > 0 ? minimum : maximum ?? 0, "item")); found \(matches == 0 ? "none" : "\(matches)")")

        case .matchesExcluded(let found):
            return Words(rule: "invalid-value", message: "\(subject) has a value that is not allowed here: \(describe(found: found))")

        case .noAlternativeMatched(let reasons, let found):
            let expectations = reasons.compactMap(expectation)
            var alternatives: [String] = []
            for phrase in expectations where !alternatives.contains(phrase) { alternatives.append(phrase) }
            var hint: String?
            let allowedStrings = reasons.flatMap { reason -> [String] in
                if case .notAllowedValue(let allowed, _) = reason { return allowed.compactMap(\.string) }
                return []
            }
            if let text = found.string, let nearest = SchemaSuggestions.nearest(to: text, among: allowedStrings) {
                hint = "did you mean `\(nearest)`?"
            }
            return Words(rule: "invalid-value",
                         message: "\(subject) must be \(alternatives.joined(separator: ", or ")); found \(describe(found: found))",
                         hint: hint)

        case .matchesSeveral(let count):
            return Words(rule: "invalid-value",
                         message: "\(subject) fits \(count) of the allowed forms at once; it must fit exactly one")

        case .notAllowed:
            return Words(rule: "invalid-value", message: "\(subject) is not allowed here", hint: "remove it")

        case .invalidKeyName(let key, let reason):
            let keySubject = "key `\(key)` \(container(path.dropLast()))"
            guard let reason else {
                return Words(rule: "invalid-value", message: "\(keySubject) is not an allowed name")
            }
            // Worded as if the key were the value: "key `Big Deal` in `segments` must be a slug: …".
            return words(for: reason.kind, path: path, subject: keySubject)

        case .tooDeep(let cycle):
            if cycle {
                return Words(rule: "schema", message: "\(subject) could not be checked: the schema refers to itself without end")
            }
            return Words(rule: "schema", message: "\(subject) is nested too deeply to check", hint: "flatten the document")
        }
    }

    /// The "must be …" part of a violation about a value, for merging `anyOf` branches.
    private static func expectation(_ kind: RawViolation.Kind) -> String? {
        switch kind {
        case .wrongType(let expected, _):
            return describe(expected)
        case .notAllowedValue(let allowed, _):
            return allowed.count == 1 ? literal(allowed[0]) : "one of " + allowed.map(plainLiteral).joined(separator: ", ")
        case .numberOutOfRange(let rules, _):
            return bounds(rules)
        case .notMultiple(let divisor, _):
            return divisor == 1 ? "a whole number" : "a multiple of \(number(divisor))"
        case .lengthOutOfRange(let minimum, let maximum, _):
            return "\(countRange(minimum: minimum, maximum: maximum)) \(plural(maximum ?? minimum ?? 0, "character")) long"
        case .patternMismatch(let pattern, let help, _):
            return help ?? "text matching the pattern `\(pattern)`"
        case .invalidDate:
            return "a date (YYYY-MM-DD)"
        case .invalidDateTime:
            return "a timestamp with an offset, e.g. 2026-11-23T09:30:00+01:00"
        case .invalidEmail:
            return "an email address"
        default:
            return nil
        }
    }

    // MARK: naming places

    /// How a message names the value at `path`: its key (`` `seats` ``), or for a list item, its
    /// position in the list named by the nearest key.
    static func subject(_ path: [PathComponent]) -> String {
        guard let last = path.last else { return "the document" }
        switch last {
        case .key(let key):
            return "`\(key)`"
        case .index(let index):
            if path.count >= 2, case .key(let parent) = path[path.count - 2] { return "item \(index + 1) of `\(parent)`" }
            return "item \(index + 1)"
        }
    }

    /// Where a key lives, for "unknown key `x` in milestone 3": the mapping at `path`.
    static func container(_ path: ArraySlice<PathComponent>) -> String {
        guard let last = path.last else { return "at the top level" }
        switch last {
        case .key(let key):
            return "in `\(key)`"
        case .index(let index):
            let parentIndex = path.index(before: path.endIndex) - 1
            guard parentIndex >= path.startIndex, case .key(let parent) = path[parentIndex] else {
                return "in item \(index + 1)"
            }
            if let singular = singular(parent) { return "in \(singular) \(index + 1)" }
            return "in item \(index + 1) of `\(parent)`"
        }
    }

    /// `milestones` → `milestone`, `activities` → `activity`; nil when the key does not look plural.
    static func singular(_ key: String) -> String? {
        let words = key.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        if words.hasSuffix("ies") && words.count > 3 { return String(words.dropLast(3)) + "y" }
        if words.hasSuffix("s") && !words.hasSuffix("ss") && words.count > 1 { return String(words.dropLast()) }
        return nil
    }

    // MARK: naming values

    /// What was found, for "…; found X": scalars quoted, collections by kind.
    static func describe(found node: DocumentNode) -> String {
        switch node.value {
        case .null: return "no value"
        case .string(let text) where text.isEmpty: return "an empty string"
        case .sequence(let elements): return elements.isEmpty ? "an empty list" : "a list"
        case .mapping(let members): return members.isEmpty ? "an empty mapping" : "a mapping"
        default: return literal(node)
        }
    }

    /// A value in backticks, as written in a file.
    static func literal(_ node: DocumentNode) -> String {
        "`\(plainLiteral(node))`"
    }

    static func plainLiteral(_ node: DocumentNode) -> String {
        plainLiteral(node, depth: 0)
    }

    private static func plainLiteral(_ node: DocumentNode, depth: Int) -> String {
        if depth > 2, node.elements != nil || node.members != nil { return "…" }
        switch node.value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let whole): return String(whole)
        case .number(let real): return number(real)
        case .string(let text): return shortened(text)
        case .sequence(let elements):
            return "[" + elements.prefix(5).map { plainLiteral($0, depth: depth + 1) }.joined(separator: ", ")
                + (elements.count > 5 ? ", …]" : "]")
        case .mapping(let members):
            return "{" + members.prefix(5).map { "\($0.key): \(plainLiteral($0.value, depth: depth + 1))" }.joined(separator: ", ")
                + (members.count > 5 ? ", …}" : "}")
        }
    }

    /// A number as a person writes it: `0` not `0.0`, `.inf` for YAML's infinity.
    static func number(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value > 0 ? ".inf" : "-.inf" }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    /// First line, at most 60 characters, so a pasted paragraph does not flood the terminal.
    static func shortened(_ text: String) -> String {
        var line = text.prefix { $0 != "\n" && $0 != "\r" }
        var cut = line.count < text.count
        if line.count > 60 {
            line = line.prefix(60)
            cut = true
        }
        return cut ? line + "…" : String(line)
    }

    private static func sameKind(_ lhs: DocumentNode.Value, _ rhs: DocumentNode.Value) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null), (.bool, .bool), (.string, .string), (.sequence, .sequence), (.mapping, .mapping): return true
        case (.integer, .integer), (.integer, .number), (.number, .integer), (.number, .number): return true
        default: return false
        }
    }

    // MARK: expectations

    /// "a whole number", "a date (YYYY-MM-DD) or empty", "`unlimited` or a whole number".
    static func describe(_ forms: [ExpectedForm]) -> String {
        var phrases: [String] = []
        for form in forms {
            switch form {
            case .literal(let value):
                phrases.append(literal(value))
            case .type(let types, let format):
                phrases += typePhrases(types, format: format)
            }
        }
        var unique: [String] = []
        for phrase in phrases where !unique.contains(phrase) { unique.append(phrase) }
        return alternatives(unique)
    }

    private static func typePhrases(_ types: JSONTypeSet, format: SchemaFormat?) -> [String] {
        var phrases: [String] = []
        if types.contains(.string) {
            switch format {
            case .date: phrases.append("a date (YYYY-MM-DD)")
            case .dateTime: phrases.append("a timestamp with an offset, e.g. 2026-11-23T09:30:00+01:00")
            case .email: phrases.append("an email address")
            case nil: phrases.append("text")
            }
        }
        if types.contains(.number) {
            phrases.append("a number")
        } else if types.contains(.integer) {
            phrases.append("a whole number")
        }
        if types.contains(.boolean) { phrases.append("true or false") }
        if types.contains(.array) { phrases.append("a list") }
        if types.contains(.object) { phrases.append("a mapping") }
        if types.contains(.null) { phrases.append("empty") }
        return phrases
    }

    private static func alternatives(_ phrases: [String]) -> String {
        switch phrases.count {
        case 0: return "something else"
        case 1: return phrases[0]
        default: return phrases.dropLast().joined(separator: ", ") + " or " + phrases[phrases.count - 1]
        }
    }

    private static func wrongTypeHint(expected: [ExpectedForm], found: DocumentNode) -> String? {
        let types = expected.reduce(into: JSONTypeSet()) { result, form in
            if case .type(let types, _) = form { result.formUnion(types) }
        }
        if types.contains(.boolean) { return "write `true` or `false`" }
        if !types.isDisjoint(with: [.integer, .number]), let text = found.string,
           Double(text.trimmingCharacters(in: .whitespaces)) != nil {
            return "write the number without quotes"
        }
        if types.contains(.integer) && !types.contains(.number), let real = found.double, real.isFinite {
            return "use a whole number, e.g. `\(number(real.rounded(.down)))` or `\(number(real.rounded(.up)))`"
        }
        if types == .array { return "write one item per line, each starting with `- `" }
        if types == .object, found.elements == nil { return "write `key: value` lines, indented under the key" }
        return nil
    }

    private static func bounds(_ rules: NumberRules) -> String {
        var lower: (value: Double, inclusive: Bool)?
        if let minimum = rules.minimum { lower = (minimum, true) }
        if let exclusive = rules.exclusiveMinimum, lower == nil || exclusive >= lower!.value { lower = (exclusive, false) }
        var upper: (value: Double, inclusive: Bool)?
        if let maximum = rules.maximum { upper = (maximum, true) }
        if let exclusive = rules.exclusiveMaximum, upper == nil || exclusive <= upper!.value { upper = (exclusive, false) }
        switch (lower, upper) {
        case (let lower?, let upper?) where lower.inclusive && upper.inclusive:
            return "between \(number(lower.value)) and \(number(upper.value))"
        case (let lower?, let upper?):
            return "\(lowerPhrase(lower)) and \(upperPhrase(upper))"
        case (let lower?, nil):
            return lowerPhrase(lower)
        case (nil, let upper?):
            return upperPhrase(upper)
        case (nil, nil):
            return "in range"
        }
    }

    private static func lowerPhrase(_ bound: (value: Double, inclusive: Bool)) -> String {
        bound.inclusive ? "at least \(number(bound.value))" : "greater than \(number(bound.value))"
    }

    private static func upperPhrase(_ bound: (value: Double, inclusive: Bool)) -> String {
        bound.inclusive ? "at most \(number(bound.value))" : "less than \(number(bound.value))"
    }

    private static func countRange(minimum: Int?, maximum: Int?) -> String {
        switch (minimum, maximum) {
        case (let minimum?, let maximum?) where minimum == maximum: return "exactly \(minimum)"
        case (let minimum?, let maximum?): return "between \(minimum) and \(maximum)"
        case (let minimum?, nil): return "at least \(minimum)"
        case (nil, let maximum?): return "at most \(maximum)"
        case (nil, nil): return "any number of"
        }
    }

    private static func plural(_ count: Int, _ noun: String) -> String {
        count == 1 ? noun : noun + "s"
    }

    private static func count(_ count: Int, _ noun: String) -> String {
        "\(count) \(plural(count, noun))"
    }

    // MARK: dates

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    private static func explain(_ problem: DateProblem) -> (reason: String?, hint: String?) {
        switch problem {
        case .notADate:
            return (nil, "write the date as YYYY-MM-DD, e.g. 2026-11-23")
        case .unpadded(let suggestion):
            return ("month and day take two digits", suggestion.map { "write `\($0)`" })
        case .monthOutOfRange(let month):
            return ("there is no month \(month)", nil)
        case .dayOutOfRange(let year, let month, let day):
            let days = FormatCheckers.daysIn(month: month, year: year)
            if day == 0 { return ("days start at 01", nil) }
            let lastDay = String(format: "%04d-%02d-%02d", year, month, days)
            return ("\(monthNames[month - 1]) \(year) has \(days) days", "the last day of \(monthNames[month - 1]) \(year) is \(lastDay)")
        case .hasTime(let datePart):
            return ("a date holds only the day, without a time", "write `\(datePart)`")
        }
    }

    private static func explain(_ problem: DateTimeProblem, found: String) -> (reason: String?, hint: String?) {
        switch problem {
        case .notATimestamp:
            return (nil, "write the date, `T`, the time of day and the offset from UTC")
        case .invalidDate(let dateProblem):
            return (explain(dateProblem).reason, nil)
        case .dateOnly:
            return ("the time of day is missing", "e.g. `\(found)T09:00:00Z`")
        case .missingOffset:
            return ("the offset from UTC is missing", "add `Z` for UTC or the offset, e.g. `\(found)+01:00`")
        case .looselyWritten(let strict, let needsOffset):
            if needsOffset {
                return ("not in the form YYYY-MM-DDThh:mm:ss and the offset from UTC is missing",
                        "write e.g. `\(strict)+01:00`, or `\(strict)Z` for UTC")
            }
            return ("not in the form YYYY-MM-DDThh:mm:ss±hh:mm", "write `\(strict)`")
        case .invalidTime:
            return ("not a valid time of day", nil)
        case .invalidOffset:
            return ("not a valid offset", "write the offset as `+hh:mm` or `-hh:mm`, e.g. `+01:00`, or `Z` for UTC")
        }
    }
}

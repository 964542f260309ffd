/// A violation as the collector finds it, before `SchemaMessages` puts it into words. Kept structured
/// so `anyOf`/`oneOf` failures can be merged ("must be a date or empty") before any text exists.
struct RawViolation {
    enum Kind {
        /// A key that no `properties`/`patternProperties` entry allows (`additionalProperties: false`,
        /// `unevaluatedProperties: false`); `allowed` are the declared keys, for suggestions.
        case unknownKey(key: String, allowed: [String])
        /// A key whose own schema is `false`.
        case forbiddenKey(key: String)
        /// `condition` says when the key is required, for keys required by `if`/`then` or
        /// `dependentRequired` (e.g. "`status` is `done`").
        case missingKey(key: String, condition: String?)
        case wrongType(expected: [ExpectedForm], found: DocumentNode)
        case notAllowedValue(allowed: [DocumentNode], found: DocumentNode)
        case numberOutOfRange(NumberRules, found: DocumentNode)
        case notMultiple(of: Double, found: DocumentNode)
        case lengthOutOfRange(minimum: Int?, maximum: Int?, length: Int)
        case itemCountOutOfRange(minimum: Int?, maximum: Int?, count: Int)
        case keyCountOutOfRange(minimum: Int?, maximum: Int?, count: Int)
        case patternMismatch(pattern: String, help: String?, found: String)
        case invalidDate(found: String, problem: DateProblem)
        case invalidDateTime(found: String, problem: DateTimeProblem)
        case invalidEmail(found: String)
        /// The item at the path equals the earlier item `firstIndex`.
        case duplicateItem(firstIndex: Int, value: DocumentNode)
        /// `required` names the one value that must be present, when the `contains` schema is a `const`.
        case containsCount(minimum: Int, maximum: Int?, matches: Int, required: DocumentNode?)
        /// The value matches a `not` schema.
        case matchesExcluded(found: DocumentNode)
        /// No branch of an `anyOf`/`oneOf` accepted the value, and each rejected it for one reason of
        /// its own (one of the value kinds above): "must be X, or Y".
        indirect case noAlternativeMatched(reasons: [Kind], found: DocumentNode)
        /// The value fits `count` branches of a `oneOf`.
        case matchesSeveral(count: Int)
        /// The value sits where the schema is `false`.
        case notAllowed(found: DocumentNode)
        /// A key rejected by `propertyNames`; `reason` is why, as if the key were the value.
        indirect case invalidKeyName(key: String, reason: RawViolation?)
        /// Schema evaluation nested deeper than the evaluator allows: a reference cycle that never
        /// steps into the document (`cycle`), or a document nested deeper than the stack allows.
        case tooDeep(cycle: Bool)
    }

    var kind: Kind
    var path: [PathComponent]
    var target: SchemaViolation.Target = .value
}

/// One acceptable shape of a value, for "must be …" wording.
enum ExpectedForm: Sendable {
    case type(JSONTypeSet, format: SchemaFormat?)
    case literal(DocumentNode)
}

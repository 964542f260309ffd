/// One way a document breaks its schema, worded for the person who edits the file.
public struct SchemaViolation: Hashable, Sendable, CustomStringConvertible {
    /// Where a diagnostic for this violation should point.
    public enum Target: Hashable, Sendable {
        /// The node at `path`.
        case value
        /// The key of the member at `path` (whose last component is `.key(name)`).
        case key
        /// The first key of the mapping at `path`: the mapping lacks a required key, so there is no
        /// node of the missing key to point at.
        case firstKeyOfMapping
    }

    /// Stable rule id: `unknown-key`, `missing-key`, `wrong-type`, `invalid-value`, `out-of-range`,
    /// `invalid-format`, or `schema` (a document the validator could not check: a reference cycle in
    /// the schema, or nesting deeper than the thread's stack allows).
    public var rule: String
    public var message: String
    public var hint: String?
    /// Steps from the document root to the offending node (or to the mapping that lacks a key).
    public var path: [PathComponent]
    public var target: Target

    public init(rule: String, message: String, hint: String? = nil, path: [PathComponent], target: Target = .value) {
        self.rule = rule
        self.message = message
        self.hint = hint
        self.path = path
        self.target = target
    }

    public var description: String {
        let location = path.isEmpty ? "(root)" : path.map(\.description).joined(separator: ".")
        return "\(location): \(message) [\(rule)]" + (hint.map { " hint: \($0)" } ?? "")
    }
}

/// Why a schema document could not be compiled.
public enum JSONSchemaError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A `$ref` or `$dynamicRef` names a document or location that is not part of the schema.
    case unresolvableReference(String, at: String)
    /// A keyword's value has the wrong shape, e.g. `"minimum": "ten"`.
    case invalidKeyword(String, at: String, reason: String)
    /// A `pattern` or `patternProperties` key is not a regular expression.
    case invalidPattern(String, at: String)

    public var description: String {
        switch self {
        case .unresolvableReference(let reference, let pointer):
            return "schema reference `\(reference)` at `\(pointer)` points to no known schema"
        case .invalidKeyword(let keyword, let pointer, let reason):
            return "schema keyword `\(keyword)` at `\(pointer)` \(reason)"
        case .invalidPattern(let pattern, let pointer):
            return "schema pattern `\(pattern)` at `\(pointer)` is not a valid regular expression"
        }
    }
}

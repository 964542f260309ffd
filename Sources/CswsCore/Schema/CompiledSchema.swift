/// The compiled form of a schema: a flat table of nodes that refer to each other by index, so `$ref`
/// cycles need no reference cycles and the whole table is immutable and shareable across threads.

/// JSON's instance types as a bit set, for one-instruction `type` checks.
struct JSONTypeSet: OptionSet, Hashable, Sendable {
    let rawValue: UInt8

    static let null = JSONTypeSet(rawValue: 1 << 0)
    static let boolean = JSONTypeSet(rawValue: 1 << 1)
    static let object = JSONTypeSet(rawValue: 1 << 2)
    static let array = JSONTypeSet(rawValue: 1 << 3)
    static let number = JSONTypeSet(rawValue: 1 << 4)
    static let string = JSONTypeSet(rawValue: 1 << 5)
    static let integer = JSONTypeSet(rawValue: 1 << 6)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init?(name: String) {
        switch name {
        case "null": self = .null
        case "boolean": self = .boolean
        case "object": self = .object
        case "array": self = .array
        case "number": self = .number
        case "string": self = .string
        case "integer": self = .integer
        default: return nil
        }
    }

    /// Whether `value` is of one of these types. `1.0` is an integer; non-finite numbers (YAML's
    /// `.inf`, `.nan`) are no JSON number at all.
    func admits(_ value: DocumentNode.Value) -> Bool {
        switch value {
        case .null: return contains(.null)
        case .bool: return contains(.boolean)
        case .integer: return !isDisjoint(with: [.integer, .number])
        case .number(let real):
            guard real.isFinite else { return false }
            return contains(.number) || (contains(.integer) && real.rounded() == real)
        case .string: return contains(.string)
        case .sequence: return contains(.array)
        case .mapping: return contains(.object)
        }
    }
}

/// One compiled schema (a JSON object or a boolean schema).
final class SchemaNode: Sendable {
    /// Where the schema sits in its document, as a JSON pointer (for debugging and error text).
    let pointer: String
    /// `true`/`false` for boolean schemas; nil for object schemas.
    let constantResult: Bool?
    /// Keywords in evaluation order: cheap checks first, `unevaluated*` last.
    let keywords: [SchemaKeyword]
    /// The node has `unevaluatedProperties`/`unevaluatedItems`, so its other keywords must record
    /// which members and items they evaluated.
    let tracksEvaluation: Bool
    /// The schema resource (`$id` scope) the node belongs to, for `$dynamicRef`'s dynamic scope.
    let resource: Int
    /// What the node says about itself, for messages.
    let description: SchemaNodeDescription

    init(pointer: String, constantResult: Bool?, keywords: [SchemaKeyword], resource: Int,
         description: SchemaNodeDescription) {
        self.pointer = pointer
        self.constantResult = constantResult
        self.keywords = keywords
        self.resource = resource
        self.description = description
        self.tracksEvaluation = keywords.contains {
            switch $0 {
            case .unevaluatedProperties, .unevaluatedItems: return true
            default: return false
            }
        }
    }
}

/// The parts of a schema node that only messages need.
struct SchemaNodeDescription: Sendable {
    var types: JSONTypeSet?
    var format: SchemaFormat?
    /// Human wording for `pattern` from the `x-pattern-help` extension keyword.
    var patternHelp: String?
    /// Names from `properties`, for "did you mean" and "allowed keys".
    var propertyNames: [String] = []
}

enum SchemaKeyword: Sendable {
    case type(JSONTypeSet)
    case enumeration(EnumRule)
    case constant(DocumentNode)
    case object(ObjectRules)
    case array(ArrayRules)
    case number(NumberRules)
    case string(StringRules)
    case allOf([Int])
    case anyOf([Int])
    case oneOf([Int])
    case not(Int)
    case conditional(condition: Int, then: Int?, else: Int?)
    case reference(Int)
    case dynamicReference(DynamicReference)
    case unevaluatedProperties(Int)
    case unevaluatedItems(Int)
}

final class EnumRule: Sendable {
    let values: [DocumentNode]
    /// When every allowed value is a string: a table for constant-time lookup.
    private let strings: StringLookupTable?

    init(values: [DocumentNode]) {
        self.values = values
        let strings = values.compactMap(\.string)
        self.strings = strings.count == values.count
            ? StringLookupTable(strings.enumerated().map { (key: $0.element, value: $0.offset) }) : nil
    }

    func admits(_ value: DocumentNode.Value) -> Bool {
        if let strings {
            guard case .string(let text) = value else { return false }
            return strings.value(for: text) != nil
        }
        return values.contains { JSONValueEquality.equal($0.value, value) }
    }
}

/// What a `properties` entry or `required` says about one key.
struct MemberRule: Sendable {
    var schema: Int?
    var isRequired = false
}

struct PatternPropertyRule: Sendable {
    let pattern: SchemaPattern
    let schema: Int
}

/// Every object keyword of one schema node, applied in a single pass over the members.
final class ObjectRules: Sendable {
    /// Keys named by `properties` or `required`, as indices into `memberRules`.
    private let memberTable: StringLookupTable
    private let memberRules: [MemberRule]
    let requiredKeys: [String]
    let patternProperties: [PatternPropertyRule]
    let additionalProperties: Int?
    let propertyNames: Int?
    let minProperties: Int?
    let maxProperties: Int?
    let dependentRequired: [(trigger: String, keys: [String])]
    let dependentSchemas: [(trigger: String, schema: Int)]

    init(members: [String: MemberRule], requiredKeys: [String], patternProperties: [PatternPropertyRule],
         additionalProperties: Int?, propertyNames: Int?, minProperties: Int?, maxProperties: Int?,
         dependentRequired: [(trigger: String, keys: [String])], dependentSchemas: [(trigger: String, schema: Int)]) {
        memberTable = StringLookupTable(members.keys.sorted().enumerated().map { (key: $0.element, value: $0.offset) })
        memberRules = members.keys.sorted().map { members[$0]! }
        self.requiredKeys = requiredKeys
        self.patternProperties = patternProperties
        self.additionalProperties = additionalProperties
        self.propertyNames = propertyNames
        self.minProperties = minProperties
        self.maxProperties = maxProperties
        self.dependentRequired = dependentRequired
        self.dependentSchemas = dependentSchemas
    }

    /// What `properties`/`required` say about `key`.
    func member(_ key: String) -> MemberRule? {
        memberTable.value(for: key).map { memberRules[$0] }
    }

    /// Keys that have a `properties` or `required` entry.
    var declaredKeys: [String] { memberTable.keys }
}

final class ArrayRules: Sendable {
    let prefixItems: [Int]
    let items: Int?
    let contains: Int?
    let minContains: Int
    let maxContains: Int?
    let minItems: Int?
    let maxItems: Int?
    let uniqueItems: Bool

    init(prefixItems: [Int], items: Int?, contains: Int?, minContains: Int, maxContains: Int?,
         minItems: Int?, maxItems: Int?, uniqueItems: Bool) {
        self.prefixItems = prefixItems
        self.items = items
        self.contains = contains
        self.minContains = minContains
        self.maxContains = maxContains
        self.minItems = minItems
        self.maxItems = maxItems
        self.uniqueItems = uniqueItems
    }
}

final class NumberRules: Sendable {
    let minimum: Double?
    let exclusiveMinimum: Double?
    let maximum: Double?
    let exclusiveMaximum: Double?
    let multipleOf: MultipleOfRule?

    init(minimum: Double?, exclusiveMinimum: Double?, maximum: Double?, exclusiveMaximum: Double?,
         multipleOf: MultipleOfRule?) {
        self.minimum = minimum
        self.exclusiveMinimum = exclusiveMinimum
        self.maximum = maximum
        self.exclusiveMaximum = exclusiveMaximum
        self.multipleOf = multipleOf
    }
}

final class StringRules: Sendable {
    let minLength: Int?
    let maxLength: Int?
    let pattern: SchemaPattern?
    let format: SchemaFormat?

    init(minLength: Int?, maxLength: Int?, pattern: SchemaPattern?, format: SchemaFormat?) {
        self.minLength = minLength
        self.maxLength = maxLength
        self.pattern = pattern
        self.format = format
    }
}

/// `$dynamicRef`: the statically resolved target, and when that target carries the matching
/// `$dynamicAnchor`, the candidates by schema resource to look up in the dynamic scope.
final class DynamicReference: Sendable {
    let staticTarget: Int
    let candidatesByResource: [Int: Int]

    init(staticTarget: Int, candidatesByResource: [Int: Int]) {
        self.staticTarget = staticTarget
        self.candidatesByResource = candidatesByResource
    }
}

/// A `const` value, as an object so the fast path can refer to it without copying.
final class ConstantRule: Sendable {
    let value: DocumentNode

    init(_ value: DocumentNode) {
        self.value = value
    }
}

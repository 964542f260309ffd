import Foundation

/// The compiler's output: the node table, the entry node, and whether any `$dynamicRef` needs the
/// evaluator to keep a dynamic scope.
struct CompiledSchemaTable: Sendable {
    let nodes: [SchemaNode]
    let root: Int
    let usesDynamicScope: Bool
}

/// Turns a draft 2020-12 schema document into a `CompiledSchemaTable`. Two passes: the first finds
/// every schema resource (`$id`) and anchor so that references can point forward; the second compiles
/// nodes on demand starting from the root, memoised by JSON pointer so a `$ref` cycle becomes an index
/// cycle rather than endless recursion.
struct SchemaCompiler {
    /// The retrieval URI of a schema without `$id`; relative references resolve against it.
    static let defaultBaseURI = SchemaURI("https://csws.invalid/schema.json")

    private static let singleSchemaKeywords = [
        "additionalProperties", "propertyNames", "items", "contains", "not", "if", "then", "else",
        "unevaluatedItems", "unevaluatedProperties",
    ]
    private static let schemaMapKeywords = ["properties", "patternProperties", "$defs", "dependentSchemas"]
    private static let schemaArrayKeywords = ["allOf", "anyOf", "oneOf", "prefixItems"]

    private let document: DocumentNode
    private let assertFormats: Bool

    private var nodes: [SchemaNode?] = []
    private var indexByPointer: [String: Int] = [:]
    private var resourceRootPointers: [String: String] = [:]
    private var anchorPointers: [String: String] = [:]
    /// `$dynamicAnchor` name → resource URI → pointer.
    private var dynamicAnchorPointers: [String: [String: String]] = [:]
    private var baseByPointer: [String: SchemaURI] = [:]
    private var resourceIDs: [String: Int] = [:]
    private var usesDynamicScope = false

    static func compile(_ document: DocumentNode, assertFormats: Bool) throws -> CompiledSchemaTable {
        var compiler = SchemaCompiler(document: document, assertFormats: assertFormats)
        compiler.resourceRootPointers[defaultBaseURI.description] = ""
        compiler.scan(document, pointer: "", parentBase: defaultBaseURI)
        let root = try compiler.compile(pointer: "")
        let nodes = compiler.nodes.map { $0! }
        return CompiledSchemaTable(nodes: nodes, root: root, usesDynamicScope: compiler.usesDynamicScope)
    }

    private init(document: DocumentNode, assertFormats: Bool) {
        self.document = document
        self.assertFormats = assertFormats
    }

    // MARK: pass 1: resources and anchors

    private mutating func scan(_ node: DocumentNode, pointer: String, parentBase: SchemaURI) {
        guard let members = node.members else {
            baseByPointer[pointer] = parentBase
            return
        }
        let base = Self.ownBase(of: node, parentBase: parentBase)
        baseByPointer[pointer] = base
        if node["$id"]?.string != nil { resourceRootPointers[base.description] = pointer }
        if let anchor = node["$anchor"]?.string { anchorPointers[base.description + "#" + anchor] = pointer }
        if let anchor = node["$dynamicAnchor"]?.string {
            anchorPointers[base.description + "#" + anchor] = pointer
            dynamicAnchorPointers[anchor, default: [:]][base.description] = pointer
        }
        for member in members {
            let childPointer = pointer + "/" + Self.escape(member.key)
            if Self.singleSchemaKeywords.contains(member.key) {
                scan(member.value, pointer: childPointer, parentBase: base)
            } else if Self.schemaMapKeywords.contains(member.key), let entries = member.value.members {
                for entry in entries {
                    scan(entry.value, pointer: childPointer + "/" + Self.escape(entry.key), parentBase: base)
                }
            } else if Self.schemaArrayKeywords.contains(member.key), let elements = member.value.elements {
                for (index, element) in elements.enumerated() {
                    scan(element, pointer: childPointer + "/\(index)", parentBase: base)
                }
            }
        }
    }

    private static func ownBase(of node: DocumentNode, parentBase: SchemaURI) -> SchemaURI {
        guard let id = node["$id"]?.string else { return parentBase }
        return parentBase.resolving(id).withoutFragment
    }

    static func escape(_ key: String) -> String {
        guard key.contains("~") || key.contains("/") else { return key }
        return key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func unescape(_ token: Substring) -> String {
        guard token.contains("~") else { return String(token) }
        return token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }

    private func node(atPointer pointer: String) -> DocumentNode? {
        var current = document
        for token in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let key = Self.unescape(token)
            if let members = current.members {
                guard let member = members.first(where: { $0.key == key }) else { return nil }
                current = member.value
            } else if let elements = current.elements {
                guard let index = Int(key), elements.indices.contains(index) else { return nil }
                current = elements[index]
            } else {
                return nil
            }
        }
        return current
    }

    /// The base URI in effect at `pointer`: recorded by the scan, or (for a location the scan did not
    /// visit, reached by a JSON pointer) found by walking down from the root.
    private func base(atPointer pointer: String) -> SchemaURI {
        if let base = baseByPointer[pointer] { return base }
        var base = Self.defaultBaseURI
        var current = document
        base = Self.ownBase(of: current, parentBase: base)
        for token in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let key = Self.unescape(token)
            if let members = current.members, let member = members.first(where: { $0.key == key }) {
                current = member.value
            } else if let elements = current.elements, let index = Int(key), elements.indices.contains(index) {
                current = elements[index]
            } else {
                break
            }
            base = Self.ownBase(of: current, parentBase: base)
        }
        return base
    }

    private mutating func resourceID(for base: SchemaURI) -> Int {
        let key = base.description
        if let id = resourceIDs[key] { return id }
        let id = resourceIDs.count
        resourceIDs[key] = id
        return id
    }

    // MARK: pass 2: nodes

    private mutating func compile(pointer: String) throws -> Int {
        if let index = indexByPointer[pointer] { return index }
        guard let schema = node(atPointer: pointer) else {
            throw JSONSchemaError.unresolvableReference("#" + pointer, at: pointer)
        }
        let index = nodes.count
        nodes.append(nil)
        indexByPointer[pointer] = index
        let base = base(atPointer: pointer)
        let resource = resourceID(for: base)
        switch schema.value {
        case .bool(let constant):
            nodes[index] = SchemaNode(pointer: pointer, constantResult: constant, keywords: [], resource: resource,
                                      description: SchemaNodeDescription())
        case .mapping:
            var description = SchemaNodeDescription()
            let keywords = try compileKeywords(of: schema, pointer: pointer, base: base, description: &description)
            nodes[index] = SchemaNode(pointer: pointer, constantResult: nil, keywords: keywords, resource: resource,
                                      description: description)
        default:
            throw JSONSchemaError.invalidKeyword(pointer.split(separator: "/").last.map(String.init) ?? "(root)",
                                                 at: pointer, reason: "must be a schema (an object or a boolean)")
        }
        return index
    }

    private mutating func compileKeywords(of schema: DocumentNode, pointer: String, base: SchemaURI,
                                          description: inout SchemaNodeDescription) throws -> [SchemaKeyword] {
        let reader = KeywordReader(schema: schema, pointer: pointer)
        var keywords: [SchemaKeyword] = []

        if let typeNode = schema["type"] {
            let types = try reader.typeSet(typeNode)
            description.types = types
            keywords.append(.type(types))
        }
        if let constant = schema["const"] { keywords.append(.constant(constant)) }
        if let values = schema["enum"] {
            guard let elements = values.elements else { throw reader.invalid("enum", "must be a list") }
            keywords.append(.enumeration(EnumRule(values: elements)))
        }

        // Numbers
        let minimum = try reader.number("minimum"), maximum = try reader.number("maximum")
        let exclusiveMinimum = try reader.number("exclusiveMinimum"), exclusiveMaximum = try reader.number("exclusiveMaximum")
        var multipleOf: MultipleOfRule?
        if let divisor = try reader.number("multipleOf") {
            guard let rule = MultipleOfRule(divisor) else { throw reader.invalid("multipleOf", "must be greater than 0") }
            multipleOf = rule
        }
        if minimum != nil || maximum != nil || exclusiveMinimum != nil || exclusiveMaximum != nil || multipleOf != nil {
            keywords.append(.number(NumberRules(minimum: minimum, exclusiveMinimum: exclusiveMinimum, maximum: maximum,
                                                exclusiveMaximum: exclusiveMaximum, multipleOf: multipleOf)))
        }

        // Strings
        let minLength = try reader.count("minLength"), maxLength = try reader.count("maxLength")
        var pattern: SchemaPattern?
        if let source = schema["pattern"] {
            guard let text = source.string else { throw reader.invalid("pattern", "must be a string") }
            pattern = try Self.pattern(text, at: pointer + "/pattern")
        }
        var format: SchemaFormat?
        if let name = schema["format"]?.string {
            description.format = SchemaFormat(rawValue: name)
            if assertFormats { format = description.format }
        }
        description.patternHelp = schema["x-pattern-help"]?.string
        if minLength != nil || maxLength != nil || pattern != nil || format != nil {
            keywords.append(.string(StringRules(minLength: minLength, maxLength: maxLength, pattern: pattern, format: format)))
        }

        if let objectRules = try compileObjectRules(of: schema, pointer: pointer, base: base, reader: reader,
                                                    description: &description) {
            keywords.append(.object(objectRules))
        }
        if let arrayRules = try compileArrayRules(of: schema, pointer: pointer, reader: reader) {
            keywords.append(.array(arrayRules))
        }

        // In-place applicators
        if let target = schema["$ref"] {
            guard let reference = target.string else { throw reader.invalid("$ref", "must be a string") }
            keywords.append(.reference(try compile(pointer: resolve(reference, base: base, at: pointer))))
        }
        if let target = schema["$dynamicRef"] {
            guard let reference = target.string else { throw reader.invalid("$dynamicRef", "must be a string") }
            keywords.append(.dynamicReference(try compileDynamicReference(reference, base: base, at: pointer)))
        }
        for name in ["allOf", "anyOf", "oneOf"] {
            guard let list = schema[name] else { continue }
            guard let elements = list.elements, !elements.isEmpty else { throw reader.invalid(name, "must be a non-empty list") }
            var branches: [Int] = []
            for index in elements.indices { branches.append(try compile(pointer: pointer + "/\(name)/\(index)")) }
            switch name {
            case "allOf": keywords.append(.allOf(branches))
            case "anyOf": keywords.append(.anyOf(branches))
            default: keywords.append(.oneOf(branches))
            }
        }
        if schema["not"] != nil { keywords.append(.not(try compile(pointer: pointer + "/not"))) }
        if schema["if"] != nil {
            let condition = try compile(pointer: pointer + "/if")
            let then = schema["then"] != nil ? try compile(pointer: pointer + "/then") : nil
            let otherwise = schema["else"] != nil ? try compile(pointer: pointer + "/else") : nil
            // Kept even without `then`/`else`: a passing `if` still marks what it evaluated.
            keywords.append(.conditional(condition: condition, then: then, else: otherwise))
        }
        // Last: they depend on what the other keywords evaluated.
        if schema["unevaluatedProperties"] != nil {
            keywords.append(.unevaluatedProperties(try compile(pointer: pointer + "/unevaluatedProperties")))
        }
        if schema["unevaluatedItems"] != nil {
            keywords.append(.unevaluatedItems(try compile(pointer: pointer + "/unevaluatedItems")))
        }
        return keywords
    }

    private mutating func compileObjectRules(of schema: DocumentNode, pointer: String, base: SchemaURI,
                                             reader: KeywordReader,
                                             description: inout SchemaNodeDescription) throws -> ObjectRules? {
        var members: [String: MemberRule] = [:]
        var requiredKeys: [String] = []
        var patternProperties: [PatternPropertyRule] = []
        var hasRules = false

        if let properties = schema["properties"] {
            guard let entries = properties.members else { throw reader.invalid("properties", "must be a mapping") }
            hasRules = true
            for entry in entries {
                let index = try compile(pointer: pointer + "/properties/" + Self.escape(entry.key))
                members[entry.key, default: MemberRule()].schema = index
                description.propertyNames.append(entry.key)
            }
        }
        if let required = schema["required"] {
            guard let keys = required.elements?.compactMap(\.string), keys.count == required.elements?.count else {
                throw reader.invalid("required", "must be a list of strings")
            }
            hasRules = hasRules || !keys.isEmpty
            for key in keys where members[key]?.isRequired != true {
                members[key, default: MemberRule()].isRequired = true
                requiredKeys.append(key)
            }
        }
        if let patterns = schema["patternProperties"] {
            guard let entries = patterns.members else { throw reader.invalid("patternProperties", "must be a mapping") }
            hasRules = hasRules || !entries.isEmpty
            for entry in entries {
                let entryPointer = pointer + "/patternProperties/" + Self.escape(entry.key)
                patternProperties.append(PatternPropertyRule(pattern: try Self.pattern(entry.key, at: entryPointer),
                                                             schema: try compile(pointer: entryPointer)))
            }
        }
        let additionalProperties = schema["additionalProperties"] != nil
            ? try compile(pointer: pointer + "/additionalProperties") : nil
        let propertyNames = schema["propertyNames"] != nil ? try compile(pointer: pointer + "/propertyNames") : nil
        let minProperties = try reader.count("minProperties"), maxProperties = try reader.count("maxProperties")

        var dependentRequired: [(trigger: String, keys: [String])] = []
        if let dependencies = schema["dependentRequired"] {
            guard let entries = dependencies.members else { throw reader.invalid("dependentRequired", "must be a mapping") }
            for entry in entries {
                guard let keys = entry.value.elements?.compactMap(\.string), keys.count == entry.value.elements?.count else {
                    throw reader.invalid("dependentRequired", "must map keys to lists of strings")
                }
                if !keys.isEmpty { dependentRequired.append((entry.key, keys)) }
            }
        }
        var dependentSchemas: [(trigger: String, schema: Int)] = []
        if let dependencies = schema["dependentSchemas"] {
            guard let entries = dependencies.members else { throw reader.invalid("dependentSchemas", "must be a mapping") }
            for entry in entries {
                dependentSchemas.append((entry.key, try compile(pointer: pointer + "/dependentSchemas/" + Self.escape(entry.key))))
            }
        }
        let needed = hasRules || additionalProperties != nil || propertyNames != nil || minProperties != nil
            || maxProperties != nil || !dependentRequired.isEmpty || !dependentSchemas.isEmpty
        guard needed else { return nil }
        return ObjectRules(members: members, requiredKeys: requiredKeys, patternProperties: patternProperties,
                           additionalProperties: additionalProperties, propertyNames: propertyNames,
                           minProperties: minProperties, maxProperties: maxProperties,
                           dependentRequired: dependentRequired, dependentSchemas: dependentSchemas)
    }

    private mutating func compileArrayRules(of schema: DocumentNode, pointer: String,
                                            reader: KeywordReader) throws -> ArrayRules? {
        var prefixItems: [Int] = []
        if let prefix = schema["prefixItems"] {
            guard let elements = prefix.elements else { throw reader.invalid("prefixItems", "must be a list") }
            for index in elements.indices { prefixItems.append(try compile(pointer: pointer + "/prefixItems/\(index)")) }
        }
        let items = schema["items"] != nil ? try compile(pointer: pointer + "/items") : nil
        let contains = schema["contains"] != nil ? try compile(pointer: pointer + "/contains") : nil
        let minContains = try reader.count("minContains"), maxContains = try reader.count("maxContains")
        let minItems = try reader.count("minItems"), maxItems = try reader.count("maxItems")
        var uniqueItems = false
        if let unique = schema["uniqueItems"] {
            guard let flag = unique.bool else { throw reader.invalid("uniqueItems", "must be true or false") }
            uniqueItems = flag
        }
        guard !prefixItems.isEmpty || items != nil || contains != nil || minItems != nil || maxItems != nil || uniqueItems
        else { return nil }
        return ArrayRules(prefixItems: prefixItems, items: items, contains: contains,
                          // Without `contains`, minContains and maxContains mean nothing.
                          minContains: contains == nil ? 0 : (minContains ?? 1),
                          maxContains: contains == nil ? nil : maxContains,
                          minItems: minItems, maxItems: maxItems, uniqueItems: uniqueItems)
    }

    // MARK: references

    /// The JSON pointer of the schema that `reference`, read against `base`, names.
    private func resolve(_ reference: String, base: SchemaURI, at pointer: String) throws -> String {
        let target = base.resolving(reference)
        let resource = target.withoutFragment.description
        let rawFragment = target.fragment ?? ""
        let fragment = rawFragment.removingPercentEncoding ?? rawFragment
        if fragment.isEmpty || fragment.hasPrefix("/") {
            guard let rootPointer = resourceRootPointers[resource] else {
                throw JSONSchemaError.unresolvableReference(reference, at: pointer)
            }
            return rootPointer + fragment
        }
        guard let anchorPointer = anchorPointers[resource + "#" + fragment] else {
            throw JSONSchemaError.unresolvableReference(reference, at: pointer)
        }
        return anchorPointer
    }

    private mutating func compileDynamicReference(_ reference: String, base: SchemaURI,
                                                  at pointer: String) throws -> DynamicReference {
        let targetPointer = try resolve(reference, base: base, at: pointer)
        let staticTarget = try compile(pointer: targetPointer)
        let fragment = base.resolving(reference).fragment ?? ""
        // Only a target that itself declares the same `$dynamicAnchor` makes the reference dynamic.
        guard !fragment.isEmpty, !fragment.hasPrefix("/"),
              node(atPointer: targetPointer)?["$dynamicAnchor"]?.string == fragment,
              let candidates = dynamicAnchorPointers[fragment] else {
            return DynamicReference(staticTarget: staticTarget, candidatesByResource: [:])
        }
        usesDynamicScope = true
        var candidatesByResource: [Int: Int] = [:]
        for (resource, candidatePointer) in candidates {
            candidatesByResource[resourceID(for: SchemaURI(resource))] = try compile(pointer: candidatePointer)
        }
        return DynamicReference(staticTarget: staticTarget, candidatesByResource: candidatesByResource)
    }

    private static func pattern(_ source: String, at pointer: String) throws -> SchemaPattern {
        do {
            return try SchemaPattern(source)
        } catch {
            throw JSONSchemaError.invalidPattern(source, at: pointer)
        }
    }
}

/// Reads keyword values of one schema object, with errors that name the keyword and location.
private struct KeywordReader {
    let schema: DocumentNode
    let pointer: String

    func invalid(_ keyword: String, _ reason: String) -> JSONSchemaError {
        .invalidKeyword(keyword, at: pointer + "/" + keyword, reason: reason)
    }

    func number(_ keyword: String) throws -> Double? {
        guard let node = schema[keyword] else { return nil }
        guard let value = node.double, value.isFinite else { throw invalid(keyword, "must be a number") }
        return value
    }

    func count(_ keyword: String) throws -> Int? {
        guard let node = schema[keyword] else { return nil }
        guard let value = node.integer, value >= 0 else { throw invalid(keyword, "must be a whole number ≥ 0") }
        return value
    }

    func typeSet(_ node: DocumentNode) throws -> JSONTypeSet {
        if let name = node.string, let type = JSONTypeSet(name: name) { return type }
        if let names = node.elements {
            var types: JSONTypeSet = []
            for name in names {
                guard let text = name.string, let type = JSONTypeSet(name: text) else { throw invalid("type", "names an unknown type") }
                types.insert(type)
            }
            return types
        }
        throw invalid("type", "must be a type name or a list of them")
    }
}

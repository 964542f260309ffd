/// Which members and items of one instance the keywords of a schema (and its in-place subschemas)
/// evaluated successfully: what `unevaluatedProperties` and `unevaluatedItems` look at.
struct EvaluatedLocations {
    var allProperties = false
    var properties: Set<String> = []
    var allItems = false
    /// Items `0..<itemPrefix` were evaluated (by `prefixItems`).
    var itemPrefix = 0
    /// Items evaluated one by one (by `contains`).
    var items: Set<Int> = []

    mutating func merge(_ other: EvaluatedLocations) {
        allProperties = allProperties || other.allProperties
        if !other.properties.isEmpty { properties.formUnion(other.properties) }
        allItems = allItems || other.allItems
        itemPrefix = max(itemPrefix, other.itemPrefix)
        if !other.items.isEmpty { items.formUnion(other.items) }
    }

    func includes(property key: String) -> Bool { allProperties || properties.contains(key) }
    func includes(item index: Int) -> Bool { allItems || index < itemPrefix || items.contains(index) }
}

/// Per-call state of one validation: it lives on the caller's stack, so one compiled schema serves
/// many threads at once.
struct EvaluationState {
    /// Nested schema evaluations in all.
    var depth = 0
    /// Nested schema evaluations since the last step into the instance: only a reference cycle that
    /// never consumes the instance (`{"$ref": "#"}`) makes this grow without bound.
    var inPlaceDepth = 0
    /// Nested evaluation stops (fails as too deep) below this stack address; see `StackLimit`.
    var stackLimit: UInt = StackLimit.forCurrentThread()
    /// Schema resources entered, outermost first (kept only when the schema uses `$dynamicRef`).
    var dynamicScope: [Int] = []
}

/// The fast path: answers "valid or not" with early exit, running the `ValidationProgram` so that no
/// reference counting or allocation happens for ordinary schemas. Builds no messages;
/// `SchemaViolationCollector` does that, only for documents that fail.
struct SchemaEvaluator: @unchecked Sendable {
    /// More schema evaluations nested on one instance node than this is a reference cycle, and fails.
    static let maximumInPlaceDepth = 200
    /// A bound on all nesting, above what documents of the loader's maximum depth (1000) need with
    /// the usual two or three evaluations per level; the stack limit usually comes first.
    static let maximumDepth = 4_000

    @inline(__always)
    static func canEnter(_ state: EvaluationState) -> Bool {
        state.inPlaceDepth < maximumInPlaceDepth && state.depth < maximumDepth
            && StackLimit.currentAddress() > state.stackLimit
    }

    /// The compiled nodes, for the slow path.
    let nodes: [SchemaNode]
    let usesDynamicScope: Bool
    private let program: ValidationProgram
    // Copies of the program's buffers, so the hot path never touches an object.
    private let programNodes: UnsafeMutableBufferPointer<ValidationProgram.Node>
    private let instructions: UnsafeMutableBufferPointer<ValidationProgram.Instruction>
    private let branches: UnsafeMutableBufferPointer<Int32>

    init(nodes: [SchemaNode], usesDynamicScope: Bool) {
        self.nodes = nodes
        self.usesDynamicScope = usesDynamicScope
        program = ValidationProgram(nodes)
        programNodes = program.nodes
        instructions = program.instructions
        branches = program.branches
    }

    func isValid(_ index: Int, _ instance: DocumentNode, _ state: inout EvaluationState) -> Bool {
        evaluate(Int32(index), instance, &state, nil)
    }

    /// Evaluates node `index` against `instance`. With `evaluated`, records what the node evaluated
    /// (the caller discards it when the result is false).
    func evaluate(_ index: Int32, _ instance: DocumentNode, _ state: inout EvaluationState,
                  _ evaluated: UnsafeMutablePointer<EvaluatedLocations>?) -> Bool {
        let node = programNodes[Int(index)]
        if node.constantResult >= 0 { return node.constantResult == 1 }
        guard Self.canEnter(state) else { return false }
        state.depth += 1
        state.inPlaceDepth += 1
        defer {
            state.depth -= 1
            state.inPlaceDepth -= 1
        }
        if usesDynamicScope {
            return evaluateInScope(node, instance, &state, evaluated)
        }
        if node.tracksEvaluation {
            return evaluateTracking(node, instance, &state, evaluated)
        }
        return run(node, instance, &state, evaluated)
    }

    private func evaluateInScope(_ node: ValidationProgram.Node, _ instance: DocumentNode, _ state: inout EvaluationState,
                                 _ evaluated: UnsafeMutablePointer<EvaluatedLocations>?) -> Bool {
        let resource = Int(node.resource)
        let entered = state.dynamicScope.last != resource
        if entered { state.dynamicScope.append(resource) }
        defer { if entered { state.dynamicScope.removeLast() } }
        if node.tracksEvaluation {
            return evaluateTracking(node, instance, &state, evaluated)
        }
        return run(node, instance, &state, evaluated)
    }

    /// A node with `unevaluated*` keeps its own record of what its keywords evaluated.
    private func evaluateTracking(_ node: ValidationProgram.Node, _ instance: DocumentNode, _ state: inout EvaluationState,
                                  _ evaluated: UnsafeMutablePointer<EvaluatedLocations>?) -> Bool {
        var local = EvaluatedLocations()
        let passed = withUnsafeMutablePointer(to: &local) { run(node, instance, &state, $0) }
        if passed, let evaluated { evaluated.pointee.merge(local) }
        return passed
    }

    private func run(_ node: ValidationProgram.Node, _ instance: DocumentNode, _ state: inout EvaluationState,
                     _ evaluated: UnsafeMutablePointer<EvaluatedLocations>?) -> Bool {
        var position = Int(node.firstInstruction)
        let end = Int(node.endInstruction)
        while position < end {
            if !execute(instructions[position], instance, &state, evaluated) { return false }
            position += 1
        }
        return true
    }

    private func execute(_ instruction: ValidationProgram.Instruction, _ instance: DocumentNode,
                         _ state: inout EvaluationState, _ evaluated: UnsafeMutablePointer<EvaluatedLocations>?) -> Bool {
        switch instruction {
        case .type(let types):
            return types.admits(instance.value)
        case .enumeration(let rule):
            return rule._withUnsafeGuaranteedRef { $0.admits(instance.value) }
        case .constant(let rule):
            return rule._withUnsafeGuaranteedRef { JSONValueEquality.equal($0.value.value, instance.value) }
        case .number(let rules):
            return rules._withUnsafeGuaranteedRef { $0.admits(instance.value) }
        case .string(let rules):
            guard case .string(let text) = instance.value else { return true }
            return rules._withUnsafeGuaranteedRef { $0.admits(text) }
        case .object(let rules):
            return rules._withUnsafeGuaranteedRef { checkObject($0, instance, &state, evaluated) }
        case .array(let rules):
            return rules._withUnsafeGuaranteedRef { checkArray($0, instance, &state, evaluated) }
        case .allOf(let start, let end):
            for position in Int(start)..<Int(end) where !evaluate(branches[position], instance, &state, evaluated) {
                return false
            }
            return true
        case .anyOf(let start, let end):
            guard let evaluated else {
                for position in Int(start)..<Int(end) where evaluate(branches[position], instance, &state, nil) { return true }
                return false
            }
            return anyOfTracking(start, end, instance, &state, evaluated)
        case .oneOf(let start, let end):
            return oneOf(start, end, instance, &state, evaluated)
        case .not(let negated):
            return !evaluate(negated, instance, &state, nil)
        case .conditional(let condition, let then, let otherwise):
            return conditional(condition, then, otherwise, instance, &state, evaluated)
        case .reference(let target):
            return evaluate(target, instance, &state, evaluated)
        case .dynamicReference(let reference):
            let target = reference._withUnsafeGuaranteedRef { resolve($0, state) }
            return evaluate(Int32(target), instance, &state, evaluated)
        case .unevaluatedProperties(let schema):
            return unevaluatedProperties(schema, instance, &state, evaluated)
        case .unevaluatedItems(let schema):
            return unevaluatedItems(schema, instance, &state, evaluated)
        }
    }

    // Rarer keywords live in functions of their own, so their locals do not widen the stack frame
    // of `execute`, which recurses once per nesting level.

    @inline(never)
    private func anyOfTracking(_ start: Int32, _ end: Int32, _ instance: DocumentNode, _ state: inout EvaluationState,
                               _ evaluated: UnsafeMutablePointer<EvaluatedLocations>) -> Bool {
        // Every passing branch contributes annotations, so none may be skipped.
        var anyPassed = false
        for position in Int(start)..<Int(end) {
            var local = EvaluatedLocations()
            if withUnsafeMutablePointer(to: &local, { evaluate(branches[position], instance, &state, $0) }) {
                anyPassed = true
                evaluated.pointee.merge(local)
            }
        }
        return anyPassed
    }

    @inline(never)
    private func oneOf(_ start: Int32, _ end: Int32, _ instance: DocumentNode, _ state: inout EvaluationState,
                       _ evaluated: UnsafeMutablePointer<EvaluatedLocations>?) -> Bool {
        var passed = 0
        var passing = EvaluatedLocations()
        for position in Int(start)..<Int(end) {
            var local = EvaluatedLocations()
            let branchPassed = evaluated == nil
                ? evaluate(branches[position], instance, &state, nil)
                : withUnsafeMutablePointer(to: &local) { evaluate(branches[position], instance, &state, $0) }
            if branchPassed {
                passed += 1
                if passed > 1 { return false }
                passing = local
            }
        }
        if passed == 1, let evaluated { evaluated.pointee.merge(passing) }
        return passed == 1
    }

    @inline(never)
    private func conditional(_ condition: Int32, _ then: Int32, _ otherwise: Int32, _ instance: DocumentNode,
                             _ state: inout EvaluationState, _ evaluated: UnsafeMutablePointer<EvaluatedLocations>?) -> Bool {
        let conditionHolds: Bool
        if let evaluated {
            var local = EvaluatedLocations()
            conditionHolds = withUnsafeMutablePointer(to: &local) { evaluate(condition, instance, &state, $0) }
            if conditionHolds { evaluated.pointee.merge(local) }
        } else {
            conditionHolds = evaluate(condition, instance, &state, nil)
        }
        let branch = conditionHolds ? then : otherwise
        return branch < 0 || evaluate(branch, instance, &state, evaluated)
    }

    @inline(never)
    private func unevaluatedProperties(_ schema: Int32, _ instance: DocumentNode, _ state: inout EvaluationState,
                                       _ evaluated: UnsafeMutablePointer<EvaluatedLocations>?) -> Bool {
        guard case .mapping(let members) = instance.value, let evaluated, !evaluated.pointee.allProperties else {
            return true
        }
        for member in members where !evaluated.pointee.properties.contains(member.key) {
            if !evaluateChild(schema, member.value, &state) { return false }
        }
        evaluated.pointee.allProperties = true
        return true
    }

    @inline(never)
    private func unevaluatedItems(_ schema: Int32, _ instance: DocumentNode, _ state: inout EvaluationState,
                                  _ evaluated: UnsafeMutablePointer<EvaluatedLocations>?) -> Bool {
        guard case .sequence(let elements) = instance.value, let evaluated, !evaluated.pointee.allItems else {
            return true
        }
        for (index, element) in elements.enumerated() where !evaluated.pointee.includes(item: index) {
            if !evaluateChild(schema, element, &state) { return false }
        }
        evaluated.pointee.allItems = true
        return true
    }

    /// Evaluates a member or item of `instance`: a step into the instance, so reference-cycle
    /// counting starts afresh.
    @inline(__always)
    private func evaluateChild(_ index: Int32, _ child: DocumentNode, _ state: inout EvaluationState) -> Bool {
        let saved = state.inPlaceDepth
        state.inPlaceDepth = 0
        defer { state.inPlaceDepth = saved }
        return evaluate(index, child, &state, nil)
    }

    /// The target of a `$dynamicRef`: the outermost resource in the dynamic scope that declares the
    /// anchor wins; without one, the static target.
    func resolve(_ reference: DynamicReference, _ state: EvaluationState) -> Int {
        if !reference.candidatesByResource.isEmpty {
            for resource in state.dynamicScope {
                if let target = reference.candidatesByResource[resource] { return target }
            }
        }
        return reference.staticTarget
    }

    private func checkObject(_ rules: ObjectRules, _ instance: DocumentNode, _ state: inout EvaluationState,
                             _ evaluated: UnsafeMutablePointer<EvaluatedLocations>?) -> Bool {
        guard case .mapping(let members) = instance.value else { return true }
        if let minimum = rules.minProperties, members.count < minimum { return false }
        if let maximum = rules.maxProperties, members.count > maximum { return false }
        let passed = members.withUnsafeBufferPointer { members -> Bool in
            var requiredFound = 0
            for position in members.indices {
                var covered = false
                if let rule = rules.member(members[position].key) {
                    if rule.isRequired { requiredFound += 1 }
                    if let schema = rule.schema {
                        covered = true
                        if !evaluateChild(Int32(schema), members[position].value, &state) { return false }
                    }
                }
                if !rules.patternProperties.isEmpty {
                    guard let matched = checkPatternProperties(rules, members[position], &state) else { return false }
                    covered = covered || matched
                }
                if !covered, let additional = rules.additionalProperties {
                    covered = true
                    if !evaluateChild(Int32(additional), members[position].value, &state) { return false }
                }
                if let names = rules.propertyNames, !checkPropertyName(names, members[position].key, &state) {
                    return false
                }
                if covered, let evaluated { evaluated.pointee.properties.insert(members[position].key) }
            }
            // Keys are unique, so counting the required ones seen proves they are all there.
            return requiredFound == rules.requiredKeys.count
        }
        guard passed else { return false }
        for dependency in rules.dependentRequired where members.contains(where: { $0.key == dependency.trigger }) {
            for key in dependency.keys where !members.contains(where: { $0.key == key }) { return false }
        }
        for dependency in rules.dependentSchemas where members.contains(where: { $0.key == dependency.trigger }) {
            if !evaluate(Int32(dependency.schema), instance, &state, evaluated) { return false }
        }
        return true
    }

    /// Applies the matching `patternProperties`: nil when one fails, else whether any matched.
    @inline(never)
    private func checkPatternProperties(_ rules: ObjectRules, _ member: DocumentMember, _ state: inout EvaluationState) -> Bool? {
        var matched = false
        for patternRule in rules.patternProperties where patternRule.pattern.matches(member.key) {
            matched = true
            if !evaluateChild(Int32(patternRule.schema), member.value, &state) { return nil }
        }
        return matched
    }

    @inline(never)
    private func checkPropertyName(_ schema: Int, _ key: String, _ state: inout EvaluationState) -> Bool {
        evaluateChild(Int32(schema), DocumentNode(.string(key)), &state)
    }

    private func checkArray(_ rules: ArrayRules, _ instance: DocumentNode, _ state: inout EvaluationState,
                            _ evaluated: UnsafeMutablePointer<EvaluatedLocations>?) -> Bool {
        guard case .sequence(let elements) = instance.value else { return true }
        if let minimum = rules.minItems, elements.count < minimum { return false }
        if let maximum = rules.maxItems, elements.count > maximum { return false }
        let passed = elements.withUnsafeBufferPointer { elements -> Bool in
            let prefixCount = min(rules.prefixItems.count, elements.count)
            for index in 0..<prefixCount where !evaluateChild(Int32(rules.prefixItems[index]), elements[index], &state) {
                return false
            }
            if let evaluated { evaluated.pointee.itemPrefix = max(evaluated.pointee.itemPrefix, prefixCount) }
            if let items = rules.items {
                for index in prefixCount..<elements.count where !evaluateChild(Int32(items), elements[index], &state) {
                    return false
                }
                if let evaluated { evaluated.pointee.allItems = true }
            }
            if let contains = rules.contains {
                var matches = 0
                for index in elements.indices where evaluateChild(Int32(contains), elements[index], &state) {
                    matches += 1
                    if let evaluated {
                        evaluated.pointee.items.insert(index)
                    } else if rules.maxContains == nil && matches >= rules.minContains {
                        break
                    }
                }
                if matches < rules.minContains { return false }
                if let maximum = rules.maxContains, matches > maximum { return false }
            }
            return true
        }
        guard passed else { return false }
        if rules.uniqueItems, JSONValueEquality.firstDuplicate(in: elements) != nil { return false }
        return true
    }
}

extension NumberRules {
    func admits(_ value: DocumentNode.Value) -> Bool {
        let number: Double
        switch value {
        case .integer(let whole): number = Double(whole)
        case .number(let real): number = real
        default: return true
        }
        if let minimum, number < minimum { return false }
        if let exclusiveMinimum, number <= exclusiveMinimum { return false }
        if let maximum, number > maximum { return false }
        if let exclusiveMaximum, number >= exclusiveMaximum { return false }
        if let multipleOf, !multipleOf.admits(value) { return false }
        return true
    }
}

extension StringRules {
    func admits(_ text: String) -> Bool {
        if minLength != nil || maxLength != nil {
            if !lengthAdmits(text) { return false }
        }
        if let pattern, !pattern.matches(text) { return false }
        if let format, !FormatCheckers.isValid(text, as: format) { return false }
        return true
    }

    /// Lengths count Unicode code points; the UTF-8 size bounds that count (1–4 bytes each), which
    /// settles most strings without counting.
    func lengthAdmits(_ text: String) -> Bool {
        let bytes = text.utf8.count
        if let maxLength, bytes > maxLength, text.unicodeScalars.count > maxLength { return false }
        if let minLength, bytes < minLength * 4 {
            if bytes < minLength || text.unicodeScalars.count < minLength { return false }
        }
        return true
    }
}

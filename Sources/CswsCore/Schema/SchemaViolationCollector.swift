/// The slow path, run only for documents that failed: walks the schema again, descends only into
/// subtrees that fail (asking the fast evaluator first), and records every violation it finds.
struct SchemaViolationCollector {
    private let evaluator: SchemaEvaluator
    private var state = EvaluationState()
    private var path: [PathComponent] = []
    private(set) var found: [RawViolation] = []
    /// While collecting a `then` branch: the path it applies to and what its condition says, so a
    /// missing key can say why it is required.
    private var activeCondition: (depth: Int, text: String)?

    init(evaluator: SchemaEvaluator) {
        self.evaluator = evaluator
    }

    private var nodes: [SchemaNode] { evaluator.nodes }

    mutating func violations(of root: Int, in instance: DocumentNode) -> [SchemaViolation] {
        collect(root, instance)
        return found.map(SchemaMessages.violation)
    }

    private mutating func emit(_ kind: RawViolation.Kind, at extraStep: PathComponent? = nil,
                               target: SchemaViolation.Target = .value) {
        var location = path
        if let extraStep { location.append(extraStep) }
        found.append(RawViolation(kind: kind, path: location, target: target))
    }

    private mutating func isValid(_ index: Int, _ instance: DocumentNode) -> Bool {
        evaluator.isValid(index, instance, &state)
    }

    /// Validity of a member or item: a step into the instance.
    private mutating func isValidChild(_ index: Int, _ child: DocumentNode) -> Bool {
        let saved = state.inPlaceDepth
        state.inPlaceDepth = 0
        defer { state.inPlaceDepth = saved }
        return evaluator.isValid(index, child, &state)
    }

    /// Collects for a member or item: a step into the instance.
    private mutating func collect(_ index: Int, _ child: DocumentNode, at step: PathComponent) {
        let saved = state.inPlaceDepth
        state.inPlaceDepth = 0
        path.append(step)
        collect(index, child)
        path.removeLast()
        state.inPlaceDepth = saved
    }

    // MARK: nodes

    /// Records why `instance` fails node `index` (nothing when it does not fail).
    mutating func collect(_ index: Int, _ instance: DocumentNode) {
        let node = nodes[index]
        if let constant = node.constantResult {
            if !constant { emit(.notAllowed(found: instance)) }
            return
        }
        guard SchemaEvaluator.canEnter(state) else {
            emit(.tooDeep(cycle: state.inPlaceDepth >= SchemaEvaluator.maximumInPlaceDepth))
            return
        }
        state.depth += 1
        state.inPlaceDepth += 1
        defer {
            state.depth -= 1
            state.inPlaceDepth -= 1
        }
        var enteredResource = false
        if evaluator.usesDynamicScope, state.dynamicScope.last != node.resource {
            state.dynamicScope.append(node.resource)
            enteredResource = true
        }
        defer { if enteredResource { state.dynamicScope.removeLast() } }

        // A value of the wrong type fails most other keywords too; saying so once is enough.
        for case .type(let types) in node.keywords where !types.admits(instance.value) {
            emit(.wrongType(expected: [.type(types, format: node.description.format)], found: instance))
            return
        }
        for keyword in node.keywords {
            collect(keyword, of: index, instance)
        }
    }

    private mutating func collect(_ keyword: SchemaKeyword, of nodeIndex: Int, _ instance: DocumentNode) {
        let node = nodes[nodeIndex]
        switch keyword {
        case .type:
            break
        case .enumeration(let rule):
            if !rule.admits(instance.value) { emit(.notAllowedValue(allowed: rule.values, found: instance)) }
        case .constant(let expected):
            if !JSONValueEquality.equal(expected.value, instance.value) {
                emit(.notAllowedValue(allowed: [expected], found: instance))
            }
        case .number(let rules):
            collectNumber(rules, instance)
        case .string(let rules):
            guard case .string(let text) = instance.value else { return }
            collectString(rules, text, help: node.description.patternHelp)
        case .object(let rules):
            collectObject(rules, of: node, instance)
        case .array(let rules):
            collectArray(rules, instance)
        case .allOf(let branches):
            for branch in branches where !isValid(branch, instance) { collect(branch, instance) }
        case .anyOf(let branches):
            if branches.contains(where: { isValid($0, instance) }) { return }
            collectClosestBranch(branches, instance)
        case .oneOf(let branches):
            let passing = branches.filter { isValid($0, instance) }.count
            if passing == 0 {
                collectClosestBranch(branches, instance)
            } else if passing > 1 {
                emit(.matchesSeveral(count: passing))
            }
        case .not(let negated):
            if isValid(negated, instance) { emit(.matchesExcluded(found: instance)) }
        case .conditional(let condition, let then, let otherwise):
            if isValid(condition, instance) {
                guard let then, !isValid(then, instance) else { return }
                let saved = activeCondition
                if let text = conditionText(condition) { activeCondition = (path.count, text) }
                collect(then, instance)
                activeCondition = saved
            } else if let otherwise, !isValid(otherwise, instance) {
                collect(otherwise, instance)
            }
        case .reference(let target):
            if !isValid(target, instance) { collect(target, instance) }
        case .dynamicReference(let reference):
            let target = evaluator.resolve(reference, state)
            if !isValid(target, instance) { collect(target, instance) }
        case .unevaluatedProperties(let schema):
            guard case .mapping(let members) = instance.value else { return }
            let covered = coverage(of: nodeIndex, instance, includingOwnUnevaluated: false)
            if covered.allProperties { return }
            for member in members where !covered.includes(property: member.key) && !isValidChild(schema, member.value) {
                if nodes[schema].constantResult == false {
                    emit(.unknownKey(key: member.key, allowed: declaredPropertyNames(from: nodeIndex)),
                         at: .key(member.key), target: .key)
                } else {
                    collect(schema, member.value, at: .key(member.key))
                }
            }
        case .unevaluatedItems(let schema):
            guard case .sequence(let elements) = instance.value else { return }
            let covered = coverage(of: nodeIndex, instance, includingOwnUnevaluated: false)
            for (index, element) in elements.enumerated() where !covered.includes(item: index) && !isValidChild(schema, element) {
                collect(schema, element, at: .index(index))
            }
        }
    }

    // MARK: scalars

    private mutating func collectNumber(_ rules: NumberRules, _ instance: DocumentNode) {
        guard let number = instance.double else { return }
        let belowMinimum = rules.minimum.map { number < $0 } ?? false
        let belowExclusive = rules.exclusiveMinimum.map { number <= $0 } ?? false
        let aboveMaximum = rules.maximum.map { number > $0 } ?? false
        let aboveExclusive = rules.exclusiveMaximum.map { number >= $0 } ?? false
        if belowMinimum || belowExclusive || aboveMaximum || aboveExclusive {
            emit(.numberOutOfRange(rules, found: instance))
        }
        if let multipleOf = rules.multipleOf, !multipleOf.admits(instance.value) {
            emit(.notMultiple(of: multipleOf.divisor, found: instance))
        }
    }

    private mutating func collectString(_ rules: StringRules, _ text: String, help: String?) {
        if (rules.minLength != nil || rules.maxLength != nil) && !rules.lengthAdmits(text) {
            emit(.lengthOutOfRange(minimum: rules.minLength, maximum: rules.maxLength, length: text.unicodeScalars.count))
        }
        if let pattern = rules.pattern, !pattern.matches(text) {
            emit(.patternMismatch(pattern: pattern.source, help: help, found: text))
        }
        if let format = rules.format, !FormatCheckers.isValid(text, as: format) {
            switch format {
            case .date: emit(.invalidDate(found: text, problem: FormatCheckers.dateProblem(text) ?? .notADate))
            case .dateTime:
                emit(.invalidDateTime(found: text, problem: FormatCheckers.dateTimeProblem(text) ?? .notATimestamp))
            case .email: emit(.invalidEmail(found: text))
            }
        }
    }

    // MARK: objects and arrays

    private mutating func collectObject(_ rules: ObjectRules, of node: SchemaNode, _ instance: DocumentNode) {
        guard case .mapping(let members) = instance.value else { return }
        if let minimum = rules.minProperties, members.count < minimum {
            emit(.keyCountOutOfRange(minimum: minimum, maximum: rules.maxProperties, count: members.count))
        } else if let maximum = rules.maxProperties, members.count > maximum {
            emit(.keyCountOutOfRange(minimum: rules.minProperties, maximum: maximum, count: members.count))
        }
        for member in members {
            var covered = false
            if let schema = rules.member(member.key)?.schema {
                covered = true
                collectMember(member, schema: schema)
            }
            for patternRule in rules.patternProperties where patternRule.pattern.matches(member.key) {
                covered = true
                collectMember(member, schema: patternRule.schema)
            }
            if !covered, let additional = rules.additionalProperties, !isValidChild(additional, member.value) {
                if nodes[additional].constantResult == false {
                    emit(.unknownKey(key: member.key, allowed: node.description.propertyNames),
                         at: .key(member.key), target: .key)
                } else {
                    collect(additional, member.value, at: .key(member.key))
                }
            }
            if let names = rules.propertyNames, !isValidChild(names, DocumentNode(.string(member.key))) {
                var inner = SchemaViolationCollector(evaluator: evaluator)
                inner.state = state
                inner.state.inPlaceDepth = 0
                inner.path = path + [.key(member.key)]
                inner.collect(names, DocumentNode(.string(member.key)))
                emit(.invalidKeyName(key: member.key, reason: inner.found.first), at: .key(member.key), target: .key)
            }
        }
        let presentKeys = Set(members.map(\.key))
        for key in rules.requiredKeys where !presentKeys.contains(key) {
            let condition = activeCondition?.depth == path.count ? activeCondition?.text : nil
            emit(.missingKey(key: key, condition: condition), target: .firstKeyOfMapping)
        }
        for dependency in rules.dependentRequired where presentKeys.contains(dependency.trigger) {
            for key in dependency.keys where !presentKeys.contains(key) {
                emit(.missingKey(key: key, condition: "`\(dependency.trigger)` is given"), target: .firstKeyOfMapping)
            }
        }
        for dependency in rules.dependentSchemas where presentKeys.contains(dependency.trigger) {
            if !isValid(dependency.schema, instance) { collect(dependency.schema, instance) }
        }
    }

    private mutating func collectMember(_ member: DocumentMember, schema: Int) {
        guard !isValidChild(schema, member.value) else { return }
        if nodes[schema].constantResult == false {
            emit(.forbiddenKey(key: member.key), at: .key(member.key), target: .key)
        } else {
            collect(schema, member.value, at: .key(member.key))
        }
    }

    private mutating func collectArray(_ rules: ArrayRules, _ instance: DocumentNode) {
        guard case .sequence(let elements) = instance.value else { return }
        let tooFew = rules.minItems.map { elements.count < $0 } ?? false
        let tooMany = rules.maxItems.map { elements.count > $0 } ?? false
        if tooFew || tooMany {
            emit(.itemCountOutOfRange(minimum: rules.minItems, maximum: rules.maxItems, count: elements.count))
        }
        let prefixCount = min(rules.prefixItems.count, elements.count)
        for index in 0..<prefixCount where !isValidChild(rules.prefixItems[index], elements[index]) {
            collect(rules.prefixItems[index], elements[index], at: .index(index))
        }
        if let items = rules.items, elements.count > prefixCount {
            if nodes[items].constantResult == false {
                // `items: false` after `prefixItems` caps the length.
                if !tooMany {
                    emit(.itemCountOutOfRange(minimum: nil, maximum: rules.prefixItems.count, count: elements.count))
                }
            } else {
                for index in prefixCount..<elements.count where !isValidChild(items, elements[index]) {
                    collect(items, elements[index], at: .index(index))
                }
            }
        }
        if let contains = rules.contains {
            let matches = elements.filter { isValidChild(contains, $0) }.count
            if matches < rules.minContains || rules.maxContains.map({ matches > $0 }) == true {
                var required: DocumentNode?
                for case .constant(let value) in nodes[contains].keywords { required = value }
                emit(.containsCount(minimum: rules.minContains, maximum: rules.maxContains, matches: matches,
                                    required: required))
            }
        }
        if rules.uniqueItems {
            for repetition in JSONValueEquality.repetitions(in: elements) {
                emit(.duplicateItem(firstIndex: repetition.first, value: elements[repetition.repeat]),
                     at: .index(repetition.repeat))
            }
        }
    }

    // MARK: combinators

    /// For an `anyOf`/`oneOf` that nothing matched: one merged "must be X or Y" when every branch
    /// rejected the value as a whole, else the violations of the branch that came closest (its type
    /// matched, then fewest problems).
    private mutating func collectClosestBranch(_ branches: [Int], _ instance: DocumentNode) {
        var attempts: [[RawViolation]] = []
        for branch in branches {
            var attempt = SchemaViolationCollector(evaluator: evaluator)
            attempt.state = state
            attempt.path = path
            attempt.activeCondition = activeCondition
            attempt.collect(branch, instance)
            attempts.append(attempt.found)
        }
        let currentPath = path
        /// The branch's only violation, when it is about the value itself.
        func soleValueViolation(_ attempt: [RawViolation]) -> RawViolation.Kind? {
            guard attempt.count == 1, let only = attempt.first, only.path == currentPath else { return nil }
            switch only.kind {
            case .wrongType, .notAllowedValue, .numberOutOfRange, .notMultiple, .lengthOutOfRange, .patternMismatch,
                 .invalidDate, .invalidDateTime, .invalidEmail:
                return only.kind
            default:
                return nil
            }
        }
        func isTypeMismatch(_ kind: RawViolation.Kind) -> Bool {
            if case .wrongType = kind { return true }
            return false
        }
        let soleKinds = attempts.map(soleValueViolation)
        if soleKinds.allSatisfy({ $0 != nil }) {
            let kinds = soleKinds.compactMap { $0 }
            // Types and exact values only: "must be a whole number or `unlimited`".
            var forms: [ExpectedForm] = []
            var onlyTypesAndValues = true
            for kind in kinds {
                switch kind {
                case .wrongType(let expected, _): forms += expected
                case .notAllowedValue(let allowed, _): forms += allowed.map { .literal($0) }
                default: onlyTypesAndValues = false
                }
            }
            if onlyTypesAndValues {
                if forms.allSatisfy({ if case .literal = $0 { return true } else { return false } }) {
                    emit(.notAllowedValue(allowed: forms.compactMap { if case .literal(let value) = $0 { value } else { nil } },
                                          found: instance))
                } else {
                    emit(.wrongType(expected: forms, found: instance))
                }
                return
            }
            // Branches of the right type say more than those that only name a type.
            let relevant = kinds.filter { !isTypeMismatch($0) }
            if relevant.count == 1 {
                found.append(RawViolation(kind: relevant[0], path: path))
            } else {
                emit(.noAlternativeMatched(reasons: relevant, found: instance))
            }
            return
        }
        func rank(_ attempt: [RawViolation]) -> (Int, Int) {
            let rejectsType = attempt.contains { $0.path == currentPath && isTypeMismatch($0.kind) }
            return (rejectsType ? 1 : 0, attempt.count)
        }
        guard let best = attempts.min(by: { rank($0) < rank($1) }) else { return }
        found += best
    }

    /// "`status` is `done`" for an `if` that pins properties to constants; nil for other conditions.
    private func conditionText(_ condition: Int) -> String? {
        let node = nodes[condition]
        var parts: [String] = []
        for case .object(let rules) in node.keywords {
            for key in rules.declaredKeys {
                guard let schema = rules.member(key)?.schema else { continue }
                for keyword in nodes[schema].keywords {
                    switch keyword {
                    case .constant(let value):
                        parts.append("`\(key)` is \(SchemaMessages.literal(value))")
                    case .enumeration(let rule) where rule.values.count == 1:
                        parts.append("`\(key)` is \(SchemaMessages.literal(rule.values[0]))")
                    default:
                        break
                    }
                }
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: " and ")
    }

    // MARK: unevaluated*

    /// Which members/items the node's keywords other than its own `unevaluated*` cover, leniently:
    /// a member counts as covered when a keyword applies to it, valid or not, so one bad value is not
    /// also reported as an unknown key.
    private mutating func coverage(of index: Int, _ instance: DocumentNode, includingOwnUnevaluated: Bool) -> EvaluatedLocations {
        var covered = EvaluatedLocations()
        let node = nodes[index]
        guard node.constantResult == nil, SchemaEvaluator.canEnter(state) else { return covered }
        state.depth += 1
        state.inPlaceDepth += 1
        defer {
            state.depth -= 1
            state.inPlaceDepth -= 1
        }
        for keyword in node.keywords {
            switch keyword {
            case .object(let rules):
                guard case .mapping(let members) = instance.value else { break }
                for member in members {
                    let matched = rules.member(member.key)?.schema != nil
                        || rules.patternProperties.contains { $0.pattern.matches(member.key) }
                        || rules.additionalProperties != nil
                    if matched { covered.properties.insert(member.key) }
                }
                for dependency in rules.dependentSchemas where members.contains(where: { $0.key == dependency.trigger }) {
                    covered.merge(coverage(of: dependency.schema, instance, includingOwnUnevaluated: true))
                }
            case .array(let rules):
                guard case .sequence(let elements) = instance.value else { break }
                covered.itemPrefix = max(covered.itemPrefix, min(rules.prefixItems.count, elements.count))
                if rules.items != nil { covered.allItems = true }
                if let contains = rules.contains {
                    for (position, element) in elements.enumerated() where isValidChild(contains, element) {
                        covered.items.insert(position)
                    }
                }
            case .allOf(let branches):
                for branch in branches { covered.merge(coverage(of: branch, instance, includingOwnUnevaluated: true)) }
            case .anyOf(let branches), .oneOf(let branches):
                let passing = branches.filter { isValid($0, instance) }
                for branch in passing.isEmpty ? branches : passing {
                    covered.merge(coverage(of: branch, instance, includingOwnUnevaluated: true))
                }
            case .conditional(let condition, let then, let otherwise):
                if isValid(condition, instance) {
                    covered.merge(coverage(of: condition, instance, includingOwnUnevaluated: true))
                    if let then { covered.merge(coverage(of: then, instance, includingOwnUnevaluated: true)) }
                } else if let otherwise {
                    covered.merge(coverage(of: otherwise, instance, includingOwnUnevaluated: true))
                }
            case .reference(let target):
                covered.merge(coverage(of: target, instance, includingOwnUnevaluated: true))
            case .dynamicReference(let reference):
                covered.merge(coverage(of: evaluator.resolve(reference, state), instance, includingOwnUnevaluated: true))
            case .unevaluatedProperties:
                if includingOwnUnevaluated { covered.allProperties = true }
            case .unevaluatedItems:
                if includingOwnUnevaluated { covered.allItems = true }
            default:
                break
            }
        }
        return covered
    }

    /// Property names declared by the node and its in-place subschemas: the keys an
    /// `unevaluatedProperties: false` object accepts.
    private func declaredPropertyNames(from start: Int) -> [String] {
        var names: [String] = []
        var visited: Set<Int> = []
        var pending = [start]
        while let index = pending.popLast() {
            guard visited.insert(index).inserted else { continue }
            let node = nodes[index]
            for name in node.description.propertyNames where !names.contains(name) { names.append(name) }
            for keyword in node.keywords {
                switch keyword {
                case .allOf(let branches), .anyOf(let branches), .oneOf(let branches): pending += branches.reversed()
                case .reference(let target): pending.append(target)
                case .dynamicReference(let reference): pending.append(reference.staticTarget)
                case .conditional(let condition, let then, let otherwise):
                    pending += [otherwise, then, condition].compactMap { $0 }
                case .object(let rules): pending += rules.dependentSchemas.map(\.schema)
                default: break
                }
            }
        }
        return names
    }
}

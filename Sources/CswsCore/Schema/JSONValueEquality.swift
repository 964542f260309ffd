/// JSON Schema's notion of "the same value" (for `const`, `enum` and `uniqueItems`): numbers compare by
/// mathematical value (`1` equals `1.0`), booleans never equal numbers, object key order is ignored and
/// strings compare code point by code point.
enum JSONValueEquality {
    static func equal(_ lhs: DocumentNode, _ rhs: DocumentNode) -> Bool {
        equal(lhs.value, rhs.value)
    }

    static func equal(_ lhs: DocumentNode.Value, _ rhs: DocumentNode.Value) -> Bool {
        switch (lhs, rhs) {
        case (.sequence, .sequence), (.mapping, .mapping):
            // Only nested values recurse; they watch the stack (see `StackLimit`).
            return equal(lhs, rhs, stackLimit: StackLimit.forCurrentThread())
        default:
            return equal(lhs, rhs, stackLimit: 0)
        }
    }

    /// Nesting so deep that the stack would run out compares as unequal.
    private static func equal(_ lhs: DocumentNode.Value, _ rhs: DocumentNode.Value, stackLimit: UInt) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null):
            return true
        case (.bool(let left), .bool(let right)):
            return left == right
        case (.integer(let left), .integer(let right)):
            return left == right
        case (.number(let left), .number(let right)):
            return left == right
        case (.integer(let whole), .number(let real)), (.number(let real), .integer(let whole)):
            return Int(exactly: real) == whole
        case (.string(let left), .string(let right)):
            return StringLookupTable.sameBytes(left, right)
        case (.sequence(let left), .sequence(let right)):
            guard left.count == right.count, StackLimit.currentAddress() > stackLimit else { return false }
            for index in left.indices where !equal(left[index].value, right[index].value, stackLimit: stackLimit) {
                return false
            }
            return true
        case (.mapping(let left), .mapping(let right)):
            guard left.count == right.count, StackLimit.currentAddress() > stackLimit else { return false }
            for member in left {
                guard let other = right.first(where: { $0.key == member.key }),
                      equal(member.value.value, other.value.value, stackLimit: stackLimit) else { return false }
            }
            return true
        default:
            return false
        }
    }

    /// A hash consistent with `equal`: integral numbers hash as integers, mappings ignore key order.
    static func hash(_ value: DocumentNode.Value, into hasher: inout Hasher, stackLimit: UInt) {
        switch value {
        case .null:
            hasher.combine(0)
        case .bool(let flag):
            hasher.combine(1)
            hasher.combine(flag)
        case .integer(let whole):
            hasher.combine(2)
            hasher.combine(whole)
        case .number(let real):
            hasher.combine(2)
            if let whole = Int(exactly: real) { hasher.combine(whole) } else { hasher.combine(real) }
        case .string(let text):
            hasher.combine(3)
            hasher.combine(text.utf8.count)
            for byte in text.utf8 { hasher.combine(byte) }
        case .sequence(let elements):
            hasher.combine(4)
            hasher.combine(elements.count)
            // Too deep to go on: hashing less keeps equal values' hashes equal.
            guard StackLimit.currentAddress() > stackLimit else { return }
            for element in elements { hash(element.value, into: &hasher, stackLimit: stackLimit) }
        case .mapping(let members):
            hasher.combine(5)
            guard StackLimit.currentAddress() > stackLimit else { return }
            var combined = 0
            for member in members {
                var memberHasher = Hasher()
                memberHasher.combine(member.key)
                hash(member.value.value, into: &memberHasher, stackLimit: stackLimit)
                combined ^= memberHasher.finalize()
            }
            hasher.combine(combined)
        }
    }

    /// Every repeated element as `(first, repeat)`: the index of its first occurrence and of the
    /// repetition, in list order. Hash-grouped, so long lists cost linear time.
    static func repetitions(in elements: [DocumentNode]) -> [(first: Int, repeat: Int)] {
        let stackLimit = StackLimit.forCurrentThread()
        var firstOccurrences: [Int: [Int]] = [:]
        var result: [(first: Int, repeat: Int)] = []
        for (index, element) in elements.enumerated() {
            var hasher = Hasher()
            hash(element.value, into: &hasher, stackLimit: stackLimit)
            let key = hasher.finalize()
            if let first = firstOccurrences[key]?.first(where: { equal(elements[$0].value, element.value) }) {
                result.append((first, index))
            } else {
                firstOccurrences[key, default: []].append(index)
            }
        }
        return result
    }

    /// Indices `(first, second)` of the first pair of equal elements, or nil when all are distinct.
    static func firstDuplicate(in elements: [DocumentNode]) -> (Int, Int)? {
        if elements.count <= 16 {
            for second in elements.indices {
                for first in 0..<second where equal(elements[first].value, elements[second].value) {
                    return (first, second)
                }
            }
            return nil
        }
        let stackLimit = StackLimit.forCurrentThread()
        var seen: [Int: [Int]] = [:]
        for (index, element) in elements.enumerated() {
            var hasher = Hasher()
            hash(element.value, into: &hasher, stackLimit: stackLimit)
            let key = hasher.finalize()
            if let candidates = seen[key] {
                for first in candidates where equal(elements[first].value, element.value) { return (first, index) }
            }
            seen[key, default: []].append(index)
        }
        return nil
    }
}

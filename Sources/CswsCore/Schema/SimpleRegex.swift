/// A small backtracking matcher for the ECMA-262 regular expressions schemas actually use (literals,
/// `.`, classes, `\d \w \s`, anchors, groups, alternation, greedy and lazy quantifiers). It matches
/// UTF-8 bytes directly, decoding code points only outside ASCII, and is an order of magnitude faster
/// than NSRegularExpression, which converts every subject to UTF-16 and allocates per match.
///
/// `init` returns nil for anything outside that subset (lookaround, back-references, `\b`, `\p{…}`),
/// and `matches` returns nil when a match would need more backtracking than its budget; the caller
/// then asks NSRegularExpression.
struct SimpleRegex: Sendable {
    fileprivate enum Instruction: Sendable {
        case scalar(UInt32)
        case anyExceptLineTerminator
        case set(Int)
        /// Try the first target, and on failure the second.
        case split(Int, Int)
        case jump(Int)
        case assertStart
        case assertEnd
        case match
    }

    private let program: [Instruction]
    private let sets: [ScalarSet]
    private let anchoredAtStart: Bool

    private static let maximumProgramSize = 4_000
    private static let stackCapacity = 512
    private static let stepBudget = 20_000

    init?(_ pattern: String) {
        var parser = RegexParser(scalars: Array(pattern.unicodeScalars))
        guard let tree = parser.parseAll() else { return nil }
        var compiler = RegexCodeGenerator()
        compiler.emit(tree)
        compiler.program.append(.match)
        guard compiler.program.count <= Self.maximumProgramSize else { return nil }
        program = compiler.program
        sets = parser.sets
        if case .assertStart = program.first { anchoredAtStart = true } else { anchoredAtStart = false }
    }

    /// Whether `text` contains a match; nil when undecided within the backtracking budget.
    func matches(_ text: String) -> Bool? {
        text.utf8.withContiguousStorageIfAvailable { search($0) } ?? Array(text.utf8).withUnsafeBufferPointer { search($0) }
    }

    private func search(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        var budget = Self.stepBudget
        var start = 0
        while true {
            guard let found = run(from: start, in: bytes, budget: &budget) else { return nil }
            if found { return true }
            if anchoredAtStart || start >= bytes.count { return false }
            start += Self.scalarLength(bytes[start])
        }
    }

    /// One anchored attempt at `start`, with an explicit backtracking stack on the machine stack.
    private func run(from start: Int, in bytes: UnsafeBufferPointer<UInt8>, budget: inout Int) -> Bool? {
        withUnsafeTemporaryAllocation(of: (Int32, Int32).self, capacity: Self.stackCapacity) { stack -> Bool? in
            var depth = 0
            var pc = 0
            var position = start
            while true {
                budget -= 1
                if budget < 0 { return nil }
                var failed = false
                switch program[pc] {
                case .scalar(let expected):
                    if position < bytes.count, let (scalar, length) = Self.decode(bytes, at: position), scalar == expected {
                        position += length
                        pc += 1
                    } else {
                        failed = true
                    }
                case .anyExceptLineTerminator:
                    if position < bytes.count, let (scalar, length) = Self.decode(bytes, at: position),
                       !ScalarSet.isLineTerminator(scalar) {
                        position += length
                        pc += 1
                    } else {
                        failed = true
                    }
                case .set(let index):
                    if position < bytes.count, let (scalar, length) = Self.decode(bytes, at: position),
                       sets[index].contains(scalar) {
                        position += length
                        pc += 1
                    } else {
                        failed = true
                    }
                case .split(let first, let second):
                    guard depth < Self.stackCapacity else { return nil }
                    stack[depth] = (Int32(second), Int32(position))
                    depth += 1
                    pc = first
                case .jump(let target):
                    pc = target
                case .assertStart:
                    if position == 0 { pc += 1 } else { failed = true }
                case .assertEnd:
                    if position == bytes.count { pc += 1 } else { failed = true }
                case .match:
                    return true
                }
                if failed {
                    if depth == 0 { return false }
                    depth -= 1
                    pc = Int(stack[depth].0)
                    position = Int(stack[depth].1)
                }
            }
        }
    }

    private static func scalarLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0..<0xC0: return 1
        case 0xC0..<0xE0: return 2
        case 0xE0..<0xF0: return 3
        default: return 4
        }
    }

    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> (UInt32, Int)? {
        let lead = bytes[position]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let length = scalarLength(lead)
        guard position + length <= bytes.count else { return nil }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length { value = value << 6 | (UInt32(bytes[position + offset]) & 0x3F) }
        return (value, length)
    }
}

/// A character class: sorted inclusive ranges of code points, possibly negated, with a bitmap for ASCII.
struct ScalarSet: Sendable {
    var ranges: [ClosedRange<UInt32>] = []
    var negated = false
    private var asciiLow: UInt64 = 0
    private var asciiHigh: UInt64 = 0

    mutating func add(_ range: ClosedRange<UInt32>) {
        ranges.append(range)
        guard range.lowerBound <= 127 else { return }
        for value in range.lowerBound...min(range.upperBound, 127) {
            if value < 64 { asciiLow |= 1 << UInt64(value) } else { asciiHigh |= 1 << UInt64(value - 64) }
        }
    }

    mutating func add(_ other: ScalarSet) {
        for range in other.ranges { add(range) }
    }

    func contains(_ scalar: UInt32) -> Bool {
        let inside: Bool
        if scalar < 64 {
            inside = asciiLow & (1 << UInt64(scalar)) != 0
        } else if scalar < 128 {
            inside = asciiHigh & (1 << UInt64(scalar - 64)) != 0
        } else {
            inside = ranges.contains { $0.contains(scalar) }
        }
        return inside != negated
    }

    /// The complement, as explicit ranges (for `\D`, `\W`, `\S` inside a class).
    var complement: ScalarSet {
        var result = ScalarSet()
        var next: UInt32 = 0
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if range.lowerBound > next { result.add(next...(range.lowerBound - 1)) }
            next = max(next, range.upperBound &+ 1)
        }
        if next <= 0x10FFFF { result.add(next...0x10FFFF) }
        return result
    }

    static func isLineTerminator(_ scalar: UInt32) -> Bool {
        scalar == 0x0A || scalar == 0x0D || scalar == 0x2028 || scalar == 0x2029
    }

    static var digits: ScalarSet {
        var set = ScalarSet()
        set.add(0x30...0x39)
        return set
    }

    static var wordCharacters: ScalarSet {
        var set = ScalarSet()
        set.add(0x30...0x39)
        set.add(0x41...0x5A)
        set.add(0x61...0x7A)
        set.add(0x5F...0x5F)
        return set
    }

    /// ECMA-262 WhiteSpace and LineTerminator.
    static var whitespace: ScalarSet {
        var set = ScalarSet()
        for scalar: UInt32 in [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF] {
            set.add(scalar...scalar)
        }
        set.add(0x2000...0x200A)
        return set
    }
}

private indirect enum RegexTree {
    case empty
    case scalar(UInt32)
    case any
    case set(Int)
    case start
    case end
    case sequence([RegexTree])
    case alternation([RegexTree])
    case repetition(RegexTree, minimum: Int, maximum: Int?, greedy: Bool)
}

/// Parses the supported ECMA-262 subset (with the `u` flag's meaning); nil for anything else.
private struct RegexParser {
    let scalars: [Unicode.Scalar]
    var position = 0
    var sets: [ScalarSet] = []

    init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    var atEnd: Bool { position >= scalars.count }
    var current: Unicode.Scalar? { atEnd ? nil : scalars[position] }

    mutating func parseAll() -> RegexTree? {
        guard let tree = parseAlternation(), atEnd else { return nil }
        return tree
    }

    mutating func parseAlternation() -> RegexTree? {
        var branches: [RegexTree] = []
        while true {
            guard let branch = parseSequence() else { return nil }
            branches.append(branch)
            guard current == "|" else { break }
            position += 1
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    mutating func parseSequence() -> RegexTree? {
        var items: [RegexTree] = []
        while let scalar = current, scalar != "|", scalar != ")" {
            guard let atom = parseAtom(), let quantified = parseQuantifier(atom) else { return nil }
            items.append(quantified)
        }
        return items.count == 1 ? items[0] : (items.isEmpty ? .empty : .sequence(items))
    }

    mutating func parseAtom() -> RegexTree? {
        guard let scalar = current else { return nil }
        position += 1
        switch scalar {
        case "^": return .start
        case "$": return .end
        case ".": return .any
        case "(":
            if current == "?" {
                // Only non-capturing groups; lookaround and named groups go to the full engine.
                guard position + 1 < scalars.count, scalars[position + 1] == ":" else { return nil }
                position += 2
            }
            guard let inner = parseAlternation(), current == ")" else { return nil }
            position += 1
            return inner
        case "[":
            return parseClass()
        case "\\":
            return parseEscape(inClass: false).map { escape in
                switch escape {
                case .scalar(let value): return .scalar(value)
                case .set(let set): return addSet(set)
                }
            }
        case "*", "+", "?", "{", "}", "]", ")":
            return nil
        default:
            return .scalar(scalar.value)
        }
    }

    mutating func addSet(_ set: ScalarSet) -> RegexTree {
        sets.append(set)
        return .set(sets.count - 1)
    }

    enum Escape {
        case scalar(UInt32)
        case set(ScalarSet)
    }

    mutating func parseEscape(inClass: Bool) -> Escape? {
        guard let scalar = current else { return nil }
        position += 1
        switch scalar {
        case "d": return .set(.digits)
        case "D": return .set(ScalarSet.digits.complement)
        case "w": return .set(.wordCharacters)
        case "W": return .set(ScalarSet.wordCharacters.complement)
        case "s": return .set(.whitespace)
        case "S": return .set(ScalarSet.whitespace.complement)
        case "t": return .scalar(0x09)
        case "n": return .scalar(0x0A)
        case "r": return .scalar(0x0D)
        case "f": return .scalar(0x0C)
        case "v": return .scalar(0x0B)
        case "0":
            guard current.map({ !("0"..."9").contains($0) }) ?? true else { return nil }
            return .scalar(0)
        case "u":
            return parseHexEscape(digits: 4)
        case "x":
            return parseHexEscape(digits: 2)
        case "-" where inClass:
            return .scalar(scalar.value)
        default:
            // Escaped syntax characters stand for themselves; other escapes (`\b`, `\p`, `\1`…) are not
            // in the subset.
            guard "^$\\.*+?()[]{}|/".unicodeScalars.contains(scalar) else { return nil }
            return .scalar(scalar.value)
        }
    }

    mutating func parseHexEscape(digits: Int) -> Escape? {
        if digits == 4, current == "{" {
            position += 1
            var value: UInt32 = 0
            var count = 0
            while let scalar = current, scalar != "}" {
                guard let digit = UInt32(String(scalar), radix: 16), count < 6 else { return nil }
                value = value << 4 | digit
                count += 1
                position += 1
            }
            guard current == "}", count > 0, value <= 0x10FFFF else { return nil }
            position += 1
            return .scalar(value)
        }
        guard position + digits <= scalars.count,
              let value = UInt32(String(String.UnicodeScalarView(scalars[position..<(position + digits)])), radix: 16) else {
            return nil
        }
        position += digits
        // A surrogate pair written as two `\u` escapes is outside the subset.
        guard !(0xD800...0xDFFF).contains(value) else { return nil }
        return .scalar(value)
    }

    mutating func parseClass() -> RegexTree? {
        var set = ScalarSet()
        if current == "^" {
            set.negated = true
            position += 1
        }
        // `[]` matches nothing and `[^]` anything, as in ECMA-262.
        while current != nil && current != "]" {
            guard let low = parseClassAtom() else { return nil }
            if current == "-", position + 1 < scalars.count, scalars[position + 1] != "]" {
                position += 1
                guard let high = parseClassAtom(),
                      case .scalar(let lowValue) = low, case .scalar(let highValue) = high, lowValue <= highValue else {
                    return nil
                }
                set.add(lowValue...highValue)
            } else {
                switch low {
                case .scalar(let value): set.add(value...value)
                case .set(let other): set.add(other)
                }
            }
        }
        guard current == "]" else { return nil }
        position += 1
        return addSet(set)
    }

    mutating func parseClassAtom() -> Escape? {
        guard let scalar = current else { return nil }
        position += 1
        if scalar == "\\" { return parseEscape(inClass: true) }
        // `[` inside a class is literal in ECMA-262 but ambiguous enough to leave to the full engine.
        if scalar == "[" { return nil }
        return .scalar(scalar.value)
    }

    mutating func parseQuantifier(_ atom: RegexTree) -> RegexTree? {
        guard let scalar = current else { return atom }
        var minimum = 0
        var maximum: Int?
        switch scalar {
        case "*": position += 1
        case "+":
            minimum = 1
            position += 1
        case "?":
            maximum = 1
            position += 1
        case "{":
            position += 1
            guard let low = parseNumber() else { return nil }
            minimum = low
            if current == "," {
                position += 1
                if current != "}" {
                    guard let high = parseNumber(), high >= low else { return nil }
                    maximum = high
                }
            } else {
                maximum = low
            }
            guard current == "}" else { return nil }
            position += 1
        default:
            return atom
        }
        switch atom {
        case .start, .end, .empty: return nil
        default: break
        }
        var greedy = true
        if current == "?" {
            greedy = false
            position += 1
        }
        guard minimum <= 1_000, (maximum ?? 0) <= 1_000 else { return nil }
        return .repetition(atom, minimum: minimum, maximum: maximum, greedy: greedy)
    }

    mutating func parseNumber() -> Int? {
        var value = 0
        var digits = 0
        while let scalar = current, ("0"..."9").contains(scalar) {
            value = value * 10 + Int(scalar.value - 48)
            digits += 1
            position += 1
            if value > 100_000 { return nil }
        }
        return digits > 0 ? value : nil
    }
}

private struct RegexCodeGenerator {
    var program: [SimpleRegex.Instruction] = []

    mutating func emit(_ tree: RegexTree) {
        guard program.count <= 4_000 else { return }
        switch tree {
        case .empty:
            break
        case .scalar(let value):
            program.append(.scalar(value))
        case .any:
            program.append(.anyExceptLineTerminator)
        case .set(let index):
            program.append(.set(index))
        case .start:
            program.append(.assertStart)
        case .end:
            program.append(.assertEnd)
        case .sequence(let items):
            for item in items { emit(item) }
        case .alternation(let branches):
            // split L1, next; L1: branch; jump end; next: split … ; last branch
            var jumpsToEnd: [Int] = []
            for (index, branch) in branches.enumerated() {
                if index < branches.count - 1 {
                    let split = program.count
                    program.append(.split(split + 1, -1))
                    emit(branch)
                    jumpsToEnd.append(program.count)
                    program.append(.jump(-1))
                    program[split] = .split(split + 1, program.count)
                } else {
                    emit(branch)
                }
            }
            for jump in jumpsToEnd { program[jump] = .jump(program.count) }
        case .repetition(let atom, let minimum, let maximum, let greedy):
            for _ in 0..<minimum { emit(atom) }
            if let maximum {
                // Optional copies: split over each, all skipping to the end.
                var splits: [Int] = []
                for _ in minimum..<maximum {
                    splits.append(program.count)
                    program.append(.split(-1, -1))
                    emit(atom)
                }
                let end = program.count
                for split in splits {
                    program[split] = greedy ? .split(split + 1, end) : .split(end, split + 1)
                }
            } else {
                // loop: split body, end; body; jump loop
                let loop = program.count
                program.append(.split(-1, -1))
                emit(atom)
                program.append(.jump(loop))
                program[loop] = greedy ? .split(loop + 1, program.count) : .split(program.count, loop + 1)
            }
        }
    }
}

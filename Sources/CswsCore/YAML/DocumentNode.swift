/// A 1-based line and column in a source file. Columns count Unicode scalars, so a caret lines up
/// under the character a person sees.
public struct SourceLocation: Hashable, Comparable, Sendable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// Where a whole-file fault points: line 1, column 1.
    public static let start = SourceLocation(line: 1, column: 1)

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// One node of a loaded YAML (or JSON) document, already resolved to JSON's data model and carrying
/// where it came from. csws validates and reads documents in this form, never through Yams' decoder,
/// which would silently coerce numbers to strings and drop unknown keys.
public struct DocumentNode: Sendable {
    public enum Value: Sendable {
        case null
        case bool(Bool)
        /// A whole number that fits in 64 bits (`1`, `-3`, and also `1.0` from JSON is kept as `.number`).
        case integer(Int)
        /// Any other number; may be non-finite when YAML says `.inf` or `.nan`.
        case number(Double)
        case string(String)
        case sequence([DocumentNode])
        /// Members in document order. Keys are unique: the loader reports duplicates and keeps the first.
        case mapping([DocumentMember])
    }

    public var value: Value
    /// Where the value starts (for a mapping or sequence: its first token).
    public var location: SourceLocation
    /// How many columns the value spans on its first line, for the caret underline (at least 1).
    public var width: Int

    public init(_ value: Value, at location: SourceLocation = .start, width: Int = 1) {
        self.value = value
        self.location = location
        self.width = max(1, width)
    }
}

public struct DocumentMember: Sendable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: DocumentNode

    public init(key: String, keyLocation: SourceLocation = .start, value: DocumentNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}

extension DocumentNode {
    public subscript(key: String) -> DocumentNode? {
        guard case .mapping(let members) = value else { return nil }
        for member in members where member.key == key { return member.value }
        return nil
    }

    public func member(_ key: String) -> DocumentMember? {
        guard case .mapping(let members) = value else { return nil }
        return members.first { $0.key == key }
    }

    public var members: [DocumentMember]? {
        if case .mapping(let members) = value { return members }
        return nil
    }

    public var elements: [DocumentNode]? {
        if case .sequence(let elements) = value { return elements }
        return nil
    }

    public var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let flag) = value { return flag }
        return nil
    }

    public var integer: Int? {
        switch value {
        case .integer(let whole): return whole
        case .number(let real) where real.rounded() == real && abs(real) < 9.0e15: return Int(real)
        default: return nil
        }
    }

    /// Any number as a Double (for thresholds and arithmetic that tolerates it).
    public var double: Double? {
        switch value {
        case .integer(let whole): return Double(whole)
        case .number(let real): return real
        default: return nil
        }
    }

    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }
}

/// A step on the path from a document's root to one of its nodes.
public enum PathComponent: Hashable, Sendable, CustomStringConvertible {
    case key(String)
    case index(Int)

    public var description: String {
        switch self {
        case .key(let key): return key
        case .index(let index): return "[\(index)]"
        }
    }
}

extension DocumentNode {
    /// The node at `path`, if every step exists.
    public func node(at path: [PathComponent]) -> DocumentNode? {
        var current = self
        for step in path {
            switch step {
            case .key(let key):
                guard let next = current[key] else { return nil }
                current = next
            case .index(let index):
                guard let elements = current.elements, elements.indices.contains(index) else { return nil }
                current = elements[index]
            }
        }
        return current
    }
}

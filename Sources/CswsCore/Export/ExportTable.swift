/// One table of `csws export` (SPEC §10.7): typed columns, a primary key where items have ids,
/// and rows. A column's type follows its field, never the values seen.
public struct ExportTable: Sendable {
    public enum ColumnType: String, Sendable {
        case integer = "INTEGER", real = "REAL", text = "TEXT"
    }

    public enum Value: Sendable, Equatable {
        case null
        case integer(Int)
        case real(Rational)
        case text(String)
    }

    public struct Column: Sendable {
        public var name: String
        public var type: ColumnType
    }

    public var name: String
    public var columns: [Column]
    public var primaryKey: [String]
    public var rows: [[Value]]

    init(_ name: String, _ columns: [(String, ColumnType)], primaryKey: [String] = []) {
        self.name = name
        self.columns = columns.map { Column(name: $0.0, type: $0.1) }
        self.primaryKey = primaryKey
        self.rows = []
    }
}

extension ExportTable.Value {
    /// A field read as its column's type: a number where a count is expected stays whole, a
    /// measure is exact, a boolean is 0/1, dates and everything else are text.
    init(_ node: DocumentNode?, as type: ExportTable.ColumnType) {
        guard let node, !node.isNull else {
            self = .null
            return
        }
        switch type {
        case .integer:
            if let flag = node.bool { self = .integer(flag ? 1 : 0) } else if let whole = node.integer { self = .integer(whole) } else { self = .null }
        case .real:
            self = Rational(node).map(ExportTable.Value.real) ?? .null
        case .text:
            switch node.value {
            case .string(let text): self = .text(text)
            case .integer(let whole): self = .text(String(whole))
            case .number(let real): self = .text(String(real))
            case .bool(let flag): self = .text(flag ? "true" : "false")
            case .sequence(let items): self = .text(items.compactMap(\.string).joined(separator: ", "))
            default: self = .null
            }
        }
    }

    /// The value as CSV and people read it: exact decimals, empty for null.
    public var text: String {
        switch self {
        case .null: return ""
        case .integer(let whole): return String(whole)
        case .real(let number): return ReportNumbers.exact(number)
        case .text(let text): return text
        }
    }
}

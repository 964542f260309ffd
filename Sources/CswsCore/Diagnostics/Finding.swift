/// How serious a finding is. `error` fails `csws check`; `warning` fails it only with `--strict`.
public enum Severity: String, Sendable, Comparable, CaseIterable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem found in one file, before it is tied to a path: what rule fired, where, and how to
/// fix it.
public struct Finding: Sendable {
    /// Stable, kebab-case rule id shown in brackets (`milestone-overdue`).
    public var rule: String
    public var severity: Severity
    public var message: String
    public var location: SourceLocation
    /// Columns to underline under the excerpt.
    public var width: Int
    public var hint: String?
    /// Extra context, e.g. where the first of two duplicates is.
    public var notes: [String]
    /// False when the file's text must not be echoed (binary, a symlink leaving the workspace).
    public var showsExcerpt: Bool

    public init(
        rule: String, severity: Severity = .error, message: String,
        at location: SourceLocation = .start, width: Int = 1,
        hint: String? = nil, notes: [String] = [], showsExcerpt: Bool = true
    ) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.location = location
        self.width = max(1, width)
        self.hint = hint
        self.notes = notes
        self.showsExcerpt = showsExcerpt
    }

    /// A finding pointing at a node's value.
    public init(
        rule: String, severity: Severity = .error, message: String, node: DocumentNode,
        hint: String? = nil, notes: [String] = []
    ) {
        self.init(
            rule: rule, severity: severity, message: message, at: node.location, width: node.width,
            hint: hint, notes: notes)
    }
}

/// A finding tied to a file of the workspace: what reporters print.
public struct Diagnostic: Sendable {
    public var finding: Finding
    /// Path relative to the workspace root, with `/` separators.
    public var file: String
    /// The customer id when the file is under `customers/<id>/`, else nil.
    public var customer: String?

    public init(_ finding: Finding, file: String, customer: String? = nil) {
        self.finding = finding
        self.file = file
        self.customer = customer
    }

    public var rule: String { finding.rule }
    public var severity: Severity { finding.severity }
    public var message: String { finding.message }
    public var location: SourceLocation { finding.location }
    public var hint: String? { finding.hint }

    /// Diagnostics are reported sorted by file, line, column (then rule, for a stable order).
    public static func sortedForReport(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted { lhs, rhs in
            if lhs.file != rhs.file { return lhs.file < rhs.file }
            if lhs.location != rhs.location { return lhs.location < rhs.location }
            if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
            return lhs.message < rhs.message
        }
    }
}

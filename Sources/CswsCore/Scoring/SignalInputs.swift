import Foundation

/// The inputs of the 13 signals as of a date (SPEC §4.1, §10.2): every leaf field carried forward
/// on its own from the newest snapshot that has it, if that snapshot is recent enough.
struct SignalInputs {
    enum Leaf {
        case number(Rational)
        case flag(Bool)
        case date(CalendarDate)
    }

    struct Reading {
        var value: Leaf
        /// The snapshot the value came from.
        var snapshotDate: CalendarDate
    }

    private var readings: [String: Reading] = [:]

    /// Leaf fields csws reads, as `section.field`.
    static let leafFields = [
        "usage.active_users", "usage.login_rate", "usage.key_features_adopted", "usage.key_features_total",
        "usage.dau_mau", "usage.last_login",
        "support.open_tickets", "support.high_severity_open", "support.escalations_90d",
        "engagement.meetings_scheduled_90d", "engagement.meetings_attended_90d",
        "engagement.exec_sponsor_engaged", "engagement.last_touch",
        "sentiment.nps", "sentiment.csat", "sentiment.ces",
    ]

    private static let leafFieldParts: [(String, [String])] = leafFields.map { field in
        (field, field.split(separator: ".").map(String.init))
    }

    init(snapshots: [CustomerRecord.Snapshot], asOf: CalendarDate, maxAgeDays: Int) {
        let eligible = snapshots.filter { $0.date <= asOf }
        for (field, parts) in Self.leafFieldParts {
            // Newest first: the most recent snapshot that has the field decides (null is absent).
            for snapshot in eligible.reversed() {
                guard let node = snapshot.document[parts[0]]?[parts[1]], !node.isNull else { continue }
                if snapshot.date.days(until: asOf) <= maxAgeDays, let leaf = Self.leaf(node) {
                    readings[field] = Reading(value: leaf, snapshotDate: snapshot.date)
                }
                break
            }
        }
    }

    private static func leaf(_ node: DocumentNode) -> Leaf? {
        if let flag = node.bool { return .flag(flag) }
        if let number = Rational(node) { return .number(number) }
        if let date = node.date { return .date(date) }
        return nil
    }

    func reading(_ field: String) -> Reading? { readings[field] }

    func number(_ field: String) -> Rational? {
        if case .number(let value)? = readings[field]?.value { return value }
        return nil
    }

    func flag(_ field: String) -> Bool? {
        if case .flag(let value)? = readings[field]?.value { return value }
        return nil
    }

    func date(_ field: String) -> CalendarDate? {
        if case .date(let value)? = readings[field]?.value { return value }
        return nil
    }
}

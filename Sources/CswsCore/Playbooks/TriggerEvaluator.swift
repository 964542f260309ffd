import Foundation

/// Decides which triggers fire for a customer as of a date.
public struct TriggerEvaluator: Sendable {
    public let triggers: [Trigger]
    public let maxSignalAgeDays: Int

    public init(triggers: [Trigger], maxSignalAgeDays: Int) {
        self.triggers = triggers
        self.maxSignalAgeDays = maxSignalAgeDays
    }

    /// Field paths of raw snapshot values a condition may name directly.
    static let rawFields: [String: String] = [
        "active_users": "usage.active_users", "login_rate": "usage.login_rate",
        "key_features_adopted": "usage.key_features_adopted", "key_features_total": "usage.key_features_total",
        "meetings_scheduled_90d": "engagement.meetings_scheduled_90d",
        "meetings_attended_90d": "engagement.meetings_attended_90d",
        "dau_mau": "usage.dau_mau", "high_severity_open": "support.high_severity_open",
        "escalations_90d": "support.escalations_90d", "open_tickets": "support.open_tickets",
        "nps": "sentiment.nps", "csat": "sentiment.csat", "ces": "sentiment.ces",
        "exec_sponsor_engaged": "engagement.exec_sponsor_engaged",
    ]

    public func fired(for customer: CustomerRecord, score: CustomerScore, asOf: CalendarDate) -> [Trigger] {
        triggers.filter { trigger in
            guard trigger.enabled else { return false }
            let allHold = trigger.all.allSatisfy { holds($0, customer: customer, score: score, asOf: asOf) }
            let anyHolds = trigger.any.isEmpty || trigger.any.contains { holds($0, customer: customer, score: score, asOf: asOf) }
            return allHold && anyHolds
        }
    }

    /// A condition on missing data is false.
    func holds(_ condition: Trigger.Condition, customer: CustomerRecord, score: CustomerScore, asOf: CalendarDate) -> Bool {
        switch condition.subject {
        case .signal(let name):
            if condition.op == "drop_pct_gte" || condition.op == "rise_pct_gte" {
                return changeHolds(condition, field: Self.rawFields[name] ?? name, customer: customer, asOf: asOf)
            }
            if let signal = score.dimensions.flatMap(\.signals).first(where: { $0.name == name }), let value = signal.value {
                return compare(value, condition)
            }
            let inputs = SignalInputs(snapshots: customer.snapshots, asOf: asOf, maxAgeDays: maxSignalAgeDays)
            // A signal CS Ops left out of the scoring model can still drive a trigger.
            if let (value, _) = HealthScorer.value(of: name, inputs: inputs, seats: customer.seats, asOf: asOf, describing: false) {
                return compare(value, condition)
            }
            guard let field = Self.rawFields[name] else { return false }
            if let number = inputs.number(field) { return compare(.number(number), condition) }
            if let flag = inputs.flag(field) { return compare(.flag(flag), condition) }
            return false
        case .event(let kind):
            guard condition.op == "within_days", let window = condition.value.integer else { return false }
            return customer.snapshots.contains { snapshot in
                snapshot.date <= asOf && (snapshot.document["events"]?.elements ?? []).contains { event in
                    guard event["kind"]?.string == kind, let date = event["date"]?.date else { return false }
                    let age = date.days(until: asOf)
                    return age >= 0 && age <= window
                }
            }
        case .tier(let useOverride):
            let tier: RiskTier?
            if useOverride {
                tier = customer.riskOverride.flatMap { override in
                    override.until.map { $0 >= asOf } ?? true ? RiskTier(rawValue: override.tier) : nil
                }
            } else {
                tier = score.tier
            }
            guard let tier else { return false }
            return compareTier(tier, condition)
        case .renewalDays:
            guard let end = customer.contractEnd else { return false }
            return compare(.number(Rational(asOf.days(until: end))), condition)
        case .voc(let selector):
            let window = condition.windowDays ?? 90
            let severities = ["low", "medium", "high", "critical"]
            let minimum = condition.minSeverity.flatMap { severities.firstIndex(of: $0) } ?? 0
            let count = customer.feedback.filter { item in
                let age = item.date.days(until: asOf)
                guard age >= 0, age <= window else { return false }
                if let severity = item.severity, let rank = severities.firstIndex(of: severity), rank < minimum { return false }
                switch selector {
                case "any": return true
                case "detractor": return (item.nps ?? 10) <= 6
                default: return item.kind == selector
                }
            }.count
            return compare(.number(Rational(count)), condition)
        }
    }

    /// The newest value against the most recent snapshot dated at least `compare_days` earlier.
    private func changeHolds(_ condition: Trigger.Condition, field: String, customer: CustomerRecord, asOf: CalendarDate) -> Bool {
        let parts = field.split(separator: ".").map(String.init)
        guard parts.count == 2, let threshold = Rational(condition.value) else { return false }
        func value(_ snapshot: CustomerRecord.Snapshot) -> Rational? {
            Rational(snapshot.document[parts[0]]?[parts[1]])
        }
        let eligible = customer.snapshots.filter { $0.date <= asOf && value($0) != nil }
        guard let newest = eligible.last, newest.date.days(until: asOf) <= maxSignalAgeDays,
            let earlier = eligible.last(where: { $0.date.days(until: newest.date) >= (condition.compareDays ?? 14) }),
            let now = value(newest), let before = value(earlier), before != 0
        else { return false }
        let changePercent = (now - before) / before * 100
        return condition.op == "drop_pct_gte" ? -changePercent >= threshold : changePercent >= threshold
    }

    private func compare(_ value: CustomerScore.Value, _ condition: Trigger.Condition) -> Bool {
        switch value {
        case .flag(let flag):
            guard let expected = condition.value.bool else { return false }
            return condition.op == "==" ? flag == expected : condition.op == "!=" ? flag != expected : false
        case .number(let number):
            if condition.op == "in" || condition.op == "not_in" {
                let list = (condition.value.elements ?? []).compactMap { Rational($0) }
                return list.contains(number) == (condition.op == "in")
            }
            guard let expected = Rational(condition.value) else { return false }
            switch condition.op {
            case "<": return number < expected
            case "<=": return number <= expected
            case ">": return number > expected
            case ">=": return number >= expected
            case "==": return number == expected
            case "!=": return number != expected
            default: return false
            }
        }
    }

    private func compareTier(_ tier: RiskTier, _ condition: Trigger.Condition) -> Bool {
        if condition.op == "in" || condition.op == "not_in" {
            let list = (condition.value.elements ?? []).compactMap { $0.string.flatMap(RiskTier.init) }
            return list.contains(tier) == (condition.op == "in")
        }
        guard let expected = condition.value.string.flatMap(RiskTier.init) else { return false }
        switch condition.op {
        case "==": return tier == expected
        case "!=": return tier != expected
        case "<": return tier < expected
        case "<=": return tier <= expected
        case ">": return tier > expected
        case ">=": return tier >= expected
        default: return false
        }
    }
}

import Foundation

/// Computes health, coverage, risk, tier, drivers and trend exactly as SPEC §4 and §10.2 say,
/// in decimal arithmetic, from a customer's files and the as-of date only.
public struct HealthScorer: Sendable {
    public let model: ScoringModel
    /// Whether to describe how each signal's value was derived (only `--explain` prints it).
    public let describesInputs: Bool

    public init(model: ScoringModel, describesInputs: Bool = true) {
        self.model = model
        self.describesInputs = describesInputs
    }

    /// The score; with `includingTrend`, also the 30-days-ago score and the trend.
    public func score(_ customer: CustomerRecord, asOf: CalendarDate, includingTrend: Bool = true) -> CustomerScore {
        var current = scoreAt(customer, asOf: asOf)
        guard includingTrend else { return current }
        let earlier = HealthScorer(model: model, describesInputs: false).scoreAt(customer, asOf: asOf.adding(days: -30))
        current.riskThirtyDaysAgo = earlier.risk
        if let now = current.risk, let then = earlier.risk {
            let change = now - then
            current.trend = change > 5 ? .declining : change < -5 ? .improving : .stable
        }
        return current
    }

    /// The score as of one date, without the trend.
    func scoreAt(_ customer: CustomerRecord, asOf: CalendarDate) -> CustomerScore {
        let inputs = SignalInputs(snapshots: customer.snapshots, asOf: asOf, maxAgeDays: model.maxSignalAgeDays)
        let signals = model.signals(forSegment: customer.segment)
        var values: [String: (CustomerScore.Value, String)] = [:]
        for signal in signals {
            if let value = Self.value(of: signal.name, inputs: inputs, seats: customer.seats, asOf: asOf, describing: describesInputs) {
                values[signal.name] = value
            }
        }

        // Dimensions in the configured order, each with its signals in configured order.
        var dimensions: [CustomerScore.DimensionScore] = []
        for dimension in model.dimensions {
            var scored: [CustomerScore.SignalScore] = []
            var weightedHealth: Rational = 0
            var presentWeight: Rational = 0
            for signal in signals where signal.dimension == dimension.name {
                let value = values[signal.name]
                let health = value.flatMap { Self.health(of: $0.0, bad: signal.bad, good: signal.good) }
                if let health {
                    weightedHealth += health * signal.weight
                    presentWeight += signal.weight
                }
                scored.append(CustomerScore.SignalScore(
                    name: signal.name, value: value?.0, health: health, bad: signal.bad, good: signal.good,
                    weight: signal.weight, points: nil, derivation: value?.1 ?? "no recent value"))
            }
            let health: Rational? = presentWeight > 0 ? weightedHealth / presentWeight : nil
            dimensions.append(CustomerScore.DimensionScore(
                name: dimension.name, weight: dimension.weight, health: health, signals: scored))
        }

        // Health over dimensions with a present signal; coverage over all dimensions.
        var weightedHealth: Rational = 0
        var presentDimensionWeight: Rational = 0
        var coverageSum: Rational = 0
        var dimensionWeight: Rational = 0
        for dimension in dimensions {
            dimensionWeight += dimension.weight
            let allWeight = dimension.signals.reduce(Rational.zero) { $0 + $1.weight }
            let present = dimension.signals.filter { $0.health != nil }.reduce(Rational.zero) { $0 + $1.weight }
            if allWeight > 0 { coverageSum += dimension.weight * present / allWeight }
            if let health = dimension.health {
                weightedHealth += dimension.weight * health
                presentDimensionWeight += dimension.weight
            }
        }
        let health: Rational? = presentDimensionWeight > 0 ? weightedHealth / presentDimensionWeight : nil
        let coverage: Rational? = dimensionWeight > 0 ? coverageSum / dimensionWeight : nil

        // Each present signal's share of 100 − health.
        for dimensionIndex in dimensions.indices {
            let dimension = dimensions[dimensionIndex]
            guard dimension.health != nil, presentDimensionWeight > 0 else { continue }
            let presentSignalWeight = dimension.signals.filter { $0.health != nil }.reduce(Rational.zero) { $0 + $1.weight }
            for signalIndex in dimension.signals.indices {
                guard let signalHealth = dimension.signals[signalIndex].health, presentSignalWeight > 0 else { continue }
                let signalShare: Rational = dimension.signals[signalIndex].weight / presentSignalWeight
                let dimensionShare: Rational = dimension.weight / presentDimensionWeight
                dimensions[dimensionIndex].signals[signalIndex].points = (100 - signalHealth) * signalShare * dimensionShare
            }
        }

        let events = self.events(customer.snapshots, asOf: asOf)
        let renewal = customer.contractEnd.map { end -> CustomerScore.Renewal in
            let days = asOf.days(until: end)
            return CustomerScore.Renewal(date: end, days: days, factor: model.renewalFactor(days: days))
        }

        var score = CustomerScore(
            asOf: asOf, health: health, coverage: coverage, rawRisk: nil, risk: nil, tier: nil,
            dimensions: dimensions, events: events, renewal: renewal, drivers: [],
            riskThirtyDaysAgo: nil, trend: nil)
        guard let health, let coverage, coverage >= model.minCoverage else { return score }

        let eventPoints = events.reduce(Rational.zero) { $0 + $1.points }
        let raw = (100 - health + eventPoints) * (renewal?.factor ?? 1)
        let risk = raw.clamped(to: 0...100).roundedInteger
        score.rawRisk = raw
        score.risk = risk
        score.tier = model.tier(forRisk: risk)
        score.drivers = drivers(dimensions: dimensions, events: events)
        return score
    }

    /// The three largest positive contributions, ties broken by name.
    private func drivers(dimensions: [CustomerScore.DimensionScore], events: [CustomerScore.EventScore])
        -> [CustomerScore.Driver]
    {
        var candidates: [CustomerScore.Driver] = []
        for signal in dimensions.flatMap(\.signals) {
            if let points = signal.points, points > 0, let value = signal.value {
                candidates.append(CustomerScore.Driver(name: signal.name, value: value.text, points: points))
            }
        }
        for event in events where event.points > 0 {
            candidates.append(CustomerScore.Driver(name: event.kind, value: event.date.description, points: event.points))
        }
        return Array(candidates.sorted { ($0.points, $1.name) > ($1.points, $0.name) }.prefix(3))
    }

    /// Events from snapshots dated on or before as-of, within the window, each (kind, date) once.
    private func events(_ snapshots: [CustomerRecord.Snapshot], asOf: CalendarDate) -> [CustomerScore.EventScore] {
        var seen = Set<String>()
        var events: [CustomerScore.EventScore] = []
        for snapshot in snapshots where snapshot.date <= asOf {
            for event in snapshot.document["events"]?.elements ?? [] {
                guard let kind = event["kind"]?.string, let date = event["date"]?.date else { continue }
                let age = date.days(until: asOf)
                guard age >= 0, age <= model.eventWindowDays, seen.insert("\(kind)@\(date)").inserted else { continue }
                events.append(CustomerScore.EventScore(kind: kind, date: date, points: model.eventPoints[kind] ?? 0))
            }
        }
        return events.sorted { ($0.date, $0.kind) < ($1.date, $1.kind) }
    }

    /// A signal's value and how it was derived, or nil when an input is missing.
    static func value(of signal: String, inputs: SignalInputs, seats: Int?, asOf: CalendarDate, describing: Bool = true)
        -> (CustomerScore.Value, String)?
    {
        func from(_ field: String) -> String {
            inputs.reading(field).map { "snapshot \($0.snapshotDate)" } ?? ""
        }
        func ratio(_ numerator: String, _ denominator: String) -> (CustomerScore.Value, String)? {
            guard let top = inputs.number(numerator), let bottom = inputs.number(denominator), bottom != 0 else { return nil }
            guard describing else { return (.number(top / bottom), "") }
            let label = "\(numerator.split(separator: ".").last!) \(top.text(places: 6)) / \(denominator.split(separator: ".").last!) \(bottom.text(places: 6))"
            return (.number(top / bottom), "\(label) (\(from(numerator)))")
        }
        func plain(_ field: String) -> (CustomerScore.Value, String)? {
            if let number = inputs.number(field) { return (.number(number), describing ? from(field) : "") }
            if let flag = inputs.flag(field) { return (.flag(flag), describing ? from(field) : "") }
            return nil
        }
        func daysSince(_ field: String) -> (CustomerScore.Value, String)? {
            guard let date = inputs.date(field) else { return nil }
            guard describing else { return (.number(Rational(date.days(until: asOf))), "") }
            return (.number(Rational(date.days(until: asOf))), "\(field.split(separator: ".").last!) \(date) (\(from(field)))")
        }
        switch signal {
        case "license_utilization":
            guard let users = inputs.number("usage.active_users"), let seats, seats > 0 else { return nil }
            guard describing else { return (.number(users / Rational(seats)), "") }
            return (.number(users / Rational(seats)),
                    "active_users \(users.text(places: 6)) / seats \(seats) (\(from("usage.active_users")))")
        case "feature_adoption": return ratio("usage.key_features_adopted", "usage.key_features_total")
        case "dau_mau": return plain("usage.dau_mau")
        case "days_since_login": return daysSince("usage.last_login")
        case "meeting_attendance": return ratio("engagement.meetings_attended_90d", "engagement.meetings_scheduled_90d")
        case "exec_sponsor_engaged": return plain("engagement.exec_sponsor_engaged")
        case "days_since_touch": return daysSince("engagement.last_touch")
        case "high_severity_open": return plain("support.high_severity_open")
        case "escalations_90d": return plain("support.escalations_90d")
        case "open_tickets": return plain("support.open_tickets")
        case "nps": return plain("sentiment.nps")
        case "csat": return plain("sentiment.csat")
        case "ces": return plain("sentiment.ces")
        default: return nil
        }
    }

    /// Linear between bad (0) and good (100), clamped; a boolean is 100 when it equals `good`.
    static func health(of value: CustomerScore.Value, bad: ScoringModel.Threshold, good: ScoringModel.Threshold) -> Rational? {
        switch (value, bad, good) {
        case (.flag(let flag), _, .flag(let goodFlag)):
            return flag == goodFlag ? 100 : 0
        case (.number(let number), .number(let badValue), .number(let goodValue)):
            guard badValue != goodValue else { return nil }
            let fraction: Rational = (number - badValue) / (goodValue - badValue)
            return (fraction * 100).clamped(to: 0...100)
        default:
            return nil
        }
    }
}

import Foundation

/// `csws score --format json`: the shape of SPEC §4, documented in the README.
public enum ScoreJSONReporter {
    public static func render(_ customers: [ScoredCustomer], asOf: CalendarDate) -> String {
        let rendered = customers.parallelMap { customer($0).serialized }
        return "{\"as_of\":\"\(asOf)\",\"customers\":[" + rendered.joined(separator: ",") + "]}\n"
    }

    static func decimal(_ value: Rational?, places: Int) -> JSONValue {
        guard let value else { return .null }
        return .raw(value.text(places: places))
    }

    static func threshold(_ value: ScoringModel.Threshold) -> JSONValue {
        switch value {
        case .number(let number): return .raw(number.text(places: 6))
        case .flag(let flag): return .bool(flag)
        }
    }

    static func value(_ value: CustomerScore.Value?) -> JSONValue {
        switch value {
        case .number(let number)?: return decimal(number, places: 4)
        case .flag(let flag)?: return .bool(flag)
        case nil: return .null
        }
    }

    static func customer(_ scored: ScoredCustomer) -> JSONValue {
        let record = scored.record
        let score = scored.score
        let summary: [(String, JSONValue)] = [
            ("id", .string(record.id)),
            ("name", .string(record.name)),
            ("owner", .optional(record.owner)),
            ("segment", .optional(record.segment)),
            ("arr", decimal(record.arr, places: 2)),
            ("risk", score.risk.map(JSONValue.int) ?? .null),
            ("tier", .optional(score.tier?.rawValue)),
            ("color", .optional(score.tier?.color)),
            ("health", decimal(score.health, places: 2)),
            ("coverage", decimal(score.coverage, places: 4)),
            ("trend", .optional(score.trend?.rawValue)),
            ("risk_30d_ago", score.riskThirtyDaysAgo.map(JSONValue.int) ?? .null),
        ]
        let details: [(String, JSONValue)] = [
            ("dimensions", .array(score.dimensions.map(dimension))),
            ("events", .array(score.events.map(event))),
            ("renewal", score.renewal.map(renewal) ?? .null),
            ("drivers", .array(score.isScored ? score.drivers.map(driver) : [])),
            ("override", scored.riskOverride.map { override($0, expired: scored.overrideExpired) } ?? .null),
            ("playbooks", .array(scored.playbooks.map(playbook))),
        ]
        return .object(summary + details)
    }

    static func dimension(_ dimension: CustomerScore.DimensionScore) -> JSONValue {
        .object([
            ("name", .string(dimension.name)),
            ("weight", decimal(dimension.weight, places: 4)),
            ("health", decimal(dimension.health, places: 2)),
            ("signals", .array(dimension.signals.map(signal))),
        ])
    }

    static func signal(_ signal: CustomerScore.SignalScore) -> JSONValue {
        .object([
            ("name", .string(signal.name)),
            ("value", value(signal.value)),
            ("health", decimal(signal.health, places: 2)),
            ("bad", threshold(signal.bad)),
            ("good", threshold(signal.good)),
        ])
    }

    static func event(_ event: CustomerScore.EventScore) -> JSONValue {
        .object([
            ("kind", .string(event.kind)), ("date", .string(event.date.description)),
            ("points", decimal(event.points, places: 2)),
        ])
    }

    static func renewal(_ renewal: CustomerScore.Renewal) -> JSONValue {
        .object([
            ("date", .string(renewal.date.description)), ("days", .int(renewal.days)),
            ("factor", decimal(renewal.factor, places: 2)),
        ])
    }

    static func driver(_ driver: CustomerScore.Driver) -> JSONValue {
        .object([
            ("name", .string(driver.name)), ("value", .string(driver.value)),
            ("points", decimal(driver.points, places: 2)),
        ])
    }

    static func override(_ override: CustomerRecord.Override, expired: Bool) -> JSONValue {
        .object([
            ("tier", .string(override.tier)), ("reason", .string(override.reason)),
            ("by", .string(override.by)), ("until", .optional(override.until?.description)),
            ("expired", .bool(expired)),
        ])
    }

    static func playbook(_ playbook: PlaybookRecommendation) -> JSONValue {
        .object([
            ("id", .string(playbook.id)), ("reason", .string(playbook.reason)),
            ("act_within_days", playbook.actWithinDays.map(JSONValue.int) ?? .null),
        ])
    }
}

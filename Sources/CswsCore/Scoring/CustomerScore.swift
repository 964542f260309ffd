import Foundation

/// The score of one customer as of a date, with everything needed to explain it (SPEC §4).
public struct CustomerScore: Sendable {
    public enum Value: Sendable, Equatable {
        case number(Rational)
        case flag(Bool)

        public var text: String {
            switch self {
            case .number(let value): return value.text(places: 4)
            case .flag(let value): return value ? "true" : "false"
            }
        }
    }

    public struct SignalScore: Sendable {
        public var name: String
        public var value: Value?
        /// 0...100, nil when the signal is missing.
        public var health: Rational?
        public var bad: ScoringModel.Threshold
        public var good: ScoringModel.Threshold
        public var weight: Rational
        /// Risk points this signal adds (its share of 100 − health), nil when missing.
        public var points: Rational?
        /// How the value was obtained, e.g. "active_users 276 / seats 300 (snapshot 2026-11-18)".
        public var derivation: String
    }

    public struct DimensionScore: Sendable {
        public var name: String
        public var weight: Rational
        public var health: Rational?
        public var signals: [SignalScore]
    }

    public struct EventScore: Sendable {
        public var kind: String
        public var date: CalendarDate
        public var points: Rational
    }

    public struct Renewal: Sendable {
        public var date: CalendarDate
        public var days: Int
        public var factor: Rational
    }

    public struct Driver: Sendable {
        public var name: String
        public var value: String
        public var points: Rational
    }

    public enum Trend: String, Sendable {
        case improving, stable, declining
    }

    public var asOf: CalendarDate
    public var health: Rational?
    public var coverage: Rational?
    /// Before clamping and rounding; nil when unscored.
    public var rawRisk: Rational?
    public var risk: Int?
    public var tier: RiskTier?
    public var dimensions: [DimensionScore]
    public var events: [EventScore]
    public var renewal: Renewal?
    public var drivers: [Driver]
    public var riskThirtyDaysAgo: Int?
    public var trend: Trend?

    public var isScored: Bool { risk != nil }
}

import Foundation

/// The scoring model of SPEC §4 as configured in csws.yaml `scoring` (every key optional, with
/// the §10.1 defaults), ready to evaluate.
public struct ScoringModel: Sendable {
    /// A signal's `bad`/`good` threshold: a number, or a boolean for exec_sponsor_engaged.
    public enum Threshold: Sendable, Equatable {
        case number(Rational)
        case flag(Bool)

        public var text: String {
            switch self {
            case .number(let value): return value.text(places: 6)
            case .flag(let value): return value ? "true" : "false"
            }
        }
    }

    public struct Signal: Sendable {
        public var name: String
        public var dimension: String
        public var bad: Threshold
        public var good: Threshold
        public var weight: Rational
    }

    public struct RenewalFactor: Sendable {
        public var withinDays: Int
        public var factor: Rational
    }

    public var maxSignalAgeDays = 90
    public var minCoverage: Rational = Rational(decimalText: "0.5")!
    public var eventWindowDays = 90
    /// Dimension name → weight, in the order written.
    public var dimensions: [(name: String, weight: Rational)]
    public var signals: [Signal]
    public var eventPoints: [String: Rational]
    /// Ascending by `withinDays`.
    public var renewalFactors: [RenewalFactor]
    public var tierBounds: (medium: Int, high: Int, critical: Int) = (40, 60, 80)
    /// Segment → signal name → override entry (merged key by key over `signals`).
    public var segmentOverrides: [String: [String: DocumentNode]] = [:]

    public static let signalNames = [
        "license_utilization", "feature_adoption", "dau_mau", "days_since_login",
        "meeting_attendance", "exec_sponsor_engaged", "days_since_touch",
        "high_severity_open", "escalations_90d", "open_tickets",
        "nps", "csat", "ces",
    ]

    static func decimal(_ text: String) -> Rational { Rational(decimalText: text)! }

    public static let defaultSignals: [Signal] = [
        Signal(name: "license_utilization", dimension: "usage", bad: .number(decimal("0.2")), good: .number(decimal("0.8")), weight: 1),
        Signal(name: "feature_adoption", dimension: "usage", bad: .number(decimal("0.2")), good: .number(decimal("0.7")), weight: 1),
        Signal(name: "dau_mau", dimension: "usage", bad: .number(decimal("0.1")), good: .number(decimal("0.4")), weight: 1),
        Signal(name: "days_since_login", dimension: "usage", bad: .number(21), good: .number(2), weight: 1),
        Signal(name: "meeting_attendance", dimension: "engagement", bad: .number(decimal("0.3")), good: .number(decimal("0.9")), weight: 1),
        Signal(name: "exec_sponsor_engaged", dimension: "engagement", bad: .flag(false), good: .flag(true), weight: 1),
        Signal(name: "days_since_touch", dimension: "engagement", bad: .number(60), good: .number(14), weight: 1),
        Signal(name: "high_severity_open", dimension: "support", bad: .number(3), good: .number(0), weight: 1),
        Signal(name: "escalations_90d", dimension: "support", bad: .number(3), good: .number(0), weight: 1),
        Signal(name: "open_tickets", dimension: "support", bad: .number(15), good: .number(2), weight: 1),
        Signal(name: "nps", dimension: "sentiment", bad: .number(4), good: .number(9), weight: 1),
        Signal(name: "csat", dimension: "sentiment", bad: .number(3), good: .number(decimal("4.5")), weight: 1),
        Signal(name: "ces", dimension: "sentiment", bad: .number(5), good: .number(2), weight: 1),
    ]

    public static let defaultDimensions: [(name: String, weight: Rational)] = [
        ("usage", decimal("0.35")), ("engagement", decimal("0.20")), ("support", decimal("0.20")),
        ("sentiment", decimal("0.25")),
    ]

    public static let defaultEventPoints: [String: Rational] = [
        "champion_left": 20, "exec_sponsor_left": 15, "competitor_evaluation": 15, "budget_cut": 15,
        "pricing_complaint": 10,
    ]

    public static let defaultRenewalFactors = [
        RenewalFactor(withinDays: 30, factor: decimal("1.3")),
        RenewalFactor(withinDays: 60, factor: decimal("1.2")),
        RenewalFactor(withinDays: 90, factor: decimal("1.1")),
    ]

    public static let defaults = ScoringModel(
        dimensions: defaultDimensions, signals: defaultSignals, eventPoints: defaultEventPoints,
        renewalFactors: defaultRenewalFactors)

    init(dimensions: [(name: String, weight: Rational)], signals: [Signal], eventPoints: [String: Rational],
         renewalFactors: [RenewalFactor]) {
        self.dimensions = dimensions
        self.signals = signals
        self.eventPoints = eventPoints
        self.renewalFactors = renewalFactors
    }

    /// The model from csws.yaml's `scoring` mapping (nil or absent keys keep the defaults). A
    /// given `dimensions`, `signals`, `events` or `renewal_factors` replaces the default set; a
    /// signal entry's missing keys default to that signal's §4 values; `tiers` merges by key.
    public init(scoring: DocumentNode?) {
        self = .defaults
        guard let scoring, scoring.members != nil else { return }
        if let days = scoring["max_signal_age_days"]?.integer { maxSignalAgeDays = days }
        if let coverage = Rational(scoring["min_coverage"]) { minCoverage = coverage }
        if let days = scoring["event_window_days"]?.integer { eventWindowDays = days }
        if let entries = scoring["dimensions"]?.members {
            dimensions = entries.compactMap { entry in
                // A bare number is accepted as the weight.
                guard let weight = Rational(entry.value) ?? Rational(entry.value["weight"]) else {
                    return nil
                }
                return (entry.key, weight)
            }
        }
        if let entries = scoring["signals"]?.members {
            signals = entries.compactMap { entry in
                guard let base = Self.defaultSignals.first(where: { $0.name == entry.key }) else { return nil }
                return Self.merged(base, with: entry.value)
            }
        }
        if let entries = scoring["events"]?.members {
            eventPoints = [:]
            for entry in entries {
                if let points = Rational(entry.value) { eventPoints[entry.key] = points }
            }
        }
        if let entries = scoring["renewal_factors"]?.elements {
            renewalFactors = entries.compactMap { entry in
                guard let days = entry["within_days"]?.integer, let factor = Rational(entry["factor"]) else {
                    return nil
                }
                return RenewalFactor(withinDays: days, factor: factor)
            }.sorted { $0.withinDays < $1.withinDays }
        }
        if let tiers = scoring["tiers"] {
            tierBounds = (
                tiers["medium"]?.integer ?? 40, tiers["high"]?.integer ?? 60, tiers["critical"]?.integer ?? 80)
        }
        for segment in scoring["segments"]?.members ?? [] {
            var overrides: [String: DocumentNode] = [:]
            for entry in segment.value["signals"]?.members ?? [] { overrides[entry.key] = entry.value }
            segmentOverrides[segment.key] = overrides
        }
    }

    /// `base` with the keys present in `entry` replaced.
    static func merged(_ base: Signal, with entry: DocumentNode) -> Signal {
        var signal = base
        if let dimension = entry["dimension"]?.string { signal.dimension = dimension }
        if let bad = threshold(entry["bad"]) { signal.bad = bad }
        if let good = threshold(entry["good"]) { signal.good = good }
        if let weight = Rational(entry["weight"]) { signal.weight = weight }
        return signal
    }

    static func threshold(_ node: DocumentNode?) -> Threshold? {
        if let flag = node?.bool { return .flag(flag) }
        return Rational(node).map(Threshold.number)
    }

    /// The signals as they apply to a customer of `segment`.
    public func signals(forSegment segment: String?) -> [Signal] {
        guard let segment, let overrides = segmentOverrides[segment] else { return signals }
        return signals.map { signal in overrides[signal.name].map { Self.merged(signal, with: $0) } ?? signal }
    }

    public func tier(forRisk risk: Int) -> RiskTier {
        if risk >= tierBounds.critical { return .critical }
        if risk >= tierBounds.high { return .high }
        if risk >= tierBounds.medium { return .medium }
        return .low
    }

    /// The factor for a renewal `days` away (none once the date has passed).
    public func renewalFactor(days: Int) -> Rational {
        guard days >= 0 else { return 1 }
        return renewalFactors.first { days <= $0.withinDays }?.factor ?? 1
    }
}

public enum RiskTier: String, Sendable, CaseIterable, Comparable {
    case low, medium, high, critical

    public var color: String {
        switch self {
        case .low: return "green"
        case .medium: return "yellow"
        case .high, .critical: return "red"
        }
    }

    var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: RiskTier, rhs: RiskTier) -> Bool { lhs.rank < rhs.rank }
}

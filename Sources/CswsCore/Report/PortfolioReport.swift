/// The CS leader's weekly review (SPEC §7, §10.5): every figure of `csws report`, computed once
/// and rendered as text, Markdown, JSON, CSV or the HTML dashboard.
public struct PortfolioReport: Sendable {
    public struct Filters: Sendable {
        public var owner: String?
        public var segment: String?

        public init(owner: String? = nil, segment: String? = nil) {
            self.owner = owner
            self.segment = segment
        }

        public var isEmpty: Bool { owner == nil && segment == nil }
    }

    /// Customers and ARR of one computed tier.
    public struct TierTotal: Sendable {
        public var tier: RiskTier
        public var customers: Int
        public var arr: Rational
    }

    public struct Portfolio: Sendable {
        public var customers: Int
        public var arr: Rational
        public var scored: Int
        public var unscoredCustomers: Int
        public var unscoredARR: Rational
        /// Σ ARR of customers whose computed tier is high or critical.
        public var arrAtRisk: Rational
        /// Always low, medium, high, critical, in that order.
        public var tiers: [TierTotal]
    }

    /// The agenda item a renewal is waiting on.
    public struct Step: Sendable {
        public var id: String
        public var title: String
        public var due: CalendarDate
    }

    public struct Renewal: Sendable {
        public var id: String
        public var name: String
        public var date: CalendarDate
        public var days: Int
        public var arr: Rational
        public var tier: RiskTier?
        public var trend: CustomerScore.Trend?
        public var step: Step?
    }

    public struct OwnerOverdue: Sendable {
        public var owner: String
        public var total: Int
        /// Counts for every kind, in `AgendaItem.Kind.allCases` order (zeros included).
        public var byKind: [(kind: AgendaItem.Kind, count: Int)]
    }

    public enum FirstValueStatus: String, Sendable {
        case done, open, none
    }

    public struct OnboardingCustomer: Sendable {
        public var id: String
        public var name: String
        /// Days since `contract.start`.
        public var days: Int
        public var firstValue: FirstValueStatus
    }

    public struct Onboarding: Sendable {
        /// Longest in onboarding first.
        public var customers: [OnboardingCustomer]
        /// Median TTV of first values reached in the last 365 days; nil when there are none.
        public var ttvMedianDays: Rational?
        /// How many first values the median is taken over.
        public var ttvCount: Int
        /// `rules.first_value_days`.
        public var firstValueDays: Int
        public var pastFirstValueDays: [String]
    }

    public struct Revenue: Sendable {
        public var from: CalendarDate
        public var to: CalendarDate
        public var startARR: Rational
        public var expansion: Rational
        public var contraction: Rational
        public var churn: Rational
        public var newARR: Rational
        /// Percentages rounded half up to one decimal; nil when the start ARR is 0.
        public var nrr: Rational?
        public var grr: Rational?
        /// Customers whose events do not add up to their ARR (start ARR below 0).
        public var excluded: [String]
    }

    public struct VoCTheme: Sendable {
        public var area: String
        public var items: Int
        public var customers: Int
        public var arr: Rational
        public var openLoops: Int
    }

    public struct CustomerRow: Sendable {
        public var id: String
        public var name: String
        public var owner: String?
        public var segment: String?
        public var arr: Rational?
        public var risk: Int?
        public var tier: RiskTier?
        public var riskOverride: CustomerRecord.Override?
        public var overrideExpired: Bool
        public var trend: CustomerScore.Trend?
        public var renewalDate: CalendarDate?
        public var renewalDays: Int?
    }

    /// The portfolio as it stood at one month-end.
    public struct HistoryPoint: Sendable {
        public var date: CalendarDate
        public var tiers: [TierTotal]
        public var arrAtRisk: Rational
        public var unscoredCustomers: Int
        public var unscoredARR: Rational

        public var arr: Rational { tiers.reduce(unscoredARR) { $0 + $1.arr } }
    }

    public var asOf: CalendarDate
    public var workspaceName: String?
    public var filters: Filters
    public var portfolio: Portfolio
    public var renewals: [Renewal]
    /// Most overdue items first.
    public var overdue: [OwnerOverdue]
    public var onboarding: Onboarding
    public var revenue: Revenue
    public var voc: [VoCTheme]
    /// Highest risk first, unscored last.
    public var customers: [CustomerRow]
    /// The six month-ends before as-of's month, oldest first.
    public var history: [HistoryPoint]
    public var currencies: [String]
    /// Workspace files with validity errors (`csws check` lists them).
    public var filesWithErrors: Int
    /// Hidden folders under customers/, left out (SPEC §10.3 `hidden-folder`).
    public var ignoredFolders: [String] = []

    /// Lines a reader must see whatever the format: mixed currencies, ledgers that do not add up.
    public var warnings: [String] {
        var lines: [String] = []
        if currencies.count > 1 {
            lines.append("ARR is summed across currencies (\(currencies.joined(separator: ", "))): amounts are added as written, not converted")
        }
        if !revenue.excluded.isEmpty {
            lines.append("left out of revenue and history, revenue events do not add up to their ARR: \(revenue.excluded.joined(separator: ", ")) (fix their `revenue` lists)")
        }
        for folder in ignoredFolders {
            lines.append("\(folder) is a hidden folder and is left out; rename it without the dot to include it")
        }
        if filesWithErrors > 0 {
            let files = filesWithErrors == 1 ? "1 file has" : "\(filesWithErrors) files have"
            lines.append("\(files) validity errors; the report uses what loads — run `csws check` to list them")
        }
        return lines
    }
}

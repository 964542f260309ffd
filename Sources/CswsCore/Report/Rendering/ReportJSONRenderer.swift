/// `csws report --format json`: the stable shape of SPEC §10.5, documented in the README.
public enum ReportJSONRenderer {
    public static func render(_ report: PortfolioReport) -> String {
        document(report).serialized + "\n"
    }

    static func document(_ report: PortfolioReport) -> JSONValue {
        let filters: JSONValue = .object([("owner", .optional(report.filters.owner)), ("segment", .optional(report.filters.segment))])
        let members: [(String, JSONValue)] = [
            ("as_of", .string(report.asOf.description)),
            ("filters", filters),
            ("portfolio", portfolio(report.portfolio)),
            ("renewals", .array(report.renewals.map(renewal))),
            ("overdue", .array(report.overdue.map(overdue))),
            ("onboarding", onboarding(report.onboarding)),
            ("revenue", revenue(report.revenue)),
            ("voc", .array(report.voc.map(theme))),
            ("customers", .array(report.customers.parallelMap { customer($0) })),
            ("history", .array(report.history.map(historyPoint))),
            ("currencies", .array(report.currencies.map(JSONValue.string))),
            ("files_with_errors", .int(report.filesWithErrors)),
        ]
        return .object(members)
    }

    static func money(_ value: Rational) -> JSONValue { .raw(ReportNumbers.exact(value)) }

    static func date(_ value: CalendarDate?) -> JSONValue { .optional(value?.description) }

    static func tiers(_ tiers: [PortfolioReport.TierTotal]) -> JSONValue {
        .array(tiers.map { total in
            .object([("tier", .string(total.tier.rawValue)), ("customers", .int(total.customers)), ("arr", money(total.arr))])
        })
    }

    static func unscored(customers: Int, arr: Rational) -> JSONValue {
        .object([("customers", .int(customers)), ("arr", money(arr))])
    }

    static func portfolio(_ portfolio: PortfolioReport.Portfolio) -> JSONValue {
        .object([
            ("customers", .int(portfolio.customers)), ("arr", money(portfolio.arr)), ("scored", .int(portfolio.scored)),
            ("unscored", unscored(customers: portfolio.unscoredCustomers, arr: portfolio.unscoredARR)),
            ("arr_at_risk", money(portfolio.arrAtRisk)), ("tiers", tiers(portfolio.tiers)),
        ])
    }

    static func renewal(_ renewal: PortfolioReport.Renewal) -> JSONValue {
        var step = JSONValue.null
        if let due = renewal.step {
            step = .object([("id", .string(due.id)), ("title", .string(due.title)), ("due", date(due.due))])
        }
        return .object([
            ("id", .string(renewal.id)), ("date", date(renewal.date)), ("days", .int(renewal.days)),
            ("arr", money(renewal.arr)), ("tier", .optional(renewal.tier?.rawValue)),
            ("trend", .optional(renewal.trend?.rawValue)), ("step", step),
        ])
    }

    static func overdue(_ owner: PortfolioReport.OwnerOverdue) -> JSONValue {
        let kinds: [(String, JSONValue)] = owner.byKind.map { ($0.kind.rawValue, .int($0.count)) }
        return .object([("owner", .string(owner.owner)), ("total", .int(owner.total)), ("by_kind", .object(kinds))])
    }

    static func onboarding(_ onboarding: PortfolioReport.Onboarding) -> JSONValue {
        let customers: [JSONValue] = onboarding.customers.map { customer in
            .object([("id", .string(customer.id)), ("days", .int(customer.days)), ("first_value", .string(customer.firstValue.rawValue))])
        }
        let median: JSONValue = onboarding.ttvMedianDays.map { .raw(ReportNumbers.days($0)) } ?? .null
        return .object([
            ("customers", .array(customers)), ("ttv_median_days", median),
            ("past_first_value_days", .array(onboarding.pastFirstValueDays.map(JSONValue.string))),
        ])
    }

    static func revenue(_ revenue: PortfolioReport.Revenue) -> JSONValue {
        func percent(_ value: Rational?) -> JSONValue { value.map { .raw(ReportNumbers.percent($0)) } ?? .null }
        let period: JSONValue = .object([("from", date(revenue.from)), ("to", date(revenue.to))])
        return .object([
            ("period", period), ("start_arr", money(revenue.startARR)), ("expansion", money(revenue.expansion)),
            ("contraction", money(revenue.contraction)), ("churn", money(revenue.churn)), ("new_arr", money(revenue.newARR)),
            ("nrr", percent(revenue.nrr)), ("grr", percent(revenue.grr)),
            ("excluded", .array(revenue.excluded.map(JSONValue.string))),
        ])
    }

    static func theme(_ theme: PortfolioReport.VoCTheme) -> JSONValue {
        .object([
            ("area", .string(theme.area)), ("items", .int(theme.items)), ("customers", .int(theme.customers)),
            ("arr", money(theme.arr)), ("open_loops", .int(theme.openLoops)),
        ])
    }

    static func customer(_ row: PortfolioReport.CustomerRow) -> JSONValue {
        var riskOverride = JSONValue.null
        if let given = row.riskOverride { riskOverride = ScoreJSONReporter.override(given, expired: row.overrideExpired) }
        return .object([
            ("id", .string(row.id)), ("name", .string(row.name)), ("owner", .optional(row.owner)),
            ("segment", .optional(row.segment)), ("arr", row.arr.map(money) ?? .null),
            ("risk", row.risk.map(JSONValue.int) ?? .null), ("tier", .optional(row.tier?.rawValue)),
            ("override", riskOverride), ("trend", .optional(row.trend?.rawValue)),
            ("renewal_date", date(row.renewalDate)), ("renewal_days", row.renewalDays.map(JSONValue.int) ?? .null),
        ])
    }

    static func historyPoint(_ point: PortfolioReport.HistoryPoint) -> JSONValue {
        .object([
            ("date", date(point.date)), ("tiers", tiers(point.tiers)), ("arr_at_risk", money(point.arrAtRisk)),
            ("unscored", unscored(customers: point.unscoredCustomers, arr: point.unscoredARR)),
        ])
    }
}

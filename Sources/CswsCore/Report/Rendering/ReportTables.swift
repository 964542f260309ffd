/// The report as titled tables, shared by the text, Markdown and HTML renderings so that they
/// show the same rows and the same digits.
public struct ReportTable: Sendable {
    public struct Cell: Sendable {
        public var text: String
        /// The exact number behind the text, for sorting (HTML) and for comparing formats.
        public var number: String?
        /// A risk tier the cell stands for (colours it in HTML).
        public var tier: String?

        public init(_ text: String, number: String? = nil, tier: String? = nil) {
            self.text = text
            self.number = number
            self.tier = tier
        }
    }

    public var id: String
    public var title: String
    /// Lines shown before the table.
    public var lead: [String] = []
    public var header: [String]
    /// Columns holding numbers (right-aligned).
    public var numeric: Set<Int> = []
    public var rows: [[Cell]]
    /// Shown instead of an empty table.
    public var empty: String = "none"
    /// Lines shown after the table.
    public var notes: [String] = []
}

public enum ReportTables {
    public static func title(_ report: PortfolioReport) -> String {
        "Portfolio report" + (report.workspaceName.map { " — \($0)" } ?? "") + ", as of \(report.asOf)"
    }

    /// `owner ben, segment enterprise`, or nil without filters.
    public static func filterLine(_ report: PortfolioReport) -> String? {
        let parts = [report.filters.owner.map { "owner \($0)" }, report.filters.segment.map { "segment \($0)" }].compactMap { $0 }
        return parts.isEmpty ? nil : "Filtered to " + parts.joined(separator: ", ")
    }

    public static func all(_ report: PortfolioReport) -> [ReportTable] {
        [portfolio(report), renewals(report), overdue(report), onboarding(report), revenue(report), voc(report),
         history(report), customers(report)]
    }

    static func money(_ value: Rational) -> ReportTable.Cell {
        ReportTable.Cell(ReportNumbers.grouped(value), number: ReportNumbers.exact(value))
    }

    static func count(_ value: Int) -> ReportTable.Cell { ReportTable.Cell(String(value), number: String(value)) }

    static func tier(_ tier: RiskTier?) -> ReportTable.Cell {
        ReportTable.Cell(tier?.rawValue ?? "unscored", tier: tier?.rawValue ?? "unscored")
    }

    static func text(_ value: String?) -> ReportTable.Cell { ReportTable.Cell(value ?? "-") }

    static func portfolio(_ report: PortfolioReport) -> ReportTable {
        let portfolio = report.portfolio
        var rows = portfolio.tiers.map { total -> [ReportTable.Cell] in
            [tier(total.tier), text(total.tier.color), count(total.customers), money(total.arr),
             text(ReportNumbers.share(total.arr, of: portfolio.arr).map { $0 + "%" })]
        }
        rows.append([tier(nil), text(nil), count(portfolio.unscoredCustomers), money(portfolio.unscoredARR),
                     text(ReportNumbers.share(portfolio.unscoredARR, of: portfolio.arr).map { $0 + "%" })])
        rows.append([text("total"), text(nil), count(portfolio.customers), money(portfolio.arr), text(nil)])
        var notes = ["ARR at risk (tier high or critical): \(ReportNumbers.grouped(portfolio.arrAtRisk))"
            + (ReportNumbers.share(portfolio.arrAtRisk, of: portfolio.arr).map { " — \($0)% of ARR" } ?? "")]
        if portfolio.unscoredCustomers > 0 {
            notes.append("Unscored customers have too few recent signals to score; they are listed in the customers table as `unscored`, never counted in a tier.")
        }
        return ReportTable(
            id: "portfolio", title: "Portfolio by risk tier", header: ["TIER", "COLOUR", "CUSTOMERS", "ARR", "SHARE"],
            numeric: [2, 3, 4], rows: rows, notes: notes)
    }

    static func renewals(_ report: PortfolioReport) -> ReportTable {
        let rows = report.renewals.map { renewal -> [ReportTable.Cell] in
            [text(renewal.date.description), count(renewal.days), text(renewal.id), text(renewal.name), money(renewal.arr),
             tier(renewal.tier), text(renewal.trend?.rawValue),
             text(renewal.step.map { "\($0.title) (due \($0.due))" })]
        }
        let arr = report.renewals.reduce(Rational.zero) { $0 + $1.arr }
        return ReportTable(
            id: "renewals", title: "Renewals in the next 120 days",
            header: ["DATE", "DAYS", "ID", "NAME", "ARR", "TIER", "TREND", "STEP DUE"], numeric: [1, 4], rows: rows,
            empty: "no renewal in the next 120 days",
            notes: rows.isEmpty ? [] : ["\(rows.count) renewal\(rows.count == 1 ? "" : "s"), \(ReportNumbers.grouped(arr)) ARR"])
    }

    static func overdue(_ report: PortfolioReport) -> ReportTable {
        let rows = report.overdue.map { owner -> [ReportTable.Cell] in
            [text(owner.owner), count(owner.total)] + owner.byKind.map { count($0.count) }
        }
        return ReportTable(
            id: "overdue", title: "Overdue work per owner",
            header: ["OWNER", "TOTAL"] + AgendaItem.Kind.allCases.map { $0.rawValue.uppercased() },
            numeric: Set(1...(1 + AgendaItem.Kind.allCases.count)), rows: rows, empty: "nothing overdue",
            notes: rows.isEmpty ? [] : ["`csws agenda --owner OWNER` lists each item."])
    }

    static func onboarding(_ report: PortfolioReport) -> ReportTable {
        let onboarding = report.onboarding
        let rows = onboarding.customers.map { customer -> [ReportTable.Cell] in
            [text(customer.id), text(customer.name), count(customer.days), text(customer.firstValue.rawValue)]
        }
        var notes: [String] = []
        if let median = onboarding.ttvMedianDays {
            notes.append("Median time to first value: \(ReportNumbers.days(median)) days (\(onboarding.ttvCount) first value\(onboarding.ttvCount == 1 ? "" : "s") reached in the last 365 days)")
        } else {
            notes.append("Median time to first value: no first value reached in the last 365 days")
        }
        let past = onboarding.pastFirstValueDays
        notes.append("Past day \(onboarding.firstValueDays) without first value: " + (past.isEmpty ? "none" : past.joined(separator: ", ")))
        return ReportTable(
            id: "onboarding", title: "Onboarding", header: ["ID", "NAME", "DAYS", "FIRST VALUE"], numeric: [2],
            rows: rows, empty: "no customer in onboarding", notes: notes)
    }

    static func revenue(_ report: PortfolioReport) -> ReportTable {
        let revenue = report.revenue
        func percent(_ value: Rational?) -> ReportTable.Cell {
            value.map { ReportTable.Cell(ReportNumbers.percent($0) + "%", number: ReportNumbers.percent($0)) } ?? text(nil)
        }
        var notes = ["NRR = (start + expansion − contraction − churn) / start; GRR = (start − contraction − churn) / start. New ARR (customers won in the period) counts in neither."]
        if revenue.nrr == nil { notes.append("NRR and GRR need a start ARR above 0.") }
        return ReportTable(
            id: "revenue", title: "Revenue, trailing 12 months",
            lead: ["\(revenue.from) to \(revenue.to)"],
            header: ["START ARR", "EXPANSION", "CONTRACTION", "CHURN", "NEW ARR", "NRR", "GRR"], numeric: Set(0...6),
            rows: [[money(revenue.startARR), money(revenue.expansion), money(revenue.contraction), money(revenue.churn),
                    money(revenue.newARR), percent(revenue.nrr), percent(revenue.grr)]],
            notes: notes)
    }

    static func voc(_ report: PortfolioReport) -> ReportTable {
        let rows = report.voc.map { theme -> [ReportTable.Cell] in
            [text(theme.area), count(theme.items), count(theme.customers), money(theme.arr), count(theme.openLoops)]
        }
        return ReportTable(
            id: "voc", title: "Voice of the customer, last 90 days", header: ["AREA", "ITEMS", "CUSTOMERS", "ARR", "OPEN LOOPS"],
            numeric: [1, 2, 3, 4], rows: rows, empty: "no feedback in the last 90 days",
            notes: rows.isEmpty ? [] : ["ARR counts each customer once per area; open loops are items without `closed`."])
    }

    static func history(_ report: PortfolioReport) -> ReportTable {
        let rows = report.history.map { point -> [ReportTable.Cell] in
            [text(point.date.description)] + point.tiers.map { money($0.arr) }
                + [money(point.unscoredARR), money(point.arrAtRisk), money(point.arr),
                   count(point.tiers.reduce(point.unscoredCustomers) { $0 + $1.customers })]
        }
        return ReportTable(
            id: "history", title: "ARR by tier at each month-end",
            header: ["MONTH-END", "LOW", "MEDIUM", "HIGH", "CRITICAL", "UNSCORED", "AT RISK", "ARR", "CUSTOMERS"],
            numeric: Set(1...8), rows: rows,
            notes: ["Each month-end scores the files as of that day; ARR then comes from the revenue events."])
    }

    static func customers(_ report: PortfolioReport) -> ReportTable {
        let rows = report.customers.map { row -> [ReportTable.Cell] in
            var overrideText: String?
            if let riskOverride = row.riskOverride {
                overrideText = riskOverride.tier + (row.overrideExpired ? " (expired)" : "")
            }
            return [text(row.id), text(row.name), text(row.owner), text(row.segment), row.arr.map(money) ?? text(nil),
                    row.risk.map(count) ?? text(nil), tier(row.tier), text(overrideText), text(row.trend?.rawValue),
                    text(row.renewalDate?.description), row.renewalDays.map(count) ?? text(nil)]
        }
        return ReportTable(
            id: "customers", title: "Customers by risk",
            header: ["ID", "NAME", "OWNER", "SEGMENT", "ARR", "RISK", "TIER", "OVERRIDE", "TREND", "RENEWAL", "DAYS"],
            numeric: [4, 5, 10], rows: rows, empty: "no customers",
            notes: rows.isEmpty ? [] : ["`csws score ID --explain` shows how each risk was computed."])
    }
}

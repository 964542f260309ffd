/// Builds the portfolio report in one pass over the customers, from the same scoring and agenda
/// code as `csws score` and `csws agenda` (one source of truth for every number).
public enum PortfolioReportBuilder {
    /// What one customer contributes to the report; only this is kept after its files are read.
    struct CustomerFacts: Sendable {
        var id: String
        var name: String
        var owner: String?
        var segment: String?
        var status: String?
        var currency: String
        var arr: Rational?
        var contractStart: CalendarDate?
        var contractEnd: CalendarDate?
        var ledger: RevenueLedger
        /// Nil for churned customers (they count only in revenue and history).
        var scored: ScoredCustomer?
        /// Overdue agenda items: owner → count per kind (in `AgendaItem.Kind.allCases` order).
        var overdue: [String: [Int]]
        var renewalStep: PortfolioReport.Step?
        var firstValue: PortfolioReport.FirstValueStatus
        var firstValueDone: CalendarDate?
        /// VoC items of the last 90 days.
        var feedback: [CustomerRecord.Feedback]
        /// For each month-end: ARR then and the tier scored as of then; nil when not in the portfolio then.
        var history: [(arr: Rational, tier: RiskTier?)?]
    }

    public static func build(
        _ workspace: Workspace, shared: SharedFiles? = nil, asOf: CalendarDate,
        filters: PortfolioReport.Filters = PortfolioReport.Filters(),
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) -> PortfolioReport {
        let shared = shared ?? WorkspaceLoader.loadShared(workspace)
        let context = PortfolioScorer.Context(shared: shared)
        let rules = RuleThresholds(rules: shared.settingsFile?.document?["rules"])
        let agenda = AgendaBuilder(
            settings: shared.settings, rules: rules, library: context.library, asOf: asOf,
            horizonDays: rules.renewalWindowsDays.max() ?? 120)
        let monthEnds = monthEnds(before: asOf)
        let settings = shared.settings

        struct Outcome: Sendable {
            var facts: CustomerFacts?
            var erroredFiles: Set<String>
        }
        let outcomes = WorkspaceLoader.mapCustomers(shared.customerIDs, in: workspace, progress: progress) { loaded -> Outcome in
            let account = loaded.files.account?.document
            if let owner = filters.owner, account?["owner"]?.string != owner { return Outcome(facts: nil, erroredFiles: []) }
            if let segment = filters.segment, account?["segment"]?.string != segment { return Outcome(facts: nil, erroredFiles: []) }
            let errored = Set(Checker.validityDiagnostics(loaded, settings: settings, asOf: asOf)
                .filter { $0.severity == .error }.map(\.file))
            guard account != nil else { return Outcome(facts: nil, erroredFiles: errored) }
            return Outcome(
                facts: facts(loaded.files, context: context, agenda: agenda, monthEnds: monthEnds, asOf: asOf),
                erroredFiles: errored)
        }
        var errored = Set(Checker.sharedDiagnostics(shared).filter { $0.severity == .error && RuleCatalog.isValidityRule($0.rule) }.map(\.file))
        for outcome in outcomes { errored.formUnion(outcome.erroredFiles) }
        let all = outcomes.compactMap(\.facts)
        var report = assemble(
            all, asOf: asOf, filters: filters, monthEnds: monthEnds, firstValueDays: rules.firstValueDays,
            workspaceName: settings?.workspaceName, filesWithErrors: errored.count)
        report.ignoredFolders = shared.layoutDiagnostics.filter { $0.rule == "hidden-folder" }.map(\.file)
        return report
    }

    /// The last day of each of the six calendar months before as-of's month, oldest first.
    public static func monthEnds(before asOf: CalendarDate) -> [CalendarDate] {
        (1...6).reversed().map { back in
            let months = asOf.year * 12 + (asOf.month - 1) - back
            let year = months / 12
            let month = months % 12 + 1
            return CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))!
        }
    }

    static func facts(
        _ files: CustomerFiles, context: PortfolioScorer.Context, agenda: AgendaBuilder, monthEnds: [CalendarDate],
        asOf: CalendarDate
    ) -> CustomerFacts {
        let record = CustomerRecord(files)
        let account = files.account?.document
        let ledger = RevenueLedger(
            customer: record.id, arr: record.arr, churned: record.isChurned,
            events: RevenueEvent.events(of: account), asOf: asOf)
        var facts = CustomerFacts(
            id: record.id, name: record.name, owner: record.owner, segment: record.segment, status: record.status,
            currency: account?["currency"]?.string ?? "USD", arr: record.arr, contractStart: record.contractStart,
            contractEnd: record.contractEnd, ledger: ledger, scored: nil, overdue: [:], renewalStep: nil,
            firstValue: .none, firstValueDone: nil, feedback: [], history: [])

        // History first: it needs every snapshot, which the current score's record drops.
        let historyScorer = HealthScorer(model: context.model, describesInputs: false)
        facts.history = monthEnds.map { end in
            guard ledger.addsUp, let start = record.contractStart, start <= end else { return nil }
            let arr = ledger.arr(at: end)
            guard arr > 0 else { return nil }
            return (arr, historyScorer.score(record, asOf: end, includingTrend: false).tier)
        }
        guard !record.isChurned else { return facts }

        var scored = PortfolioScorer.score(record, context: context, asOf: asOf)
        let items = agenda.items(for: files, scored: scored)
        scored.record.snapshots = []
        facts.scored = scored
        let kinds = AgendaItem.Kind.allCases
        for item in items where item.isOverdue(asOf: asOf) {
            facts.overdue[item.owner, default: Array(repeating: 0, count: kinds.count)][kinds.firstIndex(of: item.kind)!] += 1
        }
        facts.renewalStep = renewalStep(items, asOf: asOf)
        let vocSince = asOf.adding(days: -90)
        facts.feedback = record.feedback.filter { $0.date > vocSince && $0.date <= asOf }

        let milestones = files.plan?.document?["milestones"]?.elements ?? []
        if let milestone = milestones.first(where: { $0["first_value"]?.bool == true && $0["status"]?.string != "dropped" }) {
            let done = milestone["status"]?.string == "done"
            facts.firstValue = done ? .done : .open
            facts.firstValueDone = done ? milestone["done"]?.date : nil
        }
        return facts
    }

    /// The renewal-window step now due (the latest one whose date has come), else the next open
    /// renewal milestone of the plan — the item `agenda` shows for the renewal.
    static func renewalStep(_ items: [AgendaItem], asOf: CalendarDate) -> PortfolioReport.Step? {
        let window = items.filter { $0.kind == .renewal && $0.due <= asOf }.max { $0.due < $1.due }
        let milestone = items.filter { $0.kind == .milestone && $0.phase == "renewal" }.min { $0.due < $1.due }
        return (window ?? milestone).map { PortfolioReport.Step(id: $0.reference ?? $0.source, title: $0.title, due: $0.due) }
    }

    static func assemble(
        _ all: [CustomerFacts], asOf: CalendarDate, filters: PortfolioReport.Filters, monthEnds: [CalendarDate],
        firstValueDays: Int, workspaceName: String?, filesWithErrors: Int
    ) -> PortfolioReport {
        let active = all.filter { $0.scored != nil }
        let scored = PortfolioScorer.sortedByRisk(active.compactMap(\.scored))

        let renewals = active.compactMap { facts -> PortfolioReport.Renewal? in
            guard let end = facts.contractEnd, let score = facts.scored?.score else { return nil }
            let days = asOf.days(until: end)
            guard days >= 0, days <= 120 else { return nil }
            return PortfolioReport.Renewal(
                id: facts.id, name: facts.name, date: end, days: days, arr: facts.arr ?? 0, tier: score.tier,
                trend: score.trend, step: facts.renewalStep)
        }.sorted { ($0.date, $0.id) < ($1.date, $1.id) }

        let history = monthEnds.indices.map { index in
            point(date: monthEnds[index], members: all.compactMap { $0.history[index] })
        }

        return PortfolioReport(
            asOf: asOf, workspaceName: workspaceName, filters: filters,
            portfolio: portfolio(active), renewals: renewals, overdue: overdue(active.map(\.overdue)),
            onboarding: onboarding(active, asOf: asOf, firstValueDays: firstValueDays),
            revenue: RevenueLedger.summarize(all.map(\.ledger), asOf: asOf),
            voc: VoCThemes.group(
                active.map { VoCThemes.Source(customer: $0.id, arr: $0.arr ?? 0, feedback: $0.feedback) }, by: .area,
                filter: VoCThemes.Filter(after: asOf.adding(days: -90), through: asOf)),
            customers: scored.map(row), history: history,
            currencies: Array(Set(all.map(\.currency))).sorted(), filesWithErrors: filesWithErrors)
    }

    static func tierTotals(_ members: [(arr: Rational, tier: RiskTier?)]) -> [PortfolioReport.TierTotal] {
        RiskTier.allCases.map { tier in
            let inTier = members.filter { $0.tier == tier }
            return PortfolioReport.TierTotal(tier: tier, customers: inTier.count, arr: inTier.reduce(Rational.zero) { $0 + $1.arr })
        }
    }

    static func atRisk(_ tiers: [PortfolioReport.TierTotal]) -> Rational {
        tiers.filter { $0.tier >= .high }.reduce(Rational.zero) { $0 + $1.arr }
    }

    static func portfolio(_ active: [CustomerFacts]) -> PortfolioReport.Portfolio {
        let members = active.map { (arr: $0.arr ?? 0, tier: $0.scored?.score.tier) }
        let tiers = tierTotals(members)
        let unscored = members.filter { $0.tier == nil }
        return PortfolioReport.Portfolio(
            customers: members.count, arr: members.reduce(Rational.zero) { $0 + $1.arr },
            scored: members.count - unscored.count, unscoredCustomers: unscored.count,
            unscoredARR: unscored.reduce(Rational.zero) { $0 + $1.arr }, arrAtRisk: atRisk(tiers), tiers: tiers)
    }

    static func point(date: CalendarDate, members: [(arr: Rational, tier: RiskTier?)]) -> PortfolioReport.HistoryPoint {
        let tiers = tierTotals(members)
        let unscored = members.filter { $0.tier == nil }
        return PortfolioReport.HistoryPoint(
            date: date, tiers: tiers, arrAtRisk: atRisk(tiers), unscoredCustomers: unscored.count,
            unscoredARR: unscored.reduce(Rational.zero) { $0 + $1.arr })
    }

    /// Overdue agenda items counted per item owner and kind; the busiest owner first.
    static func overdue(_ perCustomer: [[String: [Int]]]) -> [PortfolioReport.OwnerOverdue] {
        let kinds = AgendaItem.Kind.allCases
        var totals: [String: [Int]] = [:]
        for counts in perCustomer {
            for (owner, byKind) in counts {
                totals[owner] = zip(totals[owner] ?? Array(repeating: 0, count: kinds.count), byKind).map { $0 + $1 }
            }
        }
        return totals.map { owner, byKind in
            PortfolioReport.OwnerOverdue(owner: owner, total: byKind.reduce(0, +), byKind: Array(zip(kinds, byKind)))
        }.sorted { ($1.total, $0.owner) < ($0.total, $1.owner) }
    }

    static func onboarding(_ active: [CustomerFacts], asOf: CalendarDate, firstValueDays: Int) -> PortfolioReport.Onboarding {
        let onboarding = active.filter { $0.status == "onboarding" }
        let customers = onboarding.compactMap { facts -> PortfolioReport.OnboardingCustomer? in
            guard let start = facts.contractStart else { return nil }
            return PortfolioReport.OnboardingCustomer(id: facts.id, name: facts.name, days: start.days(until: asOf), firstValue: facts.firstValue)
        }.sorted { ($1.days, $0.id) < ($0.days, $1.id) }
        let yearAgo = asOf.adding(days: -365)
        let ttv = active.compactMap { facts -> Int? in
            guard let start = facts.contractStart, let done = facts.firstValueDone, done > yearAgo, done <= asOf else { return nil }
            return start.days(until: done)
        }
        let past = customers.filter { $0.days > firstValueDays && $0.firstValue != .done }.map(\.id).sorted()
        return PortfolioReport.Onboarding(
            customers: customers, ttvMedianDays: median(ttv), ttvCount: ttv.count, firstValueDays: firstValueDays,
            pastFirstValueDays: past)
    }

    /// The middle value; with an even count, the mean of the two middle values.
    public static func median(_ values: [Int]) -> Rational? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return Rational(sorted[middle]) }
        return Rational(sorted[middle - 1] + sorted[middle]) / 2
    }

    static func row(_ scored: ScoredCustomer) -> PortfolioReport.CustomerRow {
        let record = scored.record
        return PortfolioReport.CustomerRow(
            id: record.id, name: record.name, owner: record.owner, segment: record.segment, arr: record.arr,
            risk: scored.score.risk, tier: scored.score.tier, riskOverride: scored.riskOverride,
            overrideExpired: scored.overrideExpired, trend: scored.score.trend,
            renewalDate: record.contractEnd, renewalDays: record.contractEnd.map { scored.score.asOf.days(until: $0) })
    }
}

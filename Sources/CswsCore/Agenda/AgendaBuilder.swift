import Foundation

/// Builds the agenda: everything overdue, and everything due within the horizon, for every
/// customer that is not churned.
public struct AgendaBuilder: Sendable {
    public let settings: WorkspaceSettings?
    public let rules: RuleThresholds
    public let library: PlaybookLibrary
    public let asOf: CalendarDate
    public let horizonDays: Int

    public init(settings: WorkspaceSettings?, rules: RuleThresholds, library: PlaybookLibrary,
                asOf: CalendarDate, horizonDays: Int) {
        self.settings = settings
        self.rules = rules
        self.library = library
        self.asOf = asOf
        self.horizonDays = horizonDays
    }

    /// The workspace's agenda, sorted by due date (overdue first), then customer and title.
    public static func build(
        _ workspace: Workspace, shared: SharedFiles? = nil, asOf: CalendarDate, horizonDays: Int
    ) -> [AgendaItem] {
        let shared = shared ?? WorkspaceLoader.loadShared(workspace)
        let context = PortfolioScorer.Context(shared: shared)
        let builder = AgendaBuilder(
            settings: shared.settings, rules: RuleThresholds(rules: shared.settingsFile?.document?["rules"]),
            library: context.library, asOf: asOf, horizonDays: horizonDays)
        let options = LoadOptions(validates: false)
        let perCustomer = WorkspaceLoader.mapCustomers(shared.customerIDs, in: workspace, options: options) { loaded -> [AgendaItem] in
            guard loaded.files.account?.document != nil else { return [] }
            let record = CustomerRecord(loaded.files)
            guard !record.isChurned else { return [] }
            return builder.items(for: loaded.files, scored: PortfolioScorer.score(record, context: context, asOf: asOf, includingTrend: false))
        }
        // Customer ids come sorted, so a customer's position is its rank: the sort compares
        // integers and only falls back to titles between items of one customer due the same day
        // (string comparisons dominated it).
        return perCustomer.enumerated()
            .flatMap { rank, items in items.map { (customer: rank, item: $0) } }
            .sorted { left, right in
                if left.item.due != right.item.due { return left.item.due < right.item.due }
                if left.customer != right.customer { return left.customer < right.customer }
                return left.item.title < right.item.title
            }
            .map(\.item)
    }

    private var horizon: CalendarDate { asOf.adding(days: horizonDays) }

    func items(for customer: CustomerFiles, scored: ScoredCustomer) -> [AgendaItem] {
        var items: [AgendaItem] = []
        let record = scored.record
        let owner = record.owner ?? "-"
        func add(_ due: CalendarDate, _ who: String, _ kind: AgendaItem.Kind, _ title: String, _ source: String,
                 reference: String? = nil, phase: String? = nil) {
            if due <= horizon {
                items.append(AgendaItem(
                    due: due, owner: who, customer: record.id, kind: kind, title: title, source: source,
                    reference: reference, phase: phase))
            }
        }
        let milestones = customer.plan?.document?["milestones"]?.elements ?? []

        for milestone in milestones {
            guard let due = milestone["due"]?.date, let status = milestone["status"]?.string,
                status != "done", status != "dropped"
            else { continue }
            let id = milestone["id"]?.string ?? "?"
            add(due, milestone["owner"]?.string ?? owner, .milestone,
                "\(id): \(milestone["title"]?.string ?? "milestone")" + (status == "blocked" ? " (blocked)" : ""),
                milestone["source"]?.string.map { "playbook step \($0)" } ?? "plan milestone",
                reference: milestone["id"]?.string, phase: milestone["phase"]?.string)
        }

        // Recommended playbooks not yet in the plan: tier playbooks from medium up, and triggers.
        let applied = Set(milestones.compactMap { $0["source"]?.string?.split(separator: "/").first.map(String.init) })
        for playbook in scored.playbooks where !applied.contains(playbook.id) {
            if playbook.id == "risk-low" { continue }
            let trigger = scored.firedTriggers.first { $0.playbook == playbook.id }
            let who = trigger.map { resolve(role: $0.ownerRole, owner: owner) } ?? owner
            add(asOf.adding(days: playbook.actWithinDays ?? 7), who, .playbook,
                "run the \(playbook.id) playbook (`csws apply \(playbook.id) \(record.id)`)",
                trigger.map { "trigger \($0.id)" } ?? "risk tier \(scored.score.tier?.rawValue ?? "-")")
        }

        // Renewal-window steps: the window we are in and any entered within the horizon. When the
        // plan already has renewal milestones, those carry the work instead.
        if let end = record.contractEnd, asOf <= end,
            !milestones.contains(where: { $0["phase"]?.string == "renewal" })
        {
            let daysLeft = asOf.days(until: end)
            let windows = library.renewalWindows.filter { rules.renewalWindowsDays.contains($0.daysBefore) }
            let current = windows.filter { $0.daysBefore >= daysLeft }.min { $0.daysBefore < $1.daysBefore }
            for window in windows where window.daysBefore < daysLeft || window.id == current?.id {
                add(end.adding(days: -window.daysBefore), resolve(role: window.ownerRole, owner: owner), .renewal,
                    "\(window.title) (renewal \(end), \(window.daysBefore) days before)", "renewal playbook step \(window.id)",
                    reference: window.id)
            }
        }

        // Cadence: next QBR and next check-in.
        let cadence = customer.plan?.document?["cadence"]
        let segment = record.segment.flatMap { settings?.segment($0) }
        let qbrDates = customer.qbrs.compactMap { $0.document?["date"]?.date }.filter { $0 <= asOf }
        if let every = cadence?["qbr_every_days"]?.integer ?? segment?.qbrEveryDays,
            let last = qbrDates.max() ?? record.contractStart
        {
            add(last.adding(days: every), owner, .qbr, "QBR (every \(every) days; last \(qbrDates.max()?.description ?? "none"))", "rule qbr-overdue")
        }
        if let every = cadence?["checkin_every_days"]?.integer ?? segment?.checkinEveryDays {
            var touches = qbrDates
            touches += record.snapshots.filter { $0.date <= asOf }
                .compactMap { $0.document["engagement"]?["last_touch"]?.date }.filter { $0 <= asOf }
            touches += milestones.compactMap { $0["done"]?.date }.filter { $0 <= asOf }
            if let last = touches.max() ?? record.contractStart {
                add(last.adding(days: every), owner, .checkin, "check-in (every \(every) days; last touch \(touches.max()?.description ?? "none"))", "rule checkin-overdue")
            }
        }

        // VoC follow-ups.
        for item in record.feedback where item.date <= asOf {
            let urgent = item.severity == "high" || item.severity == "critical" || (item.nps.map { $0 <= 6 } ?? false)
            let summary = item.summary.map { $0.count > 60 ? String($0.prefix(60)) + "…" : $0 } ?? item.file
            if item.responded == nil {
                add(item.date.adding(days: urgent ? rules.vocRespondUrgentDays : rules.vocRespondDays), owner, .voc,
                    "answer feedback: \(summary)", "rule voc-unanswered")
            } else if let status = item.status, ["planned", "shipped", "declined"].contains(status), item.closed == nil {
                add((item.responded ?? item.date).adding(days: rules.vocCloseLoopDays), owner, .voc,
                    "tell the customer the outcome (\(status)): \(summary)", "rule voc-loop-open")
            }
        }

        // Escalation responses not yet acknowledged.
        for file in customer.escalations {
            guard let document = file.document, document["acknowledged"] == nil, document["resolved"] == nil,
                let opened = document["opened"]?.string.flatMap(Timestamp.init),
                let hours = document["respond_within_hours"]?.integer
            else { continue }
            let roles = (document["level"]?.elements ?? []).compactMap(\.string)
            let who = roles.first.map { resolve(role: $0, owner: owner) } ?? owner
            add(opened.adding(hours: hours).localDate, who, .escalation,
                "acknowledge the \(document["trigger"]?.string ?? "") escalation (\(roles.joined(separator: ", ")))",
                "rule escalation-unacknowledged")
        }
        return items
    }

    /// csm → the account owner; another role → the first team member with it, else the owner.
    private func resolve(role: String, owner: String) -> String {
        role == "csm" ? owner : settings?.firstMember(withRole: role)?.id ?? owner
    }
}

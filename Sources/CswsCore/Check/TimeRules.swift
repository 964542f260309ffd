import Foundation

/// The time rules of SPEC §5.1–5.2: what is overdue, lapsed, stale or unanswered as of a date.
/// They never block a sync; they tell a CSM what needs attention.
struct TimeRules {
    let customer: CustomerFiles
    let scored: ScoredCustomer
    let settings: WorkspaceSettings?
    let rules: RuleThresholds
    let library: PlaybookLibrary
    /// The scoring model, to tell when the tier was entered.
    let model: ScoringModel?
    let asOf: CalendarDate

    private var diagnostics: [Diagnostic] = []

    init(customer: CustomerFiles, scored: ScoredCustomer, settings: WorkspaceSettings?, rules: RuleThresholds,
         library: PlaybookLibrary, model: ScoringModel? = nil, asOf: CalendarDate) {
        self.customer = customer
        self.scored = scored
        self.settings = settings
        self.rules = rules
        self.library = library
        self.model = model
        self.asOf = asOf
    }

    func run() -> [Diagnostic] {
        guard !scored.record.isChurned else { return [] }
        var rules = self
        rules.milestones()
        rules.onboarding()
        rules.cadence()
        rules.renewal()
        rules.overrideAndSignals()
        rules.feedback()
        rules.escalations()
        rules.riskPlaybook()
        return rules.diagnostics
    }

    private var id: String { customer.id }

    private mutating func report(_ finding: Finding, in file: LoadedFile?) {
        let path = file?.file.relativePath ?? "customers/\(id)/account.yaml"
        diagnostics.append(Diagnostic(finding, file: path, customer: id))
    }

    private var milestoneNodes: [DocumentNode] { customer.plan?.document?["milestones"]?.elements ?? [] }

    // MARK: §5.1 Plans

    private mutating func milestones() {
        for milestone in milestoneNodes {
            guard let dueNode = milestone["due"], let due = dueNode.date, due < asOf,
                let status = milestone["status"]?.string, status != "done", status != "dropped"
            else { continue }
            let days = due.days(until: asOf)
            let milestoneID = milestone["id"]?.string ?? "?"
            let title = milestone["title"]?.string.map { " \"\($0)\"" } ?? ""
            report(Finding(
                rule: "milestone-overdue", severity: days > rules.overdueErrorDays ? .error : .warning,
                message: "milestone \(milestoneID)\(title) is \(Self.days(days)) overdue (due \(due), owner \(milestone["owner"]?.string ?? "-"))",
                node: dueNode, hint: "mark it done with `csws done \(id) \(milestoneID)`, or move the due date"),
                in: customer.plan)
        }
        if let plan = customer.plan?.document {
            for qbrFile in customer.qbrs {
                guard let member = qbrFile.document?.member("next_quarter"), let items = member.value.elements,
                    items.count > 3
                else { continue }
                report(Finding(
                    rule: "qbr-too-many-priorities", severity: .warning,
                    message: "\(items.count) next-quarter priorities; a QBR should commit to 2–3",
                    at: member.keyLocation, width: member.key.count,
                    hint: "keep the 2–3 that matter most; move the rest to the plan's milestones"), in: qbrFile)
            }
            _ = plan
        }
    }

    private mutating func onboarding() {
        guard scored.record.status == "onboarding", let start = scored.record.contractStart else { return }
        let deadlineDays = rules.firstValueDays  // csws.yaml rules decide; the playbook describes
        let deadline = start.adding(days: deadlineDays)
        if asOf > deadline {
            let firstValue = milestoneNodes.first { $0["first_value"]?.bool == true }
            let doneOnTime = firstValue.map { node in
                node["status"]?.string == "done" && (node["done"]?.date.map { $0 <= deadline } ?? false)
            } ?? false
            if !doneOnTime {
                let target = firstValue?["status"] ?? firstValue
                var finding = Finding(
                    rule: "first-value-late",
                    message: firstValue == nil
                        ? "onboarding since \(start) and the plan has no first-value milestone (due by day \(deadlineDays), \(deadline))"
                        : "first value was due by day \(deadlineDays) (\(deadline)) and milestone \(firstValue?["id"]?.string ?? "?") is not done",
                    hint: "escalate the onboarding: agree a first outcome the customer can reach this week, then `csws done \(id) <milestone>`")
                if let target { finding.location = target.location; finding.width = target.width }
                report(finding, in: customer.plan)
            }
        }
        let gateDays = rules.onboardingGateDays
        let maxTier = library.gateMaxTier ?? .medium
        if asOf >= start.adding(days: gateDays), let tier = scored.score.tier, tier > maxTier {
            let node = customer.account?.document?["status"]
            report(Finding(
                rule: "onboarding-gate", severity: .warning,
                message: "day \(start.days(until: asOf)) of onboarding and risk tier is \(tier.rawValue); by day \(gateDays) it should be \(maxTier.rawValue) or better",
                at: node?.location ?? .start, width: node?.width ?? 1,
                hint: "run the \(library.tierPlaybook(tier)?.id ?? "risk") playbook (`csws apply risk-\(tier.rawValue) \(id)`) and review the onboarding plan"),
                in: customer.account)
        }
    }

    /// Check-in and QBR cadence: plan.cadence, else the segment's.
    private mutating func cadence() {
        let cadence = customer.plan?.document?["cadence"]
        let segment = scored.record.segment.flatMap { settings?.segment($0) }
        let qbrDates = customer.qbrs.compactMap { file in file.document?["date"]?.date.map { (file, $0) } }
            .filter { $0.1 <= asOf }.sorted { $0.1 < $1.1 }
        let start = scored.record.contractStart

        if let every = cadence?["qbr_every_days"]?.integer ?? segment?.qbrEveryDays {
            let last = qbrDates.last?.1 ?? start
            if let last, last.days(until: asOf) > every {
                let node = qbrDates.last.flatMap { $0.0.document?["date"] }
                let finding = Finding(
                    rule: "qbr-overdue", severity: .warning,
                    message: qbrDates.isEmpty
                        ? "no QBR since the contract started (\(last)); the cadence is every \(every) days"
                        : "last QBR was \(Self.days(last.days(until: asOf))) ago (\(last)); the cadence is every \(every) days",
                    at: node?.location ?? .start, width: node?.width ?? 1,
                    hint: "schedule the QBR (`csws qbr \(id)` drafts the brief), then add qbr/\(asOf.year)-Q\(asOf.quarter).yaml")
                report(finding, in: qbrDates.last?.0 ?? customer.account)
            }
        }

        if let every = cadence?["checkin_every_days"]?.integer ?? segment?.checkinEveryDays {
            var lastTouch: CalendarDate? = nil
            for snapshot in scored.record.snapshots where snapshot.date <= asOf {
                if let touch = snapshot.document["engagement"]?["last_touch"]?.date, touch <= asOf {
                    lastTouch = max(lastTouch ?? touch, touch)
                }
            }
            for (_, date) in qbrDates where date <= asOf { lastTouch = max(lastTouch ?? date, date) }
            for milestone in milestoneNodes {
                if let done = milestone["done"]?.date, done <= asOf { lastTouch = max(lastTouch ?? done, done) }
            }
            let reference = lastTouch ?? start
            if let reference, reference.days(until: asOf) > every {
                report(Finding(
                    rule: "checkin-overdue", severity: .warning,
                    message: lastTouch == nil
                        ? "no check-in recorded since the contract started (\(reference)); the cadence is every \(every) days"
                        : "last touch was \(Self.days(reference.days(until: asOf))) ago (\(reference)); the cadence is every \(every) days",
                    hint: "check in with the customer and record it as engagement.last_touch in a signals snapshot"),
                    in: customer.account)
            }
        }
    }

    // MARK: §5.2 Renewal and accounts

    private mutating func renewal() {
        guard let end = scored.record.contractEnd else { return }
        let endNode = customer.account?.document?["contract"]?["end"]
        let daysLeft = asOf.days(until: end)
        if daysLeft < 0 {
            let renewals = customer.account?.document?["revenue"]?.elements ?? []
            let renewed = renewals.contains { event in
                event["kind"]?.string == "renewal" && (event["date"]?.date.map { $0 >= end } ?? false)
            }
            if !renewed {
                report(Finding(
                    rule: "renewal-lapsed",
                    message: "the contract ended \(end) (\(Self.days(-daysLeft)) ago) and no renewal is recorded",
                    at: endNode?.location ?? .start, width: endNode?.width ?? 1,
                    hint: "record the renewal under `revenue:` (kind: renewal) and move `contract.end`, or set `status: churned`"),
                    in: customer.account)
            }
            return
        }
        guard let window = rules.renewalWindowsDays.filter({ daysLeft <= $0 }).min() else { return }
        let steps = library.renewalWindows.filter { $0.daysBefore == window }.map(\.title)
        report(Finding(
            rule: "renewal-window", severity: .info,
            message: "renewal in \(Self.days(daysLeft)) (\(end)): the \(window)-day window is open"
                + (steps.isEmpty ? "" : ": \(steps.joined(separator: "; "))"),
            at: endNode?.location ?? .start, width: endNode?.width ?? 1,
            hint: "`csws agenda` lists the renewal steps that are due"), in: customer.account)
        let hasRenewalMilestone = milestoneNodes.contains { $0["phase"]?.string == "renewal" }
        if daysLeft <= 90, !hasRenewalMilestone, rules.renewalWindowsDays.contains(where: { $0 >= 90 }) {
            report(Finding(
                rule: "renewal-window", severity: .warning,
                message: "renewal in \(Self.days(daysLeft)) and the plan has no renewal-phase milestone",
                at: endNode?.location ?? .start, width: endNode?.width ?? 1,
                hint: "add the renewal steps with `csws apply renewal \(id)`"), in: customer.account)
        }
    }

    private mutating func overrideAndSignals() {
        if let override = scored.riskOverride, scored.overrideExpired, let until = override.until {
            let node = override.node["until"]
            report(Finding(
                rule: "override-expired", severity: .warning,
                message: "the risk override (\(override.tier), by \(override.by)) expired on \(until)",
                at: node?.location ?? override.node.location, width: node?.width ?? 1,
                hint: "remove `risk_override`, or renew it with a new `until` and reason"), in: customer.account)
        }
        let current = scored.record.snapshots.filter { $0.date <= asOf }
        if let newest = current.last, newest.date.days(until: asOf) > rules.signalsStaleDays,
            let file = customer.signals.first(where: { $0.file.relativePath.hasSuffix("/" + newest.fileName) })
        {
            let node = file.document?["date"]
            report(Finding(
                rule: "signals-stale", severity: .warning,
                message: "the newest signals snapshot is \(Self.days(newest.date.days(until: asOf))) old (\(newest.date))",
                at: node?.location ?? .start, width: node?.width ?? 1,
                hint: "add a fresh snapshot: `csws import signals export.csv` or signals/\(asOf).yaml"), in: file)
        }
        if !scored.score.isScored {
            let coverage = scored.score.coverage.map { $0.text(places: 2) } ?? "0"
            let node = customer.account?.document?["id"]
            report(Finding(
                rule: "insufficient-signals", severity: .warning,
                message: "not scored: signal coverage is \(coverage), below the minimum",
                at: node?.location ?? .start, width: node?.width ?? 1,
                hint: "add a signals snapshot with usage, engagement, support and sentiment values"), in: customer.account)
        }
    }

    private mutating func feedback() {
        for file in customer.voc {
            guard let document = file.document, let dateNode = document["date"], let date = dateNode.date,
                date <= asOf
            else { continue }
            let age = date.days(until: asOf)
            let severity = document["severity"]?.string
            let nps = Rational(document["nps"])
            let urgent = severity == "high" || severity == "critical" || (nps.map { $0 <= 6 } ?? false)
            if document["responded"]?.date == nil {
                let limit = urgent ? rules.vocRespondUrgentDays : rules.vocRespondDays
                if age > limit {
                    report(Finding(
                        rule: "voc-unanswered", severity: .warning,
                        message: "\(urgent ? "urgent " : "")feedback from \(date) has had no answer for \(Self.days(age)) (answer within \(limit) days)",
                        node: dateNode, hint: "reply to the customer, then set `responded: <date>` and `response:`"), in: file)
                }
            }
            if let status = document["status"]?.string, ["planned", "shipped", "declined"].contains(status),
                document["closed"]?.date == nil
            {
                let since = document["responded"]?.date ?? date
                if since.days(until: asOf) > rules.vocCloseLoopDays {
                    let node = document["status"]!
                    report(Finding(
                        rule: "voc-loop-open", severity: .warning,
                        message: "feedback is \(status) but the customer was not told the outcome (\(Self.days(since.days(until: asOf))) since \(since))",
                        node: node, hint: "tell the customer, then set `closed: <date>`"), in: file)
                }
            }
        }
    }

    private mutating func escalations() {
        for file in customer.escalations {
            guard let document = file.document, document["acknowledged"] == nil, document["resolved"] == nil,
                let openedNode = document["opened"], let opened = openedNode.string.flatMap(Timestamp.init),
                let hours = document["respond_within_hours"]?.integer
            else { continue }
            let deadline = opened.adding(hours: hours).localDate
            guard asOf > deadline else { continue }
            report(Finding(
                rule: "escalation-unacknowledged",
                message: "\(document["trigger"]?.string ?? "escalation") escalation opened \(opened.localDate) was to be acknowledged within \(hours) hours and is not",
                node: openedNode, hint: "acknowledge it: set `acknowledged:` to the timestamp it was picked up"), in: file)
        }
    }

    /// High or critical risk without a recovery milestone that is open or finished recently, once
    /// the playbook's act-within window has passed since the tier was entered (the customer was
    /// already high or critical that many days ago).
    private mutating func riskPlaybook() {
        guard let tier = scored.score.tier, tier >= .high else { return }
        let window = library.tierPlaybook(tier)?.actWithinDays ?? 7
        if let model {
            let earlier = HealthScorer(model: model, describesInputs: false)
                .score(scored.record, asOf: asOf.adding(days: -window), includingTrend: false)
            guard let earlierTier = earlier.tier, earlierTier >= .high else { return }
        }
        let hasRecovery = milestoneNodes.contains { node in
            guard node["phase"]?.string == "recovery" else { return false }
            let status = node["status"]?.string
            if status == "planned" || status == "in-progress" || status == "blocked" { return true }
            return node["done"]?.date.map { $0.days(until: asOf) <= 30 } ?? false
        }
        guard !hasRecovery else { return }
        report(Finding(
            rule: "risk-playbook-missing", severity: .warning,
            message: "risk tier is \(tier.rawValue) (risk \(scored.score.risk!)) for more than \(Self.days(window)) and the plan has no recovery milestone",
            hint: "add the steps with `csws apply risk-\(tier.rawValue) \(id)`"), in: customer.plan ?? customer.account)
    }

    static func days(_ count: Int) -> String { count == 1 ? "1 day" : "\(count) days" }
}

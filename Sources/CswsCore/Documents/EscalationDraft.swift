import Mustache

/// `csws escalate` (SPEC §10.6): the escalation record for a customer and trigger, the message
/// rendered from playbooks/escalation.yaml with the account's data and score, and who to notify.
public struct EscalationDraft: Sendable {
    public struct Recipient: Sendable {
        public var role: String
        /// Team members with the role (`Victor Vance <victor@example.com>`); empty when none has it.
        public var members: [String]
    }

    public enum Problem: Error, Sendable {
        case unknownTrigger(String, known: [String])
        case noMatrix
    }

    /// Workspace-relative path of the record: `customers/<id>/escalations/<date>-<trigger>.yaml`.
    public var path: String
    /// The record's YAML text.
    public var record: String
    public var subject: String
    public var body: String
    public var recipients: [Recipient]
    public var respondWithinHours: Int

    public init(
        scored: ScoredCustomer, currency: String, trigger: String, summary: String, urgency: String?, opened: Timestamp,
        library: PlaybookLibrary, settings: WorkspaceSettings?
    ) throws {
        guard !library.escalationMatrix.isEmpty else { throw Problem.noMatrix }
        guard let rule = library.escalationMatrix.first(where: { $0.trigger == trigger }) else {
            throw Problem.unknownTrigger(trigger, known: library.escalationMatrix.map(\.trigger))
        }
        let record = scored.record
        let score = scored.score
        let signals = score.drivers.map { "\($0.name) \($0.value) (+\($0.points.text(places: 2)) risk)" }
        var action = rule.recommendedAction ?? ""
        if let tier = score.tier, let playbook = scored.playbooks.first(where: { $0.id == "risk-\(tier.rawValue)" }) {
            let step = "run the \(playbook.id) playbook" + (playbook.actWithinDays.map { " within \($0) days" } ?? "")
                + " (`csws apply \(playbook.id) \(record.id)`)"
            action = action.isEmpty ? step.prefix(1).uppercased() + step.dropFirst() : action + " Then " + step + "."
        }
        let chosenUrgency = urgency ?? rule.urgency ?? "high"
        respondWithinHours = rule.respondWithinHours
        path = "customers/\(record.id)/escalations/\(opened.localDate)-\(trigger).yaml"

        var lines = [
            WorkspaceTemplate.modeline(for: .escalation, depth: 3),
            "opened: \(opened.text)",
            "trigger: \(trigger)",
            "level: [\(rule.level.joined(separator: ", "))]",
            "respond_within_hours: \(rule.respondWithinHours)",
            "urgency: \(chosenUrgency)",
            "summary: \(YAMLText.scalar(summary))",
        ]
        if !signals.isEmpty { lines += ["signals:"] + signals.map { "  - \(YAMLText.scalar($0))" } }
        if !action.isEmpty { lines.append("recommended_action: \(YAMLText.scalar(action))") }
        lines.append("# acknowledged: <timestamp>   (when a recipient picks it up)")
        lines.append("# resolved: <timestamp>")
        self.record = lines.joined(separator: "\n") + "\n"

        let renewal = score.renewal
        let values: [String: Any] = [
            "customer": ["name": record.name, "id": record.id],
            "segment": record.segment ?? "-", "owner": record.owner ?? "-",
            "arr": record.arr.map(ReportNumbers.grouped) ?? "-", "currency": currency,
            "risk": score.risk.map(String.init) ?? "not scored", "tier": score.tier?.rawValue ?? "unscored",
            "color": score.tier?.color ?? "-", "health": score.health.map { $0.text(places: 2) } ?? "-",
            "renewal_date": renewal.map { $0.date.description } ?? "-",
            "days_to_renewal": renewal.map { String($0.days) } ?? "-",
            "trigger": trigger, "level": rule.level.joined(separator: ", "),
            "respond_within_hours": String(rule.respondWithinHours), "summary": summary,
            "signals": signals.isEmpty ? "none recorded" : signals.joined(separator: "; "),
            "recommended_action": action.isEmpty ? "-" : action, "urgency": chosenUrgency,
            "date": opened.localDate.description,
        ]
        subject = Self.render(library.escalationSubject ?? "[ESCALATION] {{customer.name}} -- {{trigger}}", values)
        body = Self.render(library.escalationBody ?? "{{summary}}", values)
        recipients = rule.level.map { role in
            Recipient(role: role, members: (settings?.team ?? []).filter { $0.role == role }.map { member in
                member.name + (member.email.map { " <\($0)>" } ?? "")
            })
        }
    }

    /// The message template is text, not HTML: no escaping. A template that does not parse is
    /// shown as written, so the escalation still goes out.
    static func render(_ template: String, _ values: [String: Any]) -> String {
        guard let compiled = try? MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + template) else { return template }
        return compiled.render(values)
    }
}

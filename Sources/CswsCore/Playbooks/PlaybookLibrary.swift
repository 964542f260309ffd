import Foundation

/// The team's playbooks as data: step playbooks (risk tiers, situational), the triggers that
/// recommend them, and the onboarding and renewal timelines. Read from the schema-validated files
/// under playbooks/; a playbook with errors is left out rather than half-read.
public struct PlaybookLibrary: Sendable {
    public struct Step: Sendable {
        public var id: String
        public var title: String
        public var startDay: Int
        public var endDay: Int
        public var ownerRole: String
        public var phase: String
    }

    public struct StepPlaybook: Sendable {
        /// The file stem: `risk-high`, `low-adoption`.
        public var id: String
        public var name: String
        public var actWithinDays: Int?
        public var steps: [Step]
    }

    public struct RenewalWindow: Sendable {
        public var id: String
        public var daysBefore: Int
        public var title: String
        public var ownerRole: String
    }

    /// A row of playbooks/expansion.yaml: a signal that a customer is ready to grow.
    public struct ExpansionSignal: Sendable {
        public var id: String
        public var signal: String
        public var type: String
        public var priority: String
        /// All must hold (the triggers' condition form); none means the signal cannot be tested.
        public var when: [Trigger.Condition]
    }

    /// A row of the escalation matrix (playbooks/escalation.yaml).
    public struct EscalationRule: Sendable {
        public var trigger: String
        public var description: String?
        /// Team roles to alert.
        public var level: [String]
        public var respondWithinHours: Int
        public var urgency: String?
        public var recommendedAction: String?
    }

    public var playbooks: [String: StepPlaybook] = [:]
    public var expansionSignals: [ExpansionSignal] = []
    public var escalationMatrix: [EscalationRule] = []
    /// The escalation message's templates (`{{placeholder}}` fields).
    public var escalationSubject: String?
    public var escalationBody: String?
    public var triggers: [Trigger] = []
    public var renewalWindows: [RenewalWindow] = []
    /// Day by which the first-value milestone must be done (onboarding.yaml `first_value.deadline_day`).
    public var firstValueDeadlineDay: Int?
    /// onboarding.yaml `gate`: by this day the tier must be at most `gateMaxTier`.
    public var gateDay: Int?
    public var gateMaxTier: RiskTier?

    public init(files: [LoadedFile]) {
        for file in files {
            guard let document = file.document, !file.hasErrors else { continue }
            let id = String(file.file.relativePath.dropFirst("playbooks/".count).dropLast(".yaml".count))
            switch file.file.kind {
            case .playbook:
                playbooks[id] = StepPlaybook(
                    id: id, name: document["name"]?.string ?? id,
                    actWithinDays: document["act_within_days"]?.integer,
                    steps: (document["steps"]?.elements ?? []).enumerated().compactMap { index, step in
                        guard let title = step["title"]?.string, let start = step["start_day"]?.integer,
                            let end = step["end_day"]?.integer
                        else { return nil }
                        return Step(
                            id: step["id"]?.string ?? "step-\(index + 1)", title: title, startDay: start, endDay: end,
                            ownerRole: step["owner_role"]?.string ?? "csm", phase: step["phase"]?.string ?? "other")
                    })
            case .triggers:
                triggers = (document["triggers"]?.elements ?? []).compactMap(Trigger.init)
            case .renewalPlaybook:
                renewalWindows = (document["windows"]?.elements ?? []).compactMap { window in
                    guard let days = window["days_before"]?.integer, let title = window["title"]?.string else { return nil }
                    return RenewalWindow(
                        id: window["id"]?.string ?? "renewal-\(days)", daysBefore: days, title: title,
                        ownerRole: window["owner_role"]?.string ?? "csm")
                }.sorted { $0.daysBefore > $1.daysBefore }
            case .onboardingPlaybook:
                firstValueDeadlineDay = document["first_value"]?["deadline_day"]?.integer
                gateDay = document["gate"]?["day"]?.integer
                gateMaxTier = document["gate"]?["max_tier"]?.string.flatMap(RiskTier.init)
            case .expansionPlaybook:
                expansionSignals = (document["signals"]?.elements ?? []).compactMap { row in
                    guard let id = row["id"]?.string, let signal = row["signal"]?.string else { return nil }
                    return ExpansionSignal(
                        id: id, signal: signal, type: row["type"]?.string ?? id, priority: row["priority"]?.string ?? "medium",
                        when: (row["when"]?.elements ?? []).compactMap(Trigger.condition))
                }
            case .escalationPlaybook:
                escalationMatrix = (document["matrix"]?.elements ?? []).compactMap { row in
                    guard let trigger = row["trigger"]?.string, let hours = row["respond_within_hours"]?.integer else { return nil }
                    return EscalationRule(
                        trigger: trigger, description: row["description"]?.string,
                        level: (row["level"]?.elements ?? []).compactMap(\.string), respondWithinHours: hours,
                        urgency: row["urgency"]?.string, recommendedAction: row["recommended_action"]?.string)
                }
                escalationSubject = document["message"]?["subject"]?.string
                escalationBody = document["message"]?["body"]?.string
            default:
                break
            }
        }
    }

    /// The tier's playbook (`risk-<tier>`).
    public func tierPlaybook(_ tier: RiskTier) -> StepPlaybook? { playbooks["risk-\(tier.rawValue)"] }
}

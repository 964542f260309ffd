import Foundation

/// A declarative trigger from playbooks/triggers.yaml (SPEC §5.3): conditions over a customer's
/// signals, events, tier, renewal date and VoC that recommend a playbook. Nothing here is specific
/// to one trigger; CS Ops edits the YAML.
public struct Trigger: Sendable {
    public struct Condition: Sendable {
        public enum Subject: Sendable {
            case signal(String)
            case event(String)
            case tier(useOverride: Bool)
            case renewalDays
            case voc(String)
        }

        public var subject: Subject
        public var op: String
        public var value: DocumentNode
        public var compareDays: Int?
        public var windowDays: Int?
        public var minSeverity: String?
    }

    public var id: String
    public var description: String?
    public var enabled: Bool
    /// All must hold.
    public var all: [Condition]
    /// At least one must hold (when given).
    public var any: [Condition]
    public var playbook: String
    public var actWithinDays: Int
    public var ownerRole: String
    public var escalate: String?

    init?(_ node: DocumentNode) {
        guard let id = node["id"]?.string, let playbook = node["playbook"]?.string,
            let days = node["act_within_days"]?.integer
        else { return nil }
        self.id = id
        self.description = node["description"]?.string
        self.enabled = node["enabled"]?.bool ?? true
        self.all = (node["when"]?.elements ?? []).compactMap(Self.condition)
        self.any = (node["when_any"]?.elements ?? []).compactMap(Self.condition)
        self.playbook = playbook
        self.actWithinDays = days
        self.ownerRole = node["owner_role"]?.string ?? "csm"
        self.escalate = node["escalate"]?.string
        if all.isEmpty && any.isEmpty { return nil }
    }

    static func condition(_ node: DocumentNode) -> Condition? {
        guard let op = node["op"]?.string, let value = node["value"] else { return nil }
        let subject: Condition.Subject
        if let signal = node["signal"]?.string {
            subject = .signal(signal)
        } else if let event = node["event"]?.string {
            subject = .event(event)
        } else if let tier = node["tier"]?.string {
            subject = .tier(useOverride: tier == "override")
        } else if node["renewal_days"] != nil {
            subject = .renewalDays
        } else if let voc = node["voc"]?.string {
            subject = .voc(voc)
        } else {
            return nil
        }
        return Condition(
            subject: subject, op: op, value: value, compareDays: node["compare_days"]?.integer,
            windowDays: node["window_days"]?.integer, minSeverity: node["min_severity"]?.string)
    }
}

/// The kinds of file csws validates; each has a JSON Schema named `<rawValue>.schema.json`.
public enum FileKind: String, CaseIterable, Sendable {
    case settings = "csws"
    case account
    case plan
    case signals
    case voc
    case qbr
    case escalation
    case playbook
    case onboardingPlaybook = "playbook-onboarding"
    case renewalPlaybook = "playbook-renewal"
    case expansionPlaybook = "playbook-expansion"
    case escalationPlaybook = "playbook-escalation"
    case triggers = "playbook-triggers"

    public var schemaFileName: String { "\(rawValue).schema.json" }

    /// The kind of a file under `playbooks/`, by its name.
    public static func playbookKind(fileName: String) -> FileKind {
        switch fileName {
        case "onboarding.yaml": return .onboardingPlaybook
        case "renewal.yaml": return .renewalPlaybook
        case "expansion.yaml": return .expansionPlaybook
        case "escalation.yaml": return .escalationPlaybook
        case "triggers.yaml": return .triggers
        default: return .playbook
        }
    }

    /// The kind of a file in a customer's `signals/`, `voc/`, `qbr/` or `escalations/` folder.
    public static func customerSubfolderKind(_ folder: String) -> FileKind? {
        switch folder {
        case "signals": return .signals
        case "voc": return .voc
        case "qbr": return .qbr
        case "escalations": return .escalation
        default: return nil
        }
    }
}

extension FileKind {
    /// Which files the kind describes, for `csws schema` and the README.
    public var appliesTo: String {
        switch self {
        case .settings: return "csws.yaml"
        case .account: return "customers/<id>/account.yaml"
        case .plan: return "customers/<id>/plan.yaml"
        case .signals: return "customers/<id>/signals/<date>[-<label>].yaml"
        case .voc: return "customers/<id>/voc/<date>-<slug>.yaml"
        case .qbr: return "customers/<id>/qbr/<YYYY>-Q<n>.yaml"
        case .escalation: return "customers/<id>/escalations/<date>-<trigger>.yaml"
        case .playbook: return "playbooks/*.yaml (risk tiers and situational playbooks)"
        case .onboardingPlaybook: return "playbooks/onboarding.yaml"
        case .renewalPlaybook: return "playbooks/renewal.yaml"
        case .expansionPlaybook: return "playbooks/expansion.yaml"
        case .escalationPlaybook: return "playbooks/escalation.yaml"
        case .triggers: return "playbooks/triggers.yaml"
        }
    }
}

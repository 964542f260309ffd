/// Every rule id csws can report, with a one-line description (SARIF's `tool.driver.rules`, the
/// README's table).
public enum RuleCatalog {
    public static let descriptions: [String: String] = [
        // Files and YAML
        "yaml-syntax": "The file is not valid YAML.",
        "duplicate-key": "A key appears twice in the same mapping.",
        "empty-file": "The file is empty or holds only comments.",
        "not-a-mapping": "The file's top level is not a mapping of keys to values.",
        "multiple-documents": "The file holds more than one YAML document.",
        "unsupported-tag": "A YAML tag outside the core schema is used.",
        "alias-budget": "Aliases expand the document beyond the node budget.",
        "document-too-large": "The document has more values than csws reads.",
        "nesting-too-deep": "The document nests deeper than 1000 levels.",
        "invalid-utf8": "The file is not valid UTF-8 text.",
        "control-character": "The file contains a control character.",
        "binary-file": "The file is binary, not YAML text.",
        "file-too-large": "The file exceeds 10 MiB.",
        "unreadable-file": "The file cannot be read.",
        "conflict-marker": "A git conflict marker is left in the file.",
        // Layout
        "unsafe-path": "A symbolic link leaves the workspace or is broken.",
        "bad-customer-folder": "A customer folder name is not a valid id.",
        "bad-file-name": "A file name does not follow its folder's naming rule.",
        "unknown-file": "A file csws does not read sits where csws expects its own files.",
        "hidden-folder": "A hidden folder under customers/ is ignored, with every customer in it.",
        "missing-account": "A customer folder has no account.yaml.",
        "missing-settings": "The workspace has no csws.yaml.",
        // Schema
        "unknown-key": "A key that the file kind does not define.",
        "missing-key": "A required key is missing.",
        "wrong-type": "A value has the wrong type.",
        "invalid-value": "A value is not one of the allowed values.",
        "out-of-range": "A number, text or list is outside its allowed range.",
        "invalid-format": "A date, timestamp, e-mail or id is malformed.",
        "schema": "A value does not satisfy the file's schema.",
        // Cross-file
        "id-mismatch": "account.yaml's id differs from its folder name.",
        "unknown-owner": "An owner is not a team member or customer:<name>.",
        "unknown-segment": "An account's segment is not defined in csws.yaml.",
        "duplicate-id": "An id is used twice in the same list.",
        "milestone-done-without-date": "A milestone is done but has no done date.",
        "milestone-date-in-future": "A milestone's done date is after the as-of date.",
        "contract-dates": "A contract ends on or before its start.",
        "file-date-mismatch": "A record's date differs from the date in its file name.",
        "qbr-quarter-mismatch": "A QBR's date is outside the quarter in its file name.",
        "scoring-tiers": "Tier bounds do not rise strictly within 1..100.",
        "scoring-signal": "A scoring signal has bad equal to good, or a negative weight.",
        "unknown-playbook": "A trigger names a playbook that does not exist.",
        // Time rules (SPEC §5)
        "milestone-overdue": "A milestone's due date has passed and it is not done or dropped.",
        "first-value-late": "An onboarding customer has not reached first value by its deadline.",
        "onboarding-gate": "An onboarding customer is past the gate day with a tier worse than allowed.",
        "qbr-overdue": "The last QBR is older than the QBR cadence.",
        "checkin-overdue": "The last touch is older than the check-in cadence.",
        "qbr-too-many-priorities": "A QBR lists more than 3 next-quarter priorities.",
        "renewal-window": "The renewal is inside a renewal window (steps due), or near with no renewal milestone.",
        "renewal-lapsed": "The contract ended and no renewal is recorded.",
        "override-expired": "A risk override's until date has passed.",
        "signals-stale": "The newest signals snapshot is older than the staleness limit.",
        "insufficient-signals": "Too few signals to score the customer.",
        "voc-unanswered": "Feedback has not been answered in time.",
        "voc-loop-open": "A decision on feedback was not told to the customer in time.",
        "escalation-unacknowledged": "An escalation was not acknowledged within its response time.",
        "risk-playbook-missing": "A high or critical risk customer has no recovery milestone.",
        "trigger-condition": "A trigger has no conditions, or a condition names no or several subjects.",
        "playbook-step-days": "A playbook step or onboarding row ends before it starts.",
        "first-value-row": "The onboarding playbook does not mark exactly one first-value row.",
    ]

    /// The time rules of SPEC §5: they depend on the as-of date, tell a CSM what needs attention,
    /// and never block a sync. Every other rule is about the files' validity.
    public static let timeRules: Set<String> = [
        "milestone-overdue", "first-value-late", "onboarding-gate", "qbr-overdue", "checkin-overdue",
        "qbr-too-many-priorities", "renewal-window", "renewal-lapsed", "override-expired", "signals-stale",
        "insufficient-signals", "voc-unanswered", "voc-loop-open", "escalation-unacknowledged",
        "risk-playbook-missing",
    ]

    public static func isValidityRule(_ rule: String) -> Bool { !timeRules.contains(rule) }

    public static func description(of rule: String) -> String {
        descriptions[rule] ?? rule
    }
}

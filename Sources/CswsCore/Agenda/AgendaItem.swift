/// One thing a CSM (or teammate) should do, and why (SPEC §5.3: `{due, owner, customer, kind,
/// title, source}`; `source` names the rule, trigger or playbook step that produced it).
public struct AgendaItem: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case milestone, playbook, renewal, qbr, checkin, voc, escalation
    }

    public var due: CalendarDate
    public var owner: String
    public var customer: String
    public var kind: Kind
    public var title: String
    public var source: String
    /// The milestone id or renewal step id the item is about, when it is about one.
    public var reference: String?
    /// The milestone's phase, for milestone items.
    public var phase: String?

    public func isOverdue(asOf: CalendarDate) -> Bool { due < asOf }
}

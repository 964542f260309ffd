/// "Did you mean" for keys and enum values: the team-wide typo matcher (`Suggestions`, edit distance
/// ignoring case, with `in progress` near `in-progress`), and for values it misses because they are
/// cut short (`adopt` for `adoption`) or one word of a compound (`sponsor` for `executive-sponsor`),
/// the one candidate they fit.
enum SchemaSuggestions {
    static func nearest(to text: String, among candidates: [String]) -> String? {
        let others = candidates.filter { $0 != text }
        if let meant = meaning(of: text, among: others, typos: false) { return meant }
        if let typo = Suggestions.nearest(to: text, in: others) { return typo }
        if let meant = meaning(of: text, among: others, typos: true) { return meant }
        let needle = normalized(text)
        guard needle.count >= 3 else { return nil }
        let fitting = others.filter { candidate in
            let normalizedCandidate = normalized(candidate)
            return normalizedCandidate.hasPrefix(needle) || normalizedCandidate.split(separator: "-").contains { $0 == needle }
        }
        return fitting.count == 1 ? fitting[0] : nil
    }

    /// What people type for the enum values csws knows, by meaning: `finished` means `done`.
    static let synonyms: [String: [String]] = [
        // Milestones
        "done": ["finished", "complete", "completed", "closed", "resolved", "achieved", "delivered", "ok"],
        "in-progress": ["wip", "started", "ongoing", "doing", "underway", "working", "in-work", "progress"],
        "dropped": ["cancelled", "canceled", "abandoned", "skipped", "descoped", "removed"],
        "blocked": ["on-hold", "hold", "stuck", "waiting", "paused", "held"],
        "planned": ["todo", "to-do", "not-started", "scheduled", "pending", "upcoming"],
        // Severity and urgency
        "critical": ["urgent", "blocker", "sev1", "p1", "highest", "severe"],
        "high": ["major", "sev2", "p2", "important"],
        "medium": ["normal", "moderate", "sev3", "p3", "med", "mid"],
        "low": ["minor", "trivial", "sev4", "p4", "lowest"],
        // Feedback
        "acknowledged": ["ack", "acked", "seen", "triaged", "answered", "responded"],
        "shipped": ["released", "deployed", "live", "fixed"],
        "declined": ["rejected", "wontfix", "won't-fix", "wont-fix", "will-not-do", "denied"],
        "feature-request": ["feature", "request", "enhancement", "idea"],
        "complaint": ["issue", "problem"],
        "praise": ["compliment", "kudos", "positive"],
        // Accounts
        "churned": ["lost", "cancelled", "canceled", "gone", "terminated"],
        "active": ["live", "current", "customer"],
    ]

    /// The candidate a synonym (or, with `typos`, a near miss of one) stands for.
    private static func meaning(of text: String, among candidates: [String], typos: Bool) -> String? {
        let needle = normalized(text)
        for candidate in candidates {
            guard let words = synonyms[candidate] else { continue }
            if words.contains(where: { normalized($0) == needle }) { return candidate }
        }
        guard typos else { return nil }
        let meant = candidates.compactMap { candidate in synonyms[candidate].map { (candidate, $0) } }
        let all = meant.flatMap(\.1)
        guard let word = Suggestions.nearest(to: text, in: all) else { return nil }
        return meant.first { $0.1.contains(word) }?.0
    }

    private static func normalized(_ text: String) -> String {
        String(text.lowercased().map { $0 == " " || $0 == "_" ? "-" : $0 })
    }
}

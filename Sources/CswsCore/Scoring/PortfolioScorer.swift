import Foundation

/// A playbook csws recommends for a customer, and why.
public struct PlaybookRecommendation: Sendable {
    public var id: String
    public var reason: String
    public var actWithinDays: Int?
}

/// One customer's score with its context: who owns it, what it is worth, what to do.
public struct ScoredCustomer: Sendable {
    public var record: CustomerRecord
    public var score: CustomerScore
    public var firedTriggers: [Trigger]
    public var playbooks: [PlaybookRecommendation]
    /// The override, when present (valid or expired: `overrideExpired` says which).
    public var riskOverride: CustomerRecord.Override?
    public var overrideExpired: Bool
}

/// Scores every (non-churned) customer of a workspace on all cores.
public enum PortfolioScorer {
    public struct Context: Sendable {
        public var model: ScoringModel
        public var library: PlaybookLibrary

        public init(shared: SharedFiles) {
            model = ScoringModel(scoring: shared.settingsFile?.document?["scoring"])
            library = PlaybookLibrary(files: shared.playbooks)
        }
    }

    public static func scoreAll(
        _ workspace: Workspace, shared: SharedFiles? = nil, ids wanted: [String] = [], asOf: CalendarDate,
        describingInputs: Bool = false
    ) -> [ScoredCustomer] {
        let shared = shared ?? WorkspaceLoader.loadShared(workspace)
        let context = Context(shared: shared)
        let ids = shared.customerIDs.filter { wanted.isEmpty || wanted.contains($0) }
        let needed = LoadOptions(kinds: [.account, .signals, .voc], validates: false)
        let results = WorkspaceLoader.mapCustomers(ids, in: workspace, options: needed) { loaded -> ScoredCustomer? in
            let record = CustomerRecord(loaded.files)
            guard !record.isChurned, loaded.files.account?.document != nil else { return nil }
            var scored = score(record, context: context, asOf: asOf, describingInputs: describingInputs)
            // The snapshots' documents are not needed once scored; keep memory flat across 10,000 customers.
            scored.record.snapshots = []
            return scored
        }
        return results.compactMap { $0 }
    }

    /// The time rules and the agenda need neither the trend nor the input descriptions (only
    /// `score --explain` prints those); leaving them out halves the work per customer.
    public static func score(
        _ record: CustomerRecord, context: Context, asOf: CalendarDate, includingTrend: Bool = true,
        describingInputs: Bool = false
    ) -> ScoredCustomer {
        let score = HealthScorer(model: context.model, describesInputs: describingInputs)
            .score(record, asOf: asOf, includingTrend: includingTrend)
        let evaluator = TriggerEvaluator(triggers: context.library.triggers, maxSignalAgeDays: context.model.maxSignalAgeDays)
        let fired = evaluator.fired(for: record, score: score, asOf: asOf)
        var playbooks: [PlaybookRecommendation] = []
        if let tier = score.tier {
            let playbook = context.library.tierPlaybook(tier)
            playbooks.append(PlaybookRecommendation(
                id: playbook?.id ?? "risk-\(tier.rawValue)", reason: "tier \(tier.rawValue) (risk \(score.risk!))",
                actWithinDays: playbook?.actWithinDays))
        }
        let expansionAllowed = score.tier.map { $0 <= .medium } ?? false
        for trigger in fired where !playbooks.contains(where: { $0.id == trigger.playbook }) {
            // Expansion only on healthy accounts: lead with value proof, not a pitch to an unhappy customer.
            if trigger.playbook.hasPrefix("expansion") && !expansionAllowed { continue }
            playbooks.append(PlaybookRecommendation(
                id: trigger.playbook, reason: "trigger \(trigger.id)" + (trigger.description.map { ": \($0)" } ?? ""),
                actWithinDays: trigger.actWithinDays))
        }
        let expired = record.riskOverride?.until.map { $0 < asOf } ?? false
        return ScoredCustomer(
            record: record, score: score, firedTriggers: fired, playbooks: playbooks,
            riskOverride: record.riskOverride, overrideExpired: expired)
    }

    /// Highest risk first; unscored last; ties by id.
    public static func sortedByRisk(_ customers: [ScoredCustomer]) -> [ScoredCustomer] {
        customers.sorted { lhs, rhs in
            switch (lhs.score.risk, rhs.score.risk) {
            case let (left?, right?) where left != right: return left > right
            case (nil, _?): return false
            case (_?, nil): return true
            default: return lhs.record.id < rhs.record.id
            }
        }
    }
}

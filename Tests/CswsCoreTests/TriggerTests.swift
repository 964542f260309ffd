import Foundation
import Testing

@testable import CswsCore

// The default triggers of SPEC §5.3 as the template's playbooks/triggers.yaml writes them, and the
// playbooks they recommend (SPEC §4.10). As-of 2026-11-23.

@Suite("Triggers")
struct TriggerTests {
    private func fired(_ scored: ScoredCustomer) -> [String] { scored.firedTriggers.map(\.id) }

    private func playbook(_ scored: ScoredCustomer, _ id: String) -> PlaybookRecommendation? {
        scored.playbooks.first { $0.id == id }
    }

    // MARK: usage-drop

    struct DropCase: Sendable, CustomTestStringConvertible {
        var earlierDate: String
        var earlier: Int
        var now: Int
        var fires: Bool
        var testDescription: String { "\(earlier) on \(earlierDate) → \(now) on 2026-11-23: \(fires ? "fires" : "quiet")" }
    }

    @Test(arguments: [
        DropCase(earlierDate: "2026-11-09", earlier: 100, now: 70, fires: true),    // −30% against 14 days older
        DropCase(earlierDate: "2026-11-09", earlier: 100, now: 75, fires: true),    // −25%: "≥ 25%"
        DropCase(earlierDate: "2026-11-09", earlier: 100, now: 80, fires: false),   // −20%
        DropCase(earlierDate: "2026-11-13", earlier: 100, now: 70, fires: false),   // only 10 days older
        DropCase(earlierDate: "2026-10-01", earlier: 100, now: 70, fires: true),    // 53 days older is fine
        DropCase(earlierDate: "2026-11-09", earlier: 70, now: 100, fires: false),   // a rise
    ])
    func usageDrop(_ example: DropCase) throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", example.earlierDate,
                               ScoreFixture.values(ScoreFixture.healthy, ["usage.active_users": "\(example.earlier)"]))
            try ws.addSnapshot("acme", "2026-11-23",
                               ScoreFixture.values(ScoreFixture.healthy, ["usage.active_users": "\(example.now)"]))
            let scored = try ws.scored("acme")
            #expect(fired(scored).contains("usage-drop") == example.fires)
            if example.fires {
                // low-adoption, act within 7 days (triggers.yaml)
                #expect(playbook(scored, "low-adoption")?.actWithinDays == 7)
            } else {
                #expect(playbook(scored, "low-adoption") == nil)
            }
        }
    }

    @Test("usage-drop compares with the most recent snapshot at least 14 days older, not the oldest")
    func usageDropUsesMostRecentOlderSnapshot() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            // 2026-10-01: 200; 2026-11-05: 90 (18 days before the newest); 2026-11-23: 75.
            // Against 2026-11-05: (75 − 90)/90 = −16.7% → quiet, although against 200 it is −62.5%.
            try ws.addSnapshot("acme", "2026-10-01", ScoreFixture.values(ScoreFixture.healthy, ["usage.active_users": "200"]))
            try ws.addSnapshot("acme", "2026-11-05", ScoreFixture.values(ScoreFixture.healthy, ["usage.active_users": "90"]))
            try ws.addSnapshot("acme", "2026-11-23", ScoreFixture.values(ScoreFixture.healthy, ["usage.active_users": "75"]))
            #expect(!fired(try ws.scored("acme")).contains("usage-drop"))
        }
    }

    // MARK: no-login

    @Test(arguments: [("2026-11-09", true), ("2026-11-10", false)])
    func noLogin(lastLogin: String, fires: Bool) throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            // 2026-11-09 → 14 days (≥ 14 fires); 2026-11-10 → 13 days
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.values(ScoreFixture.healthy, ["usage.last_login": lastLogin]))
            let scored = try ws.scored("acme")
            #expect(fired(scored).contains("no-login") == fires)
            #expect((playbook(scored, "low-adoption")?.actWithinDays == 7) == fires)
        }
    }

    // MARK: champion-change

    struct ChampionCase: Sendable, CustomTestStringConvertible {
        var kind: String
        var date: String
        var fires: Bool
        var risk: Int
        var testDescription: String { "\(kind) on \(date)" }
    }

    // Healthy signals: risk = event points only (renewal far away).
    @Test(arguments: [
        ChampionCase(kind: "champion_left", date: "2026-11-13", fires: true, risk: 20),       // 10 days ago
        ChampionCase(kind: "champion_left", date: "2026-10-24", fires: true, risk: 20),       // 30 days: within
        ChampionCase(kind: "champion_left", date: "2026-10-23", fires: false, risk: 20),      // 31 days: still +20 (90-day window)
        ChampionCase(kind: "exec_sponsor_left", date: "2026-11-13", fires: true, risk: 15),
        ChampionCase(kind: "competitor_evaluation", date: "2026-11-13", fires: false, risk: 15),
    ])
    func championChange(_ example: ChampionCase) throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.healthy, events: [(example.kind, example.date)])
            let scored = try ws.scored("acme")
            #expect(scored.score.risk == example.risk)
            #expect(fired(scored).contains("champion-change") == example.fires)
            if example.fires {
                // champion-change playbook, act within 2 days
                #expect(playbook(scored, "champion-change")?.actWithinDays == 2)
            }
        }
    }

    // MARK: support-spike and detractor

    @Test(arguments: [
        (["support.high_severity_open": "2"], true),
        (["support.escalations_90d": "2"], true),
        (["support.high_severity_open": "1", "support.escalations_90d": "1"], false),
    ])
    func supportSpike(changes: [String: String], fires: Bool) throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.healthy.merging(changes) { $1 })
            let scored = try ws.scored("acme")
            #expect(fired(scored).contains("support-spike") == fires)
            if fires {
                #expect(playbook(scored, "support-spike")?.actWithinDays == 1)
                #expect(scored.firedTriggers.first { $0.id == "support-spike" }?.ownerRole == "support-lead")
            }
        }
    }

    @Test(arguments: [("6", true), ("6.5", false)])
    func detractor(nps: String, fires: Bool) throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.values(ScoreFixture.healthy, ["sentiment.nps": nps]))
            let scored = try ws.scored("acme")
            #expect(fired(scored).contains("detractor") == fires)
            #expect((playbook(scored, "detractor-follow-up")?.actWithinDays == 2) == fires)
        }
    }

    // MARK: expansion-seats

    @Test("utilisation 0.92 on a low-risk customer recommends expansion-ready (trigger expansion-seats)")
    func expansionAtLowTier() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.values(ScoreFixture.healthy, ["usage.active_users": "92"]))
            let scored = try ws.scored("acme")
            // 92/100 = 0.92 → health 100 (clamped); all else good → risk 0 → low
            #expect(scored.score.risk == 0)
            #expect(scored.score.tier == .low)
            #expect(fired(scored).contains("expansion-seats"))
            let expansion = try #require(playbook(scored, "expansion-ready"))
            #expect(expansion.actWithinDays == 14)
            #expect(expansion.reason.contains("expansion-seats"))
            #expect(scored.playbooks.map(\.id) == ["risk-low", "expansion-ready"])
        }
    }

    @Test("utilisation 0.92 on a high-risk customer recommends no expansion")
    func noExpansionAtHighTier() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            // usage: utilisation 0.92 → 100, adoption 0.2 → 0, dau_mau 0.1 → 0, login 21 days → 0: 25;
            // engagement and support at bad → 0; sentiment at good → 100.
            // health = 0.35·25 + 0.25·100 = 8.75 + 25 = 33.75 → risk 66.25 → 66 → high
            var values = ScoreFixture.unhealthy
            values["usage.active_users"] = "92"
            for key in ["sentiment.nps", "sentiment.csat", "sentiment.ces"] { values[key] = ScoreFixture.healthy[key] }
            try ws.addSnapshot("acme", "2026-11-20", values)
            let scored = try ws.scored("acme")
            #expect(scored.score.risk == 66)
            #expect(scored.score.tier == .high)
            #expect(!fired(scored).contains("expansion-seats"))
            #expect(playbook(scored, "expansion-ready") == nil)
            #expect(scored.playbooks.first?.id == "risk-high")
            #expect(scored.playbooks.first?.actWithinDays == 7)
        }
    }

    @Test("utilisation exactly 0.9 is not more than 0.9")
    func expansionStrictBoundary() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.values(ScoreFixture.healthy, ["usage.active_users": "90"]))
            let scored = try ws.scored("acme")
            #expect(!fired(scored).contains("expansion-seats"))
        }
    }

    @Test("an unscored customer gets no expansion recommendation")
    func noExpansionWhenUnscored() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            // only usage: coverage 0.35 < 0.5 → unscored; the tier condition cannot hold
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.healthy.filter { $0.key.hasPrefix("usage.") }
                .merging(["usage.active_users": "95"]) { $1 })
            let scored = try ws.scored("acme")
            #expect(scored.score.tier == nil)
            #expect(playbook(scored, "expansion-ready") == nil)
        }
    }

    @Test("an expansion playbook from any trigger is held back on a high-risk customer")
    func expansionHeldBackWithoutTierCondition() throws {
        try withWorkspace { ws in
            try ws.write("playbooks/triggers.yaml", """
                triggers:
                  - id: seats-full
                    when:
                      - {signal: license_utilization, op: ">", value: 0.9}
                    playbook: expansion-ready
                    act_within_days: 14
                    owner_role: csm

                """)
            try ws.addScoredCustomer("acme")
            // as in noExpansionAtHighTier: health 33.75 → risk 66 → high
            var values = ScoreFixture.unhealthy
            values["usage.active_users"] = "92"
            for key in ["sentiment.nps", "sentiment.csat", "sentiment.ces"] { values[key] = ScoreFixture.healthy[key] }
            try ws.addSnapshot("acme", "2026-11-20", values)
            let scored = try ws.scored("acme")
            #expect(scored.score.tier == .high)
            #expect(fired(scored) == ["seats-full"])
            #expect(scored.playbooks.map(\.id) == ["risk-high"])
        }
    }

    // MARK: renewal-at-risk

    struct RenewalRiskCase: Sendable, CustomTestStringConvertible {
        var end: String
        var nps: String
        var risk: Int
        var fires: Bool
        var testDescription: String { "renewal \(end), NPS \(nps) → risk \(risk)" }
    }

    // NPS-only model: risk = (100 − 10·NPS) × renewal factor.
    @Test(arguments: [
        RenewalRiskCase(end: "2027-01-22", nps: "4", risk: 72, fires: true),    // 60 days, 60·1.2 = 72 high
        RenewalRiskCase(end: "2027-01-23", nps: "4", risk: 66, fires: false),   // 61 days, 60·1.1 = 66 high
        RenewalRiskCase(end: "2027-01-22", nps: "6", risk: 48, fires: false),   // 60 days, 40·1.2 = 48 medium
        RenewalRiskCase(end: "2026-11-23", nps: "3", risk: 91, fires: true),    // 0 days, 70·1.3 = 91 critical
        RenewalRiskCase(end: "2026-11-22", nps: "3", risk: 70, fires: false),   // lapsed: factor 1, not "within 60"
    ])
    func renewalAtRisk(_ example: RenewalRiskCase) throws {
        try withWorkspace { ws in
            try ws.setScoring(ScoreFixture.npsOnlyScoring)
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", start: "2025-11-01", end: example.end))
            try ws.addSnapshot("acme", "2026-11-20", ["sentiment.nps": example.nps])
            let scored = try ws.scored("acme")
            #expect(scored.score.risk == example.risk)
            #expect(fired(scored).contains("renewal-at-risk") == example.fires)
            if example.fires {
                #expect(playbook(scored, "renewal-at-risk")?.actWithinDays == 1)
                #expect(scored.firedTriggers.first { $0.id == "renewal-at-risk" }?.escalate == "renewal-at-risk")
            }
        }
    }

    // MARK: Editable triggers

    @Test("a trigger CS Ops adds to triggers.yaml fires; a disabled one does not")
    func customTriggers() throws {
        try withWorkspace { ws in
            try ws.write("playbooks/triggers.yaml", """
                triggers:
                  - id: low-csat
                    when:
                      - {signal: csat, op: "<", value: 4}
                    playbook: risk-medium
                    act_within_days: 5
                    owner_role: csm
                  - id: switched-off
                    enabled: false
                    when:
                      - {signal: csat, op: "<", value: 4}
                    playbook: support-spike
                    act_within_days: 1
                    owner_role: support-lead

                """)
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.values(ScoreFixture.healthy, ["sentiment.csat": "3.9"]))
            let scored = try ws.scored("acme")
            #expect(fired(scored) == ["low-csat"])
            // risk stays low (csat 3.9 → 60; sentiment 86.67; health 96.67; risk 3): the tier's
            // playbook first, then the trigger's
            #expect(scored.score.risk == 3)
            #expect(scored.playbooks.map(\.id) == ["risk-low", "risk-medium"])
            #expect(playbook(scored, "risk-medium")?.actWithinDays == 5)
        }
    }
}

import Foundation
import Testing

@testable import CswsCore

// Health and risk scoring (SPEC §4, §10.1, §10.2). As-of is 2026-11-23 throughout; every expected
// number is worked out by hand next to its expectation from the spec's formulas and the template's
// csws.yaml (bad/good thresholds, dimension weights 0.35/0.20/0.20/0.25, events, renewal factors,
// tiers 40/60/80).

@Suite("Scoring")
struct ScoringTests {
    // MARK: A full worked example with the template model

    /// acme: renewal 2027-02-06 (75 days away), two snapshots (2026-10-22 and 2026-11-21) with the
    /// same values, a pricing complaint recorded in both, and no open_tickets value.
    static func writeReference(_ ws: TestWorkspace) throws {
        try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", end: "2027-02-06"))
        let common: [String: String] = [
            "usage.active_users": "50", "usage.key_features_adopted": "3", "usage.key_features_total": "10",
            "usage.dau_mau": "0.25",
            "engagement.meetings_scheduled_90d": "4", "engagement.meetings_attended_90d": "3",
            "engagement.exec_sponsor_engaged": "true",
            "support.high_severity_open": "0", "support.escalations_90d": "3",
            "sentiment.nps": "8", "sentiment.csat": "3.75", "sentiment.ces": "3.5",
        ]
        // 30 days earlier (2026-10-24) the old snapshot is 2 days past its login and 37 past its touch.
        try ws.addSnapshot("acme", "2026-10-22", ScoreFixture.values(common, [
            "usage.last_login": "2026-10-22", "engagement.last_touch": "2026-09-17",
        ]), events: [("pricing_complaint", "2026-10-01")])
        try ws.addSnapshot("acme", "2026-11-21", ScoreFixture.values(common, [
            "usage.last_login": "2026-11-21", "engagement.last_touch": "2026-10-17",
        ]), events: [("pricing_complaint", "2026-10-01")])
    }

    @Test("worked example: every signal, dimension, health, coverage, risk, trend, drivers and playbooks")
    func workedExample() throws {
        try withWorkspace { ws in
            try Self.writeReference(ws)
            let acme = try ws.scoreJSON("acme")

            // usage: license_utilization 50/100 = 0.5 → (0.5−0.2)/(0.8−0.2)·100 = 50
            #expect(acme.signal("license_utilization")?["value"]?.numberText == "0.5")
            #expect(acme.signal("license_utilization")?["health"]?.numberText == "50")
            // feature_adoption 3/10 = 0.3 → (0.3−0.2)/(0.7−0.2)·100 = 20
            #expect(acme.signal("feature_adoption")?["value"]?.numberText == "0.3")
            #expect(acme.signal("feature_adoption")?["health"]?.numberText == "20")
            // dau_mau 0.25 → (0.25−0.1)/(0.4−0.1)·100 = 50
            #expect(acme.signal("dau_mau")?["health"]?.numberText == "50")
            // days_since_login 2026-11-23 − 2026-11-21 = 2 → at good (2) → 100
            #expect(acme.signal("days_since_login")?["value"]?.numberText == "2")
            #expect(acme.signal("days_since_login")?["health"]?.numberText == "100")
            // usage = (50 + 20 + 50 + 100) / 4 = 55
            #expect(acme.dimension("usage")?["health"]?.numberText == "55")
            #expect(acme.dimension("usage")?["weight"]?.numberText == "0.35")

            // engagement: attendance 3/4 = 0.75 → (0.75−0.3)/(0.9−0.3)·100 = 75; sponsor true → 100;
            // days_since_touch 2026-10-17 → 37 days → (37−60)/(14−60)·100 = 50; mean (75+100+50)/3 = 75
            #expect(acme.signal("meeting_attendance")?["health"]?.numberText == "75")
            #expect(acme.signal("exec_sponsor_engaged")?["value"]?.bool == true)
            #expect(acme.signal("exec_sponsor_engaged")?["bad"]?.bool == false)
            #expect(acme.signal("exec_sponsor_engaged")?["good"]?.bool == true)
            #expect(acme.signal("days_since_touch")?["value"]?.numberText == "37")
            #expect(acme.signal("days_since_touch")?["health"]?.numberText == "50")
            #expect(acme.dimension("engagement")?["health"]?.numberText == "75")

            // support: high_severity_open 0 → 100; escalations_90d 3 → 0; open_tickets missing;
            // mean of the present two = 50
            #expect(acme.signal("open_tickets")?["value"]?.isNull == true)
            #expect(acme.signal("open_tickets")?["health"]?.isNull == true)
            #expect(acme.signal("escalations_90d")?["health"]?.numberText == "0")
            #expect(acme.dimension("support")?["health"]?.numberText == "50")

            // sentiment: nps 8 → (8−4)/(9−4)·100 = 80; csat 3.75 → (3.75−3)/(4.5−3)·100 = 50;
            // ces 3.5 → (3.5−5)/(2−5)·100 = 50; mean 180/3 = 60
            #expect(acme.signal("nps")?["health"]?.numberText == "80")
            #expect(acme.signal("csat")?["health"]?.numberText == "50")
            #expect(acme.signal("ces")?["health"]?.numberText == "50")
            #expect(acme.dimension("sentiment")?["health"]?.numberText == "60")

            // health = 0.35·55 + 0.20·75 + 0.20·50 + 0.25·60 = 19.25 + 15 + 10 + 15 = 59.25
            #expect(acme["health"]?.numberText == "59.25")
            // coverage = 0.35·4/4 + 0.20·3/3 + 0.20·2/3 + 0.25·3/3 = 0.8 + 0.13333… = 0.9333
            #expect(acme["coverage"]?.numberText == "0.9333")

            // the pricing complaint (2026-10-01, 53 days old) is in both snapshots: counted once, 10 points
            let events = acme["events"]?.elements ?? []
            #expect(events.count == 1)
            #expect(events.first?["kind"]?.string == "pricing_complaint")
            #expect(events.first?["date"]?.string == "2026-10-01")
            #expect(events.first?["points"]?.numberText == "10")

            // renewal 2027-02-06: 7 (rest of Nov) + 31 + 31 + 6 = 75 days → ≤ 90 → factor 1.1
            #expect(acme["renewal"]?["date"]?.string == "2027-02-06")
            #expect(acme["renewal"]?["days"]?.int == 75)
            #expect(acme["renewal"]?["factor"]?.numberText == "1.1")

            // risk = (100 − 59.25 + 10) × 1.1 = 50.75 × 1.1 = 55.825 → 56 → medium, yellow
            #expect(acme["risk"]?.int == 56)
            #expect(acme["tier"]?.string == "medium")
            #expect(acme["color"]?.string == "yellow")

            // 30 days ago (2026-10-24): the 2026-11-21 snapshot is in the future and ignored; the
            // 2026-10-22 one gives the same healths (login 2 days, touch 37 days) → 59.25; the
            // complaint is 23 days old → +10; renewal 105 days away → factor 1:
            // 50.75 → 51. Trend: 56 − 51 = 5, not more than 5 → stable.
            #expect(acme["risk_30d_ago"]?.int == 51)
            #expect(acme["trend"]?.string == "stable")

            // Points: usage signals (100−h)·(1/4)·(0.35/1): utilisation 50·0.0875 = 4.375,
            // adoption 80·0.0875 = 7, dau_mau 4.375; engagement (100−h)·(1/3)·0.2: attendance 1.67,
            // touch 3.33; support (100−h)·(1/2)·0.2: escalations 100·0.1 = 10; sentiment
            // (100−h)·(1/3)·0.25: nps 1.67, csat 4.17, ces 4.17; event 10.
            // Top 3: escalations_90d 10 and pricing_complaint 10 (tie → by name), feature_adoption 7.
            let drivers = acme["drivers"]?.elements ?? []
            #expect(drivers.map { $0["name"]?.string ?? "" } == ["escalations_90d", "pricing_complaint", "feature_adoption"])
            #expect(drivers.map { $0["points"]?.numberText ?? "" } == ["10", "10", "7"])
            #expect(drivers.map { $0["value"]?.string ?? "" } == ["3", "2026-10-01", "0.3"])

            // The tier's playbook (risk-medium, act within 14 days) and support-spike, fired by
            // escalations_90d 3 ≥ 2 (act within 1 day).
            let playbooks = acme["playbooks"]?.elements ?? []
            #expect(playbooks.map { $0["id"]?.string ?? "" } == ["risk-medium", "support-spike"])
            #expect(playbooks.map { $0["act_within_days"]?.int ?? -1 } == [14, 1])
        }
    }

    @Test("the signal points add up to 100 − health, the share before the renewal factor")
    func pointsAddUp() throws {
        try withWorkspace { ws in
            try Self.writeReference(ws)
            let acme = try ws.scored("acme")
            // Σ signal points = 4.375 + 7 + 4.375 + 0 + 1.6667 + 0 + 3.3333 + 0 + 10 + 1.6667 + 4.1667
            // + 4.1667 = 40.75 = 100 − 59.25.
            let points = acme.score.dimensions.flatMap(\.signals).compactMap(\.points)
            #expect(points.count == 12)
            // exact arithmetic: the thirds add up to exactly 40.75, i.e. 163/4
            let sum = points.reduce(0, +)
            #expect(sum * 4 == 163)
        }
    }

    // MARK: Tiers and their playbooks

    struct TierCase: Sendable, CustomTestStringConvertible {
        var nps: String
        var risk: Int
        var tier: RiskTier
        var actWithin: Int
        var testDescription: String { "NPS \(nps) → risk \(risk) → \(tier.rawValue)" }
    }

    // One dimension, one signal: health = 10·NPS, risk = 100 − 10·NPS (renewal 2027-09-30 is
    // more than 90 days away: factor 1). act_within_days from the template's risk-*.yaml.
    @Test(arguments: [
        TierCase(nps: "1.5", risk: 85, tier: .critical, actWithin: 2),   // 100 − 15
        TierCase(nps: "2", risk: 80, tier: .critical, actWithin: 2),     // 100 − 20: critical's lower bound
        TierCase(nps: "2.1", risk: 79, tier: .high, actWithin: 7),       // 100 − 21
        TierCase(nps: "3", risk: 70, tier: .high, actWithin: 7),         // 100 − 30
        TierCase(nps: "4", risk: 60, tier: .high, actWithin: 7),         // 100 − 40: high's lower bound
        TierCase(nps: "4.1", risk: 59, tier: .medium, actWithin: 14),    // 100 − 41
        TierCase(nps: "5", risk: 50, tier: .medium, actWithin: 14),      // 100 − 50
        TierCase(nps: "6", risk: 40, tier: .medium, actWithin: 14),      // 100 − 60: medium's lower bound
        TierCase(nps: "6.1", risk: 39, tier: .low, actWithin: 30),       // 100 − 61
        TierCase(nps: "8", risk: 20, tier: .low, actWithin: 30),         // 100 − 80
    ])
    func tierPlaybook(_ example: TierCase) throws {
        try withWorkspace { ws in
            try ws.setScoring(ScoreFixture.npsOnlyScoring)
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ["sentiment.nps": example.nps])
            let scored = try ws.scored("acme")
            #expect(scored.score.risk == example.risk)
            #expect(scored.score.tier == example.tier)
            let first = try #require(scored.playbooks.first)
            #expect(first.id == "risk-\(example.tier.rawValue)")
            #expect(first.actWithinDays == example.actWithin)
            let color = example.tier == .low ? "green" : example.tier == .medium ? "yellow" : "red"
            #expect(try ws.scoreJSON("acme")["color"]?.string == color)
        }
    }

    // MARK: Renewal factor

    struct RenewalCase: Sendable, CustomTestStringConvertible {
        var end: String
        var days: Int
        var factor: String
        var risk: Int
        var testDescription: String { "renewal \(end) (\(days) days) → ×\(factor)" }
    }

    // NPS 5 → health 50 → 100 − 50 = 50 before the factor.
    @Test(arguments: [
        RenewalCase(end: "2026-11-23", days: 0, factor: "1.3", risk: 65),    // on as-of: 0 days → 50·1.3
        RenewalCase(end: "2026-12-23", days: 30, factor: "1.3", risk: 65),   // ≤ 30 → 50·1.3 = 65
        RenewalCase(end: "2026-12-24", days: 31, factor: "1.2", risk: 60),   // ≤ 60 → 50·1.2 = 60
        RenewalCase(end: "2027-01-22", days: 60, factor: "1.2", risk: 60),
        RenewalCase(end: "2027-01-23", days: 61, factor: "1.1", risk: 55),   // ≤ 90 → 50·1.1 = 55
        RenewalCase(end: "2027-02-06", days: 75, factor: "1.1", risk: 55),   // the 75-day case
        RenewalCase(end: "2027-02-21", days: 90, factor: "1.1", risk: 55),
        RenewalCase(end: "2027-02-22", days: 91, factor: "1", risk: 50),     // beyond 90 → no factor
        RenewalCase(end: "2026-11-22", days: -1, factor: "1", risk: 50),     // past: factor 1, not 1.3
        RenewalCase(end: "2026-11-01", days: -22, factor: "1", risk: 50),
    ])
    func renewalFactor(_ example: RenewalCase) throws {
        try withWorkspace { ws in
            try ws.setScoring(ScoreFixture.npsOnlyScoring)
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", start: "2025-11-01", end: example.end))
            try ws.addSnapshot("acme", "2026-11-20", ["sentiment.nps": "5"])
            let acme = try ws.scoreJSON("acme")
            #expect(acme["renewal"]?["date"]?.string == example.end)
            #expect(acme["renewal"]?["days"]?.int == example.days)
            #expect(acme["renewal"]?["factor"]?.numberText == example.factor)
            #expect(acme["risk"]?.int == example.risk)
        }
    }

    @Test("a past renewal date: factor 1 in the score, renewal-lapsed (error) in check")
    func lapsedRenewal() throws {
        try withWorkspace { ws in
            try ws.setScoring(ScoreFixture.npsOnlyScoring)
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", start: "2025-11-01", end: "2026-11-01"))
            try ws.addSnapshot("acme", "2026-11-20", ["sentiment.nps": "5"])
            let acme = try ws.scoreJSON("acme")
            // 2026-11-01 → 2026-11-23 is 22 days in the past
            #expect(acme["renewal"]?["days"]?.int == -22)
            #expect(acme["renewal"]?["factor"]?.numberText == "1")
            // 100 − 50 = 50, ×1 (×1.3 would have given 65)
            #expect(acme["risk"]?.int == 50)
            let lapsed = ws.check().diagnostics("renewal-lapsed")
            #expect(lapsed.count == 1)
            #expect(lapsed.first?.severity == .error)
            #expect(lapsed.first?.file == "customers/acme/account.yaml")
        }
    }

    // MARK: Rounding

    struct RoundingCase: Sendable, CustomTestStringConvertible {
        var nps: String
        var end: String
        var risk: Int
        var tier: RiskTier
        var testDescription: String { "NPS \(nps), renewal \(end) → \(risk)" }
    }

    @Test(arguments: [
        // health 2.05·10 = 20.5; (100 − 20.5)·1 = 79.5 exactly → half up → 80 → critical
        RoundingCase(nps: "2.05", end: "2027-09-30", risk: 80, tier: .critical),
        // health 3.375·10 = 33.75; renewal in 45 days → ×1.2; 66.25·1.2 = 79.5 → 80 → critical
        RoundingCase(nps: "3.375", end: "2027-01-07", risk: 80, tier: .critical),
        // health 20.6 → 79.4 → 79 → high
        RoundingCase(nps: "2.06", end: "2027-09-30", risk: 79, tier: .high),
        // health 20.49 → 79.51 → 80
        RoundingCase(nps: "2.049", end: "2027-09-30", risk: 80, tier: .critical),
        // health 60.5 → 39.5 → 40 → medium (a half at the medium bound rounds up too)
        RoundingCase(nps: "6.05", end: "2027-09-30", risk: 40, tier: .medium),
    ])
    func roundHalfUp(_ example: RoundingCase) throws {
        try withWorkspace { ws in
            try ws.setScoring(ScoreFixture.npsOnlyScoring)
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", end: example.end))
            try ws.addSnapshot("acme", "2026-11-20", ["sentiment.nps": example.nps])
            let scored = try ws.scored("acme")
            #expect(scored.score.risk == example.risk)
            #expect(scored.score.tier == example.tier)
            #expect(scored.playbooks.first?.id == "risk-\(example.tier.rawValue)")
        }
    }

    @Test("risk is clamped to 0…100: event points past 100 still give 100")
    func clampedRisk() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", end: "2026-12-01"))
            // every signal at bad → health 0; champion_left 20 + budget_cut 15 → (100 + 35)·1.3 = 175.5 → 100
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.unhealthy,
                               events: [("champion_left", "2026-11-10"), ("budget_cut", "2026-11-12")])
            let acme = try ws.scoreJSON("acme")
            #expect(acme["health"]?.numberText == "0")
            #expect(acme["risk"]?.int == 100)
            #expect(acme["tier"]?.string == "critical")
        }
    }

    // MARK: Coverage and unscored customers

    @Test("too few signals: unscored with risk/tier/color/trend null, health and coverage reported, insufficient-signals")
    func unscored() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            // Only sentiment: nps 6.5 → (6.5−4)/5·100 = 50; csat 3.75 → 50; ces 2 → 100.
            try ws.addSnapshot("acme", "2026-11-20", ["sentiment.nps": "6.5", "sentiment.csat": "3.75", "sentiment.ces": "2"])
            let acme = try ws.scoreJSON("acme")
            // coverage = 0.25·3/3 / (0.35+0.20+0.20+0.25) = 0.25 < 0.5 → unscored
            #expect(acme["coverage"]?.numberText == "0.25")
            // health over present dimensions only = sentiment = (50 + 50 + 100)/3 = 66.666… → 66.67
            #expect(acme["health"]?.numberText == "66.67")
            for key in ["risk", "tier", "color", "trend", "risk_30d_ago"] {
                #expect(acme[key]?.isNull == true, "\(key) should be null")
            }
            #expect(acme["drivers"]?.elements?.isEmpty == true)
            // no tier → no tier playbook (and no trigger matches these values)
            #expect(acme["playbooks"]?.elements?.isEmpty == true)

            let result = ws.check()
            let found = result.diagnostics("insufficient-signals")
            #expect(found.count == 1, "\(result.listing)")
            #expect(found.first?.severity == .warning)
            #expect(found.first?.customer == "acme")
        }
    }

    @Test("coverage exactly 0.5 is scored (exact arithmetic, no 0.4999…)")
    func coverageExactlyHalf() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            // engagement 3 of 3, support 2 of 3, sentiment 2 of 3, no usage:
            // 0.20·3/3 + 0.20·2/3 + 0.25·2/3 = 0.2 + (0.4 + 0.5)/3 = 0.2 + 0.3 = 0.5 exactly.
            let values = ScoreFixture.healthy.filter { key, _ in
                !key.hasPrefix("usage.") && key != "support.open_tickets" && key != "sentiment.ces"
            }
            try ws.addSnapshot("acme", "2026-11-20", values)
            let acme = try ws.scoreJSON("acme")
            #expect(acme["coverage"]?.numberText == "0.5")
            // every present signal at good → health 100 → risk 0 → low
            #expect(acme["health"]?.numberText == "100")
            #expect(acme["risk"]?.int == 0)
            #expect(acme["tier"]?.string == "low")
            #expect(ws.check().diagnostics("insufficient-signals").isEmpty)
        }
    }

    @Test("coverage just below 0.5 is unscored")
    func coverageBelowHalf() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            // as above without csat: 0.2 + 0.2·2/3 + 0.25·1/3 = 0.2 + 0.1333… + 0.0833… = 0.41666… → 0.4167
            let values = ScoreFixture.healthy.filter { key, _ in
                !key.hasPrefix("usage.") && key != "support.open_tickets" && key != "sentiment.ces"
                    && key != "sentiment.csat"
            }
            try ws.addSnapshot("acme", "2026-11-20", values)
            let acme = try ws.scoreJSON("acme")
            #expect(acme["coverage"]?.numberText == "0.4167")
            #expect(acme["risk"]?.isNull == true)
            #expect(acme["health"]?.numberText == "100")
        }
    }

    @Test("a custom min_coverage applies")
    func customMinCoverage() throws {
        try withWorkspace { ws in
            try ws.setScoring("scoring:\n  min_coverage: 0.2\n")
            try ws.addScoredCustomer("acme")
            // only sentiment, all good: coverage 0.25 ≥ 0.2 → scored; health 100 → risk 0
            try ws.addSnapshot("acme", "2026-11-20", ["sentiment.nps": "9", "sentiment.csat": "4.5", "sentiment.ces": "2"])
            let scored = try ws.scored("acme")
            #expect(scored.score.risk == 0)
            #expect(scored.score.tier == .low)
        }
    }

    // MARK: Events

    @Test("champion_left adds 20 points and is a driver named by its kind with its date")
    func championLeft() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.healthy, events: [("champion_left", "2026-11-13")])
            let acme = try ws.scoreJSON("acme")
            // health 100 (all good) → (100 − 100 + 20)·1 = 20 → low
            #expect(acme["health"]?.numberText == "100")
            #expect(acme["risk"]?.int == 20)
            #expect(acme["tier"]?.string == "low")
            let events = acme["events"]?.elements ?? []
            #expect(events.map { $0["kind"]?.string ?? "" } == ["champion_left"])
            #expect(events.first?["points"]?.numberText == "20")
            let drivers = acme["drivers"]?.elements ?? []
            #expect(drivers.count == 1)
            #expect(drivers.first?["name"]?.string == "champion_left")
            #expect(drivers.first?["value"]?.string == "2026-11-13")
            #expect(drivers.first?["points"]?.numberText == "20")
        }
    }

    struct EventCase: Sendable, CustomTestStringConvertible {
        var kind: String
        var date: String
        var risk: Int
        var testDescription: String { "\(kind) on \(date) → risk \(risk)" }
    }

    // Healthy signals (risk 0 without events), renewal more than 90 days away.
    @Test(arguments: [
        EventCase(kind: "budget_cut", date: "2026-08-25", risk: 15),         // exactly 90 days old: counts
        EventCase(kind: "budget_cut", date: "2026-08-24", risk: 0),          // 91 days old: does not
        EventCase(kind: "budget_cut", date: "2026-11-23", risk: 15),         // 0 days old: counts
        EventCase(kind: "budget_cut", date: "2026-11-25", risk: 0),          // dated after as-of: does not
        EventCase(kind: "exec_sponsor_left", date: "2026-10-01", risk: 15),
        EventCase(kind: "competitor_evaluation", date: "2026-10-01", risk: 15),
        EventCase(kind: "pricing_complaint", date: "2026-10-01", risk: 10),
        EventCase(kind: "new_department_inquiry", date: "2026-10-01", risk: 0), // kinds without points count 0
        EventCase(kind: "higher_tier_request", date: "2026-10-01", risk: 0),
    ])
    func eventWindowAndPoints(_ example: EventCase) throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-23", ScoreFixture.healthy, events: [(example.kind, example.date)])
            #expect(try ws.scored("acme").score.risk == example.risk)
        }
    }

    @Test("a custom event_window_days applies (inclusive)")
    func customEventWindow() throws {
        try withWorkspace { ws in
            try ws.setScoring("scoring:\n  event_window_days: 30\n")
            try ws.addScoredCustomer("acme")
            // 2026-10-24 is exactly 30 days old (counts, +15); 2026-10-23 is 31 (does not)
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.healthy,
                               events: [("budget_cut", "2026-10-24"), ("competitor_evaluation", "2026-10-23")])
            #expect(try ws.scored("acme").score.risk == 15)
        }
    }

    @Test("the same (kind, date) in two snapshots counts once; the same kind on two dates twice")
    func eventDeduplication() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("once")
            try ws.addSnapshot("once", "2026-11-15", ScoreFixture.healthy, events: [("champion_left", "2026-11-13")])
            try ws.addSnapshot("once", "2026-11-20", ScoreFixture.healthy, events: [("champion_left", "2026-11-13")])
            try ws.addScoredCustomer("twice")
            try ws.addSnapshot("twice", "2026-11-15", ScoreFixture.healthy, events: [("champion_left", "2026-11-13")])
            try ws.addSnapshot("twice", "2026-11-20", ScoreFixture.healthy, events: [("champion_left", "2026-11-14")])
            // once: 20; twice: 20 + 20 = 40
            #expect(try ws.scored("once").score.risk == 20)
            #expect(try ws.scored("once").score.events.count == 1)
            #expect(try ws.scored("twice").score.risk == 40)
            #expect(try ws.scored("twice").score.events.count == 2)
        }
    }

    // MARK: Inputs: carry-forward, age, derived signals

    @Test("carry-forward per leaf field; a derived signal combines fields from different snapshots; null is absent")
    func carryForward() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-01", ["usage.active_users": "60", "usage.key_features_adopted": "5"])
            var newer = ScoreFixture.healthy
            newer["usage.active_users"] = "null"
            newer["usage.key_features_adopted"] = nil
            try ws.addSnapshot("acme", "2026-11-20", newer)
            let acme = try ws.scoreJSON("acme")
            // active_users 60 from 2026-11-01 (the newer value is null) / 100 seats = 0.6
            // → (0.6−0.2)/0.6·100 = 66.666… → 66.67
            #expect(acme.signal("license_utilization")?["value"]?.numberText == "0.6")
            #expect(acme.signal("license_utilization")?["health"]?.numberText == "66.67")
            // adopted 5 (2026-11-01) / total 10 (2026-11-20) = 0.5 → (0.5−0.2)/0.5·100 = 60
            #expect(acme.signal("feature_adoption")?["value"]?.numberText == "0.5")
            #expect(acme.signal("feature_adoption")?["health"]?.numberText == "60")
        }
    }

    @Test(arguments: [("2026-08-25", true), ("2026-08-24", false)])
    func maxSignalAge(snapshotDate: String, present: Bool) throws {
        try withWorkspace { ws in
            try ws.setScoring(ScoreFixture.npsOnlyScoring)
            try ws.addScoredCustomer("acme")
            // 2026-08-25 is 90 days before 2026-11-23 (at most 90: present); 2026-08-24 is 91 (missing).
            try ws.addSnapshot("acme", snapshotDate, ["sentiment.nps": "5"])
            // a newer snapshot without NPS does not hide the older value
            try ws.addSnapshot("acme", "2026-11-20", ["usage.active_users": "50"])
            let acme = try ws.scoreJSON("acme")
            if present {
                #expect(acme.signal("nps")?["value"]?.numberText == "5")
                #expect(acme["risk"]?.int == 50)    // 100 − 5·10
            } else {
                #expect(acme.signal("nps")?["value"]?.isNull == true)
                #expect(acme["risk"]?.isNull == true)
                #expect(acme["coverage"]?.numberText == "0")
            }
        }
    }

    @Test("a custom max_signal_age_days applies")
    func customMaxSignalAge() throws {
        try withWorkspace { ws in
            try ws.setScoring(ScoreFixture.npsOnlyScoring + "  max_signal_age_days: 10\n")
            try ws.addScoredCustomer("fresh")
            try ws.addSnapshot("fresh", "2026-11-13", ["sentiment.nps": "5"])   // 10 days: present
            try ws.addScoredCustomer("stale")
            try ws.addSnapshot("stale", "2026-11-12", ["sentiment.nps": "5"])   // 11 days: missing
            #expect(try ws.scored("fresh").score.risk == 50)
            #expect(try ws.scored("stale").score.risk == nil)
        }
    }

    struct ZeroCase: Sendable, CustomTestStringConvertible {
        var signal: String
        var seats: Int
        var changes: [String: String]
        var testDescription: String { "\(signal) missing" }
    }

    @Test(arguments: [
        ZeroCase(signal: "license_utilization", seats: 0, changes: [:]),
        ZeroCase(signal: "feature_adoption", seats: 100, changes: ["usage.key_features_total": "0"]),
        ZeroCase(signal: "meeting_attendance", seats: 100,
                 changes: ["engagement.meetings_scheduled_90d": "0", "engagement.meetings_attended_90d": "0"]),
    ])
    func zeroDenominator(_ example: ZeroCase) throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", seats: example.seats))
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.healthy.merging(example.changes) { $1 })
            let acme = try ws.scoreJSON("acme")
            #expect(acme.signal(example.signal)?["value"]?.isNull == true)
            #expect(acme.signal(example.signal)?["health"]?.isNull == true)
            // every other signal is good → health 100 and the customer is still scored
            #expect(acme["health"]?.numberText == "100")
            #expect(acme["risk"]?.int == 0)
        }
    }

    @Test("a date after as-of gives a negative days_since_* that clamps to health 100")
    func negativeDaysSince() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.values(ScoreFixture.healthy, [
                "usage.last_login": "2026-11-25", "engagement.last_touch": "2026-11-30",
            ]))
            let acme = try ws.scoreJSON("acme")
            // 2026-11-23 − 2026-11-25 = −2; −2 is past good (2) → clamped 100
            #expect(acme.signal("days_since_login")?["value"]?.numberText == "-2")
            #expect(acme.signal("days_since_login")?["health"]?.numberText == "100")
            // 2026-11-23 − 2026-11-30 = −7 → 100
            #expect(acme.signal("days_since_touch")?["value"]?.numberText == "-7")
            #expect(acme.signal("days_since_touch")?["health"]?.numberText == "100")
        }
    }

    @Test("utilisation above 1 clamps to health 100")
    func utilisationAboveOne() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.values(ScoreFixture.healthy, ["usage.active_users": "120"]))
            let acme = try ws.scoreJSON("acme")
            // 120/100 = 1.2 → (1.2−0.2)/0.6·100 = 166.7 → clamped 100
            #expect(acme.signal("license_utilization")?["value"]?.numberText == "1.2")
            #expect(acme.signal("license_utilization")?["health"]?.numberText == "100")
            #expect(acme["risk"]?.int == 0)
        }
    }

    @Test("snapshots dated after as-of are ignored for values and events")
    func futureSnapshotsIgnored() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.healthy)
            try ws.addSnapshot("acme", "2026-11-30", ScoreFixture.unhealthy, events: [("champion_left", "2026-11-20")])
            let acme = try ws.scoreJSON("acme")
            // only the healthy snapshot counts → health 100, no event → risk 0
            #expect(acme["health"]?.numberText == "100")
            #expect(acme["risk"]?.int == 0)
            #expect(acme["events"]?.elements?.isEmpty == true)
            #expect(acme.signal("nps")?["value"]?.numberText == "9")
        }
    }

    @Test("snapshots on the same date are ordered by file name: the later name wins")
    func sameDateOrderedByFileName() throws {
        try withWorkspace { ws in
            try ws.setScoring(ScoreFixture.npsOnlyScoring)
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ["sentiment.nps": "3"], label: "a-survey")
            try ws.addSnapshot("acme", "2026-11-20", ["sentiment.nps": "7"], label: "b-survey")
            // 2026-11-20-b-survey.yaml sorts last → NPS 7 → risk 100 − 70 = 30
            #expect(try ws.scored("acme").score.risk == 30)
        }
    }

    // MARK: Trend

    struct TrendCase: Sendable, CustomTestStringConvertible {
        var before: String
        var now: String
        var riskThen: Int
        var riskNow: Int
        var trend: String
        var testDescription: String { "risk \(riskThen) → \(riskNow): \(trend)" }
    }

    // NPS-only model: 30 days ago (2026-10-24) the 2026-10-20 snapshot applies (4 days old) and
    // the 2026-11-20 one is in the future; now the 2026-11-20 one applies.
    @Test(arguments: [
        TrendCase(before: "7", now: "6.5", riskThen: 30, riskNow: 35, trend: "stable"),      // +5: not more than 5
        TrendCase(before: "7", now: "6.4", riskThen: 30, riskNow: 36, trend: "declining"),   // +6
        TrendCase(before: "6.4", now: "7", riskThen: 36, riskNow: 30, trend: "improving"),   // −6
        TrendCase(before: "6.5", now: "7", riskThen: 35, riskNow: 30, trend: "stable"),      // −5
        TrendCase(before: "7", now: "7", riskThen: 30, riskNow: 30, trend: "stable"),
    ])
    func trend(_ example: TrendCase) throws {
        try withWorkspace { ws in
            try ws.setScoring(ScoreFixture.npsOnlyScoring)
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-10-20", ["sentiment.nps": example.before])
            try ws.addSnapshot("acme", "2026-11-20", ["sentiment.nps": example.now])
            let acme = try ws.scoreJSON("acme")
            #expect(acme["risk"]?.int == example.riskNow)
            #expect(acme["risk_30d_ago"]?.int == example.riskThen)
            #expect(acme["trend"]?.string == example.trend)
        }
    }

    @Test("trend is null when the customer was unscored 30 days ago")
    func trendNullWhenEarlierUnscored() throws {
        try withWorkspace { ws in
            try ws.setScoring(ScoreFixture.npsOnlyScoring)
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ["sentiment.nps": "7"])
            let acme = try ws.scoreJSON("acme")
            #expect(acme["risk"]?.int == 30)
            #expect(acme["risk_30d_ago"]?.isNull == true)
            #expect(acme["trend"]?.isNull == true)
        }
    }

    @Test("the 30-days-ago score moves every time-dependent input: events and the renewal factor")
    func trendMovesTimeDependentInputs() throws {
        try withWorkspace { ws in
            try ws.setScoring(ScoreFixture.npsOnlyScoring)
            // renewal 2026-12-13: 20 days now (×1.3), 50 days on 2026-10-24 (×1.2)
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", end: "2026-12-13"))
            // NPS 7 in both → 30 before events. Budget cut 2026-08-20: 95 days old now (out),
            // 65 days old on 2026-10-24 (in, +15).
            try ws.addSnapshot("acme", "2026-10-20", ["sentiment.nps": "7"], events: [("budget_cut", "2026-08-20")])
            try ws.addSnapshot("acme", "2026-11-20", ["sentiment.nps": "7"])
            let acme = try ws.scoreJSON("acme")
            // now: 30 × 1.3 = 39 → low; then: (30 + 15) × 1.2 = 54 → medium; 39 − 54 = −15 → improving
            #expect(acme["risk"]?.int == 39)
            #expect(acme["risk_30d_ago"]?.int == 54)
            #expect(acme["trend"]?.string == "improving")
        }
    }

    // MARK: Drivers

    @Test("drivers: top 3 positive contributions by points, ties by name")
    func driversTiesByName() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.values(ScoreFixture.healthy, [
                "support.high_severity_open": "3", "support.escalations_90d": "3", "support.open_tickets": "15",
            ]), events: [("champion_left", "2026-11-13")])
            let acme = try ws.scoreJSON("acme")
            // support health 0, others 100: health = 0.35·100 + 0.2·100 + 0.2·0 + 0.25·100 = 80;
            // risk = 100 − 80 + 20 = 40 → medium
            #expect(acme["health"]?.numberText == "80")
            #expect(acme["risk"]?.int == 40)
            // each support signal: 100·(1/3)·(0.2/1) = 6.666… → 6.67, a three-way tie;
            // champion_left 20 first, then the tie by name: escalations_90d, high_severity_open
            // (open_tickets is fourth and left out)
            let drivers = acme["drivers"]?.elements ?? []
            #expect(drivers.map { $0["name"]?.string ?? "" } == ["champion_left", "escalations_90d", "high_severity_open"])
            #expect(drivers.map { $0["points"]?.numberText ?? "" } == ["20", "6.67", "6.67"])
            #expect(drivers.map { $0["value"]?.string ?? "" } == ["2026-11-13", "3", "3"])
        }
    }

    @Test("drivers list only positive contributions (fewer than 3 when fewer add risk)")
    func driversOnlyPositive() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.values(ScoreFixture.healthy, ["usage.dau_mau": "0.25"]))
            let acme = try ws.scoreJSON("acme")
            // dau_mau 0.25 → 50; usage (100+100+50+100)/4 = 87.5; health 0.35·87.5 + 0.65·100 = 95.625
            // → 95.63 (2 places, half up); risk 4.375 → 4; dau_mau points 50·(1/4)·0.35 = 4.375 → 4.38
            #expect(acme["health"]?.numberText == "95.63")
            #expect(acme["risk"]?.int == 4)
            let drivers = acme["drivers"]?.elements ?? []
            #expect(drivers.map { $0["name"]?.string ?? "" } == ["dau_mau"])
            #expect(drivers.first?["points"]?.numberText == "4.38")
            #expect(drivers.first?["value"]?.string == "0.25")
        }
    }

    // MARK: Override

    @Test(arguments: [("2026-11-01", true), ("2026-12-31", false), ("2026-11-23", false)])
    func override(until: String, expired: Bool) throws {
        try withWorkspace { ws in
            try ws.setScoring(ScoreFixture.npsOnlyScoring)
            let extra = """
                risk_override:
                  tier: low
                  reason: Renewal signed verbally
                  by: dana
                  until: \(until)

                """
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", extra: extra))
            try ws.addSnapshot("acme", "2026-11-20", ["sentiment.nps": "5"])
            let acme = try ws.scoreJSON("acme")
            // computed 100 − 50 = 50 → medium, whatever the override says
            #expect(acme["risk"]?.int == 50)
            #expect(acme["tier"]?.string == "medium")
            #expect(acme["override"]?["tier"]?.string == "low")
            #expect(acme["override"]?["reason"]?.string == "Renewal signed verbally")
            #expect(acme["override"]?["by"]?.string == "dana")
            #expect(acme["override"]?["until"]?.string == until)
            #expect(acme["override"]?["expired"]?.bool == expired)
            #expect(acme["playbooks"]?.elements?.first?["id"]?.string == "risk-medium")
            let flagged = ws.check().diagnostics("override-expired")
            #expect(flagged.count == (expired ? 1 : 0))
            if expired { #expect(flagged.first?.severity == .warning) }
        }
    }

    // MARK: Segment overrides and configuration

    @Test(arguments: [("enterprise", "0", "93.33", 7), ("smb", "50", "96.67", 3)])
    func segmentSignalOverride(segment: String, touchHealth: String, health: String, risk: Int) throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", segment: segment))
            // last touch 2026-09-09 → 75 days
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.values(ScoreFixture.healthy, ["engagement.last_touch": "2026-09-09"]))
            let acme = try ws.scoreJSON("acme")
            // enterprise (bad 60, good 14): (75−60)/(14−60) < 0 → 0; engagement (100+100+0)/3 = 66.67;
            //   health 35 + 0.2·66.67 + 20 + 25 = 93.333… → 93.33; risk 6.67 → 7
            // smb (bad 120, good 30): (75−120)/(30−120)·100 = 50; engagement 250/3 = 83.33;
            //   health 35 + 0.2·83.33 + 20 + 25 = 96.666… → 96.67; risk 3.33 → 3
            #expect(acme.signal("days_since_touch")?["value"]?.numberText == "75")
            #expect(acme.signal("days_since_touch")?["health"]?.numberText == touchHealth)
            #expect(acme["health"]?.numberText == health)
            #expect(acme["risk"]?.int == risk)
            let (bad, good) = segment == "smb" ? ("120", "30") : ("60", "14")
            #expect(acme.signal("days_since_touch")?["bad"]?.numberText == bad)
            #expect(acme.signal("days_since_touch")?["good"]?.numberText == good)
        }
    }

    @Test("scoring.dimensions given replaces the default set")
    func dimensionsReplace() throws {
        try withWorkspace { ws in
            try ws.setScoring("scoring:\n  dimensions:\n    usage: {weight: 1}\n")
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.values(ScoreFixture.healthy, ["usage.dau_mau": "0.25"]))
            let acme = try ws.scoreJSON("acme")
            #expect(acme["dimensions"]?.elements?.map { $0["name"]?.string ?? "" } == ["usage"])
            // usage = (100 + 100 + 50 + 100)/4 = 87.5 → health 87.5; coverage 4/4 = 1
            #expect(acme["health"]?.numberText == "87.5")
            #expect(acme["coverage"]?.numberText == "1")
            // risk 12.5 → half up → 13
            #expect(acme["risk"]?.int == 13)
        }
    }

    @Test("a bare number is accepted as a dimension weight")
    func bareDimensionWeight() throws {
        try withWorkspace { ws in
            try ws.setScoring("scoring:\n  dimensions: {usage: 3, sentiment: 1}\n")
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.values(ScoreFixture.healthy, ["sentiment.nps": "6.5"]))
            let acme = try ws.scoreJSON("acme")
            // usage 100; sentiment (50 + 100 + 100)/3 = 83.33…; health (3·100 + 1·83.33…)/4 = 95.833… → 95.83
            #expect(acme["health"]?.numberText == "95.83")
            #expect(acme["dimensions"]?.elements?.map { $0["weight"]?.numberText ?? "" } == ["3", "1"])
            // risk 4.1666… → 4
            #expect(acme["risk"]?.int == 4)
        }
    }

    @Test("a signal weight counts inside its dimension")
    func signalWeight() throws {
        try withWorkspace { ws in
            try ws.setScoring("""
                scoring:
                  dimensions: {sentiment: 1}
                  signals:
                    nps: {dimension: sentiment, bad: 0, good: 10, weight: 3}
                    csat: {dimension: sentiment}

                """)
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ["sentiment.nps": "6", "sentiment.csat": "3.75"])
            let acme = try ws.scoreJSON("acme")
            // nps 60 (weight 3), csat keeps its §4 thresholds 3.0/4.5: 3.75 → 50 (weight 1)
            // health = (3·60 + 50)/4 = 57.5 → risk 42.5 → 43 → medium
            #expect(acme.signal("csat")?["bad"]?.numberText == "3")
            #expect(acme.signal("csat")?["good"]?.numberText == "4.5")
            #expect(acme["health"]?.numberText == "57.5")
            #expect(acme["risk"]?.int == 43)
            // points: nps 40·(3/4) = 30, csat 50·(1/4) = 12.5
            let drivers = acme["drivers"]?.elements ?? []
            #expect(drivers.map { $0["name"]?.string ?? "" } == ["nps", "csat"])
            #expect(drivers.map { $0["points"]?.numberText ?? "" } == ["30", "12.5"])
        }
    }

    struct TierMergeCase: Sendable, CustomTestStringConvertible {
        var nps: String
        var risk: Int
        var tier: RiskTier
        var testDescription: String { "risk \(risk) → \(tier.rawValue)" }
    }

    // tiers: {high: 50} merges by key → medium 40, high 50, critical 80.
    @Test(arguments: [
        TierMergeCase(nps: "6.1", risk: 39, tier: .low),        // 100 − 61
        TierMergeCase(nps: "5.5", risk: 45, tier: .medium),     // medium still starts at 40
        TierMergeCase(nps: "5", risk: 50, tier: .high),         // high now starts at 50
        TierMergeCase(nps: "4.5", risk: 55, tier: .high),
        TierMergeCase(nps: "2.1", risk: 79, tier: .high),
        TierMergeCase(nps: "2", risk: 80, tier: .critical),     // critical still starts at 80
    ])
    func tiersMergeByKey(_ example: TierMergeCase) throws {
        try withWorkspace { ws in
            try ws.setScoring(ScoreFixture.npsOnlyScoring + "  tiers: {high: 50}\n")
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ["sentiment.nps": example.nps])
            let scored = try ws.scored("acme")
            #expect(scored.score.risk == example.risk)
            #expect(scored.score.tier == example.tier)
        }
    }

    @Test("renewal_factors given replaces the default set; a past date still gets 1")
    func renewalFactorsReplace() throws {
        try withWorkspace { ws in
            try ws.setScoring(ScoreFixture.npsOnlyScoring + "  renewal_factors:\n    - {within_days: 10, factor: 1.5}\n")
            try ws.addScoredCustomer("near", account: ScoreFixture.account(id: "near", end: "2026-12-03"))
            try ws.addSnapshot("near", "2026-11-20", ["sentiment.nps": "7"])
            try ws.addScoredCustomer("month", account: ScoreFixture.account(id: "month", end: "2026-12-13"))
            try ws.addSnapshot("month", "2026-11-20", ["sentiment.nps": "7"])
            // 10 days: 30 × 1.5 = 45; 20 days: the default ×1.3 is gone → 30
            #expect(try ws.scored("near").score.risk == 45)
            #expect(try ws.scored("month").score.risk == 30)
        }
    }

    @Test("events given replaces the default points")
    func eventsReplace() throws {
        try withWorkspace { ws in
            try ws.setScoring("scoring:\n  events: {budget_cut: 5}\n")
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.healthy,
                               events: [("budget_cut", "2026-11-10"), ("champion_left", "2026-11-10")])
            // healthy → 0; budget_cut now 5; champion_left no longer listed → 0
            #expect(try ws.scored("acme").score.risk == 5)
        }
    }

    // MARK: Churned

    @Test("churned customers are not scored")
    func churnedSkipped() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("gone", account: ScoreFixture.account(id: "gone", status: "churned"))
            try ws.addSnapshot("gone", "2026-11-20", ScoreFixture.healthy)
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.healthy)
            #expect(ws.scores().map(\.record.id) == ["acme"])
            let ids = try ws.scoreJSON()["customers"]?.elements?.map { $0["id"]?.string ?? "" }
            #expect(ids == ["acme"])
        }
    }

    @Test("scores are sorted by risk, highest first; unscored last; ties by id")
    func sortedByRisk() throws {
        try withWorkspace { ws in
            try ws.setScoring(ScoreFixture.npsOnlyScoring)
            for (id, nps) in [("b-low", "8"), ("a-low", "8"), ("high", "3")] {
                try ws.addScoredCustomer(id)
                try ws.addSnapshot(id, "2026-11-20", ["sentiment.nps": nps])
            }
            try ws.addScoredCustomer("blank")
            let ids = try ws.scoreJSON()["customers"]?.elements?.map { $0["id"]?.string ?? "" }
            // high 70, a-low 20, b-low 20, blank unscored
            #expect(ids == ["high", "a-low", "b-low", "blank"])
        }
    }
}

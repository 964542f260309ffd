import Foundation
import Testing

@testable import CswsCore

// `csws agenda` (SPEC §3, §5): what is due for whom, overdue first, with the rule, trigger or
// playbook step that produced each item. As-of 2026-11-23; horizon 7 days (to 2026-11-30) unless said.

@Suite("Agenda")
struct AgendaTests {
    /// (due, kind, owner, source) of each item, in order.
    private func rows(_ items: [AgendaItem]) -> [String] {
        items.map { "\($0.due) \($0.kind.rawValue) \($0.owner) \($0.customer) [\($0.source)]" }
    }

    /// acme (owner ana, enterprise): renewal 2027-02-06 (75 days away), an overdue milestone, a
    /// playbook-step milestone, an unanswered urgent VoC item, an unacknowledged escalation, a QBR
    /// on 2026-09-01, last touch 2026-10-30 and two high-severity tickets (support-spike).
    static func writeAcme(_ ws: TestWorkspace) throws {
        try ws.addScoredCustomer("acme",
            account: ScoreFixture.account(id: "acme", end: "2027-02-06"),
            plan: ScoreFixture.plan(milestones:
                ScoreFixture.milestone("M1", due: "2026-11-09")
                + ScoreFixture.milestone("root-cause", due: "2026-11-25", phase: "recovery", source: "risk-high/root-cause")
                + ScoreFixture.milestone("M8", due: "2026-11-10", status: "dropped")
                + ScoreFixture.milestone("M9", due: "2026-10-01", status: "done", done: "2026-10-01")))
        try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.values(ScoreFixture.healthy, [
            "support.high_severity_open": "2", "engagement.last_touch": "2026-10-30",
        ]))
        try ws.write("customers/acme/qbr/2026-Q3.yaml", "date: 2026-09-01\nattendees: [ana]\n")
        try ws.write("customers/acme/voc/2026-11-20-exports.yaml", """
            date: 2026-11-20
            source: survey
            kind: complaint
            area: reporting
            severity: high
            summary: Exports time out
            status: new

            """)
        try ws.write("customers/acme/escalations/2026-11-20-critical-bug.yaml", """
            opened: 2026-11-20T09:00:00+00:00
            trigger: critical-bug
            level: [vp-engineering, vp-cs]
            respond_within_hours: 4
            summary: Exports fail for every user

            """)
    }

    @Test("every kind of item, sorted by due date (overdue first), each with its owner and source")
    func fullAgenda() throws {
        try withWorkspace { ws in
            try Self.writeAcme(ws)
            let items = ws.agenda()
            #expect(rows(items) == [
                // renewal 2027-02-06 − 90 days = 2026-11-08 (75 days left: the 90-day window); csm → ana
                "2026-11-08 renewal ana acme [renewal playbook step renewal-90]",
                // M1 due 2026-11-09, planned
                "2026-11-09 milestone ana acme [plan milestone]",
                // opened 2026-11-20 09:00 + 4 h; level[0] vp-engineering → eli
                "2026-11-20 escalation eli acme [rule escalation-unacknowledged]",
                // severity high: 2026-11-20 + 2 days
                "2026-11-22 voc ana acme [rule voc-unanswered]",
                // high_severity_open 2 ≥ 2 fires support-spike: as-of + 1 day; support-lead → sam
                "2026-11-24 playbook sam acme [trigger support-spike]",
                "2026-11-25 milestone ana acme [playbook step risk-high/root-cause]",
                // last touch 2026-10-30 + 30 days (enterprise check-in cadence)
                "2026-11-29 checkin ana acme [rule checkin-overdue]",
                // QBR 2026-09-01 + 90 days
                "2026-11-30 qbr ana acme [rule qbr-overdue]",
            ])
            // the first four are overdue
            #expect(items.map { $0.isOverdue(asOf: testAsOf) } == [true, true, true, true, false, false, false, false])
            let renewal = try #require(items.first)
            #expect(renewal.title.contains("Open the renewal conversation and draft the proposal"))
            #expect(renewal.title.contains("2027-02-06"))
            #expect(items[1].title.hasPrefix("M1:"))
            #expect(items[4].title.contains("csws apply support-spike acme"))
        }
    }

    @Test("the horizon: --days N includes items due up to as-of + N; overdue items are always in")
    func horizon() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme", plan: ScoreFixture.plan(milestones:
                ScoreFixture.milestone("late", due: "2026-10-01")
                + ScoreFixture.milestone("today", due: "2026-11-23")
                + ScoreFixture.milestone("week", due: "2026-11-30")      // as-of + 7
                + ScoreFixture.milestone("eight", due: "2026-12-01")))   // as-of + 8
            func milestones(_ days: Int) -> [String] {
                ws.agenda(days: days).filter { $0.kind == .milestone }.map { String($0.title.prefix { $0 != ":" }) }
            }
            #expect(milestones(0) == ["late", "today"])
            #expect(milestones(6) == ["late", "today"])
            #expect(milestones(7) == ["late", "today", "week"])
            #expect(milestones(8) == ["late", "today", "week", "eight"])
        }
    }

    @Test("items of several customers: by due date, then customer")
    func ordering() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("globex", account: ScoreFixture.account(id: "globex", owner: "ben"),
                                     plan: ScoreFixture.plan(milestones:
                                        ScoreFixture.milestone("G1", due: "2026-11-09", owner: "ben")
                                        + ScoreFixture.milestone("G2", due: "2026-11-01", owner: "ben")))
            try ws.addScoredCustomer("acme", plan: ScoreFixture.plan(milestones:
                ScoreFixture.milestone("A1", due: "2026-11-09") + ScoreFixture.milestone("A2", due: "2026-11-26")))
            let milestones = ws.agenda().filter { $0.kind == .milestone }
            #expect(milestones.map { "\($0.due) \($0.customer) \($0.owner)" } == [
                "2026-11-01 globex ben", "2026-11-09 acme ana", "2026-11-09 globex ben", "2026-11-26 acme ana",
            ])
            // every item's due date is in order
            let all = ws.agenda()
            #expect(all.map(\.due) == all.map(\.due).sorted())
        }
    }

    @Test("a milestone's own owner is its agenda owner")
    func milestoneOwner() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme", plan: ScoreFixture.plan(milestones:
                ScoreFixture.milestone("S1", due: "2026-11-25", owner: "carla")))
            let item = try #require(ws.agenda().first { $0.kind == .milestone })
            #expect(item.owner == "carla")
        }
    }

    @Test("renewal steps: the current window's step, and later windows' steps once inside the horizon, owners from roles")
    func renewalSteps() throws {
        try withWorkspace { ws in
            // 2027-03-03 is 100 days away: inside the 120-day window
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", end: "2027-03-03"))
            func renewal(_ days: Int) -> [String] {
                ws.agenda(days: days).filter { $0.kind == .renewal }.map { "\($0.due) \($0.owner) \($0.source)" }
            }
            // 2027-03-03 − 120 = 2026-11-03 (overdue); − 90 = 2026-12-03 (10 days out); − 60 = 2027-01-02
            // (40 days out, owner role ae → dev); − 30 = 2027-02-01 (70 days out, ae → dev)
            #expect(renewal(7) == ["2026-11-03 ana renewal playbook step renewal-120"])
            #expect(renewal(10) == [
                "2026-11-03 ana renewal playbook step renewal-120", "2026-12-03 ana renewal playbook step renewal-90",
            ])
            #expect(renewal(45) == [
                "2026-11-03 ana renewal playbook step renewal-120", "2026-12-03 ana renewal playbook step renewal-90",
                "2027-01-02 dev renewal playbook step renewal-60",
            ])
        }
    }

    @Test("no renewal-window items when the plan already carries renewal milestones, or the date has passed")
    func renewalStepsSuppressed() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("planned", account: ScoreFixture.account(id: "planned", end: "2027-02-06"),
                                     plan: ScoreFixture.plan(milestones:
                                        ScoreFixture.milestone("R1", due: "2027-01-10", phase: "renewal")))
            try ws.addScoredCustomer("lapsed", account: ScoreFixture.account(id: "lapsed", start: "2025-11-01", end: "2026-11-01"))
            #expect(ws.agenda(days: 60).filter { $0.kind == .renewal }.isEmpty)
        }
    }

    @Test("the tier's playbook until it is applied; then its steps carry the work")
    func tierPlaybookItem() throws {
        try withWorkspace { ws in
            try ws.setScoring(ScoreFixture.npsOnlyScoring)
            try ws.addScoredCustomer("acme")
            // NPS 3 → risk 70 → high (act within 7 days); NPS ≤ 6 also fires detractor (2 days)
            try ws.addSnapshot("acme", "2026-11-20", ["sentiment.nps": "3"])
            let playbooks = ws.agenda().filter { $0.kind == .playbook }
            #expect(playbooks.map { "\($0.due) \($0.owner) \($0.source)" } == [
                "2026-11-25 ana trigger detractor",      // 2026-11-23 + 2
                "2026-11-30 ana risk tier high",         // 2026-11-23 + 7
            ])
            #expect(playbooks.last?.title.contains("csws apply risk-high acme") == true)

            try ws.write("customers/acme/plan.yaml", ScoreFixture.plan(milestones:
                ScoreFixture.milestone("root-cause", due: "2026-12-20", phase: "recovery", source: "risk-high/root-cause")))
            #expect(ws.agenda().filter { $0.kind == .playbook }.map(\.source) == ["trigger detractor"])
        }
    }

    @Test("a low tier adds no playbook item")
    func lowTierNoItem() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.healthy)
            #expect(ws.agenda().filter { $0.kind == .playbook }.isEmpty)
        }
    }

    @Test("VoC: a decided item not yet closed is due 30 days after the answer")
    func vocLoopItem() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.write("customers/acme/voc/2026-10-20-exports.yaml", """
                date: 2026-10-20
                source: call
                kind: feature-request
                area: reporting
                severity: low
                summary: Scheduled exports
                status: planned
                responded: 2026-10-22

                """)
            let voc = ws.agenda().filter { $0.kind == .voc }
            // 2026-10-22 + 30 = 2026-11-21
            #expect(voc.map { "\($0.due) \($0.source)" } == ["2026-11-21 rule voc-loop-open"])
        }
    }

    @Test("the next check-in comes from touches on or before as-of, as in check")
    func checkinIgnoresFutureSnapshots() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-10-01", ["engagement.last_touch": "2026-10-01"])
            // a snapshot dated after as-of (e.g. when looking back with --as-of) is not known yet
            try ws.addSnapshot("acme", "2026-11-30", ["engagement.last_touch": "2026-11-20"])
            // check: last touch 2026-10-01, 53 days > 30 → checkin-overdue
            #expect(ws.check().diagnostics("checkin-overdue").count == 1)
            // so the agenda's check-in is overdue too: 2026-10-01 + 30 = 2026-10-31
            let checkin = ws.agenda().filter { $0.kind == .checkin }
            #expect(checkin.map { "\($0.due)" } == ["2026-10-31"],
                    "agenda counts last_touch from a snapshot dated after as-of")
        }
    }

    @Test("churned customers have no agenda")
    func churnedSkipped() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("gone",
                account: ScoreFixture.account(id: "gone", status: "churned", end: "2027-02-06"),
                plan: ScoreFixture.plan(milestones: ScoreFixture.milestone("M1", due: "2026-11-01")))
            try ws.addSnapshot("gone", "2026-11-20", ScoreFixture.unhealthy)
            try ws.write("customers/gone/voc/2026-11-20-exports.yaml", """
                date: 2026-11-20
                source: survey
                kind: complaint
                area: reporting
                severity: high
                summary: Exports time out
                status: new

                """)
            #expect(ws.agenda(days: 365).isEmpty)
        }
    }
}

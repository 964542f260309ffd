import Foundation
import Testing

@testable import CswsCore

// The time rules of SPEC §5.1–5.2 with the template's `rules` (overdue_error_days 14,
// first_value_days 30, onboarding_gate_days 90, renewal windows 120/90/60/30, signals_stale_days 30,
// VoC 2/7/30) and segments (enterprise: check-in 30, QBR 90). As-of 2026-11-23.

/// Every rule of §5, so a test can assert that none of them fires.
private let timeRules: Set<String> = [
    "milestone-overdue", "first-value-late", "onboarding-gate", "qbr-overdue", "checkin-overdue",
    "qbr-too-many-priorities", "renewal-window", "renewal-lapsed", "override-expired", "signals-stale",
    "insufficient-signals", "voc-unanswered", "voc-loop-open", "escalation-unacknowledged", "risk-playbook-missing",
]

@Suite("Time rules")
struct TimeRuleTests {
    // MARK: §5.1 Plans

    @Test("milestone-overdue: a warning at 14 days, an error at 15; done, dropped and due today are fine")
    func milestoneOverdue() throws {
        try withWorkspace { ws in
            let plan = ScoreFixture.plan(milestones:
                ScoreFixture.milestone("M1", due: "2026-11-09", owner: "ana")          // 14 days overdue
                + ScoreFixture.milestone("M2", due: "2026-11-08", status: "in-progress", owner: "carla")  // 15
                + ScoreFixture.milestone("M3", due: "2026-11-01", status: "done", done: "2026-11-02")
                + ScoreFixture.milestone("M4", due: "2026-11-01", status: "dropped")
                + ScoreFixture.milestone("M5", due: "2026-11-23")                       // due today
                + ScoreFixture.milestone("M6", due: "2026-11-22", status: "blocked"))   // 1 day
            try ws.addScoredCustomer("acme", plan: plan)
            let result = ws.check()
            let overdue = result.diagnostics("milestone-overdue")
            #expect(overdue.count == 3, "\(result.listing)")
            let byID = Dictionary(uniqueKeysWithValues: overdue.map { diagnostic in
                (diagnostic.message.split(separator: " ")[1], diagnostic)
            })
            #expect(byID["M1"]?.severity == .warning)
            #expect(byID["M1"]?.message.contains("14 days overdue") == true)
            #expect(byID["M1"]?.message.contains("owner ana") == true)
            #expect(byID["M2"]?.severity == .error)
            #expect(byID["M2"]?.message.contains("15 days overdue") == true)
            #expect(byID["M2"]?.message.contains("owner carla") == true)
            #expect(byID["M6"]?.severity == .warning)
            #expect(byID["M6"]?.message.contains("1 day overdue") == true)
            // pointing at the due date
            let text = try ws.read("customers/acme/plan.yaml")
            let due = try #require(position(of: "2026-11-09", in: text))
            #expect(byID["M1"]?.location.line == due.line)
            #expect(byID["M1"]?.location.column == due.column)
        }
    }

    @Test("a custom overdue_error_days applies")
    func customOverdueErrorDays() throws {
        try withWorkspace { ws in
            try ws.replace(in: "csws.yaml", "overdue_error_days: 14", with: "overdue_error_days: 3")
            try ws.addScoredCustomer("acme", plan: ScoreFixture.plan(milestones:
                ScoreFixture.milestone("M1", due: "2026-11-20")            // 3 days: warning
                + ScoreFixture.milestone("M2", due: "2026-11-19")))        // 4 days: error
            let overdue = ws.check().diagnostics("milestone-overdue")
            #expect(overdue.map(\.severity).sorted() == [.warning, .error])
            #expect(overdue.first { $0.message.contains("M2") }?.severity == .error)
        }
    }

    struct FirstValueCase: Sendable, CustomTestStringConvertible {
        var status: String
        var milestoneStatus: String
        var done: String?
        var asOf: String
        var late: Bool
        var testDescription: String { "\(status), first value \(milestoneStatus) \(done ?? "") as of \(asOf)" }
    }

    // start 2026-10-01 → first value due by day 30: 2026-10-31.
    @Test(arguments: [
        FirstValueCase(status: "onboarding", milestoneStatus: "planned", done: nil, asOf: "2026-11-23", late: true),
        FirstValueCase(status: "onboarding", milestoneStatus: "planned", done: nil, asOf: "2026-10-31", late: false),
        FirstValueCase(status: "onboarding", milestoneStatus: "planned", done: nil, asOf: "2026-11-01", late: true),
        FirstValueCase(status: "onboarding", milestoneStatus: "done", done: "2026-10-31", asOf: "2026-11-23", late: false),
        FirstValueCase(status: "onboarding", milestoneStatus: "done", done: "2026-11-01", asOf: "2026-11-23", late: true),
        FirstValueCase(status: "active", milestoneStatus: "planned", done: nil, asOf: "2026-11-23", late: false),
    ])
    func firstValueLate(_ example: FirstValueCase) throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme",
                account: ScoreFixture.account(id: "acme", status: example.status, start: "2026-10-01"),
                plan: ScoreFixture.plan(milestones: ScoreFixture.milestone(
                    "FV", due: "2026-10-25", status: example.milestoneStatus, phase: "activation", done: example.done,
                    firstValue: true)))
            let found = ws.check(asOf: CalendarDate(example.asOf)!).diagnostics("first-value-late")
            #expect(found.count == (example.late ? 1 : 0))
            if example.late {
                #expect(found.first?.severity == .error)
                #expect(found.first?.file == "customers/acme/plan.yaml")
            }
        }
    }

    @Test("first-value-late when an onboarding plan has no first-value milestone at all")
    func firstValueMissingMilestone() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", status: "onboarding", start: "2026-10-01"))
            let found = ws.check().diagnostics("first-value-late")
            #expect(found.count == 1)
            #expect(found.first?.severity == .error)
        }
    }

    @Test("first-value-late follows rules.first_value_days in csws.yaml")
    func firstValueDaysFromRules() throws {
        try withWorkspace { ws in
            try ws.replace(in: "csws.yaml", "first_value_days: 30", with: "first_value_days: 45")
            try ws.addScoredCustomer("acme",
                account: ScoreFixture.account(id: "acme", status: "onboarding", start: "2026-10-01"),
                plan: ScoreFixture.plan(milestones: ScoreFixture.milestone(
                    "FV", due: "2026-10-25", phase: "activation", firstValue: true)))
            // deadline 2026-10-01 + 45 = 2026-11-15: not late on 2026-11-10 (day 40), late on 2026-11-16
            let early = ws.check(asOf: CalendarDate("2026-11-10")!)
            #expect(early.diagnostics("first-value-late").isEmpty,
                    "rules.first_value_days 45 is ignored (day 30 from onboarding.yaml used):\n\(early.listing)")
            #expect(ws.check(asOf: CalendarDate("2026-11-16")!).diagnostics("first-value-late").count == 1)
        }
    }

    struct GateCase: Sendable, CustomTestStringConvertible {
        var status: String
        var start: String
        var unhealthy: Bool
        var warns: Bool
        var testDescription: String { "\(status) since \(start), \(unhealthy ? "critical" : "low")" }
    }

    @Test(arguments: [
        GateCase(status: "onboarding", start: "2026-08-25", unhealthy: true, warns: true),    // day 90, critical
        GateCase(status: "onboarding", start: "2026-08-26", unhealthy: true, warns: false),   // day 89
        GateCase(status: "onboarding", start: "2026-08-25", unhealthy: false, warns: false),  // day 90, low
        GateCase(status: "active", start: "2026-08-25", unhealthy: true, warns: false),       // not onboarding
    ])
    func onboardingGate(_ example: GateCase) throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", status: example.status, start: example.start))
            // unhealthy: every signal at bad → health 0 → risk 100 → critical; healthy → risk 0 → low
            try ws.addSnapshot("acme", "2026-11-20", example.unhealthy ? ScoreFixture.unhealthy : ScoreFixture.healthy)
            let found = ws.check().diagnostics("onboarding-gate")
            #expect(found.count == (example.warns ? 1 : 0))
            if example.warns {
                #expect(found.first?.severity == .warning)
                #expect(found.first?.message.contains("critical") == true)
            }
        }
    }

    @Test("onboarding-gate: tier high is worse than medium, tier medium passes")
    func onboardingGateTiers() throws {
        try withWorkspace { ws in
            try ws.setScoring(ScoreFixture.npsOnlyScoring)
            let account = { (id: String) in ScoreFixture.account(id: id, status: "onboarding", start: "2026-08-01") }
            try ws.addScoredCustomer("high", account: account("high"))
            try ws.addSnapshot("high", "2026-11-20", ["sentiment.nps": "4"])     // 100 − 40 = 60 → high
            try ws.addScoredCustomer("medium", account: account("medium"))
            try ws.addSnapshot("medium", "2026-11-20", ["sentiment.nps": "4.1"])  // 59 → medium
            let found = ws.check().diagnostics("onboarding-gate")
            #expect(found.map(\.customer) == ["high"])
        }
    }

    @Test("onboarding-gate follows rules.onboarding_gate_days in csws.yaml")
    func onboardingGateDaysFromRules() throws {
        try withWorkspace { ws in
            try ws.replace(in: "csws.yaml", "onboarding_gate_days: 90", with: "onboarding_gate_days: 120")
            // day 90 of onboarding (start 2026-08-25), every signal bad → critical
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", status: "onboarding", start: "2026-08-25"))
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.unhealthy)
            let result = ws.check()
            #expect(result.diagnostics("onboarding-gate").isEmpty,
                    "rules.onboarding_gate_days 120 is ignored (day 90 from onboarding.yaml used):\n\(result.listing)")
            // day 120 = 2026-12-23
            #expect(ws.check(asOf: CalendarDate("2026-12-23")!).diagnostics("onboarding-gate").count == 1)
        }
    }

    struct QBRCase: Sendable, CustomTestStringConvertible {
        var qbrDate: String?
        var planCadence: Int?
        var warns: Bool
        var testDescription: String { "QBR \(qbrDate ?? "none"), cadence \(planCadence.map(String.init) ?? "segment")" }
    }

    // enterprise: a QBR every 90 days
    @Test(arguments: [
        QBRCase(qbrDate: "2026-08-20", planCadence: nil, warns: true),    // 95 days ago
        QBRCase(qbrDate: "2026-08-25", planCadence: nil, warns: false),   // 90 days: not older than the cadence
        QBRCase(qbrDate: "2026-08-24", planCadence: nil, warns: true),    // 91 days
        QBRCase(qbrDate: "2026-08-20", planCadence: 120, warns: false),   // plan cadence overrides the segment
        QBRCase(qbrDate: nil, planCadence: nil, warns: true),             // none since the start (2026-01-15)
    ])
    func qbrOverdue(_ example: QBRCase) throws {
        try withWorkspace { ws in
            var plan = ScoreFixture.plan()
            if let every = example.planCadence { plan += "cadence:\n  qbr_every_days: \(every)\n" }
            try ws.addScoredCustomer("acme", plan: plan)
            if let date = example.qbrDate {
                try ws.write("customers/acme/qbr/2026-Q3.yaml", "date: \(date)\nattendees: [ana]\n")
            }
            let found = ws.check().diagnostics("qbr-overdue")
            #expect(found.count == (example.warns ? 1 : 0))
            if example.warns { #expect(found.first?.severity == .warning) }
        }
    }

    @Test("qbr-overdue looks at QBRs held on or before as-of, not later ones")
    func qbrOverdueIgnoresLaterQBRs() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.write("customers/acme/qbr/2026-Q1.yaml", "date: 2026-02-01\nattendees: [ana]\n")
            try ws.write("customers/acme/qbr/2026-Q4.yaml", "date: 2026-11-10\nattendees: [ana]\n")
            // as of 2026-06-01 the last QBR held was 2026-02-01, 120 days earlier (> 90)
            let result = ws.check(asOf: CalendarDate("2026-06-01")!)
            #expect(result.diagnostics("qbr-overdue").count == 1,
                    "a QBR dated after as-of hides the overdue QBR:\n\(result.listing)")
            // as of 2026-11-23 the 2026-11-10 QBR is recent
            #expect(ws.check().diagnostics("qbr-overdue").isEmpty)
        }
    }

    struct CheckinCase: Sendable, CustomTestStringConvertible {
        var lastTouch: String
        var milestoneDone: String?
        var segment: String
        var warns: Bool
        var testDescription: String { "\(segment): touch \(lastTouch), milestone done \(milestoneDone ?? "-")" }
    }

    @Test(arguments: [
        CheckinCase(lastTouch: "2026-10-23", milestoneDone: nil, segment: "enterprise", warns: true),    // 31 > 30
        CheckinCase(lastTouch: "2026-10-24", milestoneDone: nil, segment: "enterprise", warns: false),   // 30
        CheckinCase(lastTouch: "2026-10-23", milestoneDone: "2026-11-01", segment: "enterprise", warns: false),
        CheckinCase(lastTouch: "2026-09-24", milestoneDone: nil, segment: "mid-market", warns: false),   // 60 of 60
        CheckinCase(lastTouch: "2026-09-23", milestoneDone: nil, segment: "mid-market", warns: true),    // 61
    ])
    func checkinOverdue(_ example: CheckinCase) throws {
        try withWorkspace { ws in
            let plan = example.milestoneDone.map {
                ScoreFixture.plan(milestones: ScoreFixture.milestone("M1", due: $0, status: "done", done: $0))
            } ?? ScoreFixture.plan()
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", segment: example.segment), plan: plan)
            try ws.addSnapshot("acme", "2026-11-20", ["engagement.last_touch": example.lastTouch])
            let found = ws.check().diagnostics("checkin-overdue")
            #expect(found.count == (example.warns ? 1 : 0))
        }
    }

    @Test("checkin-overdue counts a QBR as a touch")
    func checkinCountsQBR() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-11-20", ["engagement.last_touch": "2026-09-01"])
            try ws.write("customers/acme/qbr/2026-Q4.yaml", "date: 2026-11-10\nattendees: [ana]\n")
            #expect(ws.check().diagnostics("checkin-overdue").isEmpty)
        }
    }

    @Test(arguments: [(4, true), (3, false)])
    func qbrTooManyPriorities(count: Int, warns: Bool) throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            var text = "date: 2026-11-10\nattendees: [ana]\nnext_quarter:\n"
            for index in 1...count { text += "  - {priority: Priority \(index), owner: ana, due: 2027-02-0\(index)}\n" }
            try ws.write("customers/acme/qbr/2026-Q4.yaml", text)
            let found = ws.check().diagnostics("qbr-too-many-priorities")
            #expect(found.count == (warns ? 1 : 0))
            if warns {
                #expect(found.first?.severity == .warning)
                #expect(found.first?.file == "customers/acme/qbr/2026-Q4.yaml")
            }
        }
    }

    // MARK: §5.2 Renewal and accounts

    @Test("renewal 75 days away: the 90-day window is open (info), and a warning without a renewal milestone")
    func renewalWindow() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", end: "2027-02-06"))
            let found = ws.check().diagnostics("renewal-window")
            let info = found.filter { $0.severity == .info }
            #expect(info.count == 1)
            // 2026-11-23 → 2027-02-06 = 75 days: inside 90 but not 60 → the 90-day window
            #expect(info.first?.message.contains("renewal in 75 days") == true)
            #expect(info.first?.message.contains("90-day window") == true)
            #expect(info.first?.message.contains("Open the renewal conversation and draft the proposal") == true)
            #expect(found.filter { $0.severity == .warning }.count == 1)
        }
    }

    @Test("renewal window with a renewal-phase milestone in the plan: info only")
    func renewalWindowWithMilestone() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", end: "2027-02-06"),
                                     plan: ScoreFixture.plan(milestones: ScoreFixture.milestone("R1", due: "2027-01-10", phase: "renewal")))
            let found = ws.check().diagnostics("renewal-window")
            #expect(found.map(\.severity) == [.info])
        }
    }

    @Test(arguments: [
        ("2027-03-23", "120-day window"),   // exactly 120 days
        ("2027-01-22", "60-day window"),    // exactly 60 days
        ("2026-12-23", "30-day window"),    // 30 days
        ("2026-11-23", "30-day window"),    // renewal today: 0 days
    ])
    func renewalWindowBounds(end: String, window: String) throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", start: "2025-11-01", end: end))
            let info = ws.check().diagnostics("renewal-window").filter { $0.severity == .info }
            #expect(info.count == 1)
            #expect(info.first?.message.contains(window) == true)
        }
    }

    @Test("no renewal window more than 120 days out")
    func noRenewalWindowFarOut() throws {
        try withWorkspace { ws in
            // 2027-03-24 is 121 days away
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", end: "2027-03-24"))
            #expect(ws.check().diagnostics("renewal-window").isEmpty)
        }
    }

    struct LapsedCase: Sendable, CustomTestStringConvertible {
        var status: String
        var renewalDate: String?
        var lapsed: Bool
        var testDescription: String { "\(status), renewal recorded \(renewalDate ?? "never")" }
    }

    // contract.end 2026-11-01 has passed
    @Test(arguments: [
        LapsedCase(status: "active", renewalDate: nil, lapsed: true),
        LapsedCase(status: "active", renewalDate: "2026-11-01", lapsed: false),   // on the end date
        LapsedCase(status: "active", renewalDate: "2026-11-05", lapsed: false),   // after it
        LapsedCase(status: "active", renewalDate: "2026-10-31", lapsed: true),    // before it: an older renewal
        LapsedCase(status: "churned", renewalDate: nil, lapsed: false),
    ])
    func renewalLapsed(_ example: LapsedCase) throws {
        try withWorkspace { ws in
            let revenue = example.renewalDate.map {
                "revenue:\n  - {date: \($0), kind: renewal, amount: 120000}\n"
            } ?? ""
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(
                id: "acme", status: example.status, start: "2025-11-01", end: "2026-11-01", extra: revenue))
            let found = ws.check().diagnostics("renewal-lapsed")
            #expect(found.count == (example.lapsed ? 1 : 0))
            if example.lapsed {
                #expect(found.first?.severity == .error)
                let text = try ws.read("customers/acme/account.yaml")
                let end = try #require(position(of: "2026-11-01", in: text, occurrence: 1))
                #expect(found.first?.location.line == end.line)
                #expect(found.first?.location.column == end.column)
            }
        }
    }

    @Test(arguments: [("2026-10-23", true), ("2026-10-24", false)])
    func signalsStale(newest: String, stale: Bool) throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            try ws.addSnapshot("acme", "2026-09-01", ScoreFixture.healthy)
            // 2026-10-23 is 31 days old (> 30: stale); 2026-10-24 is 30
            try ws.addSnapshot("acme", newest, ScoreFixture.healthy)
            // a snapshot dated after as-of is not "the newest"
            try ws.addSnapshot("acme", "2026-11-30", ScoreFixture.healthy)
            let found = ws.check().diagnostics("signals-stale")
            #expect(found.count == (stale ? 1 : 0))
            if stale {
                #expect(found.first?.severity == .warning)
                #expect(found.first?.file == "customers/acme/signals/\(newest).yaml")
            }
        }
    }

    struct VoCCase: Sendable, CustomTestStringConvertible {
        var severity: String
        var nps: Int?
        var date: String
        var warns: Bool
        var testDescription: String { "\(severity)\(nps.map { " nps \($0)" } ?? "") from \(date)" }
    }

    @Test(arguments: [
        VoCCase(severity: "high", nps: nil, date: "2026-11-20", warns: true),      // 3 days > 2
        VoCCase(severity: "high", nps: nil, date: "2026-11-21", warns: false),     // 2 days
        VoCCase(severity: "critical", nps: nil, date: "2026-11-20", warns: true),
        VoCCase(severity: "low", nps: 6, date: "2026-11-20", warns: true),         // a detractor is urgent
        VoCCase(severity: "low", nps: 7, date: "2026-11-20", warns: false),        // passive: 7 days
        VoCCase(severity: "medium", nps: nil, date: "2026-11-15", warns: true),    // 8 days > 7
        VoCCase(severity: "low", nps: nil, date: "2026-11-16", warns: false),      // 7 days
    ])
    func vocUnanswered(_ example: VoCCase) throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            var text = """
                date: \(example.date)
                source: survey
                kind: complaint
                area: reporting
                severity: \(example.severity)
                summary: Exports are slow
                status: new

                """
            if let nps = example.nps { text += "nps: \(nps)\n" }
            try ws.write("customers/acme/voc/\(example.date)-exports.yaml", text)
            let found = ws.check().diagnostics("voc-unanswered")
            #expect(found.count == (example.warns ? 1 : 0))
            if example.warns { #expect(found.first?.severity == .warning) }
        }
    }

    struct LoopCase: Sendable, CustomTestStringConvertible {
        var status: String
        var responded: String
        var closed: String?
        var warns: Bool
        var testDescription: String { "\(status), responded \(responded), closed \(closed ?? "-")" }
    }

    @Test(arguments: [
        LoopCase(status: "planned", responded: "2026-10-23", closed: nil, warns: true),     // 31 days, never closed
        LoopCase(status: "shipped", responded: "2026-10-23", closed: nil, warns: true),
        LoopCase(status: "declined", responded: "2026-10-23", closed: nil, warns: true),
        LoopCase(status: "planned", responded: "2026-10-24", closed: nil, warns: false),    // 30 days
        LoopCase(status: "planned", responded: "2026-10-01", closed: "2026-11-01", warns: false),
        LoopCase(status: "acknowledged", responded: "2026-10-01", closed: nil, warns: false),  // no decision yet
    ])
    func vocLoopOpen(_ example: LoopCase) throws {
        let (status, responded, closed, warns) = (example.status, example.responded, example.closed, example.warns)
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            var text = """
                date: 2026-09-20
                source: call
                kind: feature-request
                area: reporting
                severity: medium
                summary: Scheduled exports
                status: \(status)
                responded: \(responded)

                """
            if let closed { text += "closed: \(closed)\n" }
            try ws.write("customers/acme/voc/2026-09-20-exports.yaml", text)
            let result = ws.check()
            #expect(result.diagnostics("voc-loop-open").count == (warns ? 1 : 0), "\(result.listing)")
            #expect(result.diagnostics("voc-unanswered").isEmpty)
        }
    }

    struct EscalationCase: Sendable, CustomTestStringConvertible {
        var opened: String
        var hours: Int
        var acknowledged: String?
        var resolved: String?
        var late: Bool
        var testDescription: String { "opened \(opened), \(hours) h, ack \(acknowledged ?? "-")" }
    }

    @Test(arguments: [
        EscalationCase(opened: "2026-11-20T09:00:00+00:00", hours: 4, acknowledged: nil, resolved: nil, late: true),
        EscalationCase(opened: "2026-11-20T09:00:00+00:00", hours: 4, acknowledged: "2026-11-20T10:00:00+00:00",
                       resolved: nil, late: false),
        EscalationCase(opened: "2026-11-20T09:00:00+00:00", hours: 4, acknowledged: nil,
                       resolved: "2026-11-20T12:00:00+00:00", late: false),
        EscalationCase(opened: "2026-11-23T09:00:00+00:00", hours: 4, acknowledged: nil, resolved: nil, late: false),
        EscalationCase(opened: "2026-11-20T09:00:00+00:00", hours: 48, acknowledged: nil, resolved: nil, late: true),  // due 11-22
        EscalationCase(opened: "2026-11-20T09:00:00+00:00", hours: 72, acknowledged: nil, resolved: nil, late: false), // due 11-23
    ])
    func escalationUnacknowledged(_ example: EscalationCase) throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            var text = """
                opened: \(example.opened)
                trigger: critical-bug
                level: [vp-engineering, vp-cs]
                respond_within_hours: \(example.hours)
                summary: Exports fail for every user

                """
            if let acknowledged = example.acknowledged { text += "acknowledged: \(acknowledged)\n" }
            if let resolved = example.resolved { text += "resolved: \(resolved)\n" }
            let date = String(example.opened.prefix(10))
            try ws.write("customers/acme/escalations/\(date)-critical-bug.yaml", text)
            let found = ws.check().diagnostics("escalation-unacknowledged")
            #expect(found.count == (example.late ? 1 : 0))
            if example.late { #expect(found.first?.severity == .error) }
        }
    }

    @Test("risk-playbook-missing: high or critical tier without a recovery milestone")
    func riskPlaybookMissing() throws {
        try withWorkspace { ws in
            // every signal bad → risk 100 → critical
            try ws.addScoredCustomer("bare")
            try ws.addSnapshot("bare", "2026-11-20", ScoreFixture.unhealthy)
            try ws.addScoredCustomer("recovering", plan: ScoreFixture.plan(milestones:
                ScoreFixture.milestone("save", due: "2026-11-30", status: "in-progress", phase: "recovery",
                                       source: "risk-critical/save-plan")))
            try ws.addSnapshot("recovering", "2026-11-20", ScoreFixture.unhealthy)
            try ws.addScoredCustomer("healthy")
            try ws.addSnapshot("healthy", "2026-11-20", ScoreFixture.healthy)
            let found = ws.check().diagnostics("risk-playbook-missing")
            #expect(found.map(\.customer) == ["bare"])
            #expect(found.first?.severity == .warning)
            #expect(found.first?.message.contains("critical") == true)
        }
    }

    @Test("risk-playbook-missing waits for the act-within window after the tier is entered")
    func riskPlaybookMissingWaitsForTheWindow() throws {
        try withWorkspace { ws in
            // The only snapshot is from 2026-11-22: critical since yesterday. risk-critical acts
            // within 2 days, so as of 2026-11-23 the window (since 2026-11-21, when the customer was
            // not yet scored) is still open: no warning. As of 2026-11-25 it has passed.
            try ws.addScoredCustomer("fresh")
            try ws.addSnapshot("fresh", "2026-11-22", ScoreFixture.unhealthy)
            #expect(ws.check().diagnostics("risk-playbook-missing").isEmpty)
            let later = ws.check(asOf: CalendarDate("2026-11-25")!).diagnostics("risk-playbook-missing")
            #expect(later.map(\.customer) == ["fresh"])
        }
    }

    @Test("override-expired is a warning; the override never changes the score")
    func overrideExpired() throws {
        try withWorkspace { ws in
            let override = """
                risk_override:
                  tier: low
                  reason: Exec sponsor committed
                  by: dana
                  until: 2026-11-22

                """
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", extra: override))
            try ws.addSnapshot("acme", "2026-11-20", ScoreFixture.unhealthy)
            let found = ws.check().diagnostics("override-expired")
            #expect(found.count == 1)
            #expect(found.first?.severity == .warning)
            let scored = try ws.scored("acme")
            #expect(scored.overrideExpired)
            #expect(scored.score.risk == 100)
            #expect(scored.score.tier == .critical)
        }
    }

    // MARK: Churned customers

    @Test("churned customers are skipped by every time rule")
    func churnedSkipped() throws {
        try withWorkspace { ws in
            let override = """
                risk_override:
                  tier: low
                  reason: Gone
                  by: dana
                  until: 2026-01-01

                """
            try ws.addScoredCustomer("gone",
                account: ScoreFixture.account(id: "gone", status: "churned", start: "2025-11-01", end: "2026-11-01", extra: override),
                plan: ScoreFixture.plan(milestones: ScoreFixture.milestone("M1", due: "2026-09-01")))
            try ws.addSnapshot("gone", "2026-08-01", ScoreFixture.unhealthy)
            try ws.write("customers/gone/voc/2026-09-01-exports.yaml", """
                date: 2026-09-01
                source: survey
                kind: complaint
                area: reporting
                severity: critical
                summary: Exports are slow
                status: new

                """)
            try ws.write("customers/gone/escalations/2026-09-01-critical-bug.yaml", """
                opened: 2026-09-01T09:00:00+00:00
                trigger: critical-bug
                level: [vp-engineering]
                respond_within_hours: 4
                summary: Exports fail

                """)
            let result = ws.check()
            let fired = result.diagnostics.filter { timeRules.contains($0.rule) }
            #expect(fired.isEmpty, "\(result.listing)")
        }
    }
}

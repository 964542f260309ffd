import CswsTestSupport
import CswsCore
import Foundation
import Testing

// `csws score`, `csws agenda`, `csws apply` and `csws done` run as a user would, as of 2026-11-23.
// Expected numbers are worked out by hand from SPEC §4/§10.2 and the template's csws.yaml.

/// The workspace these tests share, written into `ws/` of a sandbox:
/// - acme (ana, enterprise): renewal 2027-02-06 (75 days), overdue milestone M1, two snapshots
///   with the same values (2026-10-22 and 2026-11-21), a pricing complaint recorded in both;
/// - globex (ben, smb): no signals (unscored), milestone G1 due 2026-11-26;
/// - gone (ben): churned, with overdue work.
enum ScoreAgendaWorkspace {
    static let acmePlan = """
        # acme's success plan
        objectives:
          - id: O1
            text: Faster month-end close   # in their words
        milestones:
          - id: M1
            title: Dashboards live
            phase: adoption
            owner: ana
            due: 2026-11-09
            status: in-progress   # waiting on SSO

        """

    static func account(id: String, owner: String, segment: String, status: String = "active",
                        start: String, end: String) -> String {
        """
        id: \(id)
        name: Customer \(id)
        segment: \(segment)
        owner: \(owner)
        status: \(status)
        contract:
          start: \(start)
          end: \(end)
          seats: 100
        arr: 120000

        """
    }

    static func snapshot(date: String, lastLogin: String, lastTouch: String) -> String {
        """
        date: \(date)
        source: product-analytics
        usage:
          active_users: 50
          key_features_adopted: 3
          key_features_total: 10
          dau_mau: 0.25
          last_login: \(lastLogin)
        support:
          high_severity_open: 0
          escalations_90d: 3
        engagement:
          meetings_scheduled_90d: 4
          meetings_attended_90d: 3
          exec_sponsor_engaged: true
          last_touch: \(lastTouch)
        sentiment:
          nps: 8
          csat: 3.75
          ces: 3.5
        events:
          - {kind: pricing_complaint, date: 2026-10-01}

        """
    }

    static func write(_ box: Sandbox) throws {
        try box.makeWorkspace("ws")
        try box.write("ws/customers/acme/account.yaml",
                      account(id: "acme", owner: "ana", segment: "enterprise", start: "2026-01-15", end: "2027-02-06"))
        try box.write("ws/customers/acme/plan.yaml", acmePlan)
        try box.write("ws/customers/acme/signals/2026-10-22.yaml",
                      snapshot(date: "2026-10-22", lastLogin: "2026-10-22", lastTouch: "2026-09-17"))
        try box.write("ws/customers/acme/signals/2026-11-21.yaml",
                      snapshot(date: "2026-11-21", lastLogin: "2026-11-21", lastTouch: "2026-10-17"))

        try box.write("ws/customers/globex/account.yaml",
                      account(id: "globex", owner: "ben", segment: "smb", start: "2026-06-01", end: "2027-09-30"))
        try box.write("ws/customers/globex/plan.yaml", """
            milestones:
              - {id: G1, title: Admin training, phase: adoption, owner: ben, due: 2026-11-26, status: planned}

            """)

        try box.write("ws/customers/gone/account.yaml",
                      account(id: "gone", owner: "ben", segment: "smb", status: "churned", start: "2025-06-01", end: "2026-06-01"))
        try box.write("ws/customers/gone/plan.yaml", """
            milestones:
              - {id: X1, title: Exit interview, phase: other, owner: ben, due: 2026-07-01, status: planned}

            """)
    }
}

@Suite("csws score")
struct ScoreCommandTests {
    @Test("--format json: exactly the documented keys, in order, with the hand-computed numbers")
    func jsonShape() throws {
        try Sandbox.with { box in
            try ScoreAgendaWorkspace.write(box)
            let run = try box.csws("score", "--format", "json", in: "ws")
            #expect(run.status == 0, "\(run)")
            let json = try OrderedJSON.parse(run.stdout)
            #expect(json.keys == ["as_of", "customers"])
            #expect(json["as_of"]?.string == "2026-11-23")
            let customers = try #require(json["customers"]?.elements)
            // churned `gone` is skipped; acme (risk 56) before unscored globex
            #expect(customers.map { $0["id"]?.string ?? "" } == ["acme", "globex"])
            for customer in customers {
                #expect(customer.keys == [
                    "id", "name", "owner", "segment", "arr", "risk", "tier", "color", "health", "coverage", "trend",
                    "risk_30d_ago", "dimensions", "events", "renewal", "drivers", "override", "playbooks",
                ])
                for dimension in customer["dimensions"]?.elements ?? [] {
                    #expect(dimension.keys == ["name", "weight", "health", "signals"])
                    for signal in dimension["signals"]?.elements ?? [] {
                        #expect(signal.keys == ["name", "value", "health", "bad", "good"])
                    }
                }
                for event in customer["events"]?.elements ?? [] { #expect(event.keys == ["kind", "date", "points"]) }
                #expect(customer["renewal"]?.keys == ["date", "days", "factor"])
                for driver in customer["drivers"]?.elements ?? [] { #expect(driver.keys == ["name", "value", "points"]) }
                for playbook in customer["playbooks"]?.elements ?? [] {
                    #expect(playbook.keys == ["id", "reason", "act_within_days"])
                }
            }

            let acme = customers[0]
            #expect(acme["name"]?.string == "Customer acme")
            #expect(acme["owner"]?.string == "ana")
            #expect(acme["segment"]?.string == "enterprise")
            #expect(acme["arr"]?.numberText == "120000")
            // usage (50 + 20 + 50 + 100)/4 = 55; engagement (75 + 100 + 50)/3 = 75; support (100 + 0)/2 = 50;
            // sentiment (80 + 50 + 50)/3 = 60 → health 0.35·55 + 0.2·75 + 0.2·50 + 0.25·60 = 59.25
            #expect(acme["health"]?.numberText == "59.25")
            // coverage 0.35 + 0.2 + 0.2·2/3 + 0.25 = 0.9333…
            #expect(acme["coverage"]?.numberText == "0.9333")
            // (100 − 59.25 + 10) × 1.1 = 55.825 → 56 → medium (yellow)
            #expect(acme["risk"]?.int == 56)
            #expect(acme["tier"]?.string == "medium")
            #expect(acme["color"]?.string == "yellow")
            // 30 days ago: (100 − 59.25 + 10) × 1 = 50.75 → 51; 56 − 51 = 5 → stable
            #expect(acme["risk_30d_ago"]?.int == 51)
            #expect(acme["trend"]?.string == "stable")
            #expect(acme["dimensions"]?.elements?.map { $0["name"]?.string ?? "" } == ["usage", "engagement", "support", "sentiment"])
            #expect(acme["dimensions"]?.elements?.map { $0["health"]?.numberText ?? "" } == ["55", "75", "50", "60"])
            #expect(acme["events"]?.elements?.count == 1)
            #expect(acme["renewal"]?["days"]?.int == 75)
            #expect(acme["renewal"]?["factor"]?.numberText == "1.1")
            #expect(acme["drivers"]?.elements?.map { $0["name"]?.string ?? "" } == ["escalations_90d", "pricing_complaint", "feature_adoption"])
            #expect(acme["override"]?.isNull == true)
            #expect(acme["playbooks"]?.elements?.map { $0["id"]?.string ?? "" } == ["risk-medium", "support-spike"])
            #expect(acme["playbooks"]?.elements?.map { $0["act_within_days"]?.int ?? -1 } == [14, 1])

            let globex = customers[1]
            for key in ["risk", "tier", "color", "trend", "risk_30d_ago", "health"] {
                #expect(globex[key]?.isNull == true, "globex \(key)")
            }
            #expect(globex["coverage"]?.numberText == "0")
            #expect(globex["drivers"]?.elements?.isEmpty == true)
            // 2027-09-30 is 311 days away: factor 1
            #expect(globex["renewal"]?["days"]?.int == 311)
            #expect(globex["renewal"]?["factor"]?.numberText == "1")
        }
    }

    @Test("--explain shows every signal's thresholds (the segment's where it overrides them)")
    func explainThresholds() throws {
        try Sandbox.with { box in
            try ScoreAgendaWorkspace.write(box)
            let run = try box.csws("score", "--explain", in: "ws")
            #expect(run.status == 0, "\(run)")
            func section(_ id: String) -> [Substring] {
                let lines = run.stdout.split(separator: "\n")
                guard let start = lines.firstIndex(where: { $0.hasPrefix(id + " ") }) else { return [] }
                let end = lines[(start + 1)...].firstIndex { !$0.hasPrefix(" ") } ?? lines.endIndex
                return Array(lines[start..<end])
            }
            // SPEC §4's table, with smb's days_since_touch 120/30 for globex
            let thresholds: [(String, String, String)] = [
                ("license_utilization", "0.2", "0.8"), ("feature_adoption", "0.2", "0.7"), ("dau_mau", "0.1", "0.4"),
                ("days_since_login", "21", "2"), ("meeting_attendance", "0.3", "0.9"),
                ("exec_sponsor_engaged", "false", "true"), ("days_since_touch", "60", "14"),
                ("high_severity_open", "3", "0"), ("escalations_90d", "3", "0"), ("open_tickets", "15", "2"),
                ("nps", "4", "9"), ("csat", "3", "4.5"), ("ces", "5", "2"),
            ]
            for (id, overrides) in [("acme", [String: (String, String)]()), ("globex", ["days_since_touch": ("120", "30")])] {
                let lines = section(id)
                #expect(!lines.isEmpty, "no --explain section for \(id):\n\(run.stdout)")
                for (signal, bad, good) in thresholds {
                    let (expectedBad, expectedGood) = overrides[signal] ?? (bad, good)
                    let line = lines.first { $0.contains(" \(signal) ") }
                    let words = line.map { $0.split(whereSeparator: { " [];→".contains($0) }).map(String.init) } ?? []
                    #expect(words.contains(expectedBad) && words.contains(expectedGood),
                            "\(id) \(signal): thresholds \(expectedBad)/\(expectedGood) not shown in: \(line ?? "no line")")
                }
            }
            // the result of the arithmetic is there too
            #expect(section("acme").contains { $0.contains("55.825") || $0.contains("55.83") })
        }
    }

    @Test("the text table lists every non-churned customer, riskiest first")
    func table() throws {
        try Sandbox.with { box in
            try ScoreAgendaWorkspace.write(box)
            let run = try box.csws("score", in: "ws")
            #expect(run.status == 0, "\(run)")
            let rows = run.stdout.split(separator: "\n")
            let acme = try #require(rows.firstIndex { $0.hasPrefix("acme ") }, "\(run)")
            let globex = try #require(rows.firstIndex { $0.hasPrefix("globex ") }, "\(run)")
            #expect(acme < globex)
            #expect(rows[acme].contains(" 56 ") && rows[acme].contains("medium"))
            #expect(!run.stdout.contains("gone"))
        }
    }

    @Test("score ID limits the output; an unknown id is a usage error (64)")
    func ids() throws {
        try Sandbox.with { box in
            try ScoreAgendaWorkspace.write(box)
            let one = try box.csws("score", "globex", "--format", "json", in: "ws")
            #expect(one.status == 0, "\(one)")
            #expect(try OrderedJSON.parse(one.stdout)["customers"]?.elements?.map { $0["id"]?.string ?? "" } == ["globex"])
            let unknown = try box.csws("score", "acmee", in: "ws")
            #expect(unknown.status == 64, "\(unknown)")
            #expect(unknown.stderr.contains("acme"), "a hint with the nearest id: \(unknown)")
        }
    }
}

@Suite("csws agenda")
struct AgendaCommandTests {
    private func items(_ run: CLI.Run) throws -> [String] {
        let json = try OrderedJSON.parse(run.stdout)
        return (json["items"]?.elements ?? []).map {
            "\($0["due"]?.string ?? "") \($0["kind"]?.string ?? "") \($0["owner"]?.string ?? "") \($0["customer"]?.string ?? "") [\($0["source"]?.string ?? "")]"
        }
    }

    @Test("--format json: the team's items, overdue first, each with its source")
    func json() throws {
        try Sandbox.with { box in
            try ScoreAgendaWorkspace.write(box)
            let run = try box.csws("agenda", "--owner", "all", "--format", "json", in: "ws")
            #expect(run.status == 0, "\(run)")
            let json = try OrderedJSON.parse(run.stdout)
            #expect(Array(json.keys.prefix(4)) == ["as_of", "owner", "days", "items"])
            #expect(json["as_of"]?.string == "2026-11-23")
            #expect(json["days"]?.int == 7)
            for item in json["items"]?.elements ?? [] {
                #expect(Array(item.keys.prefix(6)) == ["due", "owner", "customer", "kind", "title", "source"])
            }
            #expect(try items(run) == [
                // acme has no QBR: contract start 2026-01-15 + 90 days
                "2026-04-15 qbr ana acme [rule qbr-overdue]",
                // globex (smb, check-in every 90 days), no touch: start 2026-06-01 + 90
                "2026-08-30 checkin ben globex [rule checkin-overdue]",
                // renewal 2027-02-06 − 90 days (75 days left: the 90-day window)
                "2026-11-08 renewal ana acme [renewal playbook step renewal-90]",
                "2026-11-09 milestone ana acme [plan milestone]",
                // last touch 2026-10-17 + 30 days
                "2026-11-16 checkin ana acme [rule checkin-overdue]",
                // escalations_90d 3 fires support-spike: as-of + 1 day, support-lead → sam
                "2026-11-24 playbook sam acme [trigger support-spike]",
                "2026-11-26 milestone ben globex [plan milestone]",
            ])
            let overdue = (json["items"]?.elements ?? []).map { $0["overdue"]?.bool }
            #expect(overdue == [true, true, true, true, true, false, false])
        }
    }

    @Test("--owner keeps that person's items; --days widens the horizon")
    func ownerAndDays() throws {
        try Sandbox.with { box in
            try ScoreAgendaWorkspace.write(box)
            let ben = try box.csws("agenda", "--owner", "ben", "--format", "json", in: "ws")
            #expect(ben.status == 0, "\(ben)")
            #expect(try OrderedJSON.parse(ben.stdout)["owner"]?.string == "ben")
            #expect(try items(ben) == [
                "2026-08-30 checkin ben globex [rule checkin-overdue]",
                "2026-11-26 milestone ben globex [plan milestone]",
            ])
            let sam = try box.csws("agenda", "--owner", "sam", "--format", "json", in: "ws")
            #expect(try items(sam) == ["2026-11-24 playbook sam acme [trigger support-spike]"])

            // 14 days (to 2026-12-07) adds the tier playbook: risk-medium, act within 14 days
            let ana = try box.csws("agenda", "--owner", "ana", "--days", "14", "--format", "json", in: "ws")
            #expect(try items(ana) == [
                "2026-04-15 qbr ana acme [rule qbr-overdue]",
                "2026-11-08 renewal ana acme [renewal playbook step renewal-90]",
                "2026-11-09 milestone ana acme [plan milestone]",
                "2026-11-16 checkin ana acme [rule checkin-overdue]",
                "2026-12-07 playbook ana acme [risk tier medium]",
            ])
            // --days 0: only what is due today or overdue
            let today = try box.csws("agenda", "--owner", "ben", "--days", "0", "--format", "json", in: "ws")
            #expect(try items(today) == ["2026-08-30 checkin ben globex [rule checkin-overdue]"])
        }
    }

    @Test("--format md: overdue and upcoming tables")
    func markdown() throws {
        try Sandbox.with { box in
            try ScoreAgendaWorkspace.write(box)
            let run = try box.csws("agenda", "--owner", "ben", "--format", "md", in: "ws")
            #expect(run.status == 0, "\(run)")
            let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.first?.hasPrefix("# ") == true)
            let overdue = try #require(lines.firstIndex { $0.hasPrefix("## ") && $0.contains("Overdue") }, "\(run)")
            let upcoming = try #require(lines.firstIndex { $0.hasPrefix("## ") && $0.contains("7 days") }, "\(run)")
            #expect(overdue < upcoming)
            let overdueRows = lines[overdue..<upcoming].filter { $0.hasPrefix("| 2026-") }
            let upcomingRows = lines[upcoming...].filter { $0.hasPrefix("| 2026-") }
            #expect(overdueRows.count == 1 && overdueRows[0].contains("globex") && overdueRows[0].contains("rule checkin-overdue"))
            #expect(upcomingRows.count == 1 && upcomingRows[0].contains("G1") && upcomingRows[0].contains("plan milestone"))
        }
    }

    @Test("text output: one row per item and a summary line")
    func text() throws {
        try Sandbox.with { box in
            try ScoreAgendaWorkspace.write(box)
            let run = try box.csws("agenda", "--owner", "ben", in: "ws")
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("2026-08-30") && run.stdout.contains("2026-11-26"))
            #expect(!run.stdout.contains("acme"))
            #expect(!run.stdout.contains("gone"), "churned customers have no agenda")
        }
    }

    @Test("without --owner: the team member whose email matches git's user.email")
    func defaultOwnerFromGit() throws {
        try Sandbox.with { box in
            try ScoreAgendaWorkspace.write(box)
            #expect(try box.git("-C", "ws", "init", "-q").status == 0)
            #expect(try box.git("-C", "ws", "config", "user.email", "Ben@Example.com").status == 0)
            let run = try box.csws("agenda", "--format", "json", in: "ws")
            #expect(run.status == 0, "\(run)")
            #expect(try OrderedJSON.parse(run.stdout)["owner"]?.string == "ben")
            #expect(try items(run) == [
                "2026-08-30 checkin ben globex [rule checkin-overdue]",
                "2026-11-26 milestone ben globex [plan milestone]",
            ])
        }
    }

    @Test("an unknown --owner is a usage error (64)")
    func unknownOwner() throws {
        try Sandbox.with { box in
            try ScoreAgendaWorkspace.write(box)
            let run = try box.csws("agenda", "--owner", "bne", in: "ws")
            #expect(run.status == 64, "\(run)")
            #expect(run.stderr.contains("ben"), "\(run)")
        }
    }
}

@Suite("csws apply and csws done")
struct ApplyDoneCommandTests {
    @Test("apply adds the steps once; the file's own bytes are kept")
    func applyTwice() throws {
        try Sandbox.with { box in
            try ScoreAgendaWorkspace.write(box)
            let run = try box.csws("apply", "support-spike", "acme", "--start", "2026-11-23", in: "ws")
            #expect(run.status == 0, "\(run)")
            let text = try box.read("ws/customers/acme/plan.yaml")
            // milestones is the last key: the original text is kept and the steps follow it
            // (start + end_day 1, 2, 10, 21; support-lead → sam, csm → ana)
            #expect(text == ScoreAgendaWorkspace.acmePlan.dropLast() + """

                  - id: triage
                    title: Triage the open issues by severity
                    phase: recovery
                    owner: sam
                    due: 2026-11-24
                    status: planned
                    source: support-spike/triage
                  - id: communicate
                    title: Tell the customer what is happening
                    phase: recovery
                    owner: ana
                    due: 2026-11-25
                    status: planned
                    source: support-spike/communicate
                  - id: root-cause
                    title: Find the root causes
                    phase: recovery
                    owner: sam
                    due: 2026-12-03
                    status: planned
                    source: support-spike/root-cause
                  - id: prevent-recurrence
                    title: Prevent it from happening again
                    phase: recovery
                    owner: ana
                    due: 2026-12-14
                    status: planned
                    source: support-spike/prevent-recurrence

                """)
            let again = try box.csws("apply", "support-spike", "acme", "--start", "2026-11-30", in: "ws")
            #expect(again.status == 0, "\(again)")
            #expect(try box.read("ws/customers/acme/plan.yaml") == text)
            // the agenda no longer asks to run it
            let agenda = try box.csws("agenda", "--owner", "sam", "--format", "json", in: "ws")
            #expect(!agenda.stdout.contains("trigger support-spike"), "\(agenda)")
            // and the plan is valid
            let check = try box.csws("check", "customers/acme/plan.yaml", "--format", "json", in: "ws")
            #expect(!check.stdout.contains("\"severity\":\"error\""), "\(check)")
        }
    }

    @Test(arguments: [
        ["apply", "risk-hgh", "acme"],                        // unknown playbook
        ["apply", "risk-high", "acmee"],                      // unknown customer
        ["apply", "risk-high", "acme", "--start", "2026-13-01"],
        ["done", "acme", "M7"],                               // unknown milestone
        ["done", "acmee", "M1"],                              // unknown customer
        ["done", "acme", "M1", "--on", "2026-11-24"],         // after as-of
        ["done", "acme", "M1", "--on", "yesterday"],
    ])
    func usageErrors(arguments: [String]) throws {
        try Sandbox.with { box in
            try ScoreAgendaWorkspace.write(box)
            let run = try box.csws(arguments, in: "ws")
            #expect(run.status == 64, "\(arguments.joined(separator: " ")): \(run)")
            #expect(!run.crashed)
            #expect(!run.stderr.isEmpty)
            #expect(try box.read("ws/customers/acme/plan.yaml") == ScoreAgendaWorkspace.acmePlan, "nothing written")
        }
    }

    @Test("unknown names get a did-you-mean hint")
    func hints() throws {
        try Sandbox.with { box in
            try ScoreAgendaWorkspace.write(box)
            #expect(try box.csws("apply", "risk-hgh", "acme", in: "ws").stderr.contains("risk-high"))
            #expect(try box.csws("done", "acme", "M2", in: "ws").stderr.contains("M1"))
        }
    }

    @Test("done sets the status and inserts `done:` at the status's indentation; comments stay")
    func done() throws {
        try Sandbox.with { box in
            try ScoreAgendaWorkspace.write(box)
            let run = try box.csws("done", "acme", "M1", in: "ws")
            #expect(run.status == 0, "\(run)")
            let expected = ScoreAgendaWorkspace.acmePlan.replacingOccurrences(
                of: "    status: in-progress   # waiting on SSO\n",
                with: "    status: done   # waiting on SSO\n    done: 2026-11-23\n")
            #expect(try box.read("ws/customers/acme/plan.yaml") == expected)
            // a flow-style milestone, with --on
            let flow = try box.csws("done", "globex", "G1", "--on", "2026-11-20", in: "ws")
            #expect(flow.status == 0, "\(flow)")
            #expect(try box.read("ws/customers/globex/plan.yaml") == """
                milestones:
                  - {id: G1, title: Admin training, phase: adoption, owner: ben, due: 2026-11-26, status: done, done: 2026-11-20}

                """)
            // the overdue milestone left the agenda
            let agenda = try box.csws("agenda", "--owner", "ana", "--format", "json", in: "ws")
            #expect(!agenda.stdout.contains("plan milestone"), "\(agenda)")
        }
    }

    @Test("done keeps CRLF line endings")
    func doneCRLF() throws {
        try Sandbox.with { box in
            try ScoreAgendaWorkspace.write(box)
            let crlf = ScoreAgendaWorkspace.acmePlan.replacingOccurrences(of: "\n", with: "\r\n")
            try box.write("ws/customers/acme/plan.yaml", crlf)
            let run = try box.csws("done", "acme", "M1", in: "ws")
            #expect(run.status == 0, "\(run)")
            let expected = crlf.replacingOccurrences(
                of: "    status: in-progress   # waiting on SSO\r\n",
                with: "    status: done   # waiting on SSO\r\n    done: 2026-11-23\r\n")
            #expect(try box.read("ws/customers/acme/plan.yaml") == expected)
        }
    }

    @Test("done keeps a byte-order mark")
    func keepBOM() throws {
        try Sandbox.with { box in
            try ScoreAgendaWorkspace.write(box)
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            try box.write("ws/customers/acme/plan.yaml", bytes: bom + Array(ScoreAgendaWorkspace.acmePlan.utf8))
            let run = try box.csws("done", "acme", "M1", in: "ws")
            #expect(run.status == 0, "\(run)")
            let expected = ScoreAgendaWorkspace.acmePlan.replacingOccurrences(
                of: "    status: in-progress   # waiting on SSO\n",
                with: "    status: done   # waiting on SSO\n    done: 2026-11-23\n")
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: box.path("ws/customers/acme/plan.yaml"))))
            #expect(Array(bytes.prefix(3)) == bom, "the byte-order mark was dropped")
            #expect(Array(bytes.drop { $0 != UInt8(ascii: "#") }) == Array(expected.utf8))
        }
    }

    @Test(arguments: [["done", "acme", "M1"], ["apply", "risk-high", "acme"]])
    func planWithErrorsUntouched(arguments: [String]) throws {
        try Sandbox.with { box in
            try ScoreAgendaWorkspace.write(box)
            let broken = ScoreAgendaWorkspace.acmePlan + "risks: [unclosed\n"
            try box.write("ws/customers/acme/plan.yaml", broken)
            let run = try box.csws(arguments, in: "ws")
            #expect(run.status == 65, "\(run)")
            #expect(!run.crashed)
            #expect(try box.read("ws/customers/acme/plan.yaml") == broken)
        }
    }
}

import Foundation
import Testing

/// The CSM's documents (SPEC §10.6) on Fixtures/report as of 2026-11-23: `csws qbr`, `csws escalate`,
/// `csws voc`. Golden briefs: Golden/qbr.<customer>.md.golden (regenerate with CSWS_UPDATE_GOLDEN=1).
@Suite("csws qbr, escalate and voc")
struct DocumentCommandTests {
    static func golden(_ name: String, _ output: String) throws {
        let path = CLI.testsFolder + "/Golden/\(name).golden"
        if ProcessInfo.processInfo.environment["CSWS_UPDATE_GOLDEN"] == "1" {
            try Data(output.utf8).write(to: URL(fileURLWithPath: path))
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(output == expected, "\(name) differs from \(path) (regenerate with CSWS_UPDATE_GOLDEN=1 if intended)")
    }

    @Test("briefs: healthy with the expansion section, at risk without it, and no metrics", arguments: [
        ("northwind", true), ("globex", false), ("fresh-start", false),
    ])
    func briefs(customer: String, expansion: Bool) throws {
        let run = try ReportCommandTests.withReportWorkspace { try $0.csws("qbr", customer, in: "ws") }
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("## 5. Expansion discussion") == expansion)
        for section in ["## 1. Outcomes recap", "## 2. Value proof", "## 3. Risks and blockers", "## 4. Next-quarter plan"] {
            #expect(run.stdout.contains(section))
        }
        try Self.golden("qbr.\(customer).md", run.stdout)
    }

    @Test("a brief for another quarter, written with -o")
    func briefToFile() throws {
        try ReportCommandTests.withReportWorkspace { box in
            let run = try box.csws("qbr", "globex", "--quarter", "2026-Q3", "-o", "brief.md", in: "ws")
            #expect(run.status == 0, "\(run)")
            let brief = try box.read("ws/brief.md")
            #expect(brief.hasPrefix("# QBR brief — Globex Corporation, 2026-Q3\n"))
            #expect(brief.contains("## 4. Next-quarter plan (2026-Q4, draft priorities)"))
        }
    }

    @Test("bad input: one line of cause, a hint, the exit code, nothing written", arguments: [
        (["qbr", "globx"], Int32(64), "csws: error: no customer `globx`\nhint: did you mean `globex`?\n"),
        (["qbr", "churned-co"], Int32(64), "csws: error: `churned-co` has churned\nhint: documents are for current customers; its history stays in `csws log churned-co`\n"),
        (["escalate", "globex", "--trigger", "competitr", "--summary", "x"], Int32(64),
         "csws: error: `competitr` is not a trigger of playbooks/escalation.yaml\nhint: did you mean `competitor`? triggers: health-red, sponsor-left, critical-bug, competitor, renewal-at-risk, legal, other\n"),
        (["escalate", "churned-co", "--trigger", "other", "--summary", "x"], Int32(64),
         "csws: error: `churned-co` has churned\nhint: documents are for current customers; its history stays in `csws log churned-co`\n"),
    ])
    func badInput(arguments: [String], status: Int32, stderr: String) throws {
        let run = try ReportCommandTests.withReportWorkspace { try $0.csws(arguments, in: "ws") }
        #expect(run.status == status, "\(run)")
        #expect(run.stderr == stderr)
        #expect(run.stdout.isEmpty)
    }

    @Test("a quarter like 2026-Q5 is a usage error")
    func badQuarter() throws {
        let run = try ReportCommandTests.withReportWorkspace { try $0.csws("qbr", "globex", "--quarter", "2026-Q5", in: "ws") }
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr.contains("--quarter must be YYYY-Qn"))
    }

    @Test("an unwritable -o: exit 74, nothing half-written")
    func unwritableOutput() throws {
        try ReportCommandTests.withReportWorkspace { box in
            let run = try box.csws("qbr", "globex", "-o", "missing/brief.md", in: "ws")
            #expect(run.status == 74, "\(run)")
            #expect(run.stderr.hasPrefix("csws: error: cannot write "))
            #expect(!box.exists("ws/missing"))
        }
    }

    @Test("an escalation is written, passes check, and agenda lists it awaiting acknowledgement")
    func escalation() throws {
        try ReportCommandTests.withReportWorkspace { box in
            let run = try box.csws(
                "escalate", "globex", "--trigger", "competitor", "--summary", "Laura mentioned a \"HelpDeskPro\" trial: renewal at stake",
                "--opened", "2026-11-23T10:15:00+01:00", in: "ws")
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.hasPrefix("Escalation recorded: customers/globex/escalations/2026-11-23-competitor.yaml\n"))
            #expect(run.stdout.contains("  vp-cs: Victor Vance <victor@example.com>\n  vp-sales: Sara Singh <sara@example.com>\n"))
            #expect(run.stdout.contains("Subject: [ESCALATION] Globex Corporation -- competitor\n"))
            #expect(run.stdout.contains("Customer: Globex Corporation, mid-market, 96,000 USD ARR\nHealth score: risk 100 (critical)\n"))
            #expect(run.stdout.contains("Issue summary: Laura mentioned a \"HelpDeskPro\" trial: renewal at stake\n"))
            let record = try box.read("ws/customers/globex/escalations/2026-11-23-competitor.yaml")
            #expect(record.contains("opened: 2026-11-23T10:15:00+01:00\ntrigger: competitor\nlevel: [vp-cs, vp-sales]\nrespond_within_hours: 24\n"))

            let check = try box.csws("check", "--format", "json", "customers/globex/escalations", in: "ws")
            #expect(try CheckJSON.decode(check).diagnostics.isEmpty, "\(check)")
            // A day later nobody has acknowledged it: check flags it, agenda lists it for the VP of CS.
            let late = try box.csws("check", "--format", "json", "customers/globex/escalations", in: "ws", asOf: "2026-11-25")
            #expect(try CheckJSON.decode(late).with(rule: "escalation-unacknowledged").count == 1)
            let agenda = try box.csws("agenda", "--owner", "victor", "--format", "json", in: "ws")
            let items = try #require(try JSONSerialization.jsonObject(with: Data(agenda.stdout.utf8)) as? [String: Any])["items"] as? [[String: Any]]
            #expect(items?.contains { $0["kind"] as? String == "escalation" && ($0["title"] as? String ?? "").contains("competitor") } == true, "\(agenda)")

            // Never overwritten.
            let again = try box.csws("escalate", "globex", "--trigger", "competitor", "--summary", "again", "--opened", "2026-11-23T18:00:00+01:00", in: "ws")
            #expect(again.status == 64)
            #expect(again.stderr == "csws: error: customers/globex/escalations/2026-11-23-competitor.yaml already exists\nhint: pass another --opened, or edit the existing escalation\n")
            #expect(try box.read("ws/customers/globex/escalations/2026-11-23-competitor.yaml") == record)
        }
    }

    @Test("--dry-run prints the record and writes nothing")
    func escalationDryRun() throws {
        try ReportCommandTests.withReportWorkspace { box in
            let run = try box.csws("escalate", "northwind", "--trigger", "legal", "--summary", "Contract dispute", "--opened", "2026-11-23T09:00:00-05:00", "--dry-run", in: "ws")
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("Notify (respond immediately):"))
            #expect(run.stdout.contains("--- customers/northwind/escalations/2026-11-23-legal.yaml\n"))
            #expect(!box.exists("ws/customers/northwind/escalations"))
        }
    }

    /// Adds a second item of northwind in area reporting, tagged exports: ARR must still count once.
    static func withVoCWorkspace<Result>(_ body: (Sandbox) throws -> Result) throws -> Result {
        try ReportCommandTests.withReportWorkspace { box in
            try box.write("ws/customers/northwind/voc/2026-11-20-export-bug.yaml", """
                date: 2026-11-20
                source: ticket
                kind: bug
                area: reporting
                tags: [exports]
                severity: medium
                summary: Scheduled export sends an empty file on Mondays
                status: new
                responded: 2026-11-20

                """)
            return try body(box)
        }
    }

    static func themes(_ run: CLI.Run) throws -> [String: [String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run)")
        let themes = try #require(object["themes"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: themes.map { ($0["theme"] as? String ?? "?", $0) })
    }

    @Test("voc groups by area, tag and kind, ARR once per customer (churned customers left out)")
    func vocGroups() throws {
        let (area, tag, kind, open, since) = try Self.withVoCWorkspace { box in
            (try box.csws("voc", "--format", "json", in: "ws"), try box.csws("voc", "--by", "tag", "--format", "json", in: "ws"),
             try box.csws("voc", "--by", "kind", "--format", "json", in: "ws"),
             try box.csws("voc", "--open", "--format", "json", in: "ws"),
             try box.csws("voc", "--since", "2026-11-01", "--format", "json", in: "ws"))
        }
        let byArea = try Self.themes(area)
        // reporting: northwind (2 items), contractor, globex → 240,000 + 40,000 + 96,000 once each.
        #expect(byArea["reporting"]?["items"] as? Int == 4)
        #expect(byArea["reporting"]?["customers"] as? Int == 3)
        #expect(ReportCommandTests.exact(byArea["reporting"]?["arr"]) == "376000")
        #expect(byArea["reporting"]?["open_loops"] as? Int == 3)
        let byTag = try Self.themes(tag)
        #expect(byTag["exports"]?["items"] as? Int == 2 && byTag["exports"]?["customers"] as? Int == 1)
        #expect(ReportCommandTests.exact(byTag["exports"]?["arr"]) == "240000")
        let byKind = try Self.themes(kind)
        #expect(byKind["complaint"]?["customers"] as? Int == 2 && ReportCommandTests.exact(byKind["complaint"]?["arr"]) == "136000")
        #expect(byKind["bug"]?["items"] as? Int == 2 && ReportCommandTests.exact(byKind["bug"]?["arr"]) == "240000")
        let openOnly = try Self.themes(open)
        #expect(openOnly["integrations"] == nil, "its only item is closed")
        #expect(openOnly["reporting"]?["items"] as? Int == 3)
        let recent = try Self.themes(since)
        #expect(Set(recent.keys) == ["reporting", "exports"])
        // The report's VoC section (last 90 days) uses the same grouping.
        let report = try Self.withVoCWorkspace { try $0.csws("report", "--format", "json", in: "ws") }
        let section = try #require(try ReportCommandTests.json(report)["voc"] as? [[String: Any]])
        #expect(section.first { $0["area"] as? String == "reporting" }?["items"] as? Int == 3, "the 2026-08-05 item is older than 90 days")
    }

    @Test("voc text, md and csv carry the JSON's figures")
    func vocFormats() throws {
        let (text, md, csv) = try Self.withVoCWorkspace { box in
            (try box.csws("voc", in: "ws"), try box.csws("voc", "--format", "md", in: "ws"), try box.csws("voc", "--format", "csv", in: "ws"))
        }
        #expect(text.stdout.hasPrefix("AREA          ITEMS  CUSTOMERS      ARR  OPEN LOOPS\nreporting         4          3  376,000           3\n"), "\(text)")
        #expect(md.stdout.contains("| reporting | 4 | 3 | 376,000 | 3 |"))
        #expect(csv.stdout.hasPrefix("area,items,customers,arr,open_loops\nreporting,4,3,376000,3\n"))
    }

    @Test("voc says `1 kind` for one theme")
    func vocSingular() throws {
        let run = try ReportCommandTests.withReportWorkspace { try $0.csws("voc", "--by", "kind", "--since", "2026-11-10", in: "ws") }
        #expect(run.stdout.hasSuffix("1 kind (all items since 2026-11-10, as of 2026-11-23); ARR counts each customer once per kind\n"), "\(run)")
    }
}

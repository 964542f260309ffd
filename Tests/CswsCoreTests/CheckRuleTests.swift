import Foundation
import Testing

@testable import CswsCore

/// Asserts that `result` has exactly one `rule` diagnostic and that it is in `file` at the place
/// where `needle` (the `occurrence`-th one) starts in `text`; returns it.
@discardableResult
private func expectOne(
    _ rule: String, in result: CheckResult, file: String, at needle: String, of text: String, occurrence: Int = 1,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> Diagnostic {
    let found = result.diagnostics(rule)
    #expect(found.count == 1, "expected one [\(rule)], got:\n\(result.listing)", sourceLocation: sourceLocation)
    let diagnostic = try #require(found.first, "no [\(rule)] in:\n\(result.listing)", sourceLocation: sourceLocation)
    let expected = try #require(position(of: needle, in: text, occurrence: occurrence), sourceLocation: sourceLocation)
    #expect(diagnostic.file == file, sourceLocation: sourceLocation)
    #expect(diagnostic.location.line == expected.line, "line", sourceLocation: sourceLocation)
    #expect(diagnostic.location.column == expected.column, "column", sourceLocation: sourceLocation)
    return diagnostic
}

/// The validity rules these tests exercise: a valid workspace must produce none of them.
private let validityRules: Set<String> = [
    "yaml-syntax", "duplicate-key", "empty-file", "not-a-mapping", "multiple-documents", "unsupported-tag",
    "alias-budget", "nesting-too-deep", "invalid-utf8", "control-character", "binary-file", "file-too-large",
    "unreadable-file", "conflict-marker", "unsafe-path", "bad-customer-folder", "bad-file-name", "unknown-file",
    "missing-account", "missing-settings", "unknown-key", "missing-key", "wrong-type", "invalid-value",
    "out-of-range", "invalid-format", "schema", "id-mismatch", "unknown-owner", "unknown-segment", "duplicate-id",
    "milestone-done-without-date", "milestone-date-in-future", "contract-dates", "file-date-mismatch",
    "qbr-quarter-mismatch", "scoring-tiers", "scoring-signal", "unknown-playbook",
]

@Suite("Cross-file check rules")
struct CheckRuleTests {
    @Test("the template with valid customers has no validity findings")
    func baseline() throws {
        try withWorkspace { ws in
            try ws.addCustomer("acme")
            try ws.addCustomer("globex", owner: "ben", segment: "mid-market")
            try ws.write("customers/acme/signals/2026-11-20.yaml", Fixture.signals(date: "2026-11-20"))
            try ws.write("customers/acme/signals/2026-11-21-import.yaml", Fixture.signals(date: "2026-11-21"))
            try ws.write("customers/acme/voc/2026-11-18-dashboards.yaml", Fixture.voc(date: "2026-11-18"))
            try ws.write("customers/acme/qbr/2026-Q4.yaml", Fixture.qbr(date: "2026-10-15"))
            try ws.write("customers/acme/escalations/2026-11-10-critical-bug.yaml",
                         Fixture.escalation(opened: "2026-11-10T09:00:00+01:00"))
            try ws.write("customers/acme/notes/2026-11-01.md", "# notes are free-form: {{{ not yaml\n")
            try ws.write("customers/acme/notes/draft.yaml", "this: [is not: checked\n")
            let result = ws.check()
            let validity = result.diagnostics.filter { validityRules.contains($0.rule) }
            #expect(validity.isEmpty, "\(result.listing)")
            #expect(result.errorCount == 0, "\(result.listing)")
            #expect(result.customerCount == 2)
            // csws.yaml + 15 playbooks + 2 accounts + 2 plans + 2 signals + voc + qbr + escalation
            let playbooks = try FileManager.default.contentsOfDirectory(atPath: ws.path("playbooks"))
                .filter { $0.hasSuffix(".yaml") }.count
            #expect(result.fileCount == 1 + playbooks + 4 + 2 + 3)
        }
    }

    @Test("id-mismatch: account id differs from the folder name")
    func idMismatch() throws {
        try withWorkspace { ws in
            try ws.addCustomer("acme")
            try ws.replace(in: "customers/acme/account.yaml", "id: acme", with: "id: acme-corp")
            let text = try ws.read("customers/acme/account.yaml")
            let diagnostic = try expectOne("id-mismatch", in: ws.check(), file: "customers/acme/account.yaml",
                                           at: "acme-corp", of: text)
            #expect(diagnostic.severity == .error)
            #expect(diagnostic.customer == "acme")
            #expect(diagnostic.message.contains("acme-corp"))
        }
    }

    @Test("unknown-owner: a near miss suggests the team id")
    func unknownOwnerWithSuggestion() throws {
        try withWorkspace { ws in
            try ws.addCustomer("acme")
            try ws.replace(in: "customers/acme/account.yaml", "owner: ana", with: "owner: anna")
            let text = try ws.read("customers/acme/account.yaml")
            let diagnostic = try expectOne("unknown-owner", in: ws.check(), file: "customers/acme/account.yaml",
                                           at: "anna", of: text)
            #expect(diagnostic.severity == .error)
            #expect(diagnostic.hint?.contains("did you mean `ana`?") == true, "\(diagnostic.hint ?? "")")
        }
    }

    @Test("unknown-owner in plan milestones, risks and QBR priorities; customer:<name> is accepted")
    func unknownOwnerElsewhere() throws {
        try withWorkspace { ws in
            try ws.addCustomer("acme")
            try ws.replace(in: "customers/acme/plan.yaml", "owner: carla", with: "owner: carl")
            try ws.replace(in: "customers/acme/plan.yaml", "severity: low\n    owner: ana",
                           with: "severity: low\n    owner: \"customer:Jane Doe\"")
            let qbr = """
                date: 2026-10-15
                next_quarter:
                  - {priority: Roll out to Leeds, owner: zed-nobody, due: 2026-12-15}

                """
            try ws.write("customers/acme/qbr/2026-Q4.yaml", qbr)
            let result = ws.check()
            let found = result.diagnostics("unknown-owner")
            #expect(found.count == 2, "\(result.listing)")
            let plan = try ws.read("customers/acme/plan.yaml")
            let inPlan = try #require(found.first { $0.file == "customers/acme/plan.yaml" })
            let expected = try #require(position(of: "carl\n", in: plan))
            #expect(inPlan.location.line == expected.line && inPlan.location.column == expected.column)
            #expect(inPlan.hint?.contains("did you mean `carla`?") == true)
            let inQBR = try #require(found.first { $0.file == "customers/acme/qbr/2026-Q4.yaml" })
            let owner = try #require(position(of: "zed-nobody", in: qbr))
            #expect(inQBR.location == SourceLocation(line: owner.line, column: owner.column))
            // Nothing close: the hint lists team ids instead of guessing.
            #expect(inQBR.hint?.contains("did you mean") == false)
            #expect(inQBR.hint?.contains("ana") == true)
        }
    }

    @Test("unknown-segment suggests the nearest defined segment")
    func unknownSegment() throws {
        try withWorkspace { ws in
            try ws.addCustomer("acme")
            try ws.replace(in: "customers/acme/account.yaml", "segment: enterprise", with: "segment: enterprize")
            let text = try ws.read("customers/acme/account.yaml")
            let diagnostic = try expectOne("unknown-segment", in: ws.check(), file: "customers/acme/account.yaml",
                                           at: "enterprize", of: text)
            #expect(diagnostic.hint?.contains("did you mean `enterprise`?") == true)
            #expect(diagnostic.message.contains("mid-market"))
        }
    }

    @Test("duplicate-id in a plan list points at the second id with a note naming the first")
    func duplicateMilestoneID() throws {
        try withWorkspace { ws in
            try ws.addCustomer("acme")
            try ws.replace(in: "customers/acme/plan.yaml", "- id: M2", with: "- id: M1")
            let text = try ws.read("customers/acme/plan.yaml")
            let diagnostic = try expectOne("duplicate-id", in: ws.check(), file: "customers/acme/plan.yaml",
                                           at: "M1", of: text, occurrence: 2)
            let first = try #require(position(of: "M1", in: text))
            #expect(diagnostic.finding.notes.contains("first `M1` is on line \(first.line)"),
                    "\(diagnostic.finding.notes)")
        }
    }

    @Test("ids may repeat across different lists of a plan")
    func sameIDInDifferentLists() throws {
        try withWorkspace { ws in
            try ws.addCustomer("acme")
            try ws.replace(in: "customers/acme/plan.yaml", "- id: R1", with: "- id: M1")
            #expect(ws.check().diagnostics("duplicate-id").isEmpty)
        }
    }

    @Test("duplicate-id for team members in csws.yaml")
    func duplicateTeamID() throws {
        try withWorkspace { ws in
            try ws.replace(in: "csws.yaml", "{id: ben,", with: "{id: ana,")
            let text = try ws.read("csws.yaml")
            let result = ws.check()
            let diagnostic = try #require(result.diagnostics("duplicate-id").first, "\(result.listing)")
            let second = try #require(position(of: "{id: ana", in: text, occurrence: 2))
            #expect(diagnostic.file == "csws.yaml")
            #expect(diagnostic.location == CswsCore.SourceLocation(line: second.line, column: second.column + 5))
            let first = try #require(position(of: "{id: ana", in: text))
            #expect(diagnostic.finding.notes.contains { $0.contains("line \(first.line)") })
            #expect(diagnostic.customer == nil)
        }
    }

    @Test("milestone-done-without-date points at the status")
    func doneWithoutDate() throws {
        try withWorkspace { ws in
            try ws.addCustomer("acme")
            try ws.replace(in: "customers/acme/plan.yaml", "    status: done\n    done: 2026-01-19\n",
                           with: "    status: done\n")
            let text = try ws.read("customers/acme/plan.yaml")
            let diagnostic = try expectOne("milestone-done-without-date", in: ws.check(),
                                           file: "customers/acme/plan.yaml", at: "done\n", of: text)
            #expect(diagnostic.message.contains("M1"))
            #expect(diagnostic.hint?.contains("csws done acme M1") == true)
        }
    }

    @Test("milestone-date-in-future: done after as-of; done on as-of is fine")
    func doneInFuture() throws {
        try withWorkspace { ws in
            try ws.addCustomer("acme")
            try ws.replace(in: "customers/acme/plan.yaml", "done: 2026-01-19", with: "done: 2026-11-24")
            let text = try ws.read("customers/acme/plan.yaml")
            try expectOne("milestone-date-in-future", in: ws.check(), file: "customers/acme/plan.yaml",
                          at: "2026-11-24", of: text)
            #expect(ws.check(asOf: CalendarDate("2026-11-24")!).diagnostics("milestone-date-in-future").isEmpty)
        }
    }

    @Test(arguments: ["2026-01-15", "2025-12-31"])
    func contractDates(end: String) throws {
        try withWorkspace { ws in
            try ws.write("customers/acme/account.yaml", Fixture.account(id: "acme", start: "2026-01-15", end: end))
            try ws.write("customers/acme/plan.yaml", Fixture.plan())
            let text = try ws.read("customers/acme/account.yaml")
            // The end date's value (the second occurrence when it equals the start).
            let diagnostic = try expectOne("contract-dates", in: ws.check(), file: "customers/acme/account.yaml",
                                           at: end, of: text, occurrence: end == "2026-01-15" ? 2 : 1)
            #expect(diagnostic.message.contains(end))
        }
    }

    @Test("contract-dates points at the end value")
    func contractDatesColumn() throws {
        try withWorkspace { ws in
            try ws.write("customers/acme/account.yaml",
                         Fixture.account(id: "acme", start: "2026-01-15", end: "2026-01-14"))
            let text = try ws.read("customers/acme/account.yaml")
            try expectOne("contract-dates", in: ws.check(), file: "customers/acme/account.yaml",
                          at: "2026-01-14", of: text)
        }
    }

    @Test(arguments: [
        ("signals/2026-11-20.yaml", "date: 2026-11-19\nsource: manual\n", "2026-11-19"),
        ("signals/2026-11-20-import.yaml", "date: 2026-11-19\n", "2026-11-19"),
        ("voc/2026-11-20-export-bug.yaml",
         "date: 2026-11-21\nsource: call\nkind: bug\narea: exports\nseverity: low\nsummary: x\nstatus: new\n",
         "2026-11-21"),
        ("escalations/2026-11-20-critical-bug.yaml",
         "opened: 2026-11-19T23:30:00-08:00\ntrigger: critical-bug\nlevel: [vp-cs]\nrespond_within_hours: 4\nsummary: x\n",
         "2026-11-19T23:30:00-08:00"),
    ])
    func fileDateMismatch(file: String, text: String, value: String) throws {
        try withWorkspace { ws in
            try ws.addCustomer("acme")
            try ws.write("customers/acme/" + file, text)
            let diagnostic = try expectOne("file-date-mismatch", in: ws.check(), file: "customers/acme/" + file,
                                           at: value, of: text)
            #expect(diagnostic.message.contains("2026-11-20"))
        }
    }

    @Test("file names and dates that agree are fine")
    func fileDatesAgree() throws {
        try withWorkspace { ws in
            try ws.addCustomer("acme")
            try ws.write("customers/acme/signals/2026-11-20-import.yaml", Fixture.signals(date: "2026-11-20"))
            try ws.write("customers/acme/voc/2026-11-20-praise.yaml", Fixture.voc(date: "2026-11-20"))
            try ws.write("customers/acme/escalations/2026-11-20-critical-bug.yaml",
                         Fixture.escalation(opened: "2026-11-20T08:00:00Z"))
            #expect(ws.check().diagnostics("file-date-mismatch").isEmpty)
        }
    }

    @Test(arguments: [
        ("2026-Q3", "2026-10-15", true),
        ("2026-Q4", "2025-11-15", true),
        ("2026-Q4", "2026-09-30", true),
        ("2026-Q4", "2026-10-01", false),
        ("2026-Q4", "2026-12-31", false),
        ("2026-Q1", "2026-03-31", false),
    ])
    func qbrQuarter(stem: String, date: String, mismatch: Bool) throws {
        try withWorkspace { ws in
            try ws.addCustomer("acme")
            let text = Fixture.qbr(date: date)
            try ws.write("customers/acme/qbr/\(stem).yaml", text)
            let result = ws.check()
            if mismatch {
                let diagnostic = try expectOne("qbr-quarter-mismatch", in: result,
                                               file: "customers/acme/qbr/\(stem).yaml", at: date, of: text)
                #expect(diagnostic.message.contains(stem))
            } else {
                #expect(result.diagnostics("qbr-quarter-mismatch").isEmpty, "\(result.listing)")
            }
        }
    }

    /// `bound` is the offending value's text inside the tiers line, and which occurrence of it.
    @Test(arguments: [
        ("{medium: 40, high: 30, critical: 80}", "30", 1),
        ("{medium: 40, high: 60, critical: 101}", "101", 1),
        ("{medium: 0, high: 60, critical: 80}", "0", 1),
        ("{medium: 40, high: 60, critical: 60}", "60", 2),
    ])
    func scoringTiers(tiers: String, bound: String, occurrence: Int) throws {
        try withWorkspace { ws in
            try ws.replace(in: "csws.yaml", "tiers: {medium: 40, high: 60, critical: 80}", with: "tiers: \(tiers)")
            let text = try ws.read("csws.yaml")
            let line = try #require(position(of: "tiers: \(tiers)", in: text))
            let offset = try #require(position(of: bound, in: "tiers: \(tiers)", occurrence: occurrence))
            let result = ws.check()
            let found = result.diagnostics("scoring-tiers")
            #expect(found.count == 1, "\(result.listing)")
            let diagnostic = try #require(found.first)
            #expect(diagnostic.file == "csws.yaml")
            #expect(diagnostic.location.line == line.line)
            #expect(diagnostic.location.column == line.column + offset.column - 1)
        }
    }

    @Test("scoring-signal: bad equal to good")
    func scoringSignalEqual() throws {
        try withWorkspace { ws in
            try ws.replace(in: "csws.yaml", "dau_mau: {dimension: usage, bad: 0.1, good: 0.4}",
                           with: "dau_mau: {dimension: usage, bad: 0.1, good: 0.1}")
            let text = try ws.read("csws.yaml")
            let diagnostic = try expectOne("scoring-signal", in: ws.check(), file: "csws.yaml",
                                           at: "0.1}", of: text)
            #expect(diagnostic.message.contains("dau_mau"))
        }
    }

    @Test("scoring-signal: a negative weight, also inside a segment override")
    func scoringSignalNegativeWeight() throws {
        try withWorkspace { ws in
            try ws.replace(in: "csws.yaml", "days_since_touch: {bad: 120, good: 30}",
                           with: "days_since_touch: {bad: 120, good: 30, weight: -1}")
            let text = try ws.read("csws.yaml")
            let diagnostic = try expectOne("scoring-signal", in: ws.check(), file: "csws.yaml", at: "-1}", of: text)
            #expect(diagnostic.message.contains("negative weight"))
        }
    }

    @Test("unknown-playbook: a trigger names a missing playbook")
    func unknownPlaybook() throws {
        try withWorkspace { ws in
            try ws.replace(in: "playbooks/triggers.yaml", "playbook: low-adoption", with: "playbook: low-adoptoin")
            let text = try ws.read("playbooks/triggers.yaml")
            let diagnostic = try expectOne("unknown-playbook", in: ws.check(), file: "playbooks/triggers.yaml",
                                           at: "low-adoptoin", of: text)
            #expect(diagnostic.hint?.contains("did you mean `low-adoption`?") == true)
        }
    }

    @Test("deleting a playbook a trigger uses is reported")
    func deletedPlaybook() throws {
        try withWorkspace { ws in
            try ws.remove("playbooks/support-spike.yaml")
            let text = try ws.read("playbooks/triggers.yaml")
            let result = ws.check()
            let diagnostic = try #require(result.diagnostics("unknown-playbook").first, "\(result.listing)")
            #expect(result.diagnostics("unknown-playbook").count == 1)
            let key = try #require(position(of: "playbook: support-spike", in: text))
            #expect(diagnostic.file == "playbooks/triggers.yaml")
            #expect(diagnostic.location == CswsCore.SourceLocation(line: key.line, column: key.column + 10))
        }
    }

    @Test(arguments: [
        "signals/latest.yaml",
        "signals/2026-11-20_import.yaml",
        "signals/2026-11-20-Import.yaml",
        "signals/2026-11-20-.yaml",
        "signals/2026-11-20.yml",
        "voc/2026-11-20.yaml",
        "voc/export-bug.yaml",
        "escalations/2026-11-20-fire.yaml",
        "escalations/2026-11-20.yaml",
        "qbr/2026-Q5.yaml",
        "qbr/2026-q4.yaml",
        "qbr/26-Q1.yaml",
        "qbr/2026-11-20.yaml",
    ])
    func badFileName(file: String) throws {
        try withWorkspace { ws in
            try ws.addCustomer("acme")
            try ws.write("customers/acme/" + file, "date: 2026-11-20\n")
            let result = ws.check()
            let found = result.diagnostics("bad-file-name")
            #expect(found.count == 1, "\(result.listing)")
            #expect(found.first?.file == "customers/acme/" + file)
            #expect(found.first?.location == SourceLocation(line: 1, column: 1))
            #expect(found.first?.severity == .error)
        }
    }

    @Test(arguments: ["Acme_Corp", "acme..evil", "ACME", "-acme", "acme corp"])
    func badCustomerFolder(name: String) throws {
        try withWorkspace { ws in
            try ws.addCustomer("acme")
            // A broken file inside must not be read: the folder itself is the problem.
            try ws.write("customers/\(name)/account.yaml", "id: [broken\n")
            let result = ws.check()
            let found = result.diagnostics("bad-customer-folder")
            #expect(found.count == 1, "\(result.listing)")
            #expect(found.first?.file == "customers/\(name)")
            #expect(found.first?.location == SourceLocation(line: 1, column: 1))
            #expect(result.diagnostics("yaml-syntax").isEmpty)
            #expect(result.customerCount == 1)
        }
    }

    @Test("missing-account: a customer folder without account.yaml")
    func missingAccount() throws {
        try withWorkspace { ws in
            try ws.write("customers/acme/plan.yaml", Fixture.plan())
            let result = ws.check()
            let found = result.diagnostics("missing-account")
            #expect(found.count == 1, "\(result.listing)")
            #expect(found.first?.file == "customers/acme")
            #expect(found.first?.customer == "acme")
            #expect(found.first?.location == SourceLocation(line: 1, column: 1))
        }
    }

    @Test("a broken csws.yaml is reported and customers are still checked")
    func brokenSettings() throws {
        try withWorkspace { ws in
            try ws.addCustomer("acme")
            try ws.replace(in: "customers/acme/account.yaml", "id: acme", with: "id: wrong")
            try ws.write("csws.yaml", "workspace: [unclosed\nteam: []\n")
            let result = ws.check()
            #expect(result.diagnostics("yaml-syntax").first?.file == "csws.yaml", "\(result.listing)")
            #expect(result.diagnostics("id-mismatch").count == 1, "\(result.listing)")
            // Without settings the team is unknown: owners are not flagged.
            #expect(result.diagnostics("unknown-owner").isEmpty)
        }
    }

    @Test("a missing csws.yaml is reported as missing-settings")
    func missingSettings() throws {
        try withWorkspace { ws in
            try ws.addCustomer("acme")
            try ws.remove("csws.yaml")
            let result = ws.check()
            #expect(result.diagnostics("missing-settings").map(\.file) == ["csws.yaml"], "\(result.listing)")
        }
    }
}

@Suite("Symbolic links")
struct SymlinkTests {
    static let secret = "TOPSECRET-9f2c41-do-not-print"

    /// Writes a secret outside the workspace, links to it from a customer folder, and returns
    /// the check result plus every reporter's output.
    private func checkWithEscapingLinks(_ ws: TestWorkspace, outside: String) throws -> (CheckResult, [String]) {
        try FileManager.default.createDirectory(atPath: outside + "/folder", withIntermediateDirectories: true)
        try Data("\(Self.secret): 1\nid: \(Self.secret)\n".utf8).write(to: URL(fileURLWithPath: outside + "/secret.yaml"))
        try Data("id: \(Self.secret)\n".utf8).write(to: URL(fileURLWithPath: outside + "/folder/account.yaml"))
        try ws.addCustomer("acme")
        try FileManager.default.createDirectory(atPath: ws.path("customers/acme/signals"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: ws.path("customers/acme/signals/2026-11-20.yaml"), withDestinationPath: outside + "/secret.yaml")
        try FileManager.default.createSymbolicLink(
            atPath: ws.path("customers/acme/plan.yaml.link"), withDestinationPath: outside + "/secret.yaml")
        try FileManager.default.createSymbolicLink(
            atPath: ws.path("customers/evil"), withDestinationPath: outside + "/folder")
        // Relative links that climb out count too.
        try FileManager.default.createSymbolicLink(
            atPath: ws.path("customers/acme/voc"), withDestinationPath: "../../../outside/folder")
        let result = ws.check()
        let outputs = [
            TextReporter(workspace: ws.workspace, useColor: false).render(result),
            JSONReporter.render(result),
            SARIFReporter.render(result),
            GitHubReporter.render(result),
        ]
        return (result, outputs)
    }

    @Test("a symlink leaving the workspace is unsafe-path at the link, and its target is never printed")
    func escapingLinks() throws {
        try withTemporaryFolder { folder in
            let root = folder + "/ws"
            let outside = folder + "/outside"
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            try WorkspaceTemplate.write(to: root, name: "Test")
            let ws = TestWorkspace(root: root)
            let (result, outputs) = try checkWithEscapingLinks(ws, outside: outside)
            let unsafe = result.diagnostics("unsafe-path")
            #expect(Set(unsafe.map(\.file)) == [
                "customers/acme/signals/2026-11-20.yaml", "customers/acme/plan.yaml.link", "customers/evil",
                "customers/acme/voc",
            ], "\(result.listing)")
            #expect(unsafe.allSatisfy { $0.severity == .error && $0.location == SourceLocation(line: 1, column: 1) })
            #expect(unsafe.allSatisfy { !$0.finding.showsExcerpt })
            // Nothing was read through the links.
            #expect(!result.diagnostics.contains { $0.rule == "id-mismatch" || $0.rule == "yaml-syntax" },
                    "\(result.listing)")
            for output in outputs {
                #expect(!output.contains(Self.secret), "\(output)")
                #expect(!output.contains(outside), "\(output)")
            }
        }
    }

    @Test("csws.yaml, playbooks/ and customers/ linked outside are unsafe-path too, and never read")
    func topLevelLinks() throws {
        try withTemporaryFolder { folder in
            let root = folder + "/ws"
            let outside = folder + "/outside"
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            try WorkspaceTemplate.write(to: root, name: "Test")
            let ws = TestWorkspace(root: root)
            // A copy of the real workspace outside, with a secret planted in every file kind.
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: ws.path("csws.yaml"), toPath: outside + "/csws.yaml")
            try FileManager.default.moveItem(atPath: ws.path("playbooks"), toPath: outside + "/playbooks")
            try Data("\(Self.secret): [\n".utf8).write(to: URL(fileURLWithPath: outside + "/playbooks/extra.yaml"))
            try TestWorkspace(root: outside).write("customers/acme/account.yaml", "id: \(Self.secret)\n")
            for name in ["csws.yaml", "playbooks", "customers"] {
                try FileManager.default.createSymbolicLink(atPath: ws.path(name), withDestinationPath: outside + "/" + name)
            }
            let result = ws.check()
            #expect(Set(result.diagnostics("unsafe-path").map(\.file)) == ["csws.yaml", "playbooks", "customers"],
                    "\(result.listing)")
            #expect(result.diagnostics("yaml-syntax").isEmpty && result.diagnostics("id-mismatch").isEmpty,
                    "\(result.listing)")
            #expect(result.customerCount == 0)
            let text = TextReporter(workspace: ws.workspace, useColor: false).render(result)
            #expect(!text.contains(Self.secret) && !text.contains(outside), "\(text)")
        }
    }

    @Test("a symlink that stays inside the workspace is followed and checked")
    func internalLink() throws {
        try withWorkspace { ws in
            try ws.addCustomer("acme")
            try ws.write("shared/2026-11-19.yaml", "date: 2026-11-18\n")
            try FileManager.default.createDirectory(atPath: ws.path("customers/acme/signals"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                atPath: ws.path("customers/acme/signals/2026-11-19.yaml"), withDestinationPath: ws.path("shared/2026-11-19.yaml"))
            let result = ws.check()
            #expect(result.diagnostics("unsafe-path").isEmpty, "\(result.listing)")
            let mismatch = try #require(result.diagnostics("file-date-mismatch").first, "\(result.listing)")
            #expect(mismatch.file == "customers/acme/signals/2026-11-19.yaml")
        }
    }

    @Test("a broken symlink is unsafe-path")
    func brokenLink() throws {
        try withWorkspace { ws in
            try ws.addCustomer("acme")
            try FileManager.default.createDirectory(atPath: ws.path("customers/acme/qbr"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                atPath: ws.path("customers/acme/qbr/2026-Q4.yaml"), withDestinationPath: ws.path("nowhere.yaml"))
            let result = ws.check()
            #expect(result.diagnostics("unsafe-path").map(\.file) == ["customers/acme/qbr/2026-Q4.yaml"],
                    "\(result.listing)")
        }
    }
}

import Foundation
import Testing

@testable import CswsCore

// `csws done` and `csws apply` edit plan.yaml in place (SPEC §1, §3): only the values they change,
// everything else byte for byte. Each test states the whole expected text by hand.

@Suite("Plan editing")
struct PlanEditingTests {
    /// A plan with comments, odd spacing, a blank line, a quoted value and a flow-style milestone.
    static let planLines = [
        "# Success plan for acme   ",
        "objectives:",
        "  - id: O1",
        "    text: \"Faster close\"   # quoted on purpose",
        "",
        "milestones:",
        "  # kickoff first",
        "  - id: M1",
        "    title:   Kickoff      # odd spacing",
        "    phase: onboarding",
        "    owner: ana",
        "    due: 2026-11-01",
        "    status:    planned    # still open",
        "    source: onboarding/kickoff",
        "  - {id: M2, title: Dashboards live, phase: adoption, owner: ben, due: 2026-11-15, status: in-progress}",
        "",
        "risks: []   # none yet",
    ]

    private func edit(_ text: String, _ body: (PlanEditor) throws -> String?) throws -> String? {
        try withTemporaryFolder { folder in
            let path = folder + "/plan.yaml"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return try body(try PlanEditor(path: path))
        }
    }

    // MARK: done

    @Test(arguments: ["\n", "\r\n"])
    func doneBlockStyle(lineEnding: String) throws {
        let original = Self.planLines.joined(separator: lineEnding) + lineEnding
        var expectedLines = Self.planLines
        // status value replaced in place (spacing and comment kept); `done:` inserted below it at
        // the status key's indentation (4 spaces)
        expectedLines[12] = "    status:    done    # still open"
        expectedLines.insert("    done: 2026-11-20", at: 13)
        let expected = expectedLines.joined(separator: lineEnding) + lineEnding
        let edited = try edit(original) { try $0.markingDone("M1", on: CalendarDate("2026-11-20")!) }
        #expect(edited == expected)
    }

    @Test(arguments: ["\n", "\r\n"])
    func doneFlowStyle(lineEnding: String) throws {
        let original = Self.planLines.joined(separator: lineEnding) + lineEnding
        var expectedLines = Self.planLines
        expectedLines[14] = "  - {id: M2, title: Dashboards live, phase: adoption, owner: ben, due: 2026-11-15, status: done, done: 2026-11-20}"
        let expected = expectedLines.joined(separator: lineEnding) + lineEnding
        let edited = try edit(original) { try $0.markingDone("M2", on: CalendarDate("2026-11-20")!) }
        #expect(edited == expected)
    }

    @Test("done keeps a byte-order mark and CRLF")
    func doneBOM() throws {
        let original = "\u{FEFF}" + Self.planLines.joined(separator: "\r\n") + "\r\n"
        var expectedLines = Self.planLines
        expectedLines[12] = "    status:    done    # still open"
        expectedLines.insert("    done: 2026-11-20", at: 13)
        let expected = "\u{FEFF}" + expectedLines.joined(separator: "\r\n") + "\r\n"
        let edited = try #require(try edit(original) { try $0.markingDone("M1", on: CalendarDate("2026-11-20")!) })
        #expect(Array(edited.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF], "the byte-order mark was dropped")
        // everything after the mark is as expected
        #expect(Array(edited.utf8).drop { $0 != UInt8(ascii: "#") } == Array(expected.utf8).drop { $0 != UInt8(ascii: "#") })
    }

    @Test("done on a flow-style milestone written over two lines")
    func doneFlowTwoLines() throws {
        let original = """
            milestones:
              - {id: M2, title: Dashboards live, phase: adoption, owner: ben,
                 due: 2026-11-15, status: planned}   # phase two

            """
        let expected = """
            milestones:
              - {id: M2, title: Dashboards live, phase: adoption, owner: ben,
                 due: 2026-11-15, status: done, done: 2026-11-20}   # phase two

            """
        #expect(try edit(original) { try $0.markingDone("M2", on: CalendarDate("2026-11-20")!) } == expected)
    }

    @Test("done on a milestone at the sequence's own indentation, status on the dash line")
    func doneCompactLayout() throws {
        let original = """
            milestones:
            - status: blocked
              id: M1
              title: Kickoff
              phase: onboarding
              owner: ana
              due: 2026-11-01

            """
        // `status` sits right after `- ` (column 3): `done:` goes below at 2 spaces
        let expected = """
            milestones:
            - status: done
              done: 2026-11-20
              id: M1
              title: Kickoff
              phase: onboarding
              owner: ana
              due: 2026-11-01

            """
        #expect(try edit(original) { try $0.markingDone("M1", on: CalendarDate("2026-11-20")!) } == expected)
    }

    @Test("done replaces an existing done date and keeps everything else")
    func doneReplacesDate() throws {
        let original = """
            milestones:
              - id: M1   # the kickoff
                title: Kickoff
                phase: onboarding
                owner: ana
                due: 2026-11-01
                status: in-progress
                done: 2026-11-02   # typo?

            """
        let expected = """
            milestones:
              - id: M1   # the kickoff
                title: Kickoff
                phase: onboarding
                owner: ana
                due: 2026-11-01
                status: done
                done: 2026-11-20   # typo?

            """
        #expect(try edit(original) { try $0.markingDone("M1", on: CalendarDate("2026-11-20")!) } == expected)
    }

    @Test("done with a quoted status value")
    func doneQuotedStatus() throws {
        let original = """
            milestones:
              - id: M1
                title: Kickoff
                phase: onboarding
                owner: ana
                due: 2026-11-01
                status: "in-progress"

            """
        let expected = """
            milestones:
              - id: M1
                title: Kickoff
                phase: onboarding
                owner: ana
                due: 2026-11-01
                status: done
                done: 2026-11-20

            """
        #expect(try edit(original) { try $0.markingDone("M1", on: CalendarDate("2026-11-20")!) } == expected)
    }

    @Test("done on a milestone already done that day changes nothing")
    func doneAlreadyDone() throws {
        let original = """
            milestones:
              - {id: M1, title: Kickoff, phase: onboarding, owner: ana, due: 2026-11-01, status: done, done: 2026-11-20}

            """
        #expect(try edit(original) { try $0.markingDone("M1", on: CalendarDate("2026-11-20")!) } == nil)
    }

    @Test("done on an unknown milestone names the known ones")
    func doneUnknownMilestone() throws {
        let original = Self.planLines.joined(separator: "\n") + "\n"
        let error = #expect(throws: PlanEditor.EditError.self) {
            _ = try edit(original) { try $0.markingDone("M7", on: testAsOf) }
        }
        guard case .noSuchMilestone(let id, let known)? = error else {
            Issue.record("expected noSuchMilestone, got \(String(describing: error))")
            return
        }
        #expect(id == "M7")
        #expect(known == ["M1", "M2"])
    }

    @Test(arguments: [
        "milestones:\n  - id: M1\n    status: [planned\n",                  // YAML syntax error
        "milestones:\n  - id: M1\n    status: planned\n    status: done\n",  // duplicate key
    ])
    func planWithErrorsRefused(text: String) throws {
        try withTemporaryFolder { folder in
            let path = folder + "/plan.yaml"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: PlanEditor.EditError.self) { _ = try PlanEditor(path: path) }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(text.utf8))
        }
    }

    // MARK: apply

    private func application(_ ws: TestWorkspace) -> PlaybookApplication {
        let shared = WorkspaceLoader.loadShared(ws.workspace)
        return PlaybookApplication(
            library: PlaybookLibrary(files: shared.playbooks),
            onboarding: shared.playbooks.first { $0.file.kind == .onboardingPlaybook }?.document,
            settings: shared.settings)
    }

    /// What `csws apply PLAYBOOK ID --start START` does; returns the milestones added.
    @discardableResult
    private func apply(_ ws: TestWorkspace, _ playbook: String, _ id: String, start: String?) throws -> [PlanEditor.NewMilestone] {
        let editor = try PlanEditor(path: ws.path("customers/\(id)/plan.yaml"))
        let record = CustomerRecord(WorkspaceLoader.loadCustomer(id, in: ws.workspace).files)
        let milestones = try application(ws).milestones(
            for: playbook, customer: record, start: start.flatMap(CalendarDate.init), asOf: testAsOf,
            existingIDs: editor.milestoneIDs, existingSources: editor.milestoneSources)
        if !milestones.isEmpty { try editor.write(try editor.appending(milestones)) }
        return milestones
    }

    static let riskHighPlan = """
        objectives:
          - id: O1
            text: Faster close
        milestones:
            - id: root-cause      # our own milestone, same id as a playbook step
              title: Dig into the drop
              phase: recovery
              owner: ben
              due: 2026-11-30
              status: planned
        # the risks follow
        risks:
          - id: R1
            text: Sponsor may leave
            severity: high
            owner: ben

        """

    @Test("apply risk-high: steps appended at the list's indentation, ids de-duplicated, owners from roles, the rest untouched")
    func applyRiskHigh() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", owner: "ben"), plan: Self.riskHighPlan)
            let added = try apply(ws, "risk-high", "acme", start: "2026-11-23")
            #expect(added.count == 6)
            // day 0 = 2026-11-23; due = day 0 + end_day (3, 5, 7, 14, 30, 28); csm → ben (the
            // account owner), support-lead → sam; `root-cause` is taken → `risk-high-root-cause`
            let expected = """
                objectives:
                  - id: O1
                    text: Faster close
                milestones:
                    - id: root-cause      # our own milestone, same id as a playbook step
                      title: Dig into the drop
                      phase: recovery
                      owner: ben
                      due: 2026-11-30
                      status: planned
                    - id: risk-high-root-cause
                      title: Find the root cause
                      phase: recovery
                      owner: ben
                      due: 2026-11-26
                      status: planned
                      source: risk-high/root-cause
                    - id: csm-outreach
                      title: Dedicated call with the customer
                      phase: recovery
                      owner: ben
                      due: 2026-11-28
                      status: planned
                      source: risk-high/csm-outreach
                    - id: recovery-plan
                      title: Agree a 30-day recovery plan
                      phase: recovery
                      owner: ben
                      due: 2026-11-30
                      status: planned
                      source: risk-high/recovery-plan
                    - id: reengage-sponsor
                      title: Re-engage the executive sponsor
                      phase: recovery
                      owner: ben
                      due: 2026-12-07
                      status: planned
                      source: risk-high/reengage-sponsor
                    - id: support-fast-track
                      title: Fast-track open support issues
                      phase: recovery
                      owner: sam
                      due: 2026-12-23
                      status: planned
                      source: risk-high/support-fast-track
                    - id: progress-review
                      title: Review progress
                      phase: recovery
                      owner: ben
                      due: 2026-12-21
                      status: planned
                      source: risk-high/progress-review
                # the risks follow
                risks:
                  - id: R1
                    text: Sponsor may leave
                    severity: high
                    owner: ben

                """
            #expect(try ws.read("customers/acme/plan.yaml") == expected)

            // applying again adds nothing and leaves the file as it is
            #expect(try apply(ws, "risk-high", "acme", start: "2026-11-23").isEmpty)
            #expect(try ws.read("customers/acme/plan.yaml") == expected)
            // and the plan is still valid
            let result = ws.check()
            #expect(result.diagnostics.filter { $0.file == "customers/acme/plan.yaml" && $0.severity == .error }.isEmpty,
                    "\(result.listing)")
        }
    }

    @Test("apply risk-critical: vp-cs → victor, cs-director → dana, csm → the owner; default start is as-of")
    func applyRiskCriticalOwners() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", owner: "ben"))
            let added = try apply(ws, "risk-critical", "acme", start: nil)
            // as-of 2026-11-23 + end_day 0, 2, 3, 5, 28, 28
            #expect(added.map { "\($0.id) \($0.owner) \($0.due) \($0.source)" } == [
                "executive-escalation ben 2026-11-23 risk-critical/executive-escalation",
                "executive-call victor 2026-11-25 risk-critical/executive-call",
                "save-plan ben 2026-11-26 risk-critical/save-plan",
                "rescue-team dana 2026-11-28 risk-critical/rescue-team",
                "execute-save-plan ben 2026-12-21 risk-critical/execute-save-plan",
                "resolution-assessment dana 2026-12-21 risk-critical/resolution-assessment",
            ])
            // `milestones: []` became a block list; the rest of the file is as it was
            let text = try ws.read("customers/acme/plan.yaml")
            #expect(text.hasPrefix("objectives:\n  - id: O1\n    text: Faster month-end close\nmilestones:\n  - id: executive-escalation\n"))
        }
    }

    @Test("apply renewal: steps dated back from contract.end, owners from roles")
    func applyRenewal() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", end: "2027-02-06"))
            let added = try apply(ws, "renewal", "acme", start: nil)
            // 2027-02-06 − 120 / 90 / 60 / 30 days; csm → ana, ae → dev
            #expect(added.map { "\($0.id) \($0.phase) \($0.owner) \($0.due)" } == [
                "renewal-120 renewal ana 2026-10-09",
                "renewal-90 renewal ana 2026-11-08",
                "renewal-60 renewal dev 2026-12-08",
                "renewal-30 renewal dev 2027-01-07",
            ])
        }
    }

    @Test("apply onboarding: rows dated from --start, se → carla, and the first-value row keeps first_value: true")
    func applyOnboarding() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme", account: ScoreFixture.account(id: "acme", status: "onboarding", start: "2026-11-01"))
            let added = try apply(ws, "onboarding", "acme", start: nil)
            // day 0 = contract.start 2026-11-01; due = day 0 + day_to
            let byID = Dictionary(uniqueKeysWithValues: added.map { ($0.id, $0) })
            #expect(byID["welcome"].map { "\($0.due) \($0.owner) \($0.phase)" } == "2026-11-02 ana onboarding")   // day 1
            #expect(byID["technical-setup"].map { "\($0.due) \($0.owner)" } == "2026-11-06 carla")             // day 5, se
            #expect(byID["first-value"].map { "\($0.due) \($0.phase) \($0.source)" }
                    == "2026-11-26 activation onboarding/first-value")                                         // day 25
            let plan = try #require(DocumentLoader.load(text: try ws.read("customers/acme/plan.yaml")).document)
            let firstValue = plan["milestones"]?.elements?.first { $0["id"]?.string == "first-value" }
            #expect(firstValue?["first_value"]?.bool == true,
                    "the first-value milestone lost `first_value: true`, so first-value-late cannot find it")
        }
    }

    @Test("a second id collision gets a counter")
    func idCollisionCounter() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme", plan: ScoreFixture.plan(milestones:
                ScoreFixture.milestone("triage", due: "2026-12-01")
                + ScoreFixture.milestone("support-spike-triage", due: "2026-12-01")))
            let added = try apply(ws, "support-spike", "acme", start: "2026-11-23")
            #expect(added.first?.id == "support-spike-triage-2")
            #expect(added.first?.owner == "sam")
            #expect(Set(added.map(\.id)).count == added.count)
        }
    }

    @Test("apply to a plan without milestones, with `milestones: []` and a comment")
    func applyToEmptyList() throws {
        try withWorkspace { ws in
            let original = "objectives: []\nmilestones: []   # none yet\nrisks: []\n"
            try ws.addScoredCustomer("acme", plan: original)
            try apply(ws, "champion-change", "acme", start: "2026-11-23")
            // the comment stays on the key's line; steps at 2 spaces; end_day 2, 10, 21
            let expected = """
                objectives: []
                milestones: # none yet
                  - id: stakeholder-mapping
                    title: Map the stakeholders again
                    phase: recovery
                    owner: ana
                    due: 2026-11-25
                    status: planned
                    source: champion-change/stakeholder-mapping
                  - id: executive-alignment
                    title: Align with the customer's executives
                    phase: recovery
                    owner: dana
                    due: 2026-12-03
                    status: planned
                    source: champion-change/executive-alignment
                  - id: reonboard-owners
                    title: Re-onboard the new owners
                    phase: recovery
                    owner: ana
                    due: 2026-12-14
                    status: planned
                    source: champion-change/reonboard-owners
                risks: []

                """
            #expect(try ws.read("customers/acme/plan.yaml") == expected)
        }
    }

    @Test("apply keeps CRLF line endings")
    func applyCRLF() throws {
        try withWorkspace { ws in
            let lines = ["objectives: []", "milestones:", "  - {id: M1, title: Kickoff, phase: onboarding, owner: ana, due: 2026-11-01, status: done, done: 2026-11-01}"]
            try ws.addScoredCustomer("acme", plan: lines.joined(separator: "\r\n") + "\r\n")
            try apply(ws, "expansion-ready", "acme", start: "2026-11-23")
            let text = try ws.read("customers/acme/plan.yaml")
            #expect(text.hasPrefix(lines.joined(separator: "\r\n") + "\r\n  - id: validate-outcomes\r\n"))
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
            #expect(text.hasSuffix("source: expansion-ready/proposal\r\n"))
        }
    }

    @Test("a flow-style milestone list is refused rather than rewritten")
    func applyFlowListRefused() throws {
        try withWorkspace { ws in
            let original = "milestones: [{id: M1, title: Kickoff, phase: onboarding, owner: ana, due: 2026-11-01, status: planned}]\n"
            try ws.addScoredCustomer("acme", plan: original)
            #expect(throws: PlanEditor.EditError.self) { try apply(ws, "risk-high", "acme", start: nil) }
            #expect(try ws.read("customers/acme/plan.yaml") == original)
        }
    }

    @Test("an unknown playbook is a problem naming the known ones")
    func unknownPlaybook() throws {
        try withWorkspace { ws in
            try ws.addScoredCustomer("acme")
            let error = #expect(throws: PlaybookApplication.Problem.self) {
                try apply(ws, "risk-hgh", "acme", start: nil)
            }
            guard case .unknownPlaybook(let id, let known)? = error else {
                Issue.record("expected unknownPlaybook, got \(String(describing: error))")
                return
            }
            #expect(id == "risk-hgh")
            #expect(known.contains("risk-high") && known.contains("renewal") && known.contains("onboarding"))
        }
    }
}

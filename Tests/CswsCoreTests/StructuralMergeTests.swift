import Testing

@testable import CswsCore

/// The structural merge of SPEC §10.8 on each of its cases, with the exact merged text.
@Suite("Structural merge of YAML files")
struct StructuralMergeTests {
    static let plan = """
        # yaml-language-server: $schema=../../.csws/schemas/plan.schema.json
        objectives:
          - id: O1
            text: Faster ticket resolution
        milestones:
          - id: M4
            title: Routing rules live
            phase: adoption
            owner: ben
            due: 2026-11-20
            status: done
            done: 2026-11-19
          - id: M5
            title: Weekly export to BI
            phase: adoption
            owner: ben
            due: 2026-12-01
            status: planned

        """

    static func merged(_ base: String, _ ours: String, _ theirs: String, sourceLocation: Testing.SourceLocation = #_sourceLocation)
        -> (text: String, notes: [StructuralMerge.Note])?
    {
        switch StructuralMerge.merge(base: base, ours: ours, theirs: theirs) {
        case .merged(let text, let notes): return (text, notes)
        case .conflict(let reason):
            Issue.record("unexpected conflict: \(reason)", sourceLocation: sourceLocation)
        case .unsupported(let reason):
            Issue.record("unexpected fallback: \(reason)", sourceLocation: sourceLocation)
        }
        return nil
    }

    static func conflict(_ base: String, _ ours: String, _ theirs: String) -> String? {
        if case .conflict(let reason) = StructuralMerge.merge(base: base, ours: ours, theirs: theirs) { return reason }
        return nil
    }

    @Test("different fields of one milestone on adjacent lines")
    func adjacentFields() throws {
        let ours = Self.plan.replacingOccurrences(of: "    status: planned", with: "    status: in-progress")
        let theirs = Self.plan.replacingOccurrences(of: "    due: 2026-12-01", with: "    due: 2026-12-15")
        guard let result = Self.merged(Self.plan, ours, theirs) else { return }
        #expect(result.text == ours.replacingOccurrences(of: "    due: 2026-12-01", with: "    due: 2026-12-15"))
        #expect(MergeNotes.summary(result.notes, theirs: "ben's") == "milestone M5 due (ben's), status (yours)")
    }

    @Test("both sides append milestones: all kept, ours first")
    func bothAppend() throws {
        let mine = "  - id: R1\n    title: Recovery call\n    phase: recovery\n    owner: ana\n    due: 2026-12-02\n    status: planned\n"
        let yours = "  - id: X1\n    title: Seat expansion proposal\n    phase: expansion\n    owner: ben\n    due: 2026-12-20\n    status: planned\n"
        let ours = Self.plan.dropLast() + "\n" + mine
        let theirs = Self.plan.dropLast() + "\n" + yours
        guard let result = Self.merged(Self.plan, String(ours), String(theirs)) else { return }
        #expect(result.text == Self.plan.dropLast() + "\n" + mine + yours)
        #expect(MergeNotes.summary(result.notes, theirs: "ben's") == "milestone R1 added (yours); milestone X1 added (ben's)")
    }

    @Test("the same item added identically on both sides is kept once")
    func sameAddition() throws {
        let item = "  - id: M6\n    title: QBR\n    phase: other\n    owner: ben\n    due: 2027-01-10\n    status: planned\n"
        let both = String(Self.plan.dropLast()) + "\n" + item
        guard let result = Self.merged(Self.plan, both, both) else { return }
        #expect(result.text == both)
    }

    @Test("the same id added with different content is a conflict")
    func sameIDDifferentContent() {
        let ours = String(Self.plan.dropLast()) + "\n  - id: M6\n    title: QBR\n    phase: other\n    owner: ben\n    due: 2027-01-10\n    status: planned\n"
        let theirs = String(Self.plan.dropLast()) + "\n  - id: M6\n    title: Renewal call\n    phase: renewal\n    owner: ana\n    due: 2027-01-05\n    status: planned\n"
        #expect(Self.conflict(Self.plan, ours, theirs)?.contains("milestone M6") == true)
    }

    @Test("an item edited on one side and removed on the other is a conflict")
    func editVersusRemove() {
        let ours = Self.plan.replacingOccurrences(of: "    status: planned", with: "    status: blocked")
        let removed = Self.plan.components(separatedBy: "  - id: M5")[0]
        #expect(Self.conflict(Self.plan, ours, removed)?.contains("milestone M5 was changed on your side and removed on theirs") == true)
    }

    @Test("an item removed on one side and untouched on the other is removed")
    func removeUntouched() throws {
        let removed = Self.plan.components(separatedBy: "  - id: M5")[0]
        let ours = Self.plan.replacingOccurrences(of: "Faster ticket resolution", with: "Resolve tickets 20% faster")
        guard let result = Self.merged(Self.plan, ours, removed) else { return }
        #expect(result.text == removed.replacingOccurrences(of: "Faster ticket resolution", with: "Resolve tickets 20% faster"))
    }

    @Test("the same value changed two ways is a conflict")
    func sameScalar() {
        let ours = Self.plan.replacingOccurrences(of: "    status: planned", with: "    status: in-progress")
        let theirs = Self.plan.replacingOccurrences(of: "    status: planned", with: "    status: blocked")
        #expect(Self.conflict(Self.plan, ours, theirs) == "milestone M5 status changed on both sides: `in-progress` and `blocked`")
    }

    static let account = """
        id: globex
        name: Globex Corporation
        arr: 96000  # after the 2026 renewal
        stakeholders:
          - name: Hank Scorpio
            role: executive-sponsor
          - name: Laura Kim
            role: economic-buyer
        revenue:
          - {date: 2025-01-10, kind: new, amount: 96000}

        """

    @Test("account arr on one side, a new stakeholder on the other")
    func arrAndStakeholder() throws {
        let ours = Self.account.replacingOccurrences(of: "arr: 96000", with: "arr: 120000")
        let theirs = Self.account.replacingOccurrences(
            of: "    role: economic-buyer\n", with: "    role: economic-buyer\n  - name: Raj Patel\n    role: admin\n")
        guard let result = Self.merged(Self.account, ours, theirs) else { return }
        #expect(result.text == ours.replacingOccurrences(
            of: "    role: economic-buyer\n", with: "    role: economic-buyer\n  - name: Raj Patel\n    role: admin\n"))
        #expect(result.text.contains("arr: 120000  # after the 2026 renewal"))
    }

    @Test("a comment added on one side survives the other side's edit")
    func commentSurvives() throws {
        let theirs = Self.plan.replacingOccurrences(of: "  - id: M5\n", with: "  # waiting on the customer's BI team\n  - id: M5\n")
        let ours = Self.plan.replacingOccurrences(of: "    owner: ben\n    due: 2026-11-20", with: "    owner: ana\n    due: 2026-11-20")
        guard let result = Self.merged(Self.plan, ours, theirs) else { return }
        #expect(result.text.contains("  # waiting on the customer's BI team\n  - id: M5\n"))
        #expect(result.text.contains("    owner: ana\n    due: 2026-11-20"))
    }

    @Test("CRLF files merge and stay CRLF")
    func crlf() throws {
        let base = Self.plan.replacingOccurrences(of: "\n", with: "\r\n")
        let ours = base.replacingOccurrences(of: "    status: planned", with: "    status: in-progress")
        let theirs = base.replacingOccurrences(of: "    due: 2026-12-01", with: "    due: 2026-12-15")
        guard let result = Self.merged(base, ours, theirs) else { return }
        #expect(result.text == ours.replacingOccurrences(of: "    due: 2026-12-01", with: "    due: 2026-12-15"))
        #expect(!result.text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test("csws.yaml: team members added on both sides")
    func teamMembers() throws {
        let base = "workspace: Demo\nteam:\n  - {id: ana, name: Ana Alvarez, role: csm}\n  - {id: ben, name: Ben Brooks, role: csm}\nsegments:\n  smb: {engagement: tech-touch, checkin_every_days: 90, qbr_every_days: 365}\n"
        let ours = base.replacingOccurrences(of: "role: csm}\nsegments", with: "role: csm}\n  - {id: eve, name: Eve Ng, role: csm}\nsegments")
        let theirs = base.replacingOccurrences(of: "role: csm}\nsegments", with: "role: csm}\n  - {id: raj, name: Raj Rao, role: se}\nsegments")
        guard let result = Self.merged(base, ours, theirs) else { return }
        #expect(result.text.contains("  - {id: eve, name: Eve Ng, role: csm}\n  - {id: raj, name: Raj Rao, role: se}\nsegments"))
    }

    @Test("a side that does not parse is left to git's line merge")
    func unparsable() {
        let broken = Self.plan + "milestones: [\n"
        guard case .unsupported = StructuralMerge.merge(base: Self.plan, ours: broken, theirs: Self.plan) else {
            Issue.record("expected a fallback")
            return
        }
    }

    @Test("a list reordered on one side keeps that order, with the other side's edits")
    func reorderAndEdit() throws {
        let m4 = Self.plan.components(separatedBy: "  - id: M4\n")[1].components(separatedBy: "  - id: M5\n")[0]
        let m5 = Self.plan.components(separatedBy: "  - id: M5\n")[1]
        let head = Self.plan.components(separatedBy: "  - id: M4\n")[0]
        let reordered = head + "  - id: M5\n" + m5.dropLast() + "\n" + "  - id: M4\n" + m4.dropLast() + "\n"
        let ours = Self.plan.replacingOccurrences(of: "    status: planned", with: "    status: in-progress")
        guard let result = Self.merged(Self.plan, ours, String(reordered)) else { return }
        let document = try #require(DocumentLoader.load(text: result.text).document)
        #expect(document["milestones"]?.elements?.compactMap { $0["id"]?.string } == ["M5", "M4"])
        #expect(document["milestones"]?.elements?.first?["status"]?.string == "in-progress")
    }

    @Test("a list without ids both sides appended to keeps both appends")
    func appendOnlyList() throws {
        let base = "handoff:\n  promised_outcomes:\n    - Routing live\n"
        let ours = base + "    - Weekly export\n"
        let theirs = base + "    - SSO for agents\n"
        guard let result = Self.merged(base, ours, theirs) else { return }
        #expect(result.text == base + "    - Weekly export\n    - SSO for agents\n")
    }

    // Cases found in review: no side's edit may disappear while the structure still reads right.

    @Test("both sides reach the same value with different comments: each keeps its comment, or git decides")
    func sameValueDifferentText() throws {
        let base = "a: 1\nb: 2\n"
        let ours = "# ours note\na: 1\nb: 2\n"
        let theirs = "a: 1\nb: 2  # theirs note\n"
        guard let result = Self.merged(base, ours, theirs) else { return }
        #expect(result.text == "# ours note\na: 1\nb: 2  # theirs note\n")
        // One scalar written two ways is left to git's line merge.
        #expect(Self.conflict("a: 1\n", "a: 1  # mine\n", "a: 1  # yours\n") != nil)
    }

    @Test("a change of a block scalar's trailing lines counts as a change")
    func keepChompedScalar() throws {
        let base = "notes: |+\n  hello\n\n\nb: 1\n"
        let ours = "notes: |+\n  hello\n\nb: 1\n"
        let theirs = "notes: |+\n  hello\n\n\nb: 2\n"
        guard let result = Self.merged(base, ours, theirs) else { return }
        let document = try #require(DocumentLoader.load(text: result.text).document)
        #expect(document["notes"]?.string == "hello\n\n")
        #expect(document["b"]?.integer == 2)
    }

    @Test("appends on both sides keep their side's other text, and an item appended by both is kept once")
    func appendKeepsText() throws {
        let base = "tags:\n  - a\n"
        let ours = "tags:\n  - a\n  - b\n"
        let theirs = "tags:  # labels\n  - a  # first\n  - c\n"
        guard let result = Self.merged(base, ours, theirs) else { return }
        #expect(result.text == "tags:  # labels\n  - a  # first\n  - b\n  - c\n")
        guard let twice = Self.merged(base, base + "  - x\n  - y\n", base + "  - x\n") else { return }
        #expect(twice.text == base + "  - x\n  - y\n")
    }

    @Test("keys reordered on their side keep their order, with our edit applied")
    func keyReorder() throws {
        guard let result = Self.merged("a: 1\nb: 2\nc: 3\n", "a: 1\nb: 2\nc: 4\n", "b: 2\na: 1\nc: 3\n") else { return }
        #expect(result.text == "b: 2\na: 1\nc: 4\n")
        #expect(Self.conflict("a: 1\nb: 2\nc: 3\n", "c: 3\na: 1\nb: 2\n", "b: 2\na: 1\nc: 3\n") != nil)
    }

    @Test("their reordering plus additions at one spot on both sides: ours first")
    func reorderWithAdditions() throws {
        let item = { (id: String) in "  - id: \(id)\n    title: \(id)\n" }
        let base = "ms:\n" + item("M1") + item("M2")
        let ours = "ms:\n" + item("M1") + item("R") + item("M2")
        let theirs = "ms:\n" + item("M2") + item("M1") + item("X")
        guard let result = Self.merged(base, ours, theirs) else { return }
        let document = try #require(DocumentLoader.load(text: result.text).document)
        #expect(document["ms"]?.elements?.compactMap { $0["id"]?.string } == ["M2", "M1", "R", "X"])
    }
}

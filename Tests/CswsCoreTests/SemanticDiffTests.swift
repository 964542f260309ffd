import Testing

@testable import CswsCore

@Suite("Semantic diff")
struct SemanticDiffTests {
    static func document(_ text: String) throws -> DocumentNode {
        try #require(DocumentLoader.load(text: text).document)
    }

    static let plan = """
        milestones:
          - id: M1
            title: Kickoff
            status: done
            done: 2026-11-01
          - id: M3
            title: Dashboards live
            status: in-progress
        risks:
          - {id: R1, text: Champion may leave, severity: medium}
        """

    @Test func aMilestoneMarkedDoneReadsAsDone() throws {
        let new = Self.plan.replacingOccurrences(of: "    status: in-progress", with: "    status: done\n    done: 2026-11-20")
        let changes = SemanticDiff.changes(old: try Self.document(Self.plan), new: try Self.document(new))
        #expect(changes == ["milestone M3 done 2026-11-20"])
    }

    @Test func reorderingAnIDListIsNotAChange() throws {
        let reordered = """
            milestones:
              - id: M3
                title: Dashboards live
                status: in-progress
              - id: M1
                title: Kickoff
                status: done
                done: 2026-11-01
            risks:
              - {id: R1, text: Champion may leave, severity: medium}
            """
        #expect(SemanticDiff.changes(old: try Self.document(Self.plan), new: try Self.document(reordered)).isEmpty)
    }

    @Test func addedRemovedAndChangedEntries() throws {
        let new = """
            milestones:
              - id: M1
                title: Kickoff call
                status: done
                done: 2026-11-01
              - id: M4
                title: Renewal prep
                status: planned
            risks:
              - {id: R1, text: Champion may leave, severity: high}
            """
        let changes = SemanticDiff.changes(old: try Self.document(Self.plan), new: try Self.document(new))
        #expect(changes == [
            "milestone M1 title Kickoff → Kickoff call",
            "milestone M4 added",
            "milestone M3 removed",
            "risk R1 severity medium → high",
        ])
    }

    @Test func scalarsAndFiles() throws {
        let old = try Self.document("id: acme\narr: 120000\ncontract:\n  seats: 50\n")
        let new = try Self.document("id: acme\narr: 150000\ncontract:\n  seats: 50\ncurrency: EUR\n")
        #expect(SemanticDiff.changes(old: old, new: new) == ["arr 120000 → 150000", "currency EUR"])
        #expect(SemanticDiff.describe(path: "customers/acme/account.yaml", old: old, new: new).first == "acme account: arr 120000 → 150000")
        #expect(SemanticDiff.describe(path: "customers/acme/signals/2026-11-23.yaml", old: nil, new: new) == ["acme signals 2026-11-23: added"])
        #expect(SemanticDiff.subject(ofPath: "playbooks/risk-high.yaml") == "playbook risk-high")
    }
}

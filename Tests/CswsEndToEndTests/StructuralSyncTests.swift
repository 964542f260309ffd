import CswsTestSupport
import Foundation
import Testing

/// SPEC §10.8 end to end: two people edit the same YAML file in their own clones, both sync
/// through `git daemon` on 127.0.0.1, and only real disagreements stop with markers. Every case
/// ends with both clones on the same commit, `git fsck` clean, and `csws check` finding no
/// validity error it did not find before.
@Suite("csws sync merges YAML by structure", .serialized)
struct StructuralSyncTests {
    /// Ana's csws workspace and Ben's csws clone, sharing a bare repository served by git daemon.
    struct Pair {
        let box: Sandbox
        let daemon: GitDaemon
        var ana: String { "ws" }
        var ben: String { "ben" }

        static func with(_ body: (Pair) throws -> Void) throws {
            try Sandbox.with { box in
                #expect(try box.git("init", "-q", "--bare", "-b", "main", box.path("shared.git")).status == 0)
                let daemon = try GitDaemon(root: box.root, port: FreePort.next())
                defer { daemon.stop() }
                daemon.waitUntilReady(box, repository: "shared.git")
                let url = daemon.url("shared.git")
                #expect(try box.csws("init", "ws", "--remote", url).status == 0)
                try box.copyTree(from: CLI.projectRoot + "/scripts/demo-data/customers", to: box.path("ws/customers"))
                let first = try box.csws("sync", "-m", "Add the demo customers", in: "ws")
                try #require(first.status == 0, "\(first)")
                #expect(try box.git("clone", "-q", url, box.path("ben")).status == 0)
                _ = try box.git("-C", box.path("ben"), "config", "user.name", "Ben")
                _ = try box.git("-C", box.path("ben"), "config", "user.email", "ben@example.com")
                let pair = Pair(box: box, daemon: daemon)
                let before = try pair.validityErrors(in: "ws")
                try body(pair)
                #expect(try pair.validityErrors(in: "ws").subtracting(before).isEmpty, "csws check finds something new")
                #expect(try box.git("-C", box.path("ws"), "fsck", "--no-progress").status == 0, "fsck of ana's clone")
                #expect(try box.git("-C", box.path("ben"), "fsck", "--no-progress").status == 0, "fsck of ben's clone")
                #expect(try box.git("-C", box.path("shared.git"), "fsck", "--no-progress").status == 0, "fsck of the remote")
            }
        }

        func path(_ clone: String, _ file: String) -> String { box.path(clone + "/" + file) }

        func edit(_ clone: String, _ file: String, _ old: String, _ new: String) throws {
            let text = try String(contentsOfFile: path(clone, file), encoding: .utf8)
            try #require(text.contains(old), "\(file) has no \(old)")
            try text.replacingOccurrences(of: old, with: new).write(toFile: path(clone, file), atomically: true, encoding: .utf8)
        }

        func sync(_ clone: String) throws -> CLI.Run {
            try box.csws("sync", in: clone, environment: clone == ben ? ["GIT_AUTHOR_NAME": "Ben"] : [:])
        }

        /// Ben syncs first, then Ana; then Ben syncs again to receive the merge.
        func bothSync(expectAnaStatus: Int32 = 0) throws -> CLI.Run {
            let first = try sync(ben)
            #expect(first.status == 0, "\(first)")
            let second = try sync(ana)
            #expect(second.status == expectAnaStatus, "\(second)")
            if expectAnaStatus == 0 {
                let third = try sync(ben)
                #expect(third.status == 0, "\(third)")
                #expect(try head(ana) == head(ben), "both clones end on the same commit")
            }
            return second
        }

        /// Resolves a conflict the way the README says: keep our lines, drop the markers, sync.
        func resolveKeepingOurs(_ file: String) throws {
            var kept: [Substring] = []
            var inTheirs = false
            for line in try read(ana, file).split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("<<<<<<<") || line.hasPrefix(">>>>>>>") || line.hasPrefix("|||||||") {
                    inTheirs = false
                    continue
                }
                if line.hasPrefix("=======") {
                    inTheirs = true
                    continue
                }
                if !inTheirs { kept.append(line) }
            }
            try kept.joined(separator: "\n").write(toFile: path(ana, file), atomically: true, encoding: .utf8)
            let resolved = try sync(ana)
            #expect(resolved.status == 0, "\(resolved)")
            #expect(try sync(ben).status == 0)
            #expect(try head(ana) == head(ben))
        }

        func head(_ clone: String) throws -> String {
            try box.git("-C", box.path(clone), "rev-parse", "HEAD").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func read(_ clone: String, _ file: String) throws -> String { try String(contentsOfFile: path(clone, file), encoding: .utf8) }

        func validityErrors(in clone: String) throws -> Set<String> {
            let run = try box.csws("check", "--format", "json", in: clone)
            return Set(try CheckJSON.decode(run).diagnostics.filter { $0.severity == "error" && !Self.timeRules.contains($0.rule) }
                .map { "\($0.file):\($0.rule)" })
        }

        static let timeRules: Set<String> = ["milestone-overdue", "first-value-late", "renewal-lapsed", "escalation-unacknowledged"]
    }

    static let plan = "customers/globex/plan.yaml"
    static let account = "customers/globex/account.yaml"

    @Test("different fields of one milestone, on adjacent lines")
    func adjacentFields() throws {
        try Pair.with { pair in
            try pair.edit(pair.ben, Self.plan, "    due: 2026-11-15\n    status: planned", "    due: 2026-11-29\n    status: planned")
            try pair.edit(pair.ana, Self.plan, "    due: 2026-11-15\n    status: planned", "    due: 2026-11-15\n    status: in-progress")
            let run = try pair.bothSync()
            #expect(run.stdout.contains("merged customers/globex/plan.yaml: milestone M5 due (Ben's), status (yours)"), "\(run)")
            for clone in [pair.ana, pair.ben] {
                #expect(try pair.read(clone, Self.plan).contains("    due: 2026-11-29\n    status: in-progress"))
            }
            let log = try pair.box.csws("log", "-n", "3", in: pair.ana)
            #expect(log.stdout.contains("merged customers/globex/plan.yaml: milestone M5 due (Ben's), status (yours)"), "\(log)")
        }
    }

    @Test("both apply a playbook to the same customer: every new milestone kept, ours first")
    func bothApply() throws {
        try Pair.with { pair in
            #expect(try pair.box.csws("apply", "expansion-ready", "globex", in: pair.ben).status == 0)
            #expect(try pair.box.csws("apply", "risk-critical", "globex", in: pair.ana).status == 0)
            let oursAdded = try pair.read(pair.ana, Self.plan)
            let theirsAdded = try pair.read(pair.ben, Self.plan)
            _ = try pair.bothSync()
            let merged = try pair.read(pair.ana, Self.plan)
            #expect(merged.contains("source: risk-critical/") && merged.contains("source: expansion-ready/"))
            let critical = try #require(merged.range(of: "source: risk-critical/"))
            let expansion = try #require(merged.range(of: "source: expansion-ready/"))
            #expect(critical.lowerBound < expansion.lowerBound, "ours first, then theirs")
            #expect(merged.count > max(oursAdded.count, theirsAdded.count))
            #expect(!merged.contains("<<<<<<<"))
        }
    }

    @Test("the same milestone added identically on both sides is kept once")
    func sameAddition() throws {
        try Pair.with { pair in
            let item = "  - id: M10\n    title: Executive business review\n    phase: renewal\n    owner: ben\n    due: 2026-12-10\n    status: planned\n"
            for clone in [pair.ben, pair.ana] {
                try pair.edit(clone, Self.plan, "  - id: M1\n", item + "  - id: M1\n")
            }
            try pair.edit(pair.ana, Self.account, "arr: 96000", "arr: 98000")
            _ = try pair.bothSync()
            #expect(try pair.read(pair.ana, Self.plan).components(separatedBy: "id: M10").count == 2)
        }
    }

    @Test("the same id added with different content stops with markers (exit 3), nothing lost")
    func sameIDDifferentContent() throws {
        try Pair.with { pair in
            try pair.edit(pair.ben, Self.plan, "  - id: M1\n", "  - id: M10\n    title: EBR with the COO\n    phase: renewal\n    owner: ben\n    due: 2026-12-10\n    status: planned\n  - id: M1\n")
            try pair.edit(pair.ana, Self.plan, "  - id: M1\n", "  - id: M10\n    title: Renewal call\n    phase: renewal\n    owner: ana\n    due: 2026-12-12\n    status: planned\n  - id: M1\n")
            let run = try pair.bothSync(expectAnaStatus: 3)
            #expect(run.stderr.contains("customers/globex/plan.yaml:"), "\(run)")
            let text = try pair.read(pair.ana, Self.plan)
            #expect(text.contains("<<<<<<<") && text.contains("EBR with the COO") && text.contains("Renewal call"))
            try pair.resolveKeepingOurs(Self.plan)
        }
    }

    @Test("a milestone edited on one side and removed on the other stops with markers")
    func editVersusRemove() throws {
        try Pair.with { pair in
            let text = try pair.read(pair.ben, Self.plan)
            let m5 = try #require(text.range(of: "  - id: M5\n"))
            let m6 = try #require(text.range(of: "  - id: M6\n"))
            try (String(text[..<m5.lowerBound]) + String(text[m6.lowerBound...])).write(toFile: pair.path(pair.ben, Self.plan), atomically: true, encoding: .utf8)
            try pair.edit(pair.ana, Self.plan, "    due: 2026-11-15\n    status: planned", "    due: 2026-11-15\n    status: blocked")
            let run = try pair.bothSync(expectAnaStatus: 3)
            #expect(run.stderr.contains("customers/globex/plan.yaml:"), "\(run)")
            #expect(try pair.read(pair.ana, Self.plan).contains("status: blocked"), "our edit is in the conflicted file")
            try pair.resolveKeepingOurs(Self.plan)
        }
    }

    @Test("account arr on one side, a new stakeholder on the other")
    func arrAndStakeholder() throws {
        try Pair.with { pair in
            try pair.edit(pair.ben, Self.account, "    role: admin\n", "    role: admin\n  - name: Jordan Miles\n    title: Support Manager\n    role: champion\n")
            try pair.edit(pair.ana, Self.account, "arr: 96000", "arr: 104000")
            _ = try pair.bothSync()
            let merged = try pair.read(pair.ben, Self.account)
            #expect(merged.contains("arr: 104000") && merged.contains("  - name: Jordan Miles\n"))
        }
    }

    @Test("a comment one side adds survives the other side's edit of the next line")
    func commentSurvives() throws {
        try Pair.with { pair in
            try pair.edit(pair.ben, Self.plan, "  - id: M5\n", "  # Waiting on their BI team (ben, 2026-11-20)\n  - id: M5\n")
            try pair.edit(pair.ana, Self.plan, "    due: 2026-11-15\n    status: planned", "    due: 2026-11-15\n    status: in-progress")
            _ = try pair.bothSync()
            let merged = try pair.read(pair.ana, Self.plan)
            #expect(merged.contains("  # Waiting on their BI team (ben, 2026-11-20)\n  - id: M5\n"))
            #expect(merged.contains("status: in-progress"))
        }
    }

    @Test("CRLF files merge by structure and keep their line ends")
    func crlf() throws {
        try Pair.with { pair in
            let crlf = try pair.read(pair.ana, Self.plan).replacingOccurrences(of: "\n", with: "\r\n")
            try crlf.write(toFile: pair.path(pair.ana, Self.plan), atomically: true, encoding: .utf8)
            #expect(try pair.sync(pair.ana).status == 0)
            #expect(try pair.box.git("-C", pair.box.path(pair.ben), "pull", "-q").status == 0)
            try pair.edit(pair.ben, Self.plan, "    due: 2026-11-15\r\n", "    due: 2026-11-29\r\n")
            try pair.edit(pair.ana, Self.plan, "    status: planned\r\n    source", "    status: planned\r\n    source")
            try pair.edit(pair.ana, Self.plan, "  - id: M5\r\n    title: ", "  - id: M5\r\n    title: Weekly ")
            let run = try pair.bothSync()
            #expect(run.stdout.contains("merged customers/globex/plan.yaml"), "\(run)")
            let merged = try pair.read(pair.ana, Self.plan)
            #expect(merged.contains("    due: 2026-11-29\r\n") && merged.contains("  - id: M5\r\n    title: Weekly "))
            #expect(!merged.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        }
    }

    @Test("csws.yaml: team members added on both sides")
    func teamMembers() throws {
        try Pair.with { pair in
            let anchor = "  - {id: ben, name: Ben Brooks, email: ben@example.com, role: csm}\n"
            try pair.edit(pair.ben, "csws.yaml", anchor, anchor + "  - {id: eve, name: Eve Ng, email: eve@example.com, role: csm}\n")
            try pair.edit(pair.ana, "csws.yaml", anchor, anchor + "  - {id: raj, name: Raj Rao, email: raj@example.com, role: se}\n")
            _ = try pair.bothSync()
            let merged = try pair.read(pair.ana, "csws.yaml")
            #expect(merged.contains(anchor + "  - {id: raj, name: Raj Rao, email: raj@example.com, role: se}\n  - {id: eve, name: Eve Ng, email: eve@example.com, role: csm}\n"))
        }
    }

    @Test("a side that no longer parses gets git's line merge as before")
    func unparsableSide() throws {
        try Pair.with { pair in
            try pair.edit(pair.ben, Self.plan, "  - id: M9\n", "  - id: M9\n    notes: [unclosed\n")
            try pair.edit(pair.ana, Self.plan, "  - id: M1\n", "  - id: M1\n    # the first milestone\n")
            let first = try pair.sync(pair.ben)
            #expect(first.status == 1, "ben's invalid file is committed but not pushed: \(first)")
            _ = try pair.box.csws("sync", "--force", in: pair.ben)
            let run = try pair.sync(pair.ana)
            // Lines far apart: git's line merge is clean; nothing was merged by structure.
            #expect(!run.stdout.contains("merged customers/globex/plan.yaml"), "\(run)")
            let merged = try pair.read(pair.ana, Self.plan)
            #expect(merged.contains("notes: [unclosed") && merged.contains("# the first milestone"))
            // Repair it so the suite's closing check holds.
            try pair.edit(pair.ana, Self.plan, "    notes: [unclosed\n", "")
            #expect(try pair.sync(pair.ana).status == 0)
            #expect(try pair.sync(pair.ben).status == 0)
        }
    }

    @Test("many rounds of two people editing different fields and items of the same files: no conflict, no lost edit")
    func randomizedRounds() throws {
        try Pair.with { pair in
            var generator = SplitMix64(seed: 20_261_202)
            let milestones = ["M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "M9"]
            for round in 1...8 {
                var plans: [String: String] = [:]
                for clone in [pair.ana, pair.ben] { plans[clone] = try pair.read(clone, Self.plan) }
                // Each round: distinct milestones for each side, one field each.
                var pool = milestones
                var picks: [String: (String, String)] = [:]
                for clone in [pair.ana, pair.ben] {
                    let index = Int(generator.next() % UInt64(pool.count))
                    let id = pool.remove(at: index)
                    let title = "Round \(round) \(clone) \(id)"
                    picks[clone] = (id, title)
                    let text = try #require(plans[clone])
                    let start = try #require(text.range(of: "  - id: \(id)\n"))
                    let titleLine = try #require(text.range(of: "    title: ", range: start.upperBound..<text.endIndex))
                    let lineEnd = try #require(text.range(of: "\n", range: titleLine.upperBound..<text.endIndex))
                    let edited = text.replacingCharacters(in: titleLine.upperBound..<lineEnd.lowerBound, with: title)
                    try edited.write(toFile: pair.path(clone, Self.plan), atomically: true, encoding: .utf8)
                }
                // And an account field each: arr on one side, seats on the other.
                try pair.edit(pair.ana, Self.account, "\narr: ", "\narr: 1\(round)")
                try pair.edit(pair.ben, Self.account, "\n  seats: ", "\n  seats: 1\(round)")
                _ = try pair.bothSync()
                let merged = try pair.read(pair.ana, Self.plan)
                for (_, pick) in picks { #expect(merged.contains("    title: \(pick.1)\n"), "round \(round) lost \(pick)") }
                #expect(!merged.contains("<<<<<<<"))
            }
        }
    }
}

extension StructuralSyncTests {
    @Test("a real conflict in one file leaves no markers in another file merged by structure")
    func conflictBesideStructuralMerge() throws {
        try Pair.with { pair in
            // plan.yaml: adjacent fields of M5 (structural); account.yaml: the same value two ways.
            try pair.edit(pair.ben, Self.plan, "    due: 2026-11-15\n", "    due: 2026-11-29\n")
            try pair.edit(pair.ben, Self.account, "arr: 96000", "arr: 97000")
            try pair.edit(pair.ana, Self.plan, "    due: 2026-11-15\n    status: planned", "    due: 2026-11-15\n    status: in-progress")
            try pair.edit(pair.ana, Self.account, "arr: 96000", "arr: 98000")
            let run = try pair.bothSync(expectAnaStatus: 3)
            #expect(run.stderr.contains("customers/globex/account.yaml:"), "\(run)")
            #expect(!run.stderr.contains("customers/globex/plan.yaml"), "\(run)")
            let plan = try pair.read(pair.ana, Self.plan)
            #expect(!plan.contains("<<<<<<<") && plan.contains("    due: 2026-11-29\n    status: in-progress"))
            try pair.resolveKeepingOurs(Self.account)
            #expect(try pair.read(pair.ben, Self.plan).contains("    due: 2026-11-29\n    status: in-progress"))
        }
    }
}

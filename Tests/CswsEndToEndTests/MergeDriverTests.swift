import Foundation
import Testing

/// `csws merge-file` registered as a git merge driver, the way a teammate who uses plain git sets
/// it up (README), exercised by the real `git pull`.
@Suite("csws merge-file as a git merge driver", .serialized)
struct MergeDriverTests {
    /// A bare remote and two plain git clones of a workspace, with the driver registered in both.
    static func withClones(_ body: (Sandbox, String, String) throws -> Void) throws {
        try Sandbox.with { box in
            let binary = try #require(CLI.executable)
            #expect(try box.git("init", "-q", "--bare", "-b", "main", box.path("shared.git")).status == 0)
            #expect(try box.csws("init", "ws", "--remote", box.path("shared.git")).status == 0)
            try box.copyTree(from: CLI.projectRoot + "/scripts/demo-data/customers", to: box.path("ws/customers"))
            try box.write("ws/.gitattributes", "*.yaml merge=csws\n")
            #expect(try box.csws("sync", "-m", "Demo customers, csws merge driver", in: "ws").status == 0)
            let ana = box.path("ana")
            let ben = box.path("ben")
            for (folder, name) in [(ana, "Ana"), (ben, "Ben")] {
                #expect(try box.git("clone", "-q", box.path("shared.git"), folder).status == 0)
                _ = try box.git("-C", folder, "config", "user.name", name)
                _ = try box.git("-C", folder, "config", "user.email", "\(name.lowercased())@example.com")
                _ = try box.git("-C", folder, "config", "pull.rebase", "false")
                _ = try box.git("-C", folder, "config", "merge.csws.name", "csws structural YAML merge")
                _ = try box.git("-C", folder, "config", "merge.csws.driver", "\(binary) merge-file %O %A %B -p %P")
            }
            try body(box, ana, ben)
        }
    }

    static func replace(_ file: String, _ old: String, _ new: String) throws {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try #require(text.contains(old), "\(file) has no \(old)")
        try text.replacingOccurrences(of: old, with: new).write(toFile: file, atomically: true, encoding: .utf8)
    }

    @Test("git pull merges adjacent edits of one milestone through the driver")
    func adjacentEdits() throws {
        try Self.withClones { box, ana, ben in
            let plan = "/customers/globex/plan.yaml"
            try Self.replace(ben + plan, "    due: 2026-11-15\n", "    due: 2026-11-29\n")
            #expect(try box.git("-C", ben, "commit", "-qam", "M5 moves").status == 0)
            #expect(try box.git("-C", ben, "push", "-q", "origin", "main").status == 0)
            try Self.replace(ana + plan, "    due: 2026-11-15\n    status: planned", "    due: 2026-11-15\n    status: in-progress")
            #expect(try box.git("-C", ana, "commit", "-qam", "M5 started").status == 0)
            let pull = try box.git("-C", ana, "pull", "-q", "--no-edit", "origin", "main")
            #expect(pull.status == 0, "\(pull)")
            let merged = try String(contentsOfFile: ana + plan, encoding: .utf8)
            #expect(merged.contains("    due: 2026-11-29\n    status: in-progress"))
            #expect(try box.git("-C", ana, "fsck", "--no-progress").status == 0)
        }
    }

    @Test("a real disagreement: exit 1 from the driver, git's markers in the file, the pull stops")
    func disagreement() throws {
        try Self.withClones { box, ana, ben in
            let plan = "/customers/globex/plan.yaml"
            try Self.replace(ben + plan, "    due: 2026-11-15\n    status: planned", "    due: 2026-11-15\n    status: blocked")
            #expect(try box.git("-C", ben, "commit", "-qam", "M5 blocked").status == 0)
            #expect(try box.git("-C", ben, "push", "-q", "origin", "main").status == 0)
            try Self.replace(ana + plan, "    due: 2026-11-15\n    status: planned", "    due: 2026-11-15\n    status: in-progress")
            #expect(try box.git("-C", ana, "commit", "-qam", "M5 started").status == 0)
            let pull = try box.git("-C", ana, "pull", "-q", "--no-edit", "origin", "main")
            #expect(pull.status != 0)
            let text = try String(contentsOfFile: ana + plan, encoding: .utf8)
            #expect(text.contains("<<<<<<< ") && text.contains("status: blocked") && text.contains("status: in-progress"))
        }
    }

    @Test("merge-file on files: exit 0 and the result in OURS; a file that does not parse goes to the line merge")
    func onFiles() throws {
        try Sandbox.with { box in
            let base = "id: acme\narr: 100\nseats: 10\n"
            try box.write("base.yaml", base)
            try box.write("ours.yaml", "id: acme\narr: 120\nseats: 10\n")
            try box.write("theirs.yaml", "id: acme\narr: 100\nseats: 12\n")
            let run = try box.csws("merge-file", box.path("base.yaml"), box.path("ours.yaml"), box.path("theirs.yaml"), "-p", "customers/acme/account.yaml")
            #expect(run.status == 0, "\(run)")
            #expect(try box.read("ours.yaml") == "id: acme\narr: 120\nseats: 12\n")
            #expect(run.stderr == "merged customers/acme/account.yaml: arr (yours), seats (theirs)\n")

            try box.write("base.yaml", "id: acme\narr: 100\nname: Acme\nseats: 10\n")
            try box.write("ours.yaml", "id: acme\narr: [120\nname: Acme\nseats: 10\n")
            try box.write("theirs.yaml", "id: acme\narr: 100\nname: Acme\nseats: 12\n")
            let broken = try box.csws("merge-file", box.path("base.yaml"), box.path("ours.yaml"), box.path("theirs.yaml"))
            #expect(broken.status == 0, "lines apart: git's line merge is clean: \(broken)")
            #expect(try box.read("ours.yaml") == "id: acme\narr: [120\nname: Acme\nseats: 12\n")
        }
    }
}

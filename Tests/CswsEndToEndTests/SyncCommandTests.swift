import CswsTestSupport
import CswsCore
import Foundation
import Testing

extension Sandbox {
    /// Where git keeps its helper programs (git-daemon, git-http-backend).
    static func gitExecPath() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "--exec-path"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A `git daemon` serving a sandbox on 127.0.0.1, killed with SIGKILL when the test ends.
final class GitDaemon {
    let port: Int
    private let process = Process()

    init(root: String, port: Int) throws {
        self.port = port
        let execPath = (try? Sandbox.gitExecPath()) ?? "/usr/lib/git-core"
        process.executableURL = URL(fileURLWithPath: execPath + "/git-daemon")
        process.arguments = [
            "--reuseaddr", "--export-all", "--enable=receive-pack", "--listen=127.0.0.1", "--port=\(port)",
            "--base-path=\(root)", root,
        ]
        // No pipes: a daemon child holding the test runner's output open would hang the run.
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    func url(_ repository: String) -> String { "git://127.0.0.1:\(port)/\(repository)" }

    /// Waits until the daemon answers `git ls-remote`.
    func waitUntilReady(_ box: Sandbox, repository: String) {
        for _ in 0..<50 {
            if (try? box.git("ls-remote", url(repository)).status) == 0 { return }
            usleep(100_000)
        }
    }

    func stop() {
        // SIGKILL: git-daemon does not always stop on SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// `csws sync` against real remotes (a local bare repository and `git daemon` on 127.0.0.1), with
/// the plain `git` command as the teammate's client. Every scenario ends with `git fsck`.
@Suite("csws sync", .serialized)
struct SyncCommandTests {
    /// A sandbox with a bare shared repository, a csws workspace synced to it, and helpers.
    struct Team {
        let box: Sandbox
        var shared: String { box.path("shared.git") }

        static func with(remoteURL: ((Team) -> String)? = nil, _ body: (Team) throws -> Void) throws {
            try Sandbox.with { box in
                let team = Team(box: box)
                #expect(try box.git("init", "-q", "--bare", "-b", "main", team.shared).status == 0)
                let url = remoteURL?(team) ?? team.shared
                let created = try box.csws("init", "ws", "--remote", url)
                #expect(created.status == 0, "\(created)")
                try box.copyTree(from: CLI.projectRoot + "/scripts/demo-data/customers", to: box.path("ws/customers"))
                let first = try box.csws("sync", "-m", "Add the demo customers", in: "ws")
                #expect(first.status == 0, "\(first)")
                try body(team)
                #expect(try box.git("-C", box.path("ws"), "fsck", "--no-progress").status == 0, "fsck of the workspace")
                #expect(try box.git("-C", team.shared, "fsck", "--no-progress").status == 0, "fsck of the remote")
            }
        }

        /// A teammate's plain git clone.
        func cloneForTeammate(_ name: String = "ben") throws -> String {
            let folder = box.path(name)
            #expect(try box.git("clone", "-q", shared, folder).status == 0)
            _ = try box.git("-C", folder, "config", "user.name", name.capitalized)
            _ = try box.git("-C", folder, "config", "user.email", "\(name)@example.com")
            return folder
        }

        func teammateCommitsAndPushes(_ folder: String, _ message: String) throws {
            #expect(try box.git("-C", folder, "commit", "-qam", message).status == 0)
            let pushed = try box.git("-C", folder, "push", "-q", "origin", "main")
            #expect(pushed.status == 0, "\(pushed)")
        }

        func replace(_ file: String, _ old: String, _ new: String) throws {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.contains(old), "\(file) has no \(old)")
            try text.replacingOccurrences(of: old, with: new).write(toFile: file, atomically: true, encoding: .utf8)
        }

        func head(_ folder: String) throws -> String {
            try box.git("-C", folder, "rev-parse", "HEAD").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    @Test("sync pushes to a local remote; a teammate's plain git push comes back in")
    func roundTrip() throws {
        try Team.with { team in
            let ben = try team.cloneForTeammate()
            #expect(FileManager.default.fileExists(atPath: ben + "/customers/globex/plan.yaml"), "git clone sees what csws pushed")
            try team.replace(ben + "/customers/northwind/account.yaml", "arr: 240000", "arr: 250000")
            try team.teammateCommitsAndPushes(ben, "northwind expanded")
            let run = try team.box.csws("sync", in: "ws")
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("Ben: northwind account: arr 240000 → 250000"), "\(run)")
            #expect(try team.box.read("ws/customers/northwind/account.yaml").contains("arr: 250000"))
        }
    }

    @Test("a sync with nothing to commit and nothing to fetch makes no commit")
    func nothingToDo() throws {
        try Team.with { team in
            let before = try team.head(team.box.path("ws"))
            let run = try team.box.csws("sync", in: "ws")
            #expect(run.status == 0, "\(run)")
            #expect(try team.head(team.box.path("ws")) == before)
            #expect(run.stdout.contains("Up to date"))
        }
    }

    @Test("edits to different lines of the same file by two people merge automatically")
    func nonConflictingMerge() throws {
        try Team.with { team in
            let ben = try team.cloneForTeammate()
            try team.replace(ben + "/customers/globex/account.yaml", "arr: 96000", "arr: 99000")
            try team.teammateCommitsAndPushes(ben, "globex price change")
            try team.replace(team.box.path("ws/customers/globex/account.yaml"), "seats: 150", "seats: 160")
            let run = try team.box.csws("sync", in: "ws")
            #expect(run.status == 0, "\(run)")
            let merged = try team.box.read("ws/customers/globex/account.yaml")
            #expect(merged.contains("arr: 99000") && merged.contains("seats: 160"))
            _ = try team.box.git("-C", ben, "pull", "-q")
            let theirs = try String(contentsOfFile: ben + "/customers/globex/account.yaml", encoding: .utf8)
            #expect(theirs.contains("arr: 99000") && theirs.contains("seats: 160"), "both edits reach the teammate")
        }
    }

    @Test("the same milestone edited twice: exit 3 with path:line, check flags markers, resolving completes the merge")
    func conflictAndResolution() throws {
        try Team.with { team in
            let ben = try team.cloneForTeammate()
            try team.replace(ben + "/customers/globex/plan.yaml", "Roll out shared queues to the Manila team", "Roll out queues in Manila")
            try team.teammateCommitsAndPushes(ben, "ben renames M4")
            let plan = team.box.path("ws/customers/globex/plan.yaml")
            try team.replace(plan, "Roll out shared queues to the Manila team", "Shared queues live in Manila")
            let conflicted = try team.box.csws("sync", in: "ws")
            #expect(conflicted.status == 3, "\(conflicted)")
            let text = try team.box.read("ws/customers/globex/plan.yaml")
            let markerLine = try #require(text.split(separator: "\n", omittingEmptySubsequences: false)
                .firstIndex { $0.hasPrefix("<<<<<<<") }) + 1
            #expect(conflicted.stderr.contains("customers/globex/plan.yaml:\(markerLine)"), "\(conflicted)")
            #expect(FileManager.default.fileExists(atPath: team.box.path("ws/.git/MERGE_HEAD")), "git sees the merge in progress")

            let check = try team.box.csws("check", "--format", "json", in: "ws")
            #expect(try CheckJSON.decode(check).with(rule: "conflict-marker").count == 3)

            // A second sync refuses while markers remain.
            let again = try team.box.csws("sync", in: "ws")
            #expect(again.status == 3 && again.stderr.contains("still has conflicts"), "\(again)")

            // Resolve by keeping our line.
            var kept: [Substring] = []
            var inTheirs = false
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("<<<<<<<") || line.hasPrefix(">>>>>>>") { inTheirs = false; continue }
                if line.hasPrefix("=======") { inTheirs = true; continue }
                if !inTheirs { kept.append(line) }
            }
            try kept.joined(separator: "\n").write(toFile: plan, atomically: true, encoding: .utf8)
            let resolved = try team.box.csws("sync", in: "ws")
            #expect(resolved.status == 0, "\(resolved)")
            #expect(!FileManager.default.fileExists(atPath: team.box.path("ws/.git/MERGE_HEAD")))
            let log = try team.box.git("-C", team.shared, "log", "--format=%s", "main")
            #expect(log.stdout.contains("ben renames M4"), "both histories kept: \(log.stdout)")
            #expect(log.stdout.contains("conflicts resolved"))
            #expect(try team.box.read("ws/customers/globex/plan.yaml").contains("Shared queues live in Manila"))
        }
    }

    @Test("remote down: the commit is kept, exit 4, and the next sync pushes it")
    func offline() throws {
        try Team.with { team in
            let ws = team.box.path("ws")
            let moved = team.box.path("shared-away.git")
            try FileManager.default.moveItem(atPath: team.shared, toPath: moved)
            try team.replace(ws + "/customers/initech/account.yaml", "seats: 25", "seats: 30")
            let before = try team.head(ws)
            let run = try team.box.csws("sync", in: "ws")
            #expect(run.status == 4, "\(run)")
            #expect(run.stderr.contains("not pushed") && run.stderr.contains("next `csws sync` will push"), "\(run)")
            #expect(try team.head(ws) != before, "the local commit is made")
            try FileManager.default.moveItem(atPath: moved, toPath: team.shared)
            let later = try team.box.csws("sync", in: "ws")
            #expect(later.status == 0 && later.stdout.contains("Pushed"), "\(later)")
        }
    }

    @Test("validity errors block the push (exit 1, commit kept) unless --force")
    func validityErrorsBlockThePush() throws {
        try Team.with { team in
            let ws = team.box.path("ws")
            try team.replace(ws + "/customers/initech/account.yaml", "  seats: 25", "  seats: 25\n  seets: 30")
            let blocked = try team.box.csws("sync", in: "ws")
            #expect(blocked.status == 1, "\(blocked)")
            #expect(blocked.stderr.contains("[unknown-key]") && blocked.stderr.contains("not pushed"), "\(blocked)")
            let remoteLog = try team.box.git("-C", team.shared, "log", "--format=%s", "main").stdout
            #expect(!remoteLog.contains("initech"), "nothing reached the remote")
            let forced = try team.box.csws("sync", "--force", in: "ws")
            #expect(forced.status == 0 && forced.stdout.contains("Pushed"), "\(forced)")
        }
    }

    @Test("two syncs started at once in one workspace: one waits for the other; one commit, nothing corrupted", arguments: 1...3)
    func concurrentSyncs(round: Int) throws {
        try Team.with { team in
            try team.replace(team.box.path("ws/customers/initech/account.yaml"), "seats: 25", "seats: \(40 + round)")
            let before = try team.box.git("-C", team.box.path("ws"), "rev-list", "--count", "HEAD").stdout
            let runs = ResultBox<CLI.Run>()
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                if let run = try? team.box.csws("sync", in: "ws") { runs.append(run) }
            }
            let results = runs.values
            #expect(results.count == 2)
            for run in results { #expect(run.status == 0 && !run.crashed, "\(run)") }
            // Exactly one of them committed the edit; the other found nothing left to do.
            #expect(results.filter { $0.stdout.contains("Committed 1 changed file") }.count == 1, "\(results)")
            let after = try team.box.git("-C", team.box.path("ws"), "rev-list", "--count", "HEAD").stdout
            #expect(Int(after.trimmingCharacters(in: .whitespacesAndNewlines)) == Int(before.trimmingCharacters(in: .whitespacesAndNewlines))! + 1)
            #expect(try team.box.git("-C", team.box.path("ws"), "status", "--porcelain").stdout.isEmpty)
            #expect(try team.box.git("-C", team.shared, "show", "main:customers/initech/account.yaml").stdout.contains("seats: \(40 + round)"))
            #expect(!FileManager.default.fileExists(atPath: team.box.path("ws/.git/csws-sync.lock")))
            #expect(!FileManager.default.fileExists(atPath: team.box.path("ws/.git/index.lock")))
        }
    }

    @Test("a lock held by a live process makes a second sync wait, then exit 75; a stale lock is cleaned up")
    func locking() throws {
        try Team.with { team in
            let lockPath = team.box.path("ws/.git/csws-sync.lock")
            let sleeper = Process()
            sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
            sleeper.arguments = ["30"]
            sleeper.standardInput = FileHandle.nullDevice
            sleeper.standardOutput = FileHandle.nullDevice
            sleeper.standardError = FileHandle.nullDevice
            try sleeper.run()
            defer { if sleeper.isRunning { kill(sleeper.processIdentifier, SIGKILL) } }
            try "\(sleeper.processIdentifier)\n".write(toFile: lockPath, atomically: true, encoding: .utf8)
            let busy = try team.box.csws("sync", in: "ws")
            #expect(busy.status == 75, "\(busy)")
            #expect(busy.elapsed >= 9.5, "it waited about 10 s (\(busy.elapsed) s)")
            #expect(busy.stderr.contains("another csws sync"), "\(busy)")

            kill(sleeper.processIdentifier, SIGKILL)
            sleeper.waitUntilExit()
            // The holder is gone (as after kill -9), with an index.lock it left behind.
            try "\(sleeper.processIdentifier)\n".write(toFile: lockPath, atomically: true, encoding: .utf8)
            try "".write(toFile: team.box.path("ws/.git/index.lock"), atomically: true, encoding: .utf8)
            try team.replace(team.box.path("ws/customers/initech/account.yaml"), "seats: 25", "seats: 26")
            let recovered = try team.box.csws("sync", in: "ws")
            #expect(recovered.status == 0, "\(recovered)")
            #expect(!FileManager.default.fileExists(atPath: lockPath))
            #expect(!FileManager.default.fileExists(atPath: team.box.path("ws/.git/index.lock")))
        }
    }

    @Test("sync needs a git identity, and says how to set one")
    func identityRequired() throws {
        try Team.with { team in
            try FileManager.default.removeItem(atPath: team.box.home + "/.gitconfig")
            let run = try team.box.csws("sync", in: "ws")
            #expect(run.status == 64, "\(run)")
            #expect(run.stderr.contains("git config --global user.name"), "\(run)")
        }
    }

    @Test("a credential in the remote URL never appears in output")
    func credentialsNeverPrinted() throws {
        try Team.with { team in
            let ws = team.box.path("ws")
            _ = try team.box.git("-C", ws, "remote", "set-url", "origin", "http://ana:s3cr3t-token@127.0.0.1:9/shared.git")
            try team.replace(ws + "/customers/initech/account.yaml", "seats: 25", "seats: 27")
            let run = try team.box.csws("sync", in: "ws")
            #expect(run.status == 4, "\(run)")
            #expect(!run.stdout.contains("s3cr3t") && !run.stderr.contains("s3cr3t"), "\(run)")
            _ = try team.box.git("-C", ws, "remote", "set-url", "origin", team.shared)
        }
    }

    @Test("a push the server refuses is noticed (push-update callback) and retried; refused 3 times is exit 4")
    func refusedPushIsRetried() throws {
        let port = FreePort.next()
        var daemon: GitDaemon?
        defer { daemon?.stop() }
        try Team.with(remoteURL: { team in
            daemon = try? GitDaemon(root: team.box.root, port: port)
            daemon?.waitUntilReady(team.box, repository: "shared.git")
            return "git://127.0.0.1:\(port)/shared.git"
        }) { team in
            // A hook that refuses the next N pushes, as a teammate pushing first would.
            let hook = team.shared + "/hooks/pre-receive"
            let counter = team.box.path("refusals")
            try """
                #!/bin/sh
                n=$(cat '\(counter)' 2>/dev/null || echo 0)
                if [ "$n" -gt 0 ]; then echo $((n - 1)) > '\(counter)'; echo "busy, try again" >&2; exit 1; fi
                exit 0
                """.write(toFile: hook, atomically: true, encoding: .utf8)
            chmod(hook, 0o755)

            try "1".write(toFile: counter, atomically: true, encoding: .utf8)
            try team.replace(team.box.path("ws/customers/initech/account.yaml"), "  seats: 25\n", "  seats: 31\n")
            let retried = try team.box.csws("sync", in: "ws")
            #expect(retried.status == 0, "\(retried)")
            #expect(retried.stderr.contains("merging again"), "\(retried)")
            #expect(try team.box.git("-C", team.shared, "show", "main:customers/initech/account.yaml").stdout.contains("seats: 31"))

            try "5".write(toFile: counter, atomically: true, encoding: .utf8)
            try team.replace(team.box.path("ws/customers/initech/account.yaml"), "  seats: 31\n", "  seats: 32\n")
            let refused = try team.box.csws("sync", in: "ws")
            #expect(refused.status == 4, "\(refused)")
            #expect(refused.stderr.contains("teammates are pushing; run `csws sync` again"), "\(refused)")
            #expect(!(try team.box.git("-C", team.shared, "show", "main:customers/initech/account.yaml").stdout.contains("seats: 32")))
        }
    }

    @Test("git daemon on 127.0.0.1: csws pushes over git://, a plain git clone reads it")
    func gitDaemon() throws {
        let port = FreePort.next()
        var daemon: Process?
        // SIGKILL: git-daemon does not always stop on SIGTERM, and a survivor would hold the
        // test runner's output pipe open.
        defer { if let daemon { kill(daemon.processIdentifier, SIGKILL); daemon.waitUntilExit() } }
        let execPath = (try? Sandbox.gitExecPath()) ?? "/usr/lib/git-core"
        try Team.with(remoteURL: { team in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: execPath + "/git-daemon")
            process.arguments = [
                "--reuseaddr", "--export-all", "--enable=receive-pack", "--listen=127.0.0.1",
                "--port=\(port)", "--base-path=\(team.box.root)", team.box.root,
            ]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try? process.run()
            daemon = process
            // Wait until the daemon accepts connections.
            for _ in 0..<50 {
                if (try? team.box.git("ls-remote", "git://127.0.0.1:\(port)/shared.git").status) == 0 { break }
                usleep(100_000)
            }
            return "git://127.0.0.1:\(port)/shared.git"
        }) { team in
            #expect(try team.box.git("-C", team.shared, "log", "--oneline", "main").stdout.contains("Add the demo customers"))
            let ben = team.box.path("ben-daemon")
            #expect(try team.box.git("clone", "-q", "git://127.0.0.1:\(port)/shared.git", ben).status == 0)
            _ = try team.box.git("-C", ben, "config", "user.name", "Ben")
            _ = try team.box.git("-C", ben, "config", "user.email", "ben@example.com")
            try team.replace(ben + "/customers/northwind/account.yaml", "arr: 240000", "arr: 260000")
            try team.teammateCommitsAndPushes(ben, "northwind over git daemon")
            let run = try team.box.csws("sync", in: "ws")
            #expect(run.status == 0 && run.stdout.contains("Ben: northwind account: arr 240000 → 260000"), "\(run)")
        }
    }
}

@Suite("csws log and csws diff", .serialized)
struct HistoryCommandTests {
    @Test("diff shows unsynced changes field by field; log shows who changed what")
    func diffAndLog() throws {
        try SyncCommandTests.Team.with { team in
            let ws = team.box.path("ws")
            try team.replace(ws + "/customers/globex/account.yaml", "arr: 96000", "arr: 120000")
            let done = try team.box.csws("done", "globex", "M5", "--on", "2026-11-20", in: "ws")
            #expect(done.status == 0, "\(done)")
            let diff = try team.box.csws("diff", in: "ws")
            #expect(diff.status == 0, "\(diff)")
            #expect(diff.stdout == "globex account: arr 96000 → 120000\nglobex plan: milestone M5 done 2026-11-20\n", "\(diff)")
            let onlyPlan = try team.box.csws("diff", "customers/globex/plan.yaml", in: "ws")
            #expect(onlyPlan.stdout == "globex plan: milestone M5 done 2026-11-20\n", "\(onlyPlan)")

            let sync = try team.box.csws("sync", in: "ws")
            #expect(sync.status == 0, "\(sync)")
            let message = try team.box.git("-C", ws, "log", "-1", "--format=%s").stdout
            #expect(message == "csws sync: globex: arr 96000 → 120000; globex: milestone M5 done 2026-11-20\n", "\(message)")
            #expect(try team.box.csws("diff", in: "ws").stdout.hasPrefix("No changes"))

            let log = try team.box.csws("log", "globex", "-n", "1", in: "ws")
            #expect(log.status == 0, "\(log)")
            #expect(log.stdout.contains("Test User"), "\(log)")
            #expect(log.stdout.contains("  globex account: arr 96000 → 120000\n"), "\(log)")
            #expect(!log.stdout.contains("northwind"))
        }
    }

    @Test("a file that no longer parses is reported as changed and not valid YAML, never as removed")
    func unparsableChange() throws {
        try SyncCommandTests.Team.with { team in
            let ben = try team.cloneForTeammate()
            try "milestones: [unclosed\n".write(toFile: ben + "/customers/globex/plan.yaml", atomically: true, encoding: .utf8)
            try team.teammateCommitsAndPushes(ben, "ben breaks the plan")
            let run = try team.box.csws("sync", in: "ws")
            #expect(run.stdout.contains("Ben: globex plan: changed, but not valid YAML (run `csws check`)"), "\(run)")
            #expect(!run.stdout.contains("removed"), "\(run)")
            let log = try team.box.csws("log", "globex", "-n", "1", in: "ws")
            #expect(log.stdout.contains("globex plan: changed, but not valid YAML"), "\(log)")
        }
    }

    @Test("incoming changes are reported per teammate, field by field")
    func incomingReport() throws {
        try SyncCommandTests.Team.with { team in
            let ben = try team.cloneForTeammate()
            try team.replace(ben + "/customers/globex/plan.yaml", "    status: in-progress\n", "    status: blocked\n")
            try team.teammateCommitsAndPushes(ben, "ben blocks a milestone")
            let run = try team.box.csws("sync", in: "ws")
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("Ben: globex plan: milestone"), "\(run)")
            #expect(run.stdout.contains("status in-progress → blocked"), "\(run)")
        }
    }
}

@Suite("csws score --at", .serialized)
struct ScoreAtTests {
    @Test("score --at REV reads a commit's files from git and leaves the work tree alone")
    func scoreAtRevision() throws {
        try SyncCommandTests.Team.with { team in
            let ws = team.box.path("ws")
            try team.replace(ws + "/customers/globex/account.yaml", "arr: 96000", "arr: 120000")
            #expect(try team.box.csws("sync", in: "ws").status == 0)
            try team.replace(ws + "/customers/globex/account.yaml", "arr: 120000", "arr: 130000")
            let now = try team.box.csws("score", "globex", "--format", "json", in: "ws")
            let before = try team.box.csws("score", "globex", "--format", "json", "--at", "HEAD~1", in: "ws")
            let head = try team.box.csws("score", "globex", "--format", "json", "--at", "HEAD", in: "ws")
            #expect(now.stdout.contains("\"arr\":130000"), "\(now)")
            #expect(head.stdout.contains("\"arr\":120000"), "\(head)")
            #expect(before.stdout.contains("\"arr\":96000"), "\(before)")
            // The edit on disk is untouched, and git sees it as the only change.
            #expect(try team.box.read("ws/customers/globex/account.yaml").contains("arr: 130000"))
            let status = try team.box.git("-C", ws, "status", "--porcelain").stdout
            #expect(status == " M customers/globex/account.yaml\n", "\(status)")
            let unknown = try team.box.csws("score", "--at", "no-such-rev", in: "ws")
            #expect(unknown.status == 64, "\(unknown)")
        }
    }
}

@Suite("csws sync under kill -9", .serialized)
struct SyncKillTests {
    /// 20 trials: an edit, a sync killed with SIGKILL after a random delay, then a plain sync.
    /// After each: the repository passes git fsck, no lock needs removing by hand, and the edit
    /// reaches the remote.
    @Test func killedSyncsLoseNothing() throws {
        let port = FreePort.next()
        var daemon: Process?
        defer { if let daemon { kill(daemon.processIdentifier, SIGKILL); daemon.waitUntilExit() } }
        let execPath = (try? Sandbox.gitExecPath()) ?? "/usr/lib/git-core"
        try SyncCommandTests.Team.with(remoteURL: { team in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: execPath + "/git-daemon")
            process.arguments = [
                "--reuseaddr", "--export-all", "--enable=receive-pack", "--listen=127.0.0.1", "--port=\(port)",
                "--base-path=\(team.box.root)", team.box.root,
            ]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try? process.run()
            daemon = process
            for _ in 0..<50 {
                if (try? team.box.git("ls-remote", "git://127.0.0.1:\(port)/shared.git").status) == 0 { break }
                usleep(100_000)
            }
            return "git://127.0.0.1:\(port)/shared.git"
        }) { team in
            let ws = team.box.path("ws")
            let binary = try #require(CLI.executable)
            var generator = SplitMix64(seed: 7)
            var seats = 25
            for trial in 1...20 {
                let next = 100 + trial
                try team.replace(ws + "/customers/initech/account.yaml", "  seats: \(seats)\n", "  seats: \(next)\n")
                seats = next
                let process = Process()
                process.executableURL = URL(fileURLWithPath: binary)
                process.arguments = ["sync"]
                process.currentDirectoryURL = URL(fileURLWithPath: ws)
                process.environment = [
                    "HOME": team.box.home, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                    "NO_COLOR": "1", "CSWS_TODAY": "2026-11-23", "GIT_CONFIG_NOSYSTEM": "1",
                ]
                process.standardInput = FileHandle.nullDevice
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                usleep(useconds_t(generator.next() % 250_000))
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()

                let fsck = try team.box.git("-C", ws, "fsck", "--no-progress")
                #expect(fsck.status == 0, "trial \(trial): fsck after kill: \(fsck.stderr)")
                let resumed = try team.box.csws("sync", in: "ws")
                #expect(resumed.status == 0, "trial \(trial): \(resumed)")
                #expect(try team.box.read("ws/customers/initech/account.yaml").contains("  seats: \(next)\n"), "trial \(trial): the edit is kept")
                let remote = try team.box.git("-C", team.shared, "show", "main:customers/initech/account.yaml").stdout
                #expect(remote.contains("  seats: \(next)\n"), "trial \(trial): the edit reached the remote")
            }
        }
    }
}

/// Smart HTTP with Basic authentication: `git http-backend` behind the small server in
/// Servers/git_http_server.py, on 127.0.0.1.
@Suite("csws sync over http", .serialized)
struct HTTPSyncTests {
    static let secret = "t0ken-s3cret-42"

    final class Server {
        let port: Int
        private let process = Process()

        init(root: String, port: Int) throws {
            self.port = port
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", CLI.testsFolder + "/Servers/git_http_server.py", String(port), root, HTTPSyncTests.secret]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        func stop() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// A team whose remote is http://127.0.0.1:PORT/shared.git; the first sync uses the token.
    static func withHTTPTeam(_ body: (SyncCommandTests.Team, String) throws -> Void) throws {
        let port = FreePort.next()
        var server: Server?
        defer { server?.stop() }
        try Sandbox.with { box in
            let team = SyncCommandTests.Team(box: box)
            #expect(try box.git("init", "-q", "--bare", "-b", "main", team.shared).status == 0)
            server = try Server(root: box.root, port: port)
            let url = "http://127.0.0.1:\(port)/shared.git"
            for _ in 0..<50 {
                if (try? box.git("-c", "credential.helper=", "ls-remote", "http://x:\(secret)@127.0.0.1:\(port)/shared.git").status) == 0 { break }
                usleep(100_000)
            }
            #expect(try box.csws("init", "ws", "--remote", url).status == 0)
            try box.copyTree(from: CLI.projectRoot + "/scripts/demo-data/customers", to: box.path("ws/customers"))
            let first = try box.csws("sync", in: "ws", environment: ["CSWS_GIT_TOKEN": secret])
            #expect(first.status == 0, "\(first)")
            try body(team, url)
            #expect(try box.git("-C", team.shared, "fsck", "--no-progress").status == 0)
        }
    }

    @Test("a token from CSWS_GIT_TOKEN authenticates; the secret never appears in output or .git/config")
    func tokenAuthenticates() throws {
        try Self.withHTTPTeam { team, _ in
            try team.replace(team.box.path("ws/customers/initech/account.yaml"), "  seats: 25\n", "  seats: 33\n")
            let run = try team.box.csws("sync", in: "ws", environment: ["CSWS_GIT_TOKEN": Self.secret])
            #expect(run.status == 0 && run.stdout.contains("Pushed"), "\(run)")
            #expect(!run.stdout.contains(Self.secret) && !run.stderr.contains(Self.secret))
            #expect(try team.box.git("-C", team.shared, "show", "main:customers/initech/account.yaml").stdout.contains("seats: 33"))
            let config = try team.box.read("ws/.git/config")
            #expect(!config.contains(Self.secret))
        }
    }

    @Test("a wrong token fails once, cleanly: exit 4, the commit kept, no retry loop, nothing secret printed")
    func wrongTokenFails() throws {
        try Self.withHTTPTeam { team, _ in
            try team.replace(team.box.path("ws/customers/initech/account.yaml"), "  seats: 25\n", "  seats: 34\n")
            let wrong = "wr0ng-t0ken-99"
            let run = try team.box.csws("sync", in: "ws", environment: ["CSWS_GIT_TOKEN": wrong])
            #expect(run.status == 4, "\(run)")
            #expect(run.stderr.contains("not pushed"), "\(run)")
            #expect(run.elapsed < 10, "no endless credential loop (\(run.elapsed) s)")
            #expect(!run.stdout.contains(wrong) && !run.stderr.contains(wrong))
            #expect(try team.box.git("-C", team.box.path("ws"), "log", "-1", "--format=%s").stdout.contains("seats 25 → 34"))
        }
    }

    @Test("without a token, git's own credential helper is asked (git credential fill)")
    func credentialHelper() throws {
        try Self.withHTTPTeam { team, url in
            let credentials = team.box.home + "/.git-credentials"
            let port = URL(string: url)!.port!
            try "http://ana:\(Self.secret)@127.0.0.1:\(port)\n".write(toFile: credentials, atomically: true, encoding: .utf8)
            _ = try team.box.git("config", "--file", team.box.home + "/.gitconfig", "credential.helper", "store")
            try team.replace(team.box.path("ws/customers/initech/account.yaml"), "  seats: 25\n", "  seats: 35\n")
            let run = try team.box.csws("sync", in: "ws")
            #expect(run.status == 0 && run.stdout.contains("Pushed"), "\(run)")
            #expect(!run.stdout.contains(Self.secret) && !run.stderr.contains(Self.secret))
        }
    }
}

/// OpenSSH `sshd` on 127.0.0.1 with a generated host key and a generated client key.
@Suite("csws sync over ssh", .serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd"),
                                                  "sshd is installed by make test (openssh-server)"))
struct SSHSyncTests {
    final class SSHServer {
        let port: Int
        let folder: String
        let clientKey: String
        private let process = Process()

        init(box: Sandbox, port: Int) throws {
            self.port = port
            folder = box.path("sshd")
            clientKey = folder + "/client_ed25519"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
            for (key, comment) in [(folder + "/host_ed25519", "host"), (clientKey, "client")] {
                let keygen = Process()
                keygen.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
                keygen.arguments = ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", key]
                keygen.standardInput = FileHandle.nullDevice
                keygen.standardOutput = FileHandle.nullDevice
                keygen.standardError = FileHandle.nullDevice
                try keygen.run()
                keygen.waitUntilExit()
            }
            try FileManager.default.copyItem(atPath: clientKey + ".pub", toPath: folder + "/authorized_keys")
            try """
                Port \(port)
                ListenAddress 127.0.0.1
                HostKey \(folder)/host_ed25519
                PidFile \(folder)/sshd.pid
                AuthorizedKeysFile \(folder)/authorized_keys
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UsePAM no
                StrictModes no
                PermitRootLogin yes
                SetEnv PATH=/usr/local/bin:/usr/bin:/bin

                """.write(toFile: folder + "/sshd_config", atomically: true, encoding: .utf8)
            // Started through a shell that exits at once: sshd closes every inherited descriptor,
            // which Foundation's Process takes for an exit and then blocks in waitpid on it.
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "/usr/sbin/sshd -D -e -f '\(folder)/sshd_config' >/dev/null 2>&1 & echo $! > '\(folder)/daemon.pid'"]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        }

        /// The `ssh-keyscan` line for known_hosts, once the server answers.
        func hostKeyLine() -> String? {
            let output = folder + "/keyscan.txt"
            for _ in 0..<50 {
                // Through a file, not a pipe: nothing can hold a pipe open and hang the read.
                let scan = Process()
                scan.executableURL = URL(fileURLWithPath: "/bin/sh")
                scan.arguments = ["-c", "ssh-keyscan -T 2 -p \(port) -t ed25519 127.0.0.1 > '\(output)' 2>/dev/null"]
                scan.standardInput = FileHandle.nullDevice
                scan.standardOutput = FileHandle.nullDevice
                scan.standardError = FileHandle.nullDevice
                try? scan.run()
                scan.waitUntilExit()
                if let text = try? String(contentsOfFile: output, encoding: .utf8), text.contains("ssh-ed25519") { return text }
                usleep(100_000)
            }
            return nil
        }

        func stop() {
            if let text = try? String(contentsOfFile: folder + "/daemon.pid", encoding: .utf8),
                let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                kill(pid, SIGKILL)
            }
        }
    }

    static func withSSHTeam(knownHosts: Bool = true, _ body: (SyncCommandTests.Team, SSHServer) throws -> Void) throws {
        let port = FreePort.next()
        try Sandbox.with { box in
            let team = SyncCommandTests.Team(box: box)
            #expect(try box.git("init", "-q", "--bare", "-b", "main", team.shared).status == 0)
            let ssh = try SSHServer(box: box, port: port)
            // Stopped before the sandbox (and the pid file in it) is removed.
            defer { ssh.stop() }
            let line = try #require(ssh.hostKeyLine(), "sshd did not start")
            try FileManager.default.createDirectory(atPath: box.home + "/.ssh", withIntermediateDirectories: true)
            if knownHosts { try line.write(toFile: box.home + "/.ssh/known_hosts", atomically: true, encoding: .utf8) }
            let user = ProcessInfo.processInfo.environment["USER"] ?? NSUserName()
            #expect(try box.csws("init", "ws", "--remote", "ssh://\(user)@127.0.0.1:\(port)\(team.shared)").status == 0)
            try body(team, ssh)
        }
    }

    @Test("sync over ssh with a key file and a verified host key")
    func pushOverSSH() throws {
        try Self.withSSHTeam { team, ssh in
            try team.box.copyTree(from: CLI.projectRoot + "/scripts/demo-data/customers", to: team.box.path("ws/customers"))
            let run = try team.box.csws("sync", in: "ws", environment: ["CSWS_SSH_KEY": ssh.clientKey])
            #expect(run.status == 0 && run.stdout.contains("Pushed"), "\(run)")
            #expect(try team.box.git("-C", team.shared, "log", "--oneline", "main").stdout.contains("csws sync"))
            #expect(try team.box.git("-C", team.shared, "fsck", "--no-progress").status == 0)
        }
    }

    @Test("an unknown host stops with the ssh-keyscan line to run (exit 4)")
    func unknownHost() throws {
        try Self.withSSHTeam(knownHosts: false) { team, ssh in
            try team.box.write("ws/customers/.keep", "")
            let run = try team.box.csws("sync", in: "ws", environment: ["CSWS_SSH_KEY": ssh.clientKey])
            #expect(run.status == 4, "\(run)")
            #expect(run.stderr.contains("ssh-keyscan -p \(ssh.port) 127.0.0.1 >> ~/.ssh/known_hosts"), "\(run)")
        }
    }

    @Test("a key the server does not accept fails once (exit 4), without a loop")
    func wrongKey() throws {
        try Self.withSSHTeam { team, ssh in
            let other = ssh.folder + "/other_ed25519"
            let keygen = Process()
            keygen.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
            keygen.arguments = ["-q", "-t", "ed25519", "-N", "", "-f", other]
            keygen.standardInput = FileHandle.nullDevice
            keygen.standardOutput = FileHandle.nullDevice
            keygen.standardError = FileHandle.nullDevice
            try keygen.run()
            keygen.waitUntilExit()
            try team.box.write("ws/customers/.keep", "")
            let run = try team.box.csws("sync", in: "ws", environment: ["CSWS_SSH_KEY": other])
            #expect(run.status == 4, "\(run)")
            #expect(run.stderr.contains("authentication failed"), "\(run)")
            #expect(run.elapsed < 15, "\(run.elapsed) s")
        }
    }
}

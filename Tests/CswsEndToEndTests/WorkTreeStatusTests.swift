@testable import CswsGit
import CswsTestSupport
import Foundation
import Testing

/// The fast status (index read directly, work tree walked in parallel) must list exactly what
/// libgit2's status lists, and git's own `git status`, in every situation a workspace meets.
@Suite("work-tree status", .serialized)
struct WorkTreeStatusTests {
    /// A repository with tracked folders two levels deep, an ignored folder and a committed HEAD.
    static func withRepository(_ body: (Sandbox, GitRepository) throws -> Void) throws {
        try Sandbox.with { box in
            #expect(try box.git("init", "-q", "-b", "main", box.path("repo")).status == 0)
            try box.write("repo/.gitignore", "exports/\n*.swp\n")
            try box.write("repo/csws.yaml", "team: []\n")
            for customer in ["acme", "globex", "initech"] {
                try box.write("repo/customers/\(customer)/account.yaml", "id: \(customer)\narr: 1000\n")
                try box.write("repo/customers/\(customer)/signals/2026-11-01.yaml", "date: 2026-11-01\n")
            }
            try box.write("repo/exports/old.csv", "a,b\n")
            #expect(try box.git("-C", box.path("repo"), "add", "-A").status == 0)
            #expect(try box.git("-C", box.path("repo"), "commit", "-q", "-m", "start").status == 0)
            try body(box, try GitRepository.open(at: box.path("repo")))
        }
    }

    /// What `git status` itself reports, as paths.
    static func gitStatus(_ box: Sandbox) throws -> [String] {
        let run = try box.git("-C", box.path("repo"), "status", "--porcelain", "--untracked-files=all", "--no-renames")
        return run.stdout.split(separator: "\n").map { String($0.dropFirst(3)) }.sorted()
    }

    static func fast(_ repository: GitRepository, _ box: Sandbox) -> [String]? {
        WorkTreeStatus(repository: repository, root: box.path("repo") + "/").changedPaths()
    }

    /// Both statuses find nothing, the fast one from the index alone (not by falling back).
    static func expectNoChanges(
        _ repository: GitRepository, _ box: Sandbox, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(fast(repository, box) == [], sourceLocation: sourceLocation)
        let reference = try repository.libgit2ChangedPaths()
        #expect(reference.isEmpty, sourceLocation: sourceLocation)
    }

    @Test("a clean work tree has no changes, read from the index alone")
    func clean() throws {
        try Self.withRepository { box, repository in
            try Self.expectNoChanges(repository, box)
        }
    }

    @Test("edits (same size, same second), deletions, new files and folders, mode changes; ignored files left out")
    func changes() throws {
        try Self.withRepository { box, repository in
            // Same size as before and written within the index's second: only content can tell.
            try box.write("repo/customers/acme/account.yaml", "id: acme\narr: 2000\n")
            try FileManager.default.removeItem(atPath: box.path("repo/customers/globex/signals/2026-11-01.yaml"))
            try box.write("repo/customers/initech/voc/2026-11-02.yaml", "date: 2026-11-02\n")
            try box.write("repo/customers/umbrella/account.yaml", "id: umbrella\n")
            try box.write("repo/customers/umbrella/signals/2026-11-03.yaml", "date: 2026-11-03\n")
            try box.write("repo/README.md", "# team\n")
            try FileManager.default.removeItem(atPath: box.path("repo/customers/initech/account.yaml"))
            try box.write("repo/customers/acme/notes.swp", "scratch\n")
            try box.write("repo/exports/new.csv", "c\n")
            chmod(box.path("repo/csws.yaml"), 0o755)
            let expected = [
                "README.md", "csws.yaml", "customers/acme/account.yaml", "customers/globex/signals/2026-11-01.yaml",
                "customers/initech/account.yaml", "customers/initech/voc/2026-11-02.yaml", "customers/umbrella/account.yaml",
                "customers/umbrella/signals/2026-11-03.yaml",
            ]
            #expect(Self.fast(repository, box) == expected)
            #expect(try repository.libgit2ChangedPaths().sorted() == expected)
            #expect(try Self.gitStatus(box) == expected)
        }
    }

    @Test("a file replaced by a folder: listed, staged and committed like git would")
    func fileBecomesFolder() throws {
        try Self.withRepository { box, repository in
            let file = box.path("repo/customers/acme/account.yaml")
            try FileManager.default.removeItem(atPath: file)
            try box.write("repo/customers/acme/account.yaml/old.yaml", "id: acme\n")
            let expected = ["customers/acme/account.yaml", "customers/acme/account.yaml/old.yaml"]
            #expect(Self.fast(repository, box) == expected)
            #expect(try repository.libgit2ChangedPaths().sorted() == expected)
            _ = try repository.commitChanges(expected, message: "reshape", signature: GitSignature(name: "Ana", email: "ana@example.com"))
            #expect(try Self.gitStatus(box).isEmpty)
            let tree = try box.git("-C", box.path("repo"), "ls-tree", "-r", "--name-only", "HEAD", "customers/acme").stdout
            #expect(tree.contains("customers/acme/account.yaml/old.yaml"))
            #expect(try box.git("-C", box.path("repo"), "fsck", "--no-progress").status == 0)
        }
    }

    /// Random edits, deletions, new files and folders, ignored files, mode changes and touches,
    /// each round committed through `commitChanges` as sync does: the fast status, libgit2's status
    /// and `git status` must list the same paths every time, and after each commit nothing.
    @Test("random work-tree changes: fast status, libgit2 and git agree, round after round", arguments: [UInt64(7), 1_234, 99_991])
    func randomRounds(seed: UInt64) throws {
        try Self.withRepository { box, repository in
            var random = SplitMix64(seed: seed)
            func pick(_ count: Int) -> Int { Int(random.next() % UInt64(count)) }
            let customers = ["acme", "globex", "initech", "umbrella", "hooli"]
            let names = ["account.yaml", "plan.yaml", "signals/2026-11-01.yaml", "voc/2026-11-05-call.yaml", "notes/a.md"]
            let signature = GitSignature(name: "Ana", email: "ana@example.com")
            for round in 0..<12 {
                for _ in 0..<(1 + pick(5)) {
                    let path = "customers/\(customers[pick(customers.count)])/\(names[pick(names.count)])"
                    let absolute = box.path("repo/" + path)
                    switch pick(6) {
                    case 0, 1: try box.write("repo/" + path, "round: \(round)\nvalue: \(pick(100))\n")
                    case 2: try? FileManager.default.removeItem(atPath: absolute)
                    case 3: try box.write("repo/exports/\(round).csv", "ignored\n")
                    case 4: if FileManager.default.fileExists(atPath: absolute) { chmod(absolute, pick(2) == 0 ? 0o755 : 0o644) }
                    default:
                        var times = [timespec(tv_sec: 1_900_000_000 + pick(1000), tv_nsec: 0), timespec(tv_sec: 1_900_000_000, tv_nsec: 0)]
                        _ = utimensat(AT_FDCWD, absolute, &times, 0)
                    }
                }
                let git = try Self.gitStatus(box)
                // `git status` may have rewritten the index (a new checksum): then the fast path
                // steps aside until libgit2 has confirmed that nothing is staged.
                if let fast = Self.fast(repository, box) { #expect(fast == git, "round \(round)") }
                #expect(try repository.libgit2ChangedPaths().sorted() == git, "round \(round)")
                #expect(Self.fast(repository, box) == git, "round \(round): the fast status, once libgit2 noted the index")
                #expect(try repository.changedPaths() == git, "round \(round)")
                if !git.isEmpty {
                    _ = try repository.commitChanges(git, message: "round \(round)", signature: signature)
                }
                #expect(try Self.gitStatus(box).isEmpty, "round \(round): git status after the commit")
                #expect(Self.fast(repository, box) == [], "round \(round): the fast status after the commit")
            }
            #expect(try box.git("-C", box.path("repo"), "fsck", "--no-progress").status == 0)
        }
    }

    @Test("a file touched without a change in content is not a change")
    func touchedOnly() throws {
        try Self.withRepository { box, repository in
            let path = box.path("repo/customers/globex/account.yaml")
            var times = [timespec(tv_sec: 2_000_000_000, tv_nsec: 0), timespec(tv_sec: 2_000_000_000, tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
            try Self.expectNoChanges(repository, box)
        }
    }

    @Test("a staged change (cache tree out of date) leaves the answer to libgit2")
    func fallsBack() throws {
        try Self.withRepository { box, repository in
            try box.write("repo/customers/acme/account.yaml", "id: acme\narr: 3000\n")
            #expect(try box.git("-C", box.path("repo"), "add", "customers/acme/account.yaml").status == 0)
            #expect(Self.fast(repository, box) == nil)
            #expect(try repository.changedPaths() == ["customers/acme/account.yaml"])
        }
    }

    @Test("a .gitattributes file (content filters) leaves the answer to libgit2")
    func attributes() throws {
        try Self.withRepository { box, repository in
            try box.write("repo/customers/acme/.gitattributes", "*.yaml text eol=crlf\n")
            #expect(Self.fast(repository, box) == nil)
            #expect(try repository.changedPaths() == ["customers/acme/.gitattributes"])
        }
    }
}

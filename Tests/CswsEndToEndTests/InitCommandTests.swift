import CswsCore
import Foundation
import Testing

@Suite("csws init")
struct InitCommandTests {
    @Test("creates a workspace as a git repository with exactly one clean commit")
    func createsRepository() throws {
        try Sandbox.with { box in
            let run = try box.csws("init", "ws")
            #expect(run.status == 0, "\(run)")
            for file in ["csws.yaml", ".gitignore", "playbooks/triggers.yaml", "playbooks/onboarding.yaml",
                         "playbooks/risk-critical.yaml", "playbooks/escalation.yaml"] {
                #expect(box.exists("ws/" + file), "\(file) missing")
            }
            for kind in FileKind.allCases {
                #expect(box.exists("ws/.csws/schemas/\(kind.rawValue).schema.json"), "\(kind) schema missing")
            }
            let log = try box.git("-C", "ws", "log", "--oneline")
            #expect(log.status == 0, "\(log)")
            #expect(log.stdout.split(separator: "\n").count == 1, "\(log.stdout)")
            let author = try box.git("-C", "ws", "log", "-1", "--format=%an <%ae>|%cn <%ce>")
            #expect(author.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                        == "Test User <test@example.com>|Test User <test@example.com>")
            let branch = try box.git("-C", "ws", "rev-parse", "--abbrev-ref", "HEAD")
            #expect(branch.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "main")
            let status = try box.git("-C", "ws", "status", "--porcelain", "--untracked-files=all")
            #expect(status.status == 0 && status.stdout.isEmpty, "uncommitted after init:\n\(status.stdout)")
            let fsck = try box.git("-C", "ws", "fsck", "--strict", "--no-progress")
            #expect(fsck.status == 0, "\(fsck)")
            #expect(!(fsck.stdout + fsck.stderr).lowercased().contains("error"), "\(fsck)")
            let files = try box.git("-C", "ws", "ls-files")
            #expect(files.stdout.contains("csws.yaml\n"))
            #expect(files.stdout.contains(".csws/schemas/account.schema.json\n"))
            // The new workspace is valid as it stands.
            let check = try box.csws("check", in: "ws")
            #expect(check.status == 0, "\(check)")
            #expect(check.stdout.contains("0 errors, 0 warnings"), "\(check)")
        }
    }

    @Test("the workspace is named after the folder, or --name (quoted when needed)")
    func workspaceName() throws {
        try Sandbox.with { box in
            #expect(try box.csws("init", "team-emea").status == 0)
            let settings = try box.read("team-emea/csws.yaml")
            #expect(settings.contains("\nworkspace: team-emea\n"))

            let run = try box.csws("init", "named", "--name", "CS: EMEA # north")
            #expect(run.status == 0, "\(run)")
            let loaded = DocumentLoader.load(path: box.path("named/csws.yaml"))
            #expect(loaded.findings.isEmpty)
            #expect(loaded.document?["workspace"]?.string == "CS: EMEA # north")
            #expect(try box.csws("check", in: "named").status == 0)
        }
    }

    @Test("creates missing parent folders")
    func nestedFolder() throws {
        try Sandbox.with { box in
            let run = try box.csws("init", "a/b/ws")
            #expect(run.status == 0, "\(run)")
            #expect(box.exists("a/b/ws/csws.yaml"))
            #expect(box.exists("a/b/ws/.git"))
        }
    }

    @Test("initialises the current folder when it is empty")
    func currentFolder() throws {
        try Sandbox.with { box in
            try FileManager.default.createDirectory(atPath: box.path("here"), withIntermediateDirectories: true)
            let run = try box.csws("init", in: "here")
            #expect(run.status == 0, "\(run)")
            #expect(box.exists("here/csws.yaml"))
            #expect(try box.git("-C", "here", "log", "--oneline").stdout.split(separator: "\n").count == 1)
        }
    }

    @Test(arguments: [
        ("https://user:token-abc123@git.example.com/team/ws.git", "https://git.example.com/team/ws.git", "token-abc123"),
        ("https://token-abc123@git.example.com/team/ws.git", "https://git.example.com/team/ws.git", "token-abc123"),
        ("ssh://git:pw-abc123@git.example.com/team/ws.git", "ssh://git@git.example.com/team/ws.git", "pw-abc123"),
    ])
    func remoteWithoutCredentials(given: String, stored: String, secret: String) throws {
        try Sandbox.with { box in
            let run = try box.csws("init", "ws", "--remote", given)
            #expect(run.status == 0, "\(run)")
            let url = try box.git("-C", "ws", "remote", "get-url", "origin")
            #expect(url.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == stored)
            let config = try box.read("ws/.git/config")
            #expect(!config.contains(secret))
            #expect(!(run.stdout + run.stderr).contains(secret), "\(run)")
            #expect(run.stderr.contains("warning"), "the user is told the credentials were dropped: \(run)")
            // Nothing else in the repository carries it either.
            let grep = try box.git("-C", "ws", "grep", "-I", secret, "HEAD")
            #expect(grep.stdout.isEmpty)
        }
    }

    @Test(arguments: ["git@github.com:team/ws.git", "/srv/git/ws.git", "https://git.example.com/team/ws.git"])
    func remoteKeptAsGiven(url: String) throws {
        try Sandbox.with { box in
            let run = try box.csws("init", "ws", "--remote", url)
            #expect(run.status == 0, "\(run)")
            let stored = try box.git("-C", "ws", "remote", "get-url", "origin")
            #expect(stored.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == url)
            #expect(!run.stderr.contains("warning"), "\(run)")
        }
    }

    @Test("refuses a non-empty folder that is not a workspace, and touches nothing")
    func refusesNonEmptyFolder() throws {
        try Sandbox.with { box in
            try box.write("stuff/notes.txt", "my notes\n")
            let run = try box.csws("init", "stuff")
            #expect(run.status != 0, "\(run)")
            #expect(run.status < 128 && !run.crashed)
            #expect(run.status == 64, "\(run)")
            #expect(run.stderr.contains("not empty"), "\(run)")
            #expect(run.stderr.split(separator: "\n").count <= 3, "one-line cause plus a hint: \(run.stderr)")
            #expect(!box.exists("stuff/csws.yaml"))
            #expect(!box.exists("stuff/.git"))
            #expect(try box.read("stuff/notes.txt") == "my notes\n")
        }
    }

    @Test("refuses a path that is a file")
    func refusesFile() throws {
        try Sandbox.with { box in
            try box.write("file.txt", "x\n")
            let run = try box.csws("init", "file.txt")
            #expect(run.status != 0 && run.status < 128, "\(run)")
            #expect(try box.read("file.txt") == "x\n")
        }
    }

    @Test("running init again in a workspace makes no new commit")
    func again() throws {
        try Sandbox.with { box in
            #expect(try box.csws("init", "ws").status == 0)
            let run = try box.csws("init", "ws")
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("already"), "\(run)")
            #expect(try box.git("-C", "ws", "log", "--oneline").stdout.split(separator: "\n").count == 1)
        }
    }

    @Test("without a git identity the first commit is by csws <csws@localhost>, and it says so")
    func withoutIdentity() throws {
        try Sandbox.with { box in
            try FileManager.default.removeItem(atPath: box.home + "/.gitconfig")
            let run = try box.csws("init", "ws", environment: [
                "GIT_AUTHOR_NAME": "", "GIT_AUTHOR_EMAIL": "", "GIT_COMMITTER_NAME": "", "GIT_COMMITTER_EMAIL": "",
                "EMAIL": "",
            ])
            #expect(run.status == 0, "\(run)")
            #expect(run.stderr.contains("user.name"), "\(run)")
            let author = try box.git("-C", "ws", "log", "-1", "--format=%an <%ae>")
            #expect(author.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "csws <csws@localhost>")
        }
    }
}

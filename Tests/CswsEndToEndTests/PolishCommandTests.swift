import Foundation
import Testing

/// Issue #11 end to end: hidden folders under customers/, singular counts, `make install`.
@Suite("Hidden folders, singular counts, make install")
struct PolishCommandTests {
    @Test("a hidden folder under customers/ is reported, not silently skipped; .DS_Store stays silent")
    func hiddenFolder() throws {
        try Sandbox.with { box in
            try box.makeWorkspace("ws", fixtures: "base")
            try box.write("ws/customers/.archive/account.yaml", try box.read("ws/customers/acme/account.yaml"))
            try box.write("ws/customers/.DS_Store", "junk")
            let check = try box.csws("check", "--format", "json", in: "ws")
            let hidden = try CheckJSON.decode(check).with(rule: "hidden-folder")
            #expect(hidden.count == 1 && hidden.first?.file == "customers/.archive", "\(check)")
            #expect(!check.stdout.contains(".DS_Store"))
            let text = try box.csws("check", in: "ws")
            #expect(text.stdout.contains("warning: hidden folder customers/.archive is ignored"), "\(text)")
            let report = try box.csws("report", in: "ws")
            #expect(report.stdout.contains("warning: customers/.archive is a hidden folder and is left out"), "\(report)")
            let export = try box.csws("export", "--format", "jsonl", "-o", "bi", "--force", in: "ws")
            #expect(export.stderr.contains("hidden folder customers/.archive is ignored"), "\(export)")
        }
    }

    @Test("summary lines say 1 customer, 1 day, 1 milestone")
    func singular() throws {
        try Sandbox.with { box in
            try box.makeWorkspace("ws")
            let created = try box.csws(
                "new", "customer", "solo", "--name", "Solo", "--segment", "smb", "--owner", "ana", "--arr", "1000",
                "--start", "2026-11-20", "--end", "2027-11-19", "--seats", "5", in: "ws")
            #expect(created.status == 0, "\(created)")
            let score = try box.csws("score", in: "ws")
            #expect(score.stdout.hasSuffix("1 customer, 0 scored, as of 2026-11-23\n"), "\(score)")
            let agenda = try box.csws("agenda", "--owner", "ben", "--days", "1", in: "ws")
            #expect(agenda.stdout.contains("in the next 1 day "), "\(agenda)")
            let applied = try box.csws("apply", "champion-change", "solo", in: "ws")
            // `Added N milestone(s)`: the noun agrees with the number.
            let words = applied.stdout.split(separator: " ")
            let count = try #require(words.count > 2 ? Int(words[1]) : nil, "\(applied)")
            #expect(words[2] == (count == 1 ? "milestone" : "milestones"), "\(applied)")
        }
    }

    @Test("make install puts csws, its completions and its man page under PREFIX; make uninstall removes them")
    func install() throws {
        let binary = try #require(CLI.executable)
        try Sandbox.with { box in
            let prefix = box.path("prefix")
            let installed = try Tool.run(["make", "-C", CLI.projectRoot, "install", "PREFIX=\(prefix)", "BINARY=\(binary)"])
            #expect(installed.status == 0, "\(installed.stdout)\(installed.stderr)")
            for file in ["bin/csws", "share/bash-completion/completions/csws", "share/zsh/site-functions/_csws",
                         "share/fish/vendor_completions.d/csws.fish", "share/man/man1/csws.1"] {
                #expect(box.exists("prefix/" + file), "\(file) missing")
            }
            let version = try Tool.run([prefix + "/bin/csws", "--version"])
            #expect(version.status == 0 && !version.stdout.isEmpty)
            #expect(try box.read("prefix/share/bash-completion/completions/csws").contains("csws"))
            #expect(try box.read("prefix/share/man/man1/csws.1").hasPrefix(".TH CSWS 1"))
            #expect(try box.read("prefix/share/man/man1/csws.1").contains(".SS report"))
            let removed = try Tool.run(["make", "-C", CLI.projectRoot, "uninstall", "PREFIX=\(prefix)"])
            #expect(removed.status == 0)
            #expect(!box.exists("prefix/bin/csws") && !box.exists("prefix/share/man/man1/csws.1"))
        }
    }
}

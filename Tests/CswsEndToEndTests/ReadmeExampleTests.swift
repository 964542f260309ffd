import Foundation
import Testing

/// The README's example outputs are what csws prints: every block marked `<!-- example: NAME -->`
/// is produced again here, on the demo's workspace as `make demo` builds it, as of 2026-11-23.
@Suite("README examples are real output")
struct ReadmeExampleTests {
    /// The lines of the fenced block after `<!-- example: name -->`.
    static func example(_ name: String) throws -> [String] {
        let readme = try String(contentsOfFile: CLI.projectRoot + "/README.md", encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let marker = try #require(lines.firstIndex(of: "<!-- example: \(name) -->"), "no example \(name) in the README")
        let fence = lines[marker + 1].prefix { $0 == "`" }
        let end = try #require(lines[(marker + 2)...].firstIndex { $0 == String(fence) })
        return Array(lines[(marker + 2)..<end])
    }

    /// The demo's workspace: the template, `csws new customer acme` as the demo runs it, the demo customers.
    static func withDemo<Result>(_ body: (Sandbox) throws -> Result) throws -> Result {
        try Sandbox.with { box in
            #expect(try box.csws("init", "ws", "--name", "Demo CS team").status == 0)
            let created = try box.csws(
                "new", "customer", "acme", "--name", "Acme Corp", "--segment", "enterprise", "--owner", "ana", "--arr", "180000",
                "--start", "2026-11-02", "--end", "2027-11-01", "--seats", "120", in: "ws")
            #expect(created.status == 0, "\(created)")
            try box.copyTree(from: CLI.projectRoot + "/scripts/demo-data/customers", to: box.path("ws/customers"))
            return try body(box)
        }
    }

    @Test("the diagnostics example: the demo's typo, with its hint and summary")
    func checkTypo() throws {
        let expected = try Self.example("check-typo")
        let output = try Self.withDemo { box in
            // The demo's typo step: the first `status: planned` of acme's plan.
            let plan = try box.read("ws/customers/acme/plan.yaml")
            let range = try #require(plan.range(of: "    status: planned\n"))
            try box.write("ws/customers/acme/plan.yaml", plan.replacingCharacters(in: range, with: "    status: finishd\n"))
            return try box.csws("check", "customers/acme", in: "ws").stdout
        }
        let lines = output.split(separator: "\n").map(String.init)
        // The example shows one finding and the summary: each of its lines, in order, in the output.
        var position = lines.startIndex
        for line in expected {
            let found = lines[position...].firstIndex(of: line)
            #expect(found != nil, "README line not printed: \(line)\n--- output\n\(output)")
            position = (found ?? position) + 1
        }
        #expect(expected.last == lines.last)
    }

    @Test("the QBR brief example is the brief, byte for byte")
    func qbrBrief() throws {
        let expected = try Self.example("qbr-northwind")
        let brief = try Self.withDemo { try $0.csws("qbr", "northwind", in: "ws") }
        #expect(brief.status == 0)
        #expect(brief.stdout == expected.joined(separator: "\n") + "\n")
    }

    @Test("the escalation example is what escalate prints")
    func escalation() throws {
        let expected = try Self.example("escalate-globex")
        let run = try Self.withDemo { box in
            try box.csws(
                "escalate", "globex", "--trigger", "competitor", "--summary", "Laura mentioned a HelpDeskPro trial in the QBR prep call.",
                "--opened", "2026-11-23T10:15:00+01:00", in: "ws")
        }
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == expected.joined(separator: "\n") + "\n")
    }
}

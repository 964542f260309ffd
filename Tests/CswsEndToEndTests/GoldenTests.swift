import Foundation
import Testing

/// Golden files for every output format of `csws check`, on one small fixed workspace: the template,
/// Fixtures/base (acme clean, globex with an unknown owner) and Fixtures/golden (customer initech,
/// full of deliberate mistakes), checked as of 2026-11-23.
///
/// The outputs must match Golden/check.<format>.golden byte for byte. When a change to csws is meant
/// to change them, regenerate the files and review the diff before committing:
///
///     CSWS_UPDATE_GOLDEN=1 swift test --scratch-path .build-tests --filter GoldenTests
///
/// With CSWS_UPDATE_GOLDEN=1 the tests write the current output over the golden files (and still
/// check everything else).
@Suite("Golden outputs of csws check")
struct GoldenTests {
    static let formats = ["text", "json", "sarif", "github"]
    static var updating: Bool { ProcessInfo.processInfo.environment["CSWS_UPDATE_GOLDEN"] == "1" }

    static func goldenPath(_ format: String) -> String {
        CLI.testsFolder + "/Golden/check.\(format).golden"
    }

    /// Runs `csws check --format FORMAT` on the golden workspace.
    static func output(_ format: String) throws -> CLI.Run {
        try Sandbox.with { box in
            try box.makeWorkspace("ws", fixtures: "base")
            try box.copyTree(from: CLI.testsFolder + "/Fixtures/golden", to: box.path("ws"))
            return try box.csws("check", "--format", format, in: "ws")
        }
    }

    @Test(arguments: formats)
    func matchesGolden(format: String) throws {
        let run = try Self.output(format)
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        let path = Self.goldenPath(format)
        if Self.updating {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(run.stdout.utf8).write(to: URL(fileURLWithPath: path))
        }
        let golden = try String(contentsOfFile: path, encoding: .utf8)
        if run.stdout != golden {
            let actual = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            let expected = golden.split(separator: "\n", omittingEmptySubsequences: false)
            let first = (0..<min(actual.count, expected.count)).first { actual[$0] != expected[$0] }
                ?? min(actual.count, expected.count)
            Issue.record("""
                \(format) output differs from \(path) at line \(first + 1)
                expected: \(first < expected.count ? String(expected[first]) : "<end>")
                actual:   \(first < actual.count ? String(actual[first]) : "<end>")
                (regenerate with CSWS_UPDATE_GOLDEN=1 if the change is intended)
                """)
        }
    }

    @Test("the golden workspace's output is the same on every run")
    func deterministic() throws {
        let first = try Self.output("json")
        let second = try Self.output("json")
        #expect(first.stdout == second.stdout)
    }

    @Test("the JSON golden has the documented shape")
    func jsonGoldenShape() throws {
        let text = try String(contentsOfFile: Self.goldenPath("json"), encoding: .utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["version", "as_of", "summary", "diagnostics"])
        #expect(object["version"] as? Int == 1)
        #expect(object["as_of"] as? String == "2026-11-23")
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(Set(summary.keys) == ["errors", "warnings", "files", "customers"])
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count >= 10)
        #expect(summary["errors"] as? Int == diagnostics.filter { $0["severity"] as? String == "error" }.count)
        #expect(summary["warnings"] as? Int == diagnostics.filter { $0["severity"] as? String == "warning" }.count)
        #expect(summary["customers"] as? Int == 3)
        for diagnostic in diagnostics {
            #expect(Set(diagnostic.keys) == ["rule", "severity", "message", "file", "line", "column", "customer", "hint"])
            #expect(["error", "warning", "info"].contains(diagnostic["severity"] as? String ?? ""))
            #expect((diagnostic["line"] as? Int ?? 0) >= 1 && (diagnostic["column"] as? Int ?? 0) >= 1)
            let file = diagnostic["file"] as? String ?? ""
            if file.hasPrefix("customers/") {
                #expect(diagnostic["customer"] as? String == file.split(separator: "/")[1].description)
            } else {
                #expect(diagnostic["customer"] is NSNull)
            }
        }
        // The deliberate mistakes are all there.
        let rules = Set(diagnostics.compactMap { $0["rule"] as? String })
        #expect(rules.isSuperset(of: [
            "unknown-owner", "id-mismatch", "contract-dates", "unknown-file", "milestone-done-without-date",
            "duplicate-id", "duplicate-key", "milestone-date-in-future", "qbr-quarter-mismatch",
            "file-date-mismatch", "yaml-syntax", "bad-file-name",
        ]), "\(rules.sorted())")
        // Sorted by file, line, column.
        let keys = diagnostics.map { ($0["file"] as? String ?? "", $0["line"] as? Int ?? 0, $0["column"] as? Int ?? 0) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0.0 < $1.0 || ($0.0 == $1.0 && ($0.1, $0.2) <= ($1.1, $1.2)) })
    }

    @Test("the SARIF golden is SARIF 2.1.0 with every reported rule under tool.driver.rules")
    func sarifGoldenShape() throws {
        let text = try String(contentsOfFile: Self.goldenPath("sarif"), encoding: .utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
        #expect((object["$schema"] as? String)?.contains("sarif") == true)
        let runs = try #require(object["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "csws")
        #expect(driver["version"] is String)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ruleIDs = rules.compactMap { $0["id"] as? String }
        #expect(Set(ruleIDs).count == ruleIDs.count, "rules listed once")
        for rule in rules {
            let description = (rule["shortDescription"] as? [String: Any])?["text"] as? String
            #expect(description?.isEmpty == false)
            #expect(description != rule["id"] as? String, "a real description for \(rule["id"] ?? "?")")
        }
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(results.count >= 10)
        for result in results {
            let ruleID = try #require(result["ruleId"] as? String)
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(ruleIDs.indices.contains(index) && ruleIDs[index] == ruleID)
            #expect(["error", "warning", "note"].contains(result["level"] as? String ?? ""))
            #expect(((result["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let artifact = try #require(location["artifactLocation"] as? [String: Any])
            let uri = try #require(artifact["uri"] as? String)
            #expect(uri.hasPrefix("customers/") || uri.hasPrefix("playbooks/") || uri == "csws.yaml")
            #expect(!uri.contains(",") && !uri.contains(" "), "URI is percent-encoded: \(uri)")
            let region = try #require(location["region"] as? [String: Any])
            #expect((region["startLine"] as? Int ?? 0) >= 1 && (region["startColumn"] as? Int ?? 0) >= 1)
        }
        #expect(Set(results.compactMap { $0["ruleId"] as? String }) == Set(ruleIDs))
        #expect(text.contains("2026-11-12-exports%2Ctimeouts.yaml"))
    }

    @Test("the GitHub golden is one escaped workflow command per diagnostic, then the summary")
    func githubGoldenShape() throws {
        let text = try String(contentsOfFile: Self.goldenPath("github"), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let commands = lines.dropLast()
        #expect(commands.count >= 10)
        for line in commands {
            #expect(line.hasPrefix("::error file=") || line.hasPrefix("::warning file=") || line.hasPrefix("::notice file="),
                    "\(line)")
            let properties = try #require(line.split(separator: " ", maxSplits: 1).last?.components(separatedBy: "::").first)
            let keys = properties.split(separator: ",").map { $0.split(separator: "=").first.map(String.init) ?? "" }
            #expect(keys == ["file", "line", "col", "title"], "\(line)")
        }
        #expect(lines.last?.hasSuffix("as of 2026-11-23") == true)
        // A comma in a file name and a percent sign in a message are escaped.
        #expect(text.contains("file=customers/initech/voc/2026-11-12-exports%2Ctimeouts.yaml,"))
        #expect(text.contains("50%25"))
        #expect(!text.contains("50%`"))
    }
}

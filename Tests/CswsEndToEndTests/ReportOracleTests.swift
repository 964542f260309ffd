import Foundation
import Testing

/// `csws report --format json` against an independent computation of SPEC §10.5:
/// Scripts/report_oracle.py, written from the spec alone (Python, exact decimals), generates
/// random portfolios covering every revenue case (expansion, contraction, churn with `arr` left
/// as it was, new business inside the period, ledgers that do not add up, events after as-of,
/// other currencies) and recomputes every section from the YAML files, taking only the §4 tiers
/// from `csws score`. Any difference, to the cent, fails the test.
@Suite("csws report equals an independent computation")
struct ReportOracleTests {
    struct Case: Sendable, CustomStringConvertible {
        var seed: Int
        var asOf: String
        var filters: [String] = []
        var description: String { "seed \(seed) as of \(asOf) \(filters.joined(separator: " "))" }
    }

    static let cases = [
        Case(seed: 1, asOf: "2026-11-23"),
        Case(seed: 2, asOf: "2026-11-23", filters: ["--owner", "ana"]),
        Case(seed: 3, asOf: "2026-03-01", filters: ["--segment", "smb"]),
        Case(seed: 4, asOf: "2024-02-29"),
        Case(seed: 5, asOf: "2025-12-31", filters: ["--owner", "ben", "--segment", "enterprise"]),
    ]

    static var python: String { ProcessInfo.processInfo.environment["ORACLE_PYTHON"] ?? "python3" }

    static func runPython(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try Tool.run([python, CLI.testsFolder + "/Scripts/report_oracle.py"] + arguments)
        return (result.status, result.stdout + result.stderr)
    }

    @Test("the oracle's own hand-computed ledgers")
    func oracleSelfTest() throws {
        let run = try Self.runPython(["selftest"])
        #expect(run.status == 0, "\(run.output)")
    }

    @Test(arguments: cases)
    func matchesOracle(_ example: Case) throws {
        try Sandbox.with { box in
            try box.makeWorkspace("ws")
            let generated = try Self.runPython(["generate", box.path("ws"), "--seed", String(example.seed), "--as-of", example.asOf, "--customers", "60"])
            try #require(generated.status == 0, "\(generated.output)")
            let report = try box.csws(["report", "--format", "json", "-o", box.path("report.json")] + example.filters, in: "ws", asOf: example.asOf)
            try #require(report.status == 0, "\(report)")
            let binary = try #require(CLI.executable)
            let compared = try Self.runPython([
                "compare", box.path("ws"), box.path("report.json"), "--as-of", example.asOf, "--csws", binary,
                // SPEC §10.5 History: churned customers are "scored as of D by §4 … whatever their status now".
                "--history-churned", "scored",
            ] + example.filters)
            #expect(compared.status == 0, "\(compared.output)")
            // The comparison must have compared something: every section of a 60-customer portfolio.
            let summary = compared.output.split(separator: "\n").last { $0.hasPrefix("oracle: ") } ?? ""
            let checks = Int(summary.split(separator: " ").dropFirst().first ?? "") ?? 0
            #expect(checks > 100, "\(compared.output)")
        }
    }
}

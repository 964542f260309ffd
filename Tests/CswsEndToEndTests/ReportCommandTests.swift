import CswsCore
import Foundation
import Testing

/// `csws report` run as a CS leader would: on Fixtures/report (the demo's customers plus a churn,
/// a contraction in EUR, a customer won in the period with a hostile name, a ledger that does not
/// add up and a broken VoC file), as of 2026-11-23.
///
/// Golden files: Golden/report.<format>.golden; regenerate with
///     CSWS_UPDATE_GOLDEN=1 swift test --filter ReportCommandTests
/// and review the diff.
@Suite("csws report")
struct ReportCommandTests {
    static func withReportWorkspace<Result>(_ body: (Sandbox) throws -> Result) throws -> Result {
        try Sandbox.with { box in
            try box.makeWorkspace("ws")
            try box.copyTree(from: CLI.testsFolder + "/Fixtures/report", to: box.path("ws"))
            return try body(box)
        }
    }

    static func json(_ run: CLI.Run) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run)")
    }

    /// A JSON number as the exact decimal csws wrote (JSONSerialization reads them as NSNumber).
    static func exact(_ value: Any?) -> String? {
        guard let number = value as? NSNumber else { return nil }
        return NSDecimalNumber(decimal: number.decimalValue).stringValue
    }

    @Test(arguments: ["text", "md", "json"])
    func matchesGolden(format: String) throws {
        let run = try Self.withReportWorkspace { try $0.csws("report", "--format", format, in: "ws") }
        #expect(run.status == 0, "\(run)")
        let path = CLI.testsFolder + "/Golden/report.\(format).golden"
        if ProcessInfo.processInfo.environment["CSWS_UPDATE_GOLDEN"] == "1" {
            try Data(run.stdout.utf8).write(to: URL(fileURLWithPath: path))
        }
        let golden = try String(contentsOfFile: path, encoding: .utf8)
        if run.stdout != golden {
            let actual = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            let expected = golden.split(separator: "\n", omittingEmptySubsequences: false)
            let first = (0..<min(actual.count, expected.count)).first { actual[$0] != expected[$0] } ?? min(actual.count, expected.count)
            Issue.record("""
                report \(format) differs from \(path) at line \(first + 1)
                expected: \(first < expected.count ? String(expected[first]) : "<end>")
                actual:   \(first < actual.count ? String(actual[first]) : "<end>")
                """)
        }
    }

    @Test("revenue figures equal the hand computation of SPEC §10.5")
    func revenueByHand() throws {
        // P = (2025-11-23, 2026-11-23]. Start ARR: globex 96,000 (new before P, renewal in P counts 0),
        // northwind 200,000 (240,000 less the 40,000 expansion in P), churned-co 50,000 (churned in P:
        // current ARR 0, so 0 + 50,000), contractor 60,000 (40,000 plus the 20,000 contraction in P;
        // its expansion dated 2027 is after as-of and ignored) = 406,000. initech and fresh-start were
        // won in P (start 0): new ARR 12,000 + 30,000. messy-ledger: 10,000 − 50,000 < 0, excluded.
        // NRR = (406,000 + 40,000 − 20,000 − 50,000) / 406,000 = 92.61% → 92.6; GRR = 336,000 / 406,000 = 82.76% → 82.8.
        let run = try Self.withReportWorkspace { try $0.csws("report", "--format", "json", in: "ws") }
        let revenue = try #require(try Self.json(run)["revenue"] as? [String: Any])
        #expect(Self.exact(revenue["start_arr"]) == "406000")
        #expect(Self.exact(revenue["expansion"]) == "40000")
        #expect(Self.exact(revenue["contraction"]) == "20000")
        #expect(Self.exact(revenue["churn"]) == "50000")
        #expect(Self.exact(revenue["new_arr"]) == "42000")
        #expect(Self.exact(revenue["nrr"]) == "92.6")
        #expect(Self.exact(revenue["grr"]) == "82.8")
        #expect(revenue["excluded"] as? [String] == ["messy-ledger"])
        let period = try #require(revenue["period"] as? [String: String])
        #expect(period == ["from": "2025-11-24", "to": "2026-11-23"])
    }

    @Test("the JSON has every key of SPEC §10.5, churned customers only in revenue and history")
    func jsonShape() throws {
        let run = try Self.withReportWorkspace { try $0.csws("report", "--format", "json", in: "ws") }
        let report = try Self.json(run)
        #expect(Set(report.keys) == ["as_of", "filters", "portfolio", "renewals", "overdue", "onboarding", "revenue",
                                     "voc", "customers", "history", "currencies", "files_with_errors"])
        let portfolio = try #require(report["portfolio"] as? [String: Any])
        #expect((portfolio["tiers"] as? [[String: Any]])?.map { $0["tier"] as? String } == ["low", "medium", "high", "critical"])
        let customers = try #require(report["customers"] as? [[String: Any]])
        #expect(!customers.contains { $0["id"] as? String == "churned-co" })
        #expect(portfolio["customers"] as? Int == customers.count)
        let history = try #require(report["history"] as? [[String: Any]])
        #expect(history.map { $0["date"] as? String } == ["2026-05-31", "2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31"])
        // churned-co had 50,000 ARR until its churn on 2026-06-30: in May's portfolio, not June's.
        let may = try #require(history.first)
        let mayARR = ((may["tiers"] as? [[String: Any]]) ?? []).compactMap { Self.exact($0["arr"]) }.compactMap { Decimal(string: $0) }.reduce(0, +)
            + (Decimal(string: Self.exact((may["unscored"] as? [String: Any])?["arr"]) ?? "0") ?? 0)
        #expect(mayARR == 426000)
        #expect(report["currencies"] as? [String] == ["EUR", "USD"])
        #expect(report["files_with_errors"] as? Int == 1)
        #expect((report["filters"] as? [String: Any])?.values.allSatisfy { $0 is NSNull } == true)
        let onboarding = try #require(report["onboarding"] as? [String: Any])
        #expect(onboarding["past_first_value_days"] as? [String] == ["fresh-start"])
        #expect(Self.exact(onboarding["ttv_median_days"]) == "24")
    }

    @Test("text, md, csv and html carry the numbers of the JSON")
    func formatsAgree() throws {
        let (json, text, md, csv, html) = try Self.withReportWorkspace { box in
            (try box.csws("report", "--format", "json", in: "ws"), try box.csws("report", in: "ws"),
             try box.csws("report", "--format", "md", in: "ws"), try box.csws("report", "--format", "csv", in: "ws"),
             try box.csws("report", "--format", "html", in: "ws"))
        }
        let report = try Self.json(json)
        var figures: [String] = []
        func money(_ value: Any?) {
            if let exact = Self.exact(value) { figures.append(exact) }
        }
        let portfolio = try #require(report["portfolio"] as? [String: Any])
        money(portfolio["arr"])
        money(portfolio["arr_at_risk"])
        for tier in portfolio["tiers"] as? [[String: Any]] ?? [] { money(tier["arr"]) }
        let revenue = try #require(report["revenue"] as? [String: Any])
        for key in ["start_arr", "expansion", "contraction", "churn", "new_arr"] { money(revenue[key]) }
        for renewal in report["renewals"] as? [[String: Any]] ?? [] { money(renewal["arr"]) }
        for theme in report["voc"] as? [[String: Any]] ?? [] { money(theme["arr"]) }
        for point in report["history"] as? [[String: Any]] ?? [] { money(point["arr_at_risk"]) }
        #expect(figures.count > 15)
        for figure in figures {
            let grouped = ReportNumbers.grouped(Rational(decimalText: figure)!)
            #expect(text.stdout.contains(grouped), "text lacks \(grouped)")
            #expect(md.stdout.contains(grouped), "md lacks \(grouped)")
            #expect(html.stdout.contains("data-value=\"\(figure)\""), "html lacks \(figure)")
        }
        for percent in ["nrr", "grr"] {
            let value = try #require(Self.exact(revenue[percent]))
            for output in [text.stdout, md.stdout, html.stdout] { #expect(output.contains(value + "%")) }
        }
        // The CSV is the customers table: the same rows, ids, ARR, risks and tiers in the same order.
        let customers = try #require(report["customers"] as? [[String: Any]])
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == ReportCSVRenderer.header)
        #expect(lines.count == customers.count + 1)
        for (line, customer) in zip(lines.dropFirst(), customers) {
            #expect(line.hasPrefix((customer["id"] as? String ?? "?") + ","))
            let risk = (customer["risk"] as? Int).map(String.init) ?? ""
            let tier = customer["tier"] as? String ?? ""
            #expect(line.contains(",\(Self.exact(customer["arr"]) ?? ""),\(risk),\(tier),"), "\(line)")
        }
    }

    @Test("--owner and --segment filter every section, revenue included")
    func filters() throws {
        let (ben, enterprise) = try Self.withReportWorkspace { box in
            (try box.csws("report", "--format", "json", "--owner", "ben", in: "ws"),
             try box.csws("report", "--format", "json", "--segment", "enterprise", in: "ws"))
        }
        let byOwner = try Self.json(ben)
        #expect((byOwner["filters"] as? [String: Any])?["owner"] as? String == "ben")
        #expect(Set(((byOwner["customers"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }) == ["globex", "fresh-start"])
        let revenue = try #require(byOwner["revenue"] as? [String: Any])
        // ben's book: globex 96,000 and churned-co 50,000 at the start; fresh-start won in the period.
        #expect(Self.exact(revenue["start_arr"]) == "146000")
        #expect(Self.exact(revenue["churn"]) == "50000")
        #expect(Self.exact(revenue["new_arr"]) == "30000")
        let bySegment = try Self.json(enterprise)
        #expect(Set(((bySegment["customers"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }) == ["northwind", "contractor", "messy-ledger"])
    }

    @Test("an unknown owner or segment is a usage error with a hint", arguments: [
        (["--owner", "bne"], "`bne` is not a team member", "did you mean `ben`?"),
        (["--segment", "enterprize"], "`enterprize` is not a segment", "did you mean `enterprise`?"),
    ])
    func unknownFilter(arguments: [String], message: String, hint: String) throws {
        let run = try Self.withReportWorkspace { try $0.csws(["report"] + arguments, in: "ws") }
        #expect(run.status == 64, "\(run)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "csws: error: \(message)\nhint: \(hint)\n")
    }

    @Test("-o writes atomically; an unwritable path fails with exit 74 and writes nothing")
    func outputFile() throws {
        try Self.withReportWorkspace { box in
            let written = try box.csws("report", "--format", "json", "-o", "out/report.json", in: "ws")
            #expect(written.status == 74, "\(written)")
            #expect(written.stderr.hasPrefix("csws: error: cannot write "))
            #expect(written.stderr.contains("hint: "))
            #expect(!box.exists("ws/out"))

            try FileManager.default.createDirectory(atPath: box.path("ws/out"), withIntermediateDirectories: true)
            let ok = try box.csws("report", "--format", "json", "-o", "out/report.json", in: "ws")
            #expect(ok.status == 0, "\(ok)")
            #expect(ok.stdout.isEmpty)
            #expect(try box.read("ws/out/report.json").hasPrefix("{\"as_of\":\"2026-11-23\""))
            #expect(try FileManager.default.contentsOfDirectory(atPath: box.path("ws/out")) == ["report.json"])

            // A read-only folder (root ignores permissions, so use a path under a regular file instead).
            try box.write("ws/not-a-folder", "x")
            let blocked = try box.csws("report", "-o", "not-a-folder/report.txt", in: "ws")
            #expect(blocked.status == 74, "\(blocked)")
            #expect(try box.read("ws/not-a-folder") == "x")
        }
    }

    @Test("a workspace whose files do not parse still reports from what loads")
    func brokenFiles() throws {
        let run = try Self.withReportWorkspace { box in
            try box.write("ws/customers/globex/plan.yaml", "milestones: [\n")
            try box.write("ws/customers/initech/account.yaml", "\u{0}\u{1}binary")
            return try box.csws("report", in: "ws")
        }
        #expect(run.status == 0, "\(run)")
        #expect(!run.crashed)
        #expect(run.stdout.contains("warning: 3 files have validity errors; the report uses what loads — run `csws check` to list them"))
        // initech's account is unreadable: it drops out; globex still scores from its account and signals.
        #expect(!run.stdout.contains("Initech "))
        #expect(run.stdout.contains("globex"))
    }
}

import Foundation
import Testing

@testable import CswsCore

@Suite("CalendarDate")
struct CalendarDateTests {
    @Test(arguments: ["2024-02-29", "2000-02-29", "2026-12-31", "2026-01-01", "1970-01-01", "9999-12-31", "2026-04-30"])
    func validDates(text: String) throws {
        let date = try #require(CalendarDate(text))
        #expect(date.description == text)
    }

    @Test(arguments: [
        "2026-02-29", "1900-02-29", "2100-02-29", "2026-02-30", "2026-04-31", "2026-06-31", "2026-13-01",
        "2026-00-10", "2026-01-00", "2026-01-32", "0000-01-01", "2026-1-5", "26-01-05", "2026/01/05",
        "2026-01-05T10:00:00Z", "", " 2026-01-05", "2026-01-05 ", "+026-01-05", "2026-0a-05", "２０２６-01-05",
    ])
    func invalidDates(text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test(arguments: [
        (2024, true), (2000, true), (2028, true), (2026, false), (1900, false), (2100, false), (2400, true),
    ])
    func leapYears(year: Int, leap: Bool) {
        #expect(CalendarDate.isLeap(year) == leap)
        #expect((CalendarDate(year: year, month: 2, day: 29) != nil) == leap)
    }

    @Test(arguments: [
        ("2026-12-31", 1, "2027-01-01"),
        ("2024-02-28", 1, "2024-02-29"),
        ("2024-02-28", 2, "2024-03-01"),
        ("2023-02-28", 1, "2023-03-01"),
        ("2026-01-15", 25, "2026-02-09"),
        ("2026-03-01", -1, "2026-02-28"),
        ("2024-03-01", -1, "2024-02-29"),
        ("2026-11-23", -30, "2026-10-24"),
        ("2026-11-23", 365, "2027-11-23"),
        ("2027-11-23", 366, "2028-11-23"),
        ("2000-01-01", 36_524, "2099-12-31"),
        ("1969-12-31", 1, "1970-01-01"),
    ])
    func dayArithmetic(start: String, days: Int, expected: String) throws {
        let date = try #require(CalendarDate(start))
        let later = date.adding(days: days)
        #expect(later.description == expected)
        #expect(date.days(until: later) == days)
        #expect(later.days(until: date) == -days)
    }

    @Test func dayNumbers() throws {
        #expect(try #require(CalendarDate("1970-01-01")).dayNumber == 0)
        #expect(try #require(CalendarDate("1970-01-02")).dayNumber == 1)
        #expect(try #require(CalendarDate("2000-03-01")).dayNumber == 11_017)
        // Every day of 1999–2001 round-trips and is exactly one after the previous.
        var previous = try #require(CalendarDate("1998-12-31"))
        for _ in 0..<(365 * 3 + 2) {
            let next = CalendarDate(dayNumber: previous.dayNumber + 1)
            #expect(CalendarDate(next.description) == next)
            #expect(next > previous)
            previous = next
        }
        #expect(previous.description == "2002-01-01")
    }

    @Test(arguments: [(1, 1), (3, 1), (4, 2), (6, 2), (7, 3), (9, 3), (10, 4), (12, 4)])
    func quarters(month: Int, quarter: Int) throws {
        #expect(try #require(CalendarDate(year: 2026, month: month, day: 1)).quarter == quarter)
    }

    @Test func padding() throws {
        #expect(try #require(CalendarDate(year: 5, month: 1, day: 2)).description == "0005-01-02")
    }

    @Test func timestampsAndDateNodes() throws {
        let loaded = DocumentLoader.load(text: "a: 2026-11-23\nb: 2026-11-23T09:30:00+01:00\nc: 2026-02-30\nd: 20261123\n")
        let document = try #require(loaded.document)
        #expect(document["a"]?.date?.description == "2026-11-23")
        #expect(document["b"]?.date == nil)
        #expect(document["b"]?.timestampDate?.description == "2026-11-23")
        #expect(document["c"]?.date == nil)
        #expect(document["d"]?.date == nil)
    }
}

@Suite("Suggestions")
struct SuggestionTests {
    static let statuses = ["planned", "in-progress", "done", "blocked", "dropped"]
    static let team = ["ana", "ben", "carla", "dev", "sam", "olga", "dana"]

    @Test(arguments: [
        ("In Progress", statuses, "in-progress"),
        ("in_progress", statuses, "in-progress"),
        ("DONE", statuses, "done"),
        ("planed", statuses, "planned"),
        ("blokced", statuses, "blocked"),
        ("enterprize", ["enterprise", "mid-market", "smb"], "enterprise"),
        ("midmarket", ["enterprise", "mid-market", "smb"], "mid-market"),
        ("anna", team, "ana"),
        ("carl", team, "carla"),
    ])
    func nearMisses(input: String, candidates: [String], expected: String) {
        #expect(Suggestions.nearest(to: input, in: candidates) == expected)
    }

    @Test(arguments: [
        ("finished", statuses),
        ("xavier", team),
        ("vip", ["enterprise", "mid-market", "smb"]),
        ("anything", [String]()),
    ])
    func nothingClose(input: String, candidates: [String]) {
        #expect(Suggestions.nearest(to: input, in: candidates) == nil)
    }

    @Test func editDistance() {
        func distance(_ a: String, _ b: String) -> Int { Suggestions.editDistance(Array(a), Array(b)) }
        #expect(distance("", "abc") == 3)
        #expect(distance("abc", "abc") == 0)
        #expect(distance("kitten", "sitting") == 3)
        #expect(distance("statsu", "status") == 1)
        #expect(distance("ab", "ba") == 1)
    }
}

@Suite("File name rules")
struct FileNameRuleTests {
    @Test(arguments: [
        (FileKind.signals, "2026-11-20.yaml", true),
        (.signals, "2026-11-20-import.yaml", true),
        (.signals, "2026-11-20-nps-2.yaml", true),
        (.signals, "2026-11-20-.yaml", false),
        (.signals, "2026-11-20import.yaml", false),
        (.signals, "2026-11-20-Import.yaml", false),
        (.signals, "latest.yaml", false),
        (.voc, "2026-11-20-export-bug.yaml", true),
        (.voc, "2026-11-20.yaml", false),
        (.voc, "2026-11-20-export_bug.yaml", false),
        (.escalation, "2026-11-20-health-red.yaml", true),
        (.escalation, "2026-11-20-renewal-at-risk.yaml", true),
        (.escalation, "2026-11-20-fire.yaml", false),
        (.escalation, "2026-11-20health-red.yaml", false),
        (.qbr, "2026-Q1.yaml", true),
        (.qbr, "2026-Q4.yaml", true),
        (.qbr, "2026-Q0.yaml", false),
        (.qbr, "2026-Q5.yaml", false),
        (.qbr, "2026-q1.yaml", false),
        (.qbr, "2026-Q12.yaml", false),
        (.qbr, "26-Q1.yaml", false),
        (.account, "anything.yaml", true),
    ])
    func naming(kind: FileKind, name: String, ok: Bool) {
        let problem = FileNameRules.problem(kind: kind, fileName: name)
        #expect((problem == nil) == ok, "\(name)")
        if let problem {
            #expect(problem.rule == "bad-file-name")
            #expect(problem.hint != nil)
        }
    }

    @Test func datePrefixes() {
        #expect(FileNameRules.datePrefix("2026-11-20-x") == "2026-11-20")
        #expect(FileNameRules.datePrefix("2026-11-20") == "2026-11-20")
        #expect(FileNameRules.datePrefix("2026-1-20") == nil)
        #expect(FileNameRules.datePrefix("2026_11_20") == nil)
        #expect(FileNameRules.datePrefix("2026-11") == nil)
    }

    @Test func quarterStems() {
        #expect(FileNameRules.quarter(ofFileStem: "2026-Q4").map { [$0.year, $0.quarter] } == [2026, 4])
        #expect(FileNameRules.quarter(ofFileStem: "1999-Q1").map { [$0.year, $0.quarter] } == [1999, 1])
        #expect(FileNameRules.quarter(ofFileStem: "2026-Q") == nil)
        #expect(FileNameRules.quarter(ofFileStem: "2026-Q4-x") == nil)
        #expect(FileNameRules.quarter(ofFileStem: "Q4-2026") == nil)
    }
}

@Suite("Reporters")
struct ReporterEscapingTests {
    private func result(_ diagnostics: [Diagnostic]) -> CheckResult {
        CheckResult(asOf: testAsOf, diagnostics: diagnostics, fileCount: 3, customerCount: 1)
    }

    @Test func gitHubMessageEscaping() {
        #expect(GitHubReporter.escapeData("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b")
        #expect(GitHubReporter.escapeData("plain") == "plain")
        #expect(GitHubReporter.escapeData("%0A") == "%250A")
    }

    @Test func gitHubPropertyEscaping() {
        #expect(GitHubReporter.escapeProperty("customers/a,b/x:y.yaml") == "customers/a%2Cb/x%3Ay.yaml")
        #expect(GitHubReporter.escapeProperty("100%\n") == "100%25%0A")
    }

    @Test("every diagnostic is one workflow command line, with hint and escapes")
    func gitHubRender() {
        let finding = Finding(
            rule: "unknown-owner", message: "owner `x` is unknown: 50% sure\nsecond line", at: SourceLocation(line: 4, column: 8),
            hint: "did you mean `ana`?")
        let warning = Finding(rule: "unknown-file", severity: .warning, message: "stray, file", showsExcerpt: false)
        let output = GitHubReporter.render(result([
            Diagnostic(finding, file: "customers/a,b/plan.yaml", customer: "a"),
            Diagnostic(warning, file: "customers/x:y.txt"),
        ]))
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines == [
            "::error file=customers/a%2Cb/plan.yaml,line=4,col=8,title=unknown-owner::owner `x` is unknown: 50%25 sure%0Asecond line%0Ahint: did you mean `ana`?",
            "::warning file=customers/x%3Ay.txt,line=1,col=1,title=unknown-file::stray, file",
            "1 error, 1 warning in 3 files (1 customer), as of 2026-11-23",
            "",
        ])
    }

    @Test func jsonStringEscaping() throws {
        let original = "quote\" back\\ nl\n tab\t cr\r bell\u{07} del\u{7F} ls\u{2028} é 😀 </script>"
        let serialized = JSONValue.string(original).serialized
        #expect(serialized == "\"quote\\\" back\\\\ nl\\n tab\\t cr\\r bell\\u0007 del\\u007f ls\\u2028 é 😀 </script>\"")
        // It parses back to the same text.
        let parsed = try JSONSerialization.jsonObject(with: Data("[\(serialized)]".utf8)) as? [String]
        #expect(parsed == [original])
    }

    @Test func jsonValues() {
        let value = JSONValue.object([
            ("z", .int(-3)), ("a", .double(1.0)), ("m", .double(1.5)), ("inf", .double(.infinity)),
            ("n", .null), ("t", .bool(true)), ("list", .array([.string("x"), .optional(nil)])),
            ("k\"ey", .object([])),
        ])
        #expect(value.serialized == #"{"z":-3,"a":1,"m":1.5,"inf":null,"n":null,"t":true,"list":["x",null],"k\"ey":{}}"#)
    }

    @Test("JSON reporter: documented shape, customer null outside customers/")
    func jsonReporter() throws {
        let output = JSONReporter.render(result([
            Diagnostic(Finding(rule: "duplicate-id", message: "m \"q\"", at: SourceLocation(line: 2, column: 3), hint: "h"),
                       file: "csws.yaml"),
            Diagnostic(Finding(rule: "id-mismatch", message: "m2"), file: "customers/acme/account.yaml", customer: "acme"),
        ]))
        #expect(output.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        #expect(object["as_of"] as? String == "2026-11-23")
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["errors": 2, "warnings": 0, "files": 3, "customers": 1])
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 2)
        #expect(Set(diagnostics[0].keys) == ["rule", "severity", "message", "file", "line", "column", "customer", "hint"])
        #expect(diagnostics[0]["customer"] is NSNull)
        #expect(diagnostics[0]["message"] as? String == "m \"q\"")
        #expect(diagnostics[0]["line"] as? Int == 2)
        #expect(diagnostics[1]["customer"] as? String == "acme")
        #expect(diagnostics[1]["hint"] is NSNull)
    }

    @Test("SARIF reporter: 2.1.0 with rules under tool.driver.rules and a percent-encoded URI")
    func sarifReporter() throws {
        let output = SARIFReporter.render(result([
            Diagnostic(Finding(rule: "unknown-file", severity: .warning, message: "w"), file: "customers/a b/ü.txt"),
            Diagnostic(Finding(rule: "id-mismatch", message: "e", at: SourceLocation(line: 1, column: 5)),
                       file: "customers/acme/account.yaml", customer: "acme"),
        ]))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "csws")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.compactMap { $0["id"] as? String } == ["id-mismatch", "unknown-file"])
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 2)
        #expect(results[0]["level"] as? String == "warning")
        #expect(results[0]["ruleIndex"] as? Int == 1)
        let location = try #require((results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let uri = (location["artifactLocation"] as? [String: Any])?["uri"] as? String
        #expect(uri == "customers/a%20b/%C3%BC.txt")
        #expect(results[1]["ruleIndex"] as? Int == 0)
        let region = try #require(((results[1]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Int])
        #expect(region == ["startLine": 1, "startColumn": 5])
    }

    @Test("text reporter: compiler-style line, excerpt with carets under the value, notes and hint")
    func textReporter() throws {
        try withWorkspace { ws in
            try ws.addCustomer("acme")
            try ws.replace(in: "customers/acme/account.yaml", "id: acme", with: "id: acme-corp")
            try ws.replace(in: "customers/acme/plan.yaml", "- id: M2", with: "- id: M1")
            var result = ws.check(paths: ["customers/acme"])
            // This test is about the layout of validity findings; the template customer's onboarding
            // milestones are also overdue as of the test date, which other tests cover.
            result.diagnostics = result.diagnostics.filter { RuleCatalog.isValidityRule($0.rule) }
            let output = TextReporter(workspace: ws.workspace, useColor: false).render(result)
            let plan = try ws.read("customers/acme/plan.yaml")
            let second = try #require(position(of: "M1", in: plan, occurrence: 2))
            let first = try #require(position(of: "M1", in: plan))
            let expected = """
                customers/acme/account.yaml:1:5: error: `id` is `acme-corp` but the folder is customers/acme [id-mismatch]
                   1 | id: acme-corp
                     |     ^^^^^^^^^
                   = hint: set `id: acme`, or rename the folder to `acme-corp`
                customers/acme/plan.yaml:\(second.line):\(second.column): error: `M1` is used twice in milestones [duplicate-id]
                   \(second.line) |   - id: M1
                      |         ^^
                   = note: first `M1` is on line \(first.line)
                   = hint: give each entry of milestones its own id
                2 errors, 0 warnings in 2 files (1 customer), as of 2026-11-23

                """
            #expect(output == expected)
            #expect(!output.contains("\u{1B}["))
            let colored = TextReporter(workspace: ws.workspace, useColor: true).render(result)
            #expect(colored.contains("\u{1B}[1;31merror:\u{1B}[0m"))
        }
    }
}

@Suite("Rational text")
struct RationalTextTests {
    /// Half-up rounding of the magnitude, trailing zeros dropped, leading fraction zeros kept,
    /// no sign on a value that rounds to zero.
    @Test(arguments: [
        (1, 3, 2, "0.33"), (2, 3, 2, "0.67"), (1, 8, 2, "0.13"), (-1, 8, 2, "-0.13"), (5, 1, 3, "5"),
        (101, 100, 1, "1"), (1001, 1000, 3, "1.001"), (1, 200, 2, "0.01"), (-1, 1000, 2, "0"),
        (7, 100, 2, "0.07"), (123_456_789, 1000, 2, "123456.79"), (-159, 2, 0, "-80"), (0, 1, 6, "0"),
    ])
    func formats(numerator: Int, denominator: Int, places: Int, expected: String) {
        #expect(Rational(Int128(numerator), Int128(denominator)).text(places: places) == expected)
    }

    /// Values past the 64-bit fast path (numerators over 2^42) take the 128-bit path; the
    /// expected texts were computed with Python's Decimal, ROUND_HALF_UP.
    @Test(arguments: [
        (Int128(1) << 50, Int128(3), 2, "375299968947541.33"),
        (-(Int128(1) << 50), Int128(7), 3, "-160842843834660.571"),
        ((Int128(1) << 45) + 5, Int128(10), 1, "3518437208883.7"),
    ])
    func widePath(numerator: Int128, denominator: Int128, places: Int, expected: String) {
        #expect(Rational(numerator, denominator).text(places: places) == expected)
    }
}

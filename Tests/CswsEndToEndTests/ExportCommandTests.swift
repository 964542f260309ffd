import CswsCore
import Foundation
import Testing

/// `csws export` read back by things we did not write: the `sqlite3` command (real SQL, typeof()),
/// Python's csv and json modules, compared with the SQLite rows.
@Suite("csws export", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") || ProcessInfo.processInfo.environment["CI"] != nil,
                               "sqlite3 is installed by make test"))
struct ExportCommandTests {
    static func sqlite(_ database: String, _ sql: String) throws -> String {
        let result = try Tool.run(["sqlite3", "-bail", "-separator", "|", database, sql])
        try #require(result.status == 0, "sqlite3: \(result.stderr)")
        return result.stdout
    }

    /// The report fixture has one broken VoC file: exports need --force there.
    static func withExport<Result>(_ format: String, _ body: (Sandbox, String) throws -> Result) throws -> Result {
        try ReportCommandTests.withReportWorkspace { box in
            let out = box.path(format == "sqlite" ? "export.db" : "export-\(format)")
            let run = try box.csws("export", "--format", format, "-o", out, "--force", in: "ws")
            try #require(run.status == 0, "\(run)")
            return try body(box, out)
        }
    }

    @Test("SQLite: real queries, typed columns, indexes on customer")
    func sqliteQueries() throws {
        try Self.withExport("sqlite") { _, database in
            // ARR by tier, joined with scores.
            let byTier = try Self.sqlite(database, """
                SELECT s.tier, COUNT(*), SUM(c.arr) FROM customers c JOIN scores s ON s.customer = c.customer
                GROUP BY s.tier ORDER BY s.tier
                """)
            #expect(byTier == "critical|2|136000.0\nlow|3|262000.0\nmedium|1|30000.0\n", "\(byTier)")
            // Overdue milestones per owner as of 2026-11-23.
            let overdue = try Self.sqlite(database, """
                SELECT owner, COUNT(*) FROM milestones WHERE due < '2026-11-23' AND status NOT IN ('done', 'dropped')
                GROUP BY owner ORDER BY owner
                """)
            #expect(!overdue.isEmpty && overdue.split(separator: "\n").allSatisfy { $0.split(separator: "|").count == 2 })
            let types = try Self.sqlite(database, """
                SELECT typeof(seats), typeof(arr) FROM customers WHERE customer = 'globex';
                SELECT typeof(active_users), typeof(dau_mau), typeof(exec_sponsor_engaged), typeof(date) FROM signals
                  WHERE customer = 'northwind' AND active_users IS NOT NULL AND exec_sponsor_engaged IS NOT NULL LIMIT 1;
                SELECT typeof(first_value) FROM milestones LIMIT 1;
                SELECT typeof(risk), typeof(health) FROM scores WHERE risk IS NOT NULL LIMIT 1;
                SELECT typeof(amount) FROM revenue LIMIT 1;
                """)
            #expect(types == "integer|real\ninteger|real|integer|text\ninteger\nreal|real\nreal\n", "\(types)")
            let indexes = try Self.sqlite(database, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name LIKE '%_customer'")
            #expect(Int(indexes.trimmingCharacters(in: .whitespacesAndNewlines)) == 14)
            // Unscored or churned: churned customers have no score row; every other customer has one.
            let scores = try Self.sqlite(database, "SELECT COUNT(*) FROM scores; SELECT COUNT(*) FROM customers WHERE status != 'churned'")
            let counts = scores.split(separator: "\n")
            #expect(counts.count == 2 && counts[0] == counts[1])
        }
    }

    @Test("CSV and JSON Lines read back with Python's parsers equal the SQLite rows")
    func formatsAgree() throws {
        try ReportCommandTests.withReportWorkspace { box in
            for format in ["sqlite", "csv", "jsonl"] {
                let out = box.path(format == "sqlite" ? "export.db" : "export-\(format)")
                let run = try box.csws("export", "--format", format, "-o", out, "--force", in: "ws")
                #expect(run.status == 0, "\(run)")
            }
            let script = """
                import csv, json, sqlite3, sys
                from decimal import Decimal
                db = sqlite3.connect(sys.argv[1])
                tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
                assert len(tables) == 14, tables
                def norm(v):
                    if v is None or v == "": return None
                    if isinstance(v, float): return Decimal(repr(v)).normalize()
                    if isinstance(v, int): return Decimal(v).normalize()
                    try: return Decimal(v).normalize() if v.replace('.', '', 1).replace('-', '', 1).isdigit() else v
                    except Exception: return v
                for t in tables:
                    cursor = db.execute(f'SELECT * FROM "{t}"')
                    columns = [d[0] for d in cursor.description]
                    rows = [[norm(v) for v in r] for r in cursor.fetchall()]
                    with open(f"{sys.argv[2]}/{t}.csv", newline="", encoding="utf-8") as f:
                        reader = list(csv.reader(f))
                    assert reader[0] == columns, (t, reader[0], columns)
                    csv_rows = [[norm(v) for v in r] for r in reader[1:]]
                    with open(f"{sys.argv[3]}/{t}.jsonl", encoding="utf-8") as f:
                        json_rows = [[norm(json.loads(line, parse_float=Decimal).get(c)) for c in columns] for line in f]
                    # SQLite keeps the first of duplicate primary keys; the fixture has none.
                    assert sorted(map(str, csv_rows)) == sorted(map(str, rows)), (t, "csv")
                    assert sorted(map(str, json_rows)) == sorted(map(str, rows)), (t, "jsonl")
                print("ok", len(tables))
                """
            try script.write(toFile: box.path("compare.py"), atomically: true, encoding: .utf8)
            let compared = try Tool.run(["python3", box.path("compare.py"), box.path("export.db"), box.path("export-csv"), box.path("export-jsonl")])
            #expect(compared.status == 0 && compared.stdout.hasPrefix("ok 14"), "\(compared.stdout)\(compared.stderr)")
        }
    }

    @Test("validity errors refuse the export (exit 1, errors listed, nothing written) unless --force")
    func refusedWithErrors() throws {
        try ReportCommandTests.withReportWorkspace { box in
            let run = try box.csws("export", "--format", "sqlite", "-o", "out.db", in: "ws")
            #expect(run.status == 1, "\(run)")
            #expect(run.stderr.contains("customers/contractor/voc/2026-11-01-slow-reports.yaml:6:11: error:"))
            #expect(run.stderr.contains("hint: fix them (`csws check`), or export what loads with --force"))
            #expect(!box.exists("ws/out.db"))
        }
    }

    @Test("an export replaces the previous one whole, and never anything that is not an export")
    func replacement() throws {
        try ReportCommandTests.withReportWorkspace { box in
            try box.write("ws/customers/contractor/voc/2026-11-01-slow-reports.yaml",
                          try box.read("ws/customers/contractor/voc/2026-11-01-slow-reports.yaml").replacingOccurrences(of: "urgent", with: "high"))
            #expect(try box.csws("export", "--format", "csv", "-o", "bi", in: "ws").status == 0)
            try box.write("ws/bi/stale.csv", "old")
            #expect(try box.csws("export", "--format", "csv", "-o", "bi", in: "ws").status == 0)
            #expect(!box.exists("ws/bi/stale.csv"), "the old export is replaced whole")
            #expect(box.exists("ws/bi/customers.csv"))
            try box.write("ws/notes-folder/keep.txt", "mine")
            let refused = try box.csws("export", "--format", "jsonl", "-o", "notes-folder", in: "ws")
            #expect(refused.status == 74, "\(refused)")
            #expect(try box.read("ws/notes-folder/keep.txt") == "mine")
            try box.write("ws/report.txt", "not a database")
            let notDatabase = try box.csws("export", "--format", "sqlite", "-o", "report.txt", in: "ws")
            #expect(notDatabase.status == 74)
            #expect(try box.read("ws/report.txt") == "not a database")
            let listing = try FileManager.default.contentsOfDirectory(atPath: box.path("ws"))
            #expect(!listing.contains { $0.contains(".tmp-") || $0.contains(".old-") }, "\(listing)")
        }
    }
}

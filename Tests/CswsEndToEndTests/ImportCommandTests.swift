import Foundation
import Testing

/// `csws import` with files as Excel and CRMs write them (BOM, CRLF, quoted commas and line
/// breaks), all or nothing, formatting kept byte for byte outside the values it changes.
@Suite("csws import")
struct ImportCommandTests {
    /// The demo customers in a fresh workspace.
    static func withWorkspace<Result>(_ body: (Sandbox) throws -> Result) throws -> Result {
        try Sandbox.with { box in
            try box.makeWorkspace("ws")
            try box.copyTree(from: CLI.projectRoot + "/scripts/demo-data/customers", to: box.path("ws/customers"))
            return try body(box)
        }
    }

    /// A file as Excel saves "CSV UTF-8": a BOM and CRLF line ends.
    static func excel(_ rows: [String]) -> [UInt8] {
        [0xEF, 0xBB, 0xBF] + Array(rows.joined(separator: "\r\n").utf8) + Array("\r\n".utf8)
    }

    static func snapshot(_ box: Sandbox) throws -> [String: String] {
        var files: [String: String] = [:]
        let root = box.path("ws/customers")
        for path in FileManager.default.enumerator(atPath: root)?.compactMap({ $0 as? String }) ?? [] where path.hasSuffix(".yaml") {
            files[path] = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
        }
        return files
    }

    @Test("accounts from an Excel file: a new customer as `new customer` makes it, an update changes only its values")
    func accounts() throws {
        try Self.withWorkspace { box in
            let before = try box.read("ws/customers/globex/account.yaml")
            try box.write("ws/crm.csv", bytes: Self.excel([
                "Id,Name,Segment,Owner,ARR,Contract_Start,Contract_End,Seats,Plan,Notes",
                "globex,Globex Corporation,mid-market,ben,120000,,,175,,\"Renewal call booked,\nbudget approved\"",
                "umbrella,\"Umbrella, Inc.\",enterprise,ana,250000.50,2026-11-01,2027-10-31,400,enterprise,",
            ]))
            let run = try box.csws("import", "accounts", "crm.csv", "--ignore", "Notes", in: "ws")
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("globex account: arr 96000 → 120000\n"), "\(run)")
            #expect(run.stdout.contains("globex account: contract.seats 150 → 175\n"))
            #expect(run.stdout.contains("umbrella: new customer\n"))
            let after = try box.read("ws/customers/globex/account.yaml")
            #expect(after == before.replacingOccurrences(of: "arr: 96000", with: "arr: 120000").replacingOccurrences(of: "  seats: 150", with: "  seats: 175"))
            let created = try box.read("ws/customers/umbrella/account.yaml")
            #expect(created.contains("\nname: Umbrella, Inc.\n"), "\(created)")
            #expect(created.contains("  - {date: 2026-11-01, kind: new, amount: 250000.5}"), "the ledger starts as `new customer` starts it")
            #expect(created.contains("  plan: enterprise"))
            #expect(box.exists("ws/customers/umbrella/plan.yaml"))
            let check = try box.csws("check", "--format", "json", "customers/umbrella", "customers/globex", in: "ws")
            #expect(try CheckJSON.decode(check).diagnostics.filter { $0.severity == "error" && !["milestone-overdue", "first-value-late"].contains($0.rule) }.isEmpty, "\(check)")
            // The same file again changes nothing.
            let again = try box.csws("import", "accounts", "crm.csv", "--ignore", "Notes", in: "ws")
            #expect(again.status == 0 && again.stdout.hasPrefix("Nothing to change"), "\(again)")
        }
    }

    @Test("a comment above arr survives an update")
    func commentSurvives() throws {
        try Self.withWorkspace { box in
            let path = "ws/customers/initech/account.yaml"
            try box.write(path, try box.read(path).replacingOccurrences(of: "arr: 12000", with: "# raised at the November renewal\narr: 12000"))
            let before = try box.read(path)
            try box.write("ws/crm.csv", "id,arr\ninitech,15000\n")
            let run = try box.csws("import", "accounts", "crm.csv", in: "ws")
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.hasSuffix("Imported 1 row: 1 file written. `csws sync` shares them.\n"), "\(run)")
            #expect(try box.read(path) == before.replacingOccurrences(of: "arr: 12000", with: "arr: 15000"))
        }
    }

    @Test("every bad row is reported with its spreadsheet row and column; nothing changes (exit 65)")
    func badRows() throws {
        try Self.withWorkspace { box in
            let before = try Self.snapshot(box)
            try box.write("ws/crm.csv", """
                id,name,segment,owner,arr,contract_start,contract_end,seats
                northwind,,enterprize,,,,,
                newco,"New Co
                with a line break",smb,nobody,"$120,000",2026-02-30,2026-01-01,10
                globex,,,,-5,,,
                ../evil,Evil,smb,ana,1,2026-01-01,2027-01-01,1
                initech,,,,,2027-12-01,,
                northwind,,,,,,,

                """)
            let run = try box.csws("import", "accounts", "crm.csv", in: "ws")
            #expect(run.status == 65, "\(run)")
            for expected in [
                "crm.csv:2: segment: unknown segment `enterprize` (did you mean `enterprise`?)",
                "crm.csv:3: owner: `nobody` is not a team member",
                "crm.csv:3: arr: `$120,000` is not a number (write plain numbers, without currency signs or thousands separators: 120000)",
                "crm.csv:3: contract_start: `2026-02-30` is not a date",
                "crm.csv:4: arr: must be 0 or more",
                "crm.csv:5: id: `../evil` is not an id",
                "crm.csv:6: contract_end: the contract ends (2027-10-11) before it starts (2027-12-01)",
                "crm.csv:7: id: `northwind` again (first in row 2)",
            ] {
                #expect(run.stderr.contains(expected), "missing: \(expected)\n\(run.stderr)")
            }
            #expect(try Self.snapshot(box) == before, "not one byte of the workspace changed")
        }
    }

    @Test("malformed files: a clear error, no crash", arguments: [
        ("empty.csv", [UInt8](), "crm.csv:1: no header row"),
        ("binary.csv", [0x00, 0x01, 0x02, 0xFF], "crm.csv:1: this is not a text file"),
        ("quote.csv", Array("id,name\nacme,\"Acme\n".utf8), "crm.csv:"),
        ("wide.csv", Array("id,arr\nglobex,1,2\n".utf8), "crm.csv:2: 3 cells but the header has 2"),
        ("unknown.csv", Array("id,ARR,Reveune\nglobex,1,2\n".utf8), "crm.csv:1: Reveune: unknown column"),
        ("latin1.csv", [0x69, 0x64, 0x2C, 0x6E, 0x61, 0x6D, 0x65, 0x0A, 0x61, 0x2C, 0xE9, 0x0A], "crm.csv:1: the file is not UTF-8"),
    ])
    func malformed(name: String, bytes: [UInt8], expected: String) throws {
        try Self.withWorkspace { box in
            try box.write("ws/crm.csv", bytes: bytes)
            let run = try box.csws("import", "accounts", "crm.csv", in: "ws")
            #expect(run.status == 65, "\(run)")
            #expect(!run.crashed)
            #expect(run.stderr.contains(expected), "\(run.stderr)")
        }
    }

    @Test("a header-only file changes nothing and exits 0")
    func headerOnly() throws {
        try Self.withWorkspace { box in
            try box.write("ws/crm.csv", "id,arr\r\n")
            let run = try box.csws("import", "accounts", "crm.csv", in: "ws")
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.hasPrefix("Nothing to change"))
        }
    }

    @Test("a file larger than 10 MB is refused")
    func tooLarge() throws {
        try Self.withWorkspace { box in
            try box.write("ws/big.csv", String(repeating: "id,arr\n", count: 1_600_000))
            let run = try box.csws("import", "signals", "big.csv", in: "ws")
            #expect(run.status == 65 && run.stderr.contains("larger than 10 MB"), "\(run.stderr.prefix(300))")
        }
    }

    @Test("--dry-run prints the changes and writes nothing; --map and mdy dates read a Salesforce-style export")
    func dryRunAndMapping() throws {
        try Self.withWorkspace { box in
            let before = try Self.snapshot(box)
            try box.write("ws/sf.csv", "Account ID,Account Name,Annual Revenue,Contract End Date\nglobex,Globex Corporation,99000,1/15/2027\n")
            let run = try box.csws(
                "import", "accounts", "sf.csv", "--map", "Account ID=id", "--map", "Account Name=name", "--map", "Annual Revenue=arr",
                "--map", "Contract End Date=contract_end", "--date-format", "mdy", "--dry-run", in: "ws")
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout == "globex account: arr 96000 → 99000\nglobex account: contract.end 2027-01-10 → 2027-01-15\nDry run: nothing written (1 file would be).\n")
            #expect(try Self.snapshot(box) == before)
        }
    }

    @Test("signals: one snapshot per row, never overwriting one; the score reads them")
    func signals() throws {
        try Self.withWorkspace { box in
            try box.write("ws/usage.csv", bytes: Self.excel([
                "id,active_users,dau_mau,last_login,exec_sponsor_engaged,nps,csat",
                "initech,21,0.33,2026-11-22,yes,9,",
                "globex,70,0.15,2026-11-20,no,,3.2",
            ]))
            let run = try box.csws("import", "signals", "usage.csv", "--date", "2026-11-23", in: "ws")
            #expect(run.status == 0, "\(run)")
            let snapshot = try box.read("ws/customers/initech/signals/2026-11-23.yaml")
            #expect(snapshot.contains("source: import usage.csv\nusage:\n  active_users: 21\n  dau_mau: 0.33\n  last_login: 2026-11-22\nengagement:\n  exec_sponsor_engaged: true\nsentiment:\n  nps: 9\n"), "\(snapshot)")
            #expect(!snapshot.contains("csat"), "an empty cell leaves the field out")
            let check = try box.csws("check", "--format", "json", "customers/initech/signals", "customers/globex/signals", in: "ws")
            #expect(try CheckJSON.decode(check).diagnostics.filter { $0.severity == "error" }.isEmpty, "\(check)")
            // Again: the snapshots exist, so every row is bad and nothing changes.
            let again = try box.csws("import", "signals", "usage.csv", "--date", "2026-11-23", in: "ws")
            #expect(again.status == 65)
            #expect(again.stderr.contains("usage.csv:2: id: customers/initech/signals/2026-11-23.yaml already exists"))
            #expect(try box.read("ws/customers/initech/signals/2026-11-23.yaml") == snapshot)
            let bad = try box.csws("import", "signals", "usage.csv", "--date", "2026-11-24", "--label", "Weekly", in: "ws")
            #expect(bad.status == 64)
        }
    }

    @Test("a mapping kept in csws.yaml makes the weekly import one command; check validates it")
    func mappingInSettings() throws {
        try Self.withWorkspace { box in
            let settings = try box.read("ws/csws.yaml")
            try box.write("ws/csws.yaml", settings + """

                import:
                  accounts:
                    map: {"Account ID": id, "Annual Revenue": arr, "Contract End Date": contract_end}
                    ignore: [Industry]
                    date_format: mdy

                """)
            #expect(try box.csws("check", "--format", "json", "csws.yaml", in: "ws").status == 0)
            try box.write("ws/sf.csv", "Account ID,Annual Revenue,Contract End Date,Industry\nglobex,99000,1/15/2027,Retail\n")
            let run = try box.csws("import", "accounts", "sf.csv", in: "ws")
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.hasPrefix("globex account: arr 96000 → 99000\nglobex account: contract.end 2027-01-10 → 2027-01-15\n"), "\(run)")
            try box.write("ws/csws.yaml", settings + "\nimport:\n  accounts:\n    map: {\"Account ID\": identifier}\n")
            let check = try box.csws("check", "--format", "json", "csws.yaml", in: "ws")
            #expect(try CheckJSON.decode(check).diagnostics.contains { $0.rule == "invalid-value" }, "\(check)")
        }
    }
}

import CswsCore
import Foundation
import Testing

@Suite("csws check")
struct CheckCommandTests {
    @Test("the demo customers are valid; their only errors are the at-risk account's overdue work")
    func demoCustomers() throws {
        try Sandbox.with { box in
            try box.makeWorkspace("ws")
            try box.copyTree(from: CLI.projectRoot + "/scripts/demo-data/customers", to: box.path("ws/customers"))
            #expect(box.exists("ws/customers/globex/account.yaml"))
            let run = try box.csws("check", "--format", "json", in: "ws")
            let json = try CheckJSON.decode(run)
            let validity = json.diagnostics.filter { RuleCatalog.isValidityRule($0.rule) }
            #expect(validity.isEmpty, "validity findings:\n\(validity)")
            // globex is the demo's at-risk customer: milestone M4 is 23 days overdue (due 2026-10-31),
            // beyond the 14 days after which overdue work is an error.
            let errors = json.diagnostics.filter { $0.severity == "error" }
            #expect(errors.map(\.rule) == ["milestone-overdue"] && errors.first?.customer == "globex", "\(json.listing)")
            #expect(run.status == 1)
            #expect(json.summary.customers >= 3)
            // Text output says the same in its summary line.
            let text = try box.csws("check", in: "ws")
            #expect(text.status == run.status)
            #expect(text.stdout.hasSuffix("as of 2026-11-23\n"), "\(text)")
        }
    }

    @Test("an error exits 1 and is printed compiler-style with an excerpt")
    func errorExitsOne() throws {
        try Sandbox.with { box in
            try box.makeWorkspace("ws", fixtures: "base")
            let run = try box.csws("check", in: "ws")
            #expect(run.status == 1, "\(run)")
            #expect(run.stdout.contains(
                "customers/globex/plan.yaml:8:12: error: milestone owner `bem` is not a team member in csws.yaml [unknown-owner]\n"
                    + "   8 |     owner: bem\n"
                    + "     |            ^^^\n"
                    + "   = hint: did you mean `ben`?\n"), "\(run)")
            // csws.yaml + the template's playbooks + the 8 fixture files of acme and globex.
            let playbooks = try FileManager.default.contentsOfDirectory(atPath: box.path("ws/playbooks"))
                .filter { $0.hasSuffix(".yaml") }.count
            #expect(run.stdout.hasSuffix("1 error, 0 warnings in \(1 + playbooks + 8) files (2 customers), as of 2026-11-23\n"),
                    "\(run)")
            #expect(!run.stdout.contains("\u{1B}["), "no colour when NO_COLOR is set and stdout is not a terminal")
        }
    }

    /// Base fixtures with globex's mistake fixed and one warning (a stray file) added.
    private func warningOnlyWorkspace(_ box: Sandbox) throws {
        try box.makeWorkspace("ws", fixtures: "base")
        let plan = try box.read("ws/customers/globex/plan.yaml")
        try box.write("ws/customers/globex/plan.yaml", plan.replacingOccurrences(of: "owner: bem", with: "owner: ben"))
        try box.write("ws/customers/acme/contacts.yaml", "name: stray\n")
    }

    @Test("--strict fails on warnings; without it warnings exit 0")
    func strict() throws {
        try Sandbox.with { box in
            try warningOnlyWorkspace(box)
            let plain = try box.csws("check", in: "ws")
            #expect(plain.status == 0, "\(plain)")
            #expect(plain.stdout.contains("warning:") && plain.stdout.contains("[unknown-file]"), "\(plain)")
            #expect(plain.stdout.contains("0 errors, 1 warning in"), "\(plain)")
            let strict = try box.csws("check", "--strict", in: "ws")
            #expect(strict.status == 1, "\(strict)")
            #expect(strict.stdout == plain.stdout)
        }
    }

    @Test("-C works before and after the subcommand, and as --workspace=")
    func workspaceOption() throws {
        try Sandbox.with { box in
            try box.makeWorkspace("ws", fixtures: "base")
            let before = try box.csws("-C", "ws", "check")
            let after = try box.csws("check", "-C", "ws")
            let long = try box.csws("--workspace=ws", "check")
            let absolute = try box.csws("check", "--workspace", box.path("ws"), in: "/")
            for run in [before, after, long, absolute] {
                #expect(run.status == 1, "\(run)")
                #expect(run.stdout == before.stdout, "\(run)")
            }
            #expect(before.stdout.contains("customers/globex/plan.yaml:8:12:"))
        }
    }

    @Test("finds the workspace by walking up from customers/acme/signals")
    func discovery() throws {
        try Sandbox.with { box in
            try box.makeWorkspace("ws", fixtures: "base")
            let fromRoot = try box.csws("check", in: "ws")
            let fromDeep = try box.csws("check", in: "ws/customers/acme/signals")
            #expect(fromDeep.status == 1, "\(fromDeep)")
            // Paths stay relative to the workspace root, not the current folder.
            #expect(fromDeep.stdout == fromRoot.stdout)
        }
    }

    @Test("outside any workspace: a one-line cause and a hint, no crash")
    func noWorkspace() throws {
        try Sandbox.with { box in
            try FileManager.default.createDirectory(atPath: box.path("empty"), withIntermediateDirectories: true)
            let run = try box.csws("check", in: "empty")
            #expect(run.status != 0 && run.status < 128 && !run.crashed, "\(run)")
            #expect(run.stderr.contains("csws init"), "\(run)")
            #expect(run.stdout.isEmpty)
        }
    }

    @Test("PATH arguments restrict the output to those files or folders")
    func pathArguments() throws {
        try Sandbox.with { box in
            try box.makeWorkspace("ws", fixtures: "base")
            try box.write("ws/customers/acme/account.yaml",
                          try box.read("ws/customers/acme/account.yaml").replacingOccurrences(of: "id: acme", with: "id: acme-inc"))

            let acme = try box.csws("check", "customers/acme", "--format", "json", in: "ws")
            let acmeJSON = try CheckJSON.decode(acme)
            #expect(acme.status == 1)
            #expect(acmeJSON.diagnostics.map(\.rule) == ["id-mismatch"], "\(acmeJSON.listing)")
            #expect(acmeJSON.summary.customers == 1)

            let plan = try box.csws("check", "customers/globex/plan.yaml", "--format", "json", in: "ws")
            let planJSON = try CheckJSON.decode(plan)
            #expect(planJSON.diagnostics.map(\.file) == ["customers/globex/plan.yaml"])
            #expect(planJSON.summary.files == 1)

            let signals = try box.csws("check", "customers/globex/signals", in: "ws")
            #expect(signals.status == 0, "\(signals)")
            #expect(signals.stdout == "0 errors, 0 warnings in 1 file (1 customer), as of 2026-11-23\n")

            let relative = try box.csws("check", "../globex", in: "ws/customers/acme")
            #expect(relative.status == 1, "\(relative)")
            #expect(relative.stdout.contains("customers/globex/plan.yaml:8:12"))
            #expect(!relative.stdout.contains("customers/acme/"))

            let both = try CheckJSON.decode(try box.csws("check", "customers/acme", box.path("ws/customers/globex"),
                                                         "--format", "json", in: "ws"))
            #expect(Set(both.diagnostics.map(\.rule)) == ["id-mismatch", "unknown-owner"])

            let playbooks = try box.csws("check", "playbooks", in: "ws")
            #expect(playbooks.status == 0, "\(playbooks)")

            let missing = try box.csws("check", "customers/nope", in: "ws")
            #expect(missing.status == 64, "\(missing)")
            let outside = try box.csws("check", box.home, in: "ws")
            #expect(outside.status == 64, "\(outside)")
            #expect(outside.stderr.contains("outside the workspace"), "\(outside)")
        }
    }

    @Test("--customer and --owner select customers")
    func customerAndOwner() throws {
        try Sandbox.with { box in
            try box.makeWorkspace("ws", fixtures: "base")
            let acme = try box.csws("check", "--customer", "acme", in: "ws")
            #expect(acme.status == 0, "\(acme)")
            #expect(acme.stdout.hasSuffix("(1 customer), as of 2026-11-23\n"), "\(acme)")
            let globex = try box.csws("check", "--customer", "globex", in: "ws")
            #expect(globex.status == 1, "\(globex)")
            let both = try CheckJSON.decode(try box.csws("check", "--customer", "acme", "globex", "--format", "json", in: "ws"))
            #expect(both.summary.customers == 2)
            #expect(both.diagnostics.map(\.customer) == ["globex"])
            let unknown = try box.csws("check", "--customer", "nope", in: "ws")
            #expect(unknown.status == 64, "\(unknown)")
            #expect(unknown.stderr.contains("nope"))

            let ana = try box.csws("check", "--owner", "ana", in: "ws")
            #expect(ana.status == 0, "\(ana)")
            #expect(ana.stdout.hasSuffix("(1 customer), as of 2026-11-23\n"), "\(ana)")
            let ben = try CheckJSON.decode(try box.csws("check", "--owner", "ben", "--format", "json", in: "ws"))
            #expect(ben.summary.customers == 1)
            #expect(ben.diagnostics.map(\.file) == ["customers/globex/plan.yaml"])
        }
    }

    @Test("--as-of and CSWS_TODAY decide the date; an invalid date is a usage error")
    func asOf() throws {
        try Sandbox.with { box in
            try box.makeWorkspace("ws", fixtures: "base")
            let environment = try box.csws("check", in: "ws", asOf: "2026-12-01")
            #expect(environment.stdout.hasSuffix("as of 2026-12-01\n"), "\(environment)")
            let option = try box.csws("check", "--as-of", "2026-06-30", in: "ws", asOf: "2026-12-01")
            #expect(option.stdout.hasSuffix("as of 2026-06-30\n"), "\(option)")
            let before = try box.csws("--as-of", "2026-06-30", "check", in: "ws", asOf: nil)
            #expect(before.stdout.hasSuffix("as of 2026-06-30\n"), "\(before)")
            let invalid = try box.csws("check", "--as-of", "2026-02-30", in: "ws")
            #expect(invalid.status == 64, "\(invalid)")
            let badEnvironment = try box.csws("check", in: "ws", asOf: "tomorrow")
            #expect(badEnvironment.status == 64, "\(badEnvironment)")
        }
    }

    @Test("--color always paints, never and NO_COLOR do not")
    func color() throws {
        try Sandbox.with { box in
            try box.makeWorkspace("ws", fixtures: "base")
            let always = try box.csws("check", "--color", "always", in: "ws")
            #expect(always.stdout.contains("\u{1B}["), "\(always)")
            let never = try box.csws("check", "--color", "never", in: "ws", environment: ["NO_COLOR": ""])
            #expect(!never.stdout.contains("\u{1B}["))
            let auto = try box.csws("check", in: "ws", environment: ["NO_COLOR": ""])
            #expect(!auto.stdout.contains("\u{1B}["), "not a terminal")
        }
    }

    @Test("an unknown format is a usage error")
    func unknownFormat() throws {
        try Sandbox.with { box in
            try box.makeWorkspace("ws", fixtures: "base")
            let run = try box.csws("check", "--format", "xml", in: "ws")
            #expect(run.status == 64, "\(run)")
        }
    }
}

@Suite("csws schema")
struct SchemaCommandTests {
    @Test("without a kind: lists every kind")
    func list() throws {
        try Sandbox.with { box in
            let run = try box.csws("schema")
            #expect(run.status == 0, "\(run)")
            let kinds = run.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
            #expect(kinds == FileKind.allCases.map(\.rawValue))
        }
    }

    @Test(arguments: FileKind.allCases.map(\.rawValue))
    func printsValidJSONSchema(kind: String) throws {
        try Sandbox.with { box in
            let run = try box.csws("schema", kind)
            #expect(run.status == 0, "\(run)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect((object["$schema"] as? String)?.contains("2020-12") == true)
            #expect(object["type"] as? String == "object")
            #expect(object["properties"] is [String: Any])
            // It is the project's schema file, unchanged.
            let file = try Data(contentsOf: URL(fileURLWithPath: CLI.projectRoot + "/schemas/\(kind).schema.json"))
            let original = try JSONSerialization.jsonObject(with: file) as? NSDictionary
            #expect(original == (object as NSDictionary))
        }
    }

    @Test("csws schema account describes the account fields")
    func account() throws {
        try Sandbox.with { box in
            let run = try box.csws("schema", "account")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let required = try #require(object["required"] as? [String])
            #expect(Set(required).isSuperset(of: ["id", "name", "segment", "owner", "status", "contract", "arr"]))
            #expect(object["additionalProperties"] as? Bool == false)
        }
    }

    @Test(arguments: [("nope", ""), ("acount", "did you mean `account`?")])
    func unknownKind(kind: String, suggestion: String) throws {
        try Sandbox.with { box in
            let run = try box.csws("schema", kind)
            #expect(run.status == 64, "\(run)")
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.contains("unknown kind"), "\(run)")
            #expect(suggestion.isEmpty || run.stderr.contains(suggestion), "\(run)")
        }
    }
}

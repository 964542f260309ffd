import CswsCore
import Foundation
import Testing

@Suite("csws new customer")
struct NewCustomerTests {
    static func arguments(_ id: String, segment: String = "enterprise", owner: String = "ana",
                          start: String = "2026-01-15", end: String = "2027-01-14") -> [String] {
        ["new", "customer", id, "--name", "Acme Corp", "--segment", segment, "--owner", owner,
         "--arr", "180000", "--start", start, "--end", end, "--seats", "120"]
    }

    /// The milestones of a generated plan.yaml as id → (due, owner, status, first_value).
    private func milestones(_ path: String) throws -> [String: (due: String, owner: String, status: String, firstValue: Bool)] {
        let loaded = DocumentLoader.load(path: path)
        #expect(loaded.findings.isEmpty, "\(loaded.findings.map(\.message))")
        let list = try #require(loaded.document?["milestones"]?.elements)
        var result: [String: (String, String, String, Bool)] = [:]
        for milestone in list {
            let id = try #require(milestone["id"]?.string)
            result[id] = (milestone["due"]?.string ?? "", milestone["owner"]?.string ?? "",
                          milestone["status"]?.string ?? "", milestone["first_value"]?.bool ?? false)
        }
        return result
    }

    @Test("scaffolds account, onboarding plan dated from --start, and record folders")
    func scaffold() throws {
        try Sandbox.with { box in
            #expect(try box.csws("init", "ws").status == 0)
            let run = try box.csws(Self.arguments("acme"), in: "ws")
            #expect(run.status == 0, "\(run)")
            for file in ["account.yaml", "plan.yaml"] { #expect(box.exists("ws/customers/acme/" + file)) }
            for folder in ["signals", "voc", "qbr"] {
                var isDirectory: ObjCBool = false
                #expect(FileManager.default.fileExists(atPath: box.path("ws/customers/acme/" + folder), isDirectory: &isDirectory)
                        && isDirectory.boolValue, "\(folder)/ missing")
            }

            let account = DocumentLoader.load(path: box.path("ws/customers/acme/account.yaml"))
            #expect(account.findings.isEmpty)
            let document = try #require(account.document)
            #expect(document["id"]?.string == "acme")
            #expect(document["name"]?.string == "Acme Corp")
            #expect(document["status"]?.string == "onboarding")
            #expect(document["owner"]?.string == "ana")
            #expect(document["arr"]?.integer == 180000)
            #expect(document["contract"]?["start"]?.string == "2026-01-15")
            #expect(document["contract"]?["end"]?.string == "2027-01-14")
            #expect(document["contract"]?["seats"]?.integer == 120)
            let accountText = try box.read("ws/customers/acme/account.yaml")
            #expect(accountText.hasPrefix("# yaml-language-server: $schema=../../.csws/schemas/account.schema.json\n"))

            let plan = try milestones(box.path("ws/customers/acme/plan.yaml"))
            // Onboarding playbook rows: welcome day 1, technical setup day 5 (se), first value day 25.
            #expect(plan["welcome"]?.due == "2026-01-16")
            #expect(plan["technical-setup"]?.due == "2026-01-20")
            #expect(plan["technical-setup"]?.owner == "carla", "se role → the first team member with role se")
            #expect(plan["kickoff"]?.owner == "ana", "csm role → the customer's owner")
            #expect(plan["first-value"]?.due == "2026-02-09")
            #expect(plan["first-value"]?.firstValue == true)
            #expect(plan.values.filter(\.firstValue).count == 1)
            #expect(plan.values.allSatisfy { $0.status == "planned" })
            #expect(plan.count >= 10)

            // The scaffold is valid as written.
            let check = try box.csws("check", "customers/acme", in: "ws", asOf: "2026-01-15")
            #expect(check.status == 0, "\(check)")
            #expect(check.stdout.contains("0 errors"), "\(check)")
        }
    }

    @Test("due dates cross month and year boundaries correctly")
    func datesAcrossYears() throws {
        try Sandbox.with { box in
            #expect(try box.csws("init", "ws").status == 0)
            let run = try box.csws(Self.arguments("winter", start: "2026-12-20", end: "2027-12-19"), in: "ws")
            #expect(run.status == 0, "\(run)")
            let plan = try milestones(box.path("ws/customers/winter/plan.yaml"))
            #expect(plan["welcome"]?.due == "2026-12-21")
            #expect(plan["first-value"]?.due == "2027-01-14")
        }
    }

    @Test(arguments: ["../x", "a/b", "Bad_ID", "..", "acme corp", "ACME", "x/../../escape", ""])
    func rejectsBadIDs(id: String) throws {
        try Sandbox.with { box in
            #expect(try box.csws("init", "ws").status == 0)
            let before = try FileManager.default.subpathsOfDirectory(atPath: box.root).sorted()
            let run = try box.csws(Self.arguments(id), in: "ws")
            #expect(run.status == 64, "\(run)")
            #expect(!run.crashed)
            #expect(run.stderr.contains("not a valid customer id"), "\(run)")
            let after = try FileManager.default.subpathsOfDirectory(atPath: box.root).sorted()
            #expect(after == before, "files were written for a rejected id")
        }
    }

    @Test("rejects an id that already exists and leaves its files alone")
    func rejectsExisting() throws {
        try Sandbox.with { box in
            #expect(try box.csws("init", "ws").status == 0)
            #expect(try box.csws(Self.arguments("acme"), in: "ws").status == 0)
            try box.write("ws/customers/acme/plan.yaml", "milestones: []\n")
            let run = try box.csws(Self.arguments("acme"), in: "ws")
            #expect(run.status == 64, "\(run)")
            #expect(run.stderr.contains("already exists"), "\(run)")
            #expect(try box.read("ws/customers/acme/plan.yaml") == "milestones: []\n")
        }
    }

    @Test(arguments: [
        (["--segment", "enterprize"], "unknown segment", "did you mean `enterprise`?"),
        (["--segment", "vip"], "unknown segment", "mid-market"),
        (["--owner", "anaa"], "not a team member", "did you mean `ana`?"),
        (["--owner", "customer:Bob"], "not a team member", ""),
        (["--end", "2026-01-15"], "must be after", ""),
        (["--start", "2026-02-30"], "--start", ""),
    ])
    func rejectsBadOptions(override: [String], message: String, hint: String) throws {
        try Sandbox.with { box in
            #expect(try box.csws("init", "ws").status == 0)
            let run = try box.csws(Self.arguments("acme") + override, in: "ws")
            #expect(run.status == 64, "\(run)")
            #expect(run.stderr.contains(message), "\(run)")
            #expect(hint.isEmpty || run.stderr.contains(hint), "\(run)")
            #expect(!box.exists("ws/customers/acme"))
        }
    }

    @Test("works from a subfolder of the workspace and with -C")
    func discovery() throws {
        try Sandbox.with { box in
            #expect(try box.csws("init", "ws").status == 0)
            try FileManager.default.createDirectory(atPath: box.path("ws/playbooks/deep"), withIntermediateDirectories: true)
            #expect(try box.csws(Self.arguments("one"), in: "ws/playbooks/deep").status == 0)
            #expect(box.exists("ws/customers/one/account.yaml"))
            #expect(try box.csws(["-C", "ws"] + Self.arguments("two")).status == 0)
            #expect(box.exists("ws/customers/two/account.yaml"))
        }
    }
}

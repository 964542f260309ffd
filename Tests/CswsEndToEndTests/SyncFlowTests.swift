import CswsCore
import CswsSync
import Foundation
import Testing

/// The sync flow run in-process, as a library (no `csws` process): what it says and how it stops.
@Suite("SyncFlow in-process", .serialized)
struct SyncFlowTests {
    /// Collects what a flow says.
    final class Transcript: @unchecked Sendable {
        var said: [String] = []
        var warned: [String] = []
        var output: SyncOutput { SyncOutput(say: { self.said.append($0) }, warn: { self.warned.append($0) }) }
    }

    static func flow(_ box: Sandbox, _ clone: String, _ transcript: Transcript) throws -> SyncFlow {
        try SyncFlow(
            workspace: try Workspace.discover(from: box.path(clone)), asOf: CalendarDate("2026-11-23")!,
            output: transcript.output)
    }

    /// Ana's workspace (synced in-process once) and Ben's clone of the shared remote.
    static func withTeam(demoCustomers: Bool, _ body: (Sandbox) throws -> Void) throws {
        try Sandbox.with { box in
            #expect(try box.git("init", "-q", "--bare", "-b", "main", box.path("shared.git")).status == 0)
            #expect(try box.csws("init", "ws", "--remote", box.path("shared.git")).status == 0)
            if demoCustomers {
                try box.copyTree(from: CLI.projectRoot + "/scripts/demo-data/customers", to: box.path("ws/customers"))
            }
            _ = try box.git("-C", box.path("ws"), "config", "user.name", "Ana")
            _ = try box.git("-C", box.path("ws"), "config", "user.email", "ana@example.com")
            try flow(box, "ws", Transcript()).run()
            #expect(try box.git("clone", "-q", box.path("shared.git"), box.path("ben")).status == 0)
            _ = try box.git("-C", box.path("ben"), "config", "user.name", "Ben")
            _ = try box.git("-C", box.path("ben"), "config", "user.email", "ben@example.com")
            try body(box)
        }
    }

    @Test("commit, merge by structure, push; then nothing to do")
    func mergesInProcess() throws {
        try Self.withTeam(demoCustomers: true) { box in

            let plan = "/customers/globex/plan.yaml"
            func edit(_ clone: String, _ old: String, _ new: String) throws {
                let path = box.path(clone) + plan
                try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: old, with: new)
                    .write(toFile: path, atomically: true, encoding: .utf8)
            }
            try edit("ben", "    due: 2026-11-15\n", "    due: 2026-11-29\n")
            try Self.flow(box, "ben", Transcript()).run()
            try edit("ws", "    due: 2026-11-15\n    status: planned", "    due: 2026-11-15\n    status: in-progress")
            let transcript = Transcript()
            try Self.flow(box, "ws", transcript).run()
            #expect(transcript.said.contains("merged customers/globex/plan.yaml: milestone M5 due (Ben's), status (yours)"), "\(transcript.said)")
            #expect(transcript.said.last?.hasPrefix("Pushed 2 commits") == true, "\(transcript.said)")
            #expect(transcript.warned.isEmpty, "\(transcript.warned)")

            let idle = Transcript()
            try Self.flow(box, "ws", idle).run()
            #expect(idle.said.count == 1 && idle.said[0].hasPrefix("Up to date"), "\(idle.said)")
        }
    }

    @Test("a conflict stops with SyncStop(.conflicts) after naming each path:line")
    func conflictStops() throws {
        try Self.withTeam(demoCustomers: false) { box in
            for (clone, name) in [("ben", "Ben's team"), ("ws", "Ana's team")] {
                let path = box.path(clone) + "/csws.yaml"
                let text = try String(contentsOfFile: path, encoding: .utf8)
                let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("workspace:") })
                try text.replacingOccurrences(of: String(line), with: "workspace: \(name)").write(toFile: path, atomically: true, encoding: .utf8)
                if clone == "ben" { try Self.flow(box, "ben", Transcript()).run() }
            }
            let transcript = Transcript()
            #expect(throws: SyncStop.self) { try Self.flow(box, "ws", transcript).run() }
            do {
                try Self.flow(box, "ws", Transcript()).run()
            } catch let stop as SyncStop {
                #expect(stop.kind == .conflicts && stop.message == nil)
            }
            #expect(transcript.warned.contains { $0.hasPrefix("csws.yaml:") }, "\(transcript.warned)")
        }
    }
}

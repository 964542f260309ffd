import Foundation
import Testing

/// One malformed input of SPEC §9, dropped into customer `acme` of an otherwise valid workspace
/// (Fixtures/base: `acme` is clean, `globex` has one deliberate unknown-owner error).
/// The table in BadInput/README.md lists the same cases.
struct BadInputCase: Sendable, CustomTestStringConvertible {
    enum Source: Sendable {
        /// A file of BadInput/.
        case corpus(String)
        /// 11 MiB of YAML comments, written at test time (too big to commit).
        case largeFile
        /// A symlink to a file outside the workspace, made at test time.
        case symlinkOutside
        /// A second customer folder named `acme..evil`, made at test time.
        case dotDotFolder
    }

    var name: String
    var source: Source
    /// Where it goes, relative to the workspace root.
    var destination: String
    var rule: String
    /// Expected 1-based line and column; nil where the spec leaves the exact place open.
    var line: Int?
    var column: Int?
    /// Extra text the diagnostic must carry (message or hint).
    var mentions: String? = nil
    /// A `= note:` the text output must show for it.
    var note: String? = nil

    var testDescription: String { name }

    static let all: [BadInputCase] = [
        .init(name: "yaml-syntax-error", source: .corpus("yaml-syntax-error.yaml"),
              destination: "customers/acme/signals/2026-11-20.yaml", rule: "yaml-syntax", line: 2, column: 15),
        .init(name: "wrong-type", source: .corpus("wrong-type.yaml"),
              destination: "customers/acme/account.yaml", rule: "wrong-type", line: 9, column: 10, mentions: "many"),
        .init(name: "unknown-key", source: .corpus("unknown-key.yaml"),
              destination: "customers/acme/signals/2026-11-20.yaml", rule: "unknown-key", line: 4, column: 3,
              mentions: "did you mean `active_users`"),
        .init(name: "enum-typo", source: .corpus("enum-typo.yaml"),
              destination: "customers/acme/plan.yaml", rule: "invalid-value", line: 8, column: 13,
              mentions: "did you mean `in-progress`"),
        .init(name: "missing-key", source: .corpus("missing-key.yaml"),
              destination: "customers/acme/voc/2026-11-12-export-bug.yaml", rule: "missing-key", line: 1, column: 1,
              mentions: "summary"),
        .init(name: "merge-key", source: .corpus("merge-key.yaml"),
              destination: "customers/acme/account.yaml", rule: "unknown-key", line: 7, column: 3, mentions: "<<"),
        .init(name: "fractional-count", source: .corpus("fractional-count.yaml"),
              destination: "customers/acme/account.yaml", rule: "wrong-type", line: 9, column: 10, mentions: "12.5"),
        .init(name: "negative-arr", source: .corpus("negative-arr.yaml"),
              destination: "customers/acme/account.yaml", rule: "out-of-range", line: 10, column: 6),
        .init(name: "datetime-in-date", source: .corpus("datetime-in-date.yaml"),
              destination: "customers/acme/signals/2026-11-20.yaml", rule: "invalid-format", line: 1, column: 7),
        .init(name: "timestamp-without-offset", source: .corpus("timestamp-without-offset.yaml"),
              destination: "customers/acme/escalations/2026-11-20-critical-bug.yaml", rule: "invalid-format",
              line: 1, column: 9),
        .init(name: "duplicate-key", source: .corpus("duplicate-key.yaml"),
              destination: "customers/acme/account.yaml", rule: "duplicate-key", line: 6, column: 1,
              mentions: "owner", note: "first `owner` is on line 4"),
        .init(name: "invalid-date", source: .corpus("invalid-date.yaml"),
              destination: "customers/acme/signals/2026-11-20.yaml", rule: "invalid-format", line: 5, column: 15),
        .init(name: "invalid-utf8", source: .corpus("invalid-utf8.yaml"),
              destination: "customers/acme/voc/2026-11-12-export-bug.yaml", rule: "invalid-utf8", line: 6, column: 27),
        .init(name: "nul-character", source: .corpus("nul-character.yaml"),
              destination: "customers/acme/signals/2026-11-20.yaml", rule: "control-character", line: 2, column: 12),
        .init(name: "binary-file", source: .corpus("binary-file.yaml"),
              destination: "customers/acme/signals/2026-11-20.yaml", rule: "binary-file", line: 1, column: 1),
        .init(name: "file-too-large", source: .largeFile,
              destination: "customers/acme/signals/2026-11-20.yaml", rule: "file-too-large", line: 1, column: 1),
        .init(name: "alias-bomb", source: .corpus("alias-bomb.yaml"),
              destination: "customers/acme/signals/2026-11-20.yaml", rule: "alias-budget", line: nil, column: nil),
        .init(name: "nesting-too-deep", source: .corpus("nesting-too-deep.yaml"),
              destination: "customers/acme/signals/2026-11-20.yaml", rule: "nesting-too-deep", line: 3, column: nil),
        .init(name: "conflict-markers", source: .corpus("conflict-markers.yaml"),
              destination: "customers/acme/plan.yaml", rule: "conflict-marker", line: 3, column: 1),
        .init(name: "multiple-documents", source: .corpus("multiple-documents.yaml"),
              destination: "customers/acme/signals/2026-11-20.yaml", rule: "multiple-documents", line: 3, column: 1),
        .init(name: "unsupported-tag", source: .corpus("unsupported-tag.yaml"),
              destination: "customers/acme/signals/2026-11-20.yaml", rule: "unsupported-tag", line: 2, column: 9),
        .init(name: "empty-file", source: .corpus("empty-file.yaml"),
              destination: "customers/acme/signals/2026-11-20.yaml", rule: "empty-file", line: 1, column: 1),
        .init(name: "not-a-mapping", source: .corpus("not-a-mapping.yaml"),
              destination: "customers/acme/signals/2026-11-20.yaml", rule: "not-a-mapping", line: 1, column: 1),
        .init(name: "bad-file-name", source: .corpus("bad-file-name.yaml"),
              destination: "customers/acme/signals/latest.yaml", rule: "bad-file-name", line: 1, column: 1),
        .init(name: "symlink-outside", source: .symlinkOutside,
              destination: "customers/acme/signals/2026-11-20.yaml", rule: "unsafe-path", line: 1, column: 1),
        .init(name: "id-with-dotdot", source: .corpus("id-with-dotdot.yaml"),
              destination: "customers/acme/account.yaml", rule: "id-mismatch", line: 1, column: 5),
        .init(name: "id-with-slash", source: .corpus("id-with-slash.yaml"),
              destination: "customers/acme/account.yaml", rule: "id-mismatch", line: 1, column: 5),
        .init(name: "customer-folder-dotdot", source: .dotDotFolder,
              destination: "customers/acme..evil", rule: "bad-customer-folder", line: 1, column: 1),
    ]
}

@Suite("Bad input corpus (SPEC §9)")
struct BadInputTests {
    static let secret = "OUTSIDE-SECRET-5b7e-never-print"

    /// Puts the case into the workspace at `ws` (absolute); `outside` is a folder beside it.
    private func install(_ badCase: BadInputCase, workspace ws: String, outside: String) throws {
        let destination = ws + "/" + badCase.destination
        let manager = FileManager.default
        try manager.createDirectory(
            atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if manager.fileExists(atPath: destination) { try manager.removeItem(atPath: destination) }
        switch badCase.source {
        case .corpus(let file):
            try manager.copyItem(atPath: CLI.testsFolder + "/BadInput/" + file, toPath: destination)
        case .largeFile:
            var chunk = "# " + String(repeating: "x", count: 1021) + "\n"  // 1 KiB
            chunk = String(repeating: chunk, count: 1024)  // 1 MiB
            _ = manager.createFile(atPath: destination, contents: nil)
            let handle = try #require(FileHandle(forWritingAtPath: destination))
            try handle.write(contentsOf: Data("date: 2026-11-20\n".utf8))
            for _ in 0..<11 { try handle.write(contentsOf: Data(chunk.utf8)) }
            try handle.close()
        case .symlinkOutside:
            try manager.createDirectory(atPath: outside, withIntermediateDirectories: true)
            try Data("date: 2026-11-20\nsource: \(Self.secret)\n".utf8)
                .write(to: URL(fileURLWithPath: outside + "/secret.yaml"))
            try manager.createSymbolicLink(atPath: destination, withDestinationPath: outside + "/secret.yaml")
        case .dotDotFolder:
            try manager.createDirectory(atPath: destination, withIntermediateDirectories: true)
            try manager.copyItem(atPath: ws + "/customers/acme/account.yaml", toPath: destination + "/account.yaml")
        }
    }

    @Test("the base workspace alone: only globex's deliberate error")
    func control() throws {
        try Sandbox.with { box in
            try box.makeWorkspace("ws", fixtures: "base")
            let run = try box.csws("check", "--format", "json", in: "ws")
            #expect(run.status == 1, "\(run)")
            let json = try CheckJSON.decode(run)
            #expect(json.diagnostics.map(\.rule) == ["unknown-owner"], "\(json.listing)")
            #expect(json.diagnostics.first?.file == "customers/globex/plan.yaml")
            let acmeOnly = try box.csws("check", "--customer", "acme", in: "ws")
            #expect(acmeOnly.status == 0, "\(acmeOnly)")
        }
    }

    @Test(arguments: BadInputCase.all)
    func badInput(_ badCase: BadInputCase) throws {
        try Sandbox.with { box in
            try box.makeWorkspace("ws", fixtures: "base")
            let ws = box.path("ws")
            try install(badCase, workspace: ws, outside: box.path("outside"))

            let run = try box.csws("check", "--format", "json", in: "ws")
            #expect(!run.crashed && run.status < 128, "crashed: \(run)")
            #expect(run.elapsed < 2.0, "took \(run.elapsed) s")
            #expect(run.status == 1, "\(run)")
            let json = try CheckJSON.decode(run)

            // The expected rule, as an error, at the expected file, line and column.
            let matches = json.diagnostics.filter { $0.rule == badCase.rule && $0.file == badCase.destination }
            #expect(!matches.isEmpty, "no [\(badCase.rule)] at \(badCase.destination); got:\n\(json.listing)")
            if let diagnostic = matches.first {
                #expect(diagnostic.severity == "error")
                if let line = badCase.line { #expect(diagnostic.line == line, "\(diagnostic)") }
                if let column = badCase.column { #expect(diagnostic.column == column, "\(diagnostic)") }
                if let mentions = badCase.mentions {
                    #expect((diagnostic.message + " " + (diagnostic.hint ?? "")).contains(mentions), "\(diagnostic)")
                }
            }

            // The other customer's files were still read and checked.
            let globex = json.diagnostics.filter { $0.customer == "globex" }
            #expect(globex.map(\.rule) == ["unknown-owner"], "\(json.listing)")
            #expect(globex.first?.line == 8)
            #expect(json.summary.customers >= 2)

            // The text output (with excerpts) survives the input too, and never echoes a link's target.
            let text = try box.csws("check", in: "ws")
            #expect(!text.crashed && text.status == 1, "\(text)")
            #expect(text.stdout.contains("[\(badCase.rule)]"), "\(text)")
            if let note = badCase.note { #expect(text.stdout.contains("= note: " + note), "\(text)") }
            #expect(!text.stdout.contains(Self.secret) && !run.stdout.contains(Self.secret))
            #expect(!text.stdout.contains(box.path("outside")) && !run.stdout.contains(box.path("outside")))
            // Binary and oversized files are never echoed.
            #expect(text.stdout.utf8.count < 64 * 1024, "output of \(text.stdout.utf8.count) bytes")
        }
    }

    @Test("conflict markers: one diagnostic per marker line")
    func everyConflictMarker() throws {
        try Sandbox.with { box in
            try box.makeWorkspace("ws", fixtures: "base")
            let text = try String(contentsOfFile: CLI.testsFolder + "/BadInput/conflict-markers.yaml", encoding: .utf8)
            try box.write("ws/customers/acme/plan.yaml", text)
            let markerLines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .filter { ["<<<<<<<", "=======", ">>>>>>>"].contains(where: $0.element.hasPrefix) }.map { $0.offset + 1 }
            #expect(markerLines == [3, 11, 18])
            let json = try CheckJSON.decode(box.csws("check", "--format", "json", in: "ws"))
            #expect(json.with(rule: "conflict-marker").map(\.line) == markerLines, "\(json.listing)")
        }
    }

    @Test("several bad files at once: all reported, sorted by file, line, column")
    func allAtOnce() throws {
        try Sandbox.with { box in
            try box.makeWorkspace("ws", fixtures: "base")
            let ws = box.path("ws")
            // The cases the YAML loader itself catches (not the schema validator's).
            let schemaRules: Set<String> = ["unknown-key", "missing-key", "wrong-type", "invalid-value", "invalid-format"]
            let loaderCases = BadInputCase.all.filter {
                if case .corpus = $0.source, $0.destination.contains("/signals/2026-11-20"),
                    !schemaRules.contains($0.rule) { return true }
                return false
            }
            // Give each its own signals file name so they can sit side by side.
            var expected: [String: String] = [:]
            for (index, badCase) in loaderCases.enumerated() {
                guard case .corpus(let file) = badCase.source else { continue }
                let name = String(format: "customers/acme/signals/2026-11-20-case%02d.yaml", index)
                try FileManager.default.copyItem(atPath: CLI.testsFolder + "/BadInput/" + file, toPath: ws + "/" + name)
                expected[name] = badCase.rule
            }
            let run = try box.csws("check", "--format", "json", in: "ws")
            #expect(!run.crashed && run.status == 1, "\(run)")
            #expect(run.elapsed < 2.0)
            let json = try CheckJSON.decode(run)
            for (file, rule) in expected {
                #expect(json.diagnostics.contains { $0.file == file && $0.rule == rule }, "\(file) [\(rule)]\n\(json.listing)")
            }
            let order = json.diagnostics.map { ($0.file, $0.line, $0.column) }
            #expect(zip(order, order.dropFirst()).allSatisfy { lhs, rhs in
                lhs.0 < rhs.0 || (lhs.0 == rhs.0 && (lhs.1, lhs.2) <= (rhs.1, rhs.2))
            }, "\(json.listing)")
        }
    }
}

import Foundation
import CswsTestSupport
import Testing

@testable import CswsCore

/// The fast YAML path must give exactly what libyaml gives (values, lines, columns, widths,
/// duplicate-key findings) whenever it accepts a file, and must decline everything else. Checked
/// on every YAML file of the project and on thousands of seeded mutations of them.
@Suite struct FastYAMLComposerTests {
    static let projectRoot = EmbeddedResourcesTests.projectRoot

    static func corpus() throws -> [(name: String, bytes: [UInt8])] {
        var files: [(String, [UInt8])] = []
        for folder in ["workspace-template", "scripts/demo-data", "Tests/CswsEndToEndTests"] {
            let base = projectRoot + "/" + folder
            let enumerator = FileManager.default.enumerator(atPath: base)
            while let relative = enumerator?.nextObject() as? String {
                guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
                if let data = FileManager.default.contents(atPath: base + "/" + relative) {
                    files.append((folder + "/" + relative, Array(data)))
                }
            }
        }
        return files.sorted { $0.0 < $1.0 }
    }

    static let handwritten: [String] = [
        "a: 1\nb: two\n",
        "---\nid: acme\n",
        "\u{FEFF}id: acme\r\nname: Café Zürich\r\n",
        "list:\n- a\n- \"b\"\n- 'c''d'\nnext: 3\n",
        "m:\n  - id: M1\n    title: x  # trailing comment\n  - {id: M2, title: y}\n",
        "tags: [a, b, 'c d', \"e\"]\nempty: []\nmap: {}\n",
        // A flow entry without a value: the comma ends the key (found by the mutation test).
        "r:\n  - {date: 2026-10-01, k,nd: new, amount: 30000}\n",
        "m: [{date 2026-11-04, value: 3}]\n",
        "k: \"esc \\\" \\\\ \\n \\t \\/ end\"\n",
        "dup: 1\ndup: 2\n",
        "x: {a: 1, a: 2}\n",
        "n: ~\nb: true\nf: 1.5e3\nh: 0x1F\no: 0o17\nneg: -3\n",
        "key with spaces : value\n",
        "a:\n  b:\n    c: deep\n  d: 2\ne: 3\n",
        "multi: one\n  continued\n",
        "empty:\nnext: 1\n",
        "anchor: &a 1\nalias: *a\n",
        "block: |\n  text\n",
        "s: a: b\n",
        "t:\tx\n",
        "q: \"open\n  close\"\n",
        "f: [a,\n  b]\n",
        "u: \"\\u00e9\"\n",
        "- a\n- b\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n...\n",
        "ü: ä\nnote: 日本語 text\n",
        "a: b #c\nd: e# not a comment\n",
        "seq:\n  -   spaced\n  -\n    nested: 1\n",
        "x: [a, b,]\n",
        "x: {a: customer:Marcus Reed}\n",
        "x: [[1, 2]]\n",
        "x: 'it''s'\n",
    ]

    @Test func handwrittenCasesAgreeWithLibyaml() {
        var accepted = 0
        for text in Self.handwritten {
            let bytes = Array(text.utf8)
            if Self.compare(bytes, name: text.debugDescription) { accepted += 1 }
        }
        #expect(accepted >= 12, "the fast path should accept the ordinary cases")
    }

    @Test func projectFilesAgreeWithLibyaml() throws {
        let files = try Self.corpus()
        #expect(files.count > 50)
        var accepted = 0
        var customerFiles = 0
        var customerFilesAccepted = 0
        for file in files {
            let isAccepted = Self.compare(file.bytes, name: file.name)
            if isAccepted { accepted += 1 }
            // Customer data is the bulk of a workspace: most of it must take the fast path.
            if file.name.contains("/customers/") {
                customerFiles += 1
                if isAccepted { customerFilesAccepted += 1 }
            }
        }
        print("fast YAML path: accepted \(accepted) of \(files.count) project files, \(customerFilesAccepted) of \(customerFiles) customer files")
        #expect(customerFilesAccepted * 10 >= customerFiles * 8, "most customer files should take the fast path")
    }

    /// Seeded random edits of real files: whatever the fast path accepts must match libyaml.
    @Test func mutationsAgreeWithLibyaml() throws {
        var generator = SplitMix64(seed: 20_261_123)
        let files = try Self.corpus().filter { $0.bytes.count < 20_000 }
        let edits: [[UInt8]] = [
            Array(": ".utf8), Array(" #".utf8), Array("- ".utf8), Array("\n".utf8), Array(" ".utf8), Array("'".utf8),
            Array("\"".utf8), Array("[".utf8), Array("]".utf8), Array("{".utf8), Array(",".utf8), Array("  ".utf8),
            Array("\n  ".utf8), Array("\n- ".utf8), Array(":".utf8), Array("é".utf8), Array("x".utf8),
        ]
        var compared = 0
        var accepted = 0
        for file in files {
            for _ in 0..<40 {
                var bytes = file.bytes
                guard !bytes.isEmpty else { continue }
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes.remove(at: position)
                case 1: bytes.insert(contentsOf: edits[Int(generator.next() % UInt64(edits.count))], at: position)
                default:
                    bytes.replaceSubrange(position..<(position + 1), with: edits[Int(generator.next() % UInt64(edits.count))])
                }
                compared += 1
                if Self.compare(bytes, name: "\(file.name) mutated at \(position)") { accepted += 1 }
            }
        }
        print("fast YAML path: \(accepted) of \(compared) mutations accepted, all identical to libyaml")
        #expect(compared > 1000)
    }

    /// Compares both paths; returns whether the fast path accepted the text.
    @discardableResult
    static func compare(_ bytes: [UInt8], name: String) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard TextPrecheck.problems(in: buffer).isEmpty else { return false }
            guard let fast = FastYAMLComposer.compose(buffer) else { return false }
            let slow = YAMLComposer.compose(buffer)
            guard let fastDocument = fast.document, let slowDocument = slow.document else {
                Issue.record("\(name): fast path gave \(fast.document == nil ? "nothing" : "a document"), libyaml \(slow.document == nil ? "nothing: \(slow.findings.map(\.message))" : "a document")")
                return true
            }
            if let difference = Self.difference(fastDocument, slowDocument, path: "") {
                Issue.record("\(name): \(difference)")
            }
            let fastFindings = fast.findings.map { "\($0.rule)@\($0.location.line):\($0.location.column)/\($0.width) \($0.message) \($0.notes)" }
            let slowFindings = slow.findings.map { "\($0.rule)@\($0.location.line):\($0.location.column)/\($0.width) \($0.message) \($0.notes)" }
            #expect(fastFindings == slowFindings, "\(name)")
            return true
        }
    }

    static func difference(_ a: DocumentNode, _ b: DocumentNode, path: String) -> String? {
        if a.location != b.location {
            return "\(path): location \(a.location.line):\(a.location.column) vs libyaml \(b.location.line):\(b.location.column)"
        }
        if a.width != b.width { return "\(path): width \(a.width) vs libyaml \(b.width)" }
        switch (a.value, b.value) {
        case (.null, .null): return nil
        case (.bool(let x), .bool(let y)): return x == y ? nil : "\(path): \(x) vs \(y)"
        case (.integer(let x), .integer(let y)): return x == y ? nil : "\(path): \(x) vs \(y)"
        case (.number(let x), .number(let y)): return x == y || (x.isNaN && y.isNaN) ? nil : "\(path): \(x) vs \(y)"
        case (.string(let x), .string(let y)): return x == y ? nil : "\(path): \(x.debugDescription) vs \(y.debugDescription)"
        case (.sequence(let x), .sequence(let y)):
            guard x.count == y.count else { return "\(path): \(x.count) vs \(y.count) elements" }
            for (index, pair) in zip(x, y).enumerated() {
                if let difference = difference(pair.0, pair.1, path: "\(path)[\(index)]") { return difference }
            }
            return nil
        case (.mapping(let x), .mapping(let y)):
            guard x.map(\.key) == y.map(\.key) else { return "\(path): keys \(x.map(\.key)) vs \(y.map(\.key))" }
            for (left, right) in zip(x, y) {
                if left.keyLocation != right.keyLocation {
                    return "\(path).\(left.key): key at \(left.keyLocation.line):\(left.keyLocation.column) vs \(right.keyLocation.line):\(right.keyLocation.column)"
                }
                if let difference = difference(left.value, right.value, path: "\(path).\(left.key)") { return difference }
            }
            return nil
        default:
            return "\(path): \(a.value) vs libyaml \(b.value)"
        }
    }
}

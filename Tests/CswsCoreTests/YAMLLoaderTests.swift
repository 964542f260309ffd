import Foundation
import Testing

@testable import CswsCore

/// A value in a short, comparable spelling: `null`, `bool(true)`, `int(12)`, `double(1.5)`,
/// `string(yes)`, `list(2)`, `map(a,b)`.
private func spelled(_ value: DocumentNode.Value) -> String {
    switch value {
    case .null: return "null"
    case .bool(let flag): return "bool(\(flag))"
    case .integer(let whole): return "int(\(whole))"
    case .number(let real):
        if real.isNaN { return "double(nan)" }
        if real.isInfinite { return real < 0 ? "double(-inf)" : "double(inf)" }
        return "double(\(real))"
    case .string(let text): return "string(\(text))"
    case .sequence(let elements): return "list(\(elements.count))"
    case .mapping(let members): return "map(\(members.map(\.key).joined(separator: ",")))"
    }
}

private func load(_ text: String) -> DocumentLoader.Loaded { DocumentLoader.load(text: text) }

private func load(bytes: [UInt8]) -> DocumentLoader.Loaded {
    bytes.withUnsafeBufferPointer { DocumentLoader.load(bytes: $0) }
}

private func rules(_ loaded: DocumentLoader.Loaded) -> [String] { loaded.findings.map(\.rule) }

private func describe(_ findings: [Finding]) -> String {
    findings.map { "\($0.location.line):\($0.location.column) [\($0.rule)] \($0.message)" }.joined(separator: "\n")
}

@Suite("YAML loading: scalars")
struct ScalarResolutionTests {
    /// YAML 1.2 core schema for plain scalars; everything it does not name stays text.
    @Test(arguments: [
        ("~", "null"),
        ("null", "null"),
        ("Null", "null"),
        ("", "null"),
        ("true", "bool(true)"),
        ("False", "bool(false)"),
        ("TRUE", "bool(true)"),
        ("12", "int(12)"),
        ("-3", "int(-3)"),
        ("+7", "int(7)"),
        ("0", "int(0)"),
        ("0o17", "int(15)"),
        ("0x1F", "int(31)"),
        ("1.5", "double(1.5)"),
        ("-0.25", "double(-0.25)"),
        ("1e3", "double(1000.0)"),
        (".inf", "double(inf)"),
        ("-.Inf", "double(-inf)"),
        (".nan", "double(nan)"),
        ("2026-11-23", "string(2026-11-23)"),
        ("yes", "string(yes)"),
        ("no", "string(no)"),
        ("on", "string(on)"),
        ("0o", "string(0o)"),
        ("1.2.3", "string(1.2.3)"),
        ("12abc", "string(12abc)"),
        ("nullish", "string(nullish)"),
        ("\"12\"", "string(12)"),
        ("'true'", "string(true)"),
        ("\"~\"", "string(~)"),
        ("!!str 12", "string(12)"),
        ("!!float 3", "double(3.0)"),
    ])
    func plainAndQuotedScalars(source: String, expected: String) throws {
        let loaded = load("value: \(source)\n")
        #expect(loaded.findings.isEmpty, "\(describe(loaded.findings))")
        let document = try #require(loaded.document)
        let value = try #require(document["value"])
        #expect(spelled(value.value) == expected)
    }

    @Test("ScalarResolver on its own agrees with the loader for plain text")
    func resolverDirectly() {
        #expect(spelled(ScalarResolver.resolve("~")) == "null")
        #expect(spelled(ScalarResolver.resolve("0x1F")) == "int(31)")
        #expect(spelled(ScalarResolver.resolve("2026-02-30")) == "string(2026-02-30)")
        #expect(spelled(ScalarResolver.resolve("Yes")) == "string(Yes)")
        #expect(spelled(ScalarResolver.resolve("-")) == "string(-)")
        #expect(spelled(ScalarResolver.resolve(".")) == "string(.)")
    }
}

@Suite("YAML loading: locations and structure")
struct YAMLStructureTests {
    @Test("values carry 1-based line and column of their first character")
    func marks() throws {
        let text = """
            id: acme
            contract:
              start: 2026-01-15
              seats: 120
            list:
              - alpha
              - "beta"
            flow: [one, two]

            """
        let loaded = load(text)
        #expect(loaded.findings.isEmpty)
        let document = try #require(loaded.document)
        let id = try #require(document["id"])
        #expect(id.location == SourceLocation(line: 1, column: 5))
        #expect(id.width == 4)
        let start = try #require(document["contract"]?["start"])
        #expect(start.location == SourceLocation(line: 3, column: 10))
        #expect(start.width == 10)
        #expect(document["contract"]?["seats"]?.location == SourceLocation(line: 4, column: 10))
        let contractMember = try #require(document.member("contract"))
        #expect(contractMember.keyLocation == SourceLocation(line: 2, column: 1))
        let list = try #require(document["list"]?.elements)
        #expect(list.count == 2)
        #expect(list[1].location == SourceLocation(line: 7, column: 5))
        #expect(list[1].string == "beta")
        let flow = try #require(document["flow"]?.elements)
        #expect(flow[1].location == SourceLocation(line: 8, column: 13))
    }

    @Test("columns count characters, not bytes")
    func unicodeColumns() throws {
        let loaded = load("name: Zoë Çelik\nb: [é, x]\n")
        let document = try #require(loaded.document)
        let elements = try #require(document["b"]?.elements)
        // b, :, space, [, é, comma, space → x is the 8th character (the 9th byte).
        #expect(elements[1].location == SourceLocation(line: 2, column: 8))
        #expect(document["name"]?.width == 9)
    }

    @Test("members keep document order")
    func memberOrder() throws {
        let document = try #require(load("zeta: 1\nalpha: 2\nmid: 3\n").document)
        #expect(document.members?.map(\.key) == ["zeta", "alpha", "mid"])
    }

    @Test("a duplicate key is reported at the second key, with a note naming the first line")
    func duplicateKey() throws {
        let text = """
            id: acme
            name: Acme
            owner: ana
            id: other

            """
        let loaded = load(text)
        let finding = try #require(loaded.findings.first { $0.rule == "duplicate-key" }, "\(describe(loaded.findings))")
        #expect(finding.location == SourceLocation(line: 4, column: 1))
        #expect(finding.severity == .error)
        #expect(finding.notes.contains { $0.contains("line 1") }, "\(finding.notes)")
        #expect(loaded.findings.count == 1)
        // The first value is the one kept.
        #expect(loaded.document?["id"]?.string == "acme")
        #expect(loaded.document?.members?.count == 3)
    }

    @Test("a duplicate key inside a nested mapping points at the nested key")
    func nestedDuplicateKey() throws {
        let text = "contract:\n  start: 2026-01-01\n  seats: 3\n  start: 2026-02-01\n"
        let loaded = load(text)
        let finding = try #require(loaded.findings.first)
        #expect(finding.rule == "duplicate-key")
        #expect(finding.location == SourceLocation(line: 4, column: 3))
        #expect(finding.notes.contains { $0.contains("line 2") })
        #expect(loaded.document?["contract"]?["start"]?.string == "2026-01-01")
    }

    @Test("a byte order mark and CRLF line ends are accepted and lines stay right")
    func bomAndCRLF() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id: acme\r\nname: Acme\r\nowner: ana\r\n".utf8)
        let loaded = load(bytes: bytes)
        #expect(loaded.findings.isEmpty, "\(describe(loaded.findings))")
        let document = try #require(loaded.document)
        #expect(document["id"]?.string == "acme")
        #expect(document["id"]?.location == SourceLocation(line: 1, column: 5))
        #expect(document["owner"]?.string == "ana")
        #expect(document["owner"]?.location == SourceLocation(line: 3, column: 8))
    }

    @Test("findings in a CRLF file point at the right line")
    func crlfFindingLines() throws {
        let loaded = load("id: acme\r\nname: Acme\r\nid: again\r\n")
        let finding = try #require(loaded.findings.first)
        #expect(finding.rule == "duplicate-key")
        #expect(finding.location == SourceLocation(line: 3, column: 1))

        let bad = load(bytes: Array("id: acme\r\nname: Acme\r\n<<<<<<< HEAD\r\n".utf8))
        #expect(bad.findings.map(\.rule) == ["conflict-marker"])
        #expect(bad.findings.first?.location.line == 3)
    }

    @Test("an invalid byte on the first line after a BOM is located without counting the BOM")
    func bomColumnOfInvalidByte() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id: a".utf8) + [0xFF] + Array("\n".utf8)
        let loaded = load(bytes: bytes)
        let finding = try #require(loaded.findings.first)
        #expect(finding.rule == "invalid-utf8")
        // The BOM is invisible in every editor: `id: a` is 5 characters, the bad byte is the 6th.
        #expect(finding.location == SourceLocation(line: 1, column: 6))
    }
}

@Suite("YAML loading: syntax errors")
struct YAMLSyntaxErrorTests {
    @Test("a colon inside a plain value: libyaml's problem mark")
    func mappingValuesNotAllowed() throws {
        let loaded = load("id: acme\nname: Acme: Corp\nowner: ana\n")
        #expect(loaded.document == nil)
        let finding = try #require(loaded.findings.first)
        #expect(loaded.findings.count == 1)
        #expect(finding.rule == "yaml-syntax")
        #expect(finding.message.contains("mapping values are not allowed"), "\(finding.message)")
        #expect(finding.location == SourceLocation(line: 2, column: 11))
        #expect(finding.hint?.contains("quotes") == true)
    }

    @Test("a tab used for indentation")
    func tabIndentation() throws {
        let loaded = load("id: acme\ncontract:\n\tstart: 2026-01-01\n")
        let finding = try #require(loaded.findings.first)
        #expect(finding.rule == "yaml-syntax")
        #expect(finding.location.line == 3)
        #expect(finding.location.column == 1)
    }

    @Test("an unclosed flow sequence names where it started")
    func unclosedFlowSequence() throws {
        let loaded = load("id: acme\ntags: [one, two\nowner: ana\n")
        let finding = try #require(loaded.findings.first)
        #expect(finding.rule == "yaml-syntax")
        #expect(finding.location.line >= 3)
        #expect(finding.notes.contains { $0.contains("line 2") }, "\(finding.notes)")
    }

    @Test("an unclosed quote")
    func unclosedQuote() throws {
        let loaded = load("id: acme\nname: \"Acme\nowner: ana\n")
        let finding = try #require(loaded.findings.first)
        #expect(finding.rule == "yaml-syntax")
        #expect(finding.notes.contains { $0.contains("line 2") }, "\(finding.notes)")
    }

    @Test("an alias to an unknown anchor")
    func unknownAlias() throws {
        let loaded = load("id: acme\nowner: *nobody\n")
        let finding = try #require(loaded.findings.first)
        #expect(finding.rule == "yaml-syntax")
        #expect(finding.location == SourceLocation(line: 2, column: 8))
    }
}

@Suite("YAML loading: hostile and malformed input")
struct HostileInputTests {
    /// Nine levels, each a list of nine aliases to the level below: 9^9 ≈ 387 million strings.
    static func billionLaughs() -> String {
        var text = "lol0: &lol0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        for level in 1...9 {
            let previous = "*lol\(level - 1)"
            text += "lol\(level): &lol\(level) [" + Array(repeating: previous, count: 9).joined(separator: ", ") + "]\n"
        }
        return text
    }

    @Test("an alias bomb is rejected with alias-budget in well under a second")
    func aliasBomb() throws {
        let text = Self.billionLaughs()
        let clock = ContinuousClock()
        var loaded: DocumentLoader.Loaded?
        let elapsed = clock.measure { loaded = load(text) }
        let result = try #require(loaded)
        #expect(elapsed < .seconds(1), "took \(elapsed)")
        #expect(result.document == nil)
        let finding = try #require(result.findings.first { $0.rule == "alias-budget" }, "\(describe(result.findings))")
        #expect(finding.severity == .error)
        #expect((2...10).contains(finding.location.line))
    }

    @Test("a few aliases within the budget are fine")
    func smallAliases() throws {
        let loaded = load("base: &base {seats: 3}\ncopy: *base\n")
        #expect(loaded.findings.isEmpty)
        #expect(loaded.document?["copy"]?["seats"]?.integer == 3)
    }

    @Test("5000 nested flow lists: nesting-too-deep, no crash")
    func deepFlowNesting() throws {
        let text = "id: acme\nusage: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        let loaded = load(text)
        #expect(loaded.document == nil)
        let finding = try #require(loaded.findings.first, "no finding")
        #expect(finding.rule == "nesting-too-deep", "\(describe(loaded.findings))")
        #expect(finding.location.line == 2)
    }

    @Test("5000 nested block lists: nesting-too-deep, no crash")
    func deepBlockNesting() throws {
        let text = "id: acme\nusage:\n  " + String(repeating: "- ", count: 5000) + "x\n"
        let loaded = load(text)
        #expect(loaded.document == nil)
        let finding = try #require(loaded.findings.first, "no finding")
        #expect(finding.rule == "nesting-too-deep", "\(describe(loaded.findings))")
        #expect(finding.location.line == 3)
    }

    @Test("1001 levels are too deep, 1000 are not")
    func nestingBoundary() throws {
        // The root mapping is level 1, so 999 brackets make 1000 levels.
        func nested(_ brackets: Int) -> String {
            "usage: " + String(repeating: "[", count: brackets) + String(repeating: "]", count: brackets) + "\n"
        }
        let allowed = load(nested(999))
        #expect(allowed.findings.isEmpty, "\(describe(allowed.findings))")
        #expect(allowed.document != nil)
        let tooDeep = load(nested(1000))
        #expect(tooDeep.findings.map(\.rule) == ["nesting-too-deep"], "\(describe(tooDeep.findings))")
    }

    @Test("invalid UTF-8 is reported at the line and column of the offending byte")
    func invalidUTF8() throws {
        // `caf` + Latin-1 é (0xE9), as a file saved in Windows-1252 would have it.
        let bytes = Array("id: acme\nname: caf".utf8) + [0xE9] + Array(" bar\n".utf8)
        let loaded = load(bytes: bytes)
        #expect(loaded.document == nil)
        #expect(loaded.findings.count == 1)
        let finding = try #require(loaded.findings.first)
        #expect(finding.rule == "invalid-utf8")
        #expect(finding.location == SourceLocation(line: 2, column: 10))
        #expect(finding.message.contains("0xE9"))
    }

    @Test("invalid UTF-8 after multi-byte characters counts characters for the column")
    func invalidUTF8AfterMultibyte() throws {
        let bytes = Array("id: acme\nowner: ana\nname: ééé".utf8) + [0xFF] + Array("\n".utf8)
        let finding = try #require(load(bytes: bytes).findings.first)
        #expect(finding.rule == "invalid-utf8")
        #expect(finding.location == SourceLocation(line: 3, column: 10))
    }

    @Test(arguments: [
        ([0xC0, 0xAF] as [UInt8], "overlong encoding"),
        ([0xED, 0xA0, 0x80], "UTF-16 surrogate"),
        ([0xE2, 0x82], "truncated sequence"),
        ([0xF5, 0x80, 0x80, 0x80], "beyond U+10FFFF"),
    ])
    func invalidUTF8Kinds(bad: [UInt8], what: String) throws {
        let bytes = Array("id: acme\nname: x".utf8) + bad + Array("y\n".utf8)
        let finding = try #require(load(bytes: bytes).findings.first, "\(what)")
        #expect(finding.rule == "invalid-utf8", "\(what)")
        #expect(finding.location == SourceLocation(line: 2, column: 8), "\(what)")
    }

    @Test("a NUL in text is a control-character at its position")
    func nulCharacter() throws {
        let loaded = load("id: acme\nname: ab\u{0}cd\n")
        #expect(loaded.document == nil)
        let finding = try #require(loaded.findings.first)
        #expect(loaded.findings.count == 1)
        #expect(finding.rule == "control-character")
        #expect(finding.location == SourceLocation(line: 2, column: 9))
    }

    @Test("other control characters (ESC, DEL) are reported too; tab is fine")
    func otherControlCharacters() throws {
        let escape = try #require(load("id: acme\nname: a\u{1B}[31m\n").findings.first)
        #expect(escape.rule == "control-character")
        #expect(escape.location == SourceLocation(line: 2, column: 8))
        let delete = try #require(load("id: a\u{7F}\n").findings.first)
        #expect(delete.rule == "control-character")
        #expect(delete.location == SourceLocation(line: 1, column: 6))
        #expect(load("name: \"a\tb\"\n").findings.isEmpty)
    }

    /// A complete 1×1 PNG image (70 bytes).
    static let png: [UInt8] = {
        let hex = "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082"
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }()

    @Test("a binary file (PNG) is binary-file at 1:1 and never echoed")
    func binaryFile() throws {
        #expect(Self.png.count == 70)
        let loaded = load(bytes: Self.png)
        #expect(loaded.document == nil)
        #expect(loaded.findings.count == 1)
        let finding = try #require(loaded.findings.first)
        #expect(finding.rule == "binary-file")
        #expect(finding.location == SourceLocation(line: 1, column: 1))
        #expect(finding.showsExcerpt == false)
    }

    @Test("a file over 10 MiB is file-too-large at 1:1 without being read")
    func fileTooLarge() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/huge.yaml"
            // Sparse: 8 GiB that take no disk. Reading it would take seconds and gigabytes.
            #expect(FileManager.default.createFile(atPath: path, contents: Data("id: acme\n".utf8)))
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.truncate(atOffset: 8 * 1024 * 1024 * 1024)
            try handle.close()
            let clock = ContinuousClock()
            var loaded: DocumentLoader.Loaded?
            let elapsed = clock.measure { loaded = DocumentLoader.load(path: path) }
            let result = try #require(loaded)
            #expect(elapsed < .seconds(1), "took \(elapsed)")
            #expect(result.findings.map(\.rule) == ["file-too-large"])
            #expect(result.findings.first?.location == SourceLocation(line: 1, column: 1))
            #expect(result.document == nil)
        }
    }

    @Test("a file of exactly 10 MiB is still read")
    func fileAtTheLimit() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/limit.yaml"
            var text = "id: acme\n# "
            text += String(repeating: "x", count: DocumentLoader.maximumFileSize - text.utf8.count - 1) + "\n"
            #expect(text.utf8.count == 10 * 1024 * 1024)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let loaded = DocumentLoader.load(path: path)
            #expect(loaded.findings.isEmpty, "\(describe(loaded.findings))")
            #expect(loaded.document?["id"]?.string == "acme")
        }
    }

    @Test(arguments: ["", "\n\n", "# only a comment\n# and another\n", "---\n", "   \n"])
    func emptyFile(text: String) throws {
        let loaded = load(text)
        #expect(loaded.document == nil)
        #expect(loaded.findings.map(\.rule) == ["empty-file"])
        #expect(loaded.findings.first?.location == SourceLocation(line: 1, column: 1))
    }

    @Test(arguments: ["- a\n- b\n", "just text\n", "[1, 2]\n", "42\n"])
    func notAMapping(text: String) throws {
        let loaded = load(text)
        #expect(loaded.document == nil)
        #expect(loaded.findings.map(\.rule) == ["not-a-mapping"])
        #expect(loaded.findings.first?.location == SourceLocation(line: 1, column: 1))
    }

    @Test("a second document is reported at its ---")
    func secondDocument() throws {
        let loaded = load("id: acme\nname: Acme\n---\nid: other\n")
        #expect(loaded.document == nil)
        let finding = try #require(loaded.findings.first)
        #expect(finding.rule == "multiple-documents")
        #expect(finding.location == SourceLocation(line: 3, column: 1))

        let explicit = load("---\nid: acme\n---\nid: other\n")
        #expect(explicit.findings.map(\.rule) == ["multiple-documents"])
        #expect(explicit.findings.first?.location == SourceLocation(line: 3, column: 1))
    }

    @Test("a document end marker alone is not a second document")
    func documentEndMarker() throws {
        let loaded = load("id: acme\n...\n")
        #expect(loaded.findings.isEmpty, "\(describe(loaded.findings))")
        #expect(loaded.document?["id"]?.string == "acme")
    }

    @Test("conflict markers are reported at each marker line")
    func conflictMarkers() throws {
        let text = """
            id: acme
            <<<<<<< HEAD
            owner: ana
            ||||||| base
            owner: dev
            =======
            owner: ben
            >>>>>>> origin/main
            name: Acme

            """
        let loaded = load(text)
        #expect(loaded.document == nil)
        #expect(loaded.findings.map(\.rule) == Array(repeating: "conflict-marker", count: 4))
        #expect(loaded.findings.map(\.location.line) == [2, 4, 6, 8])
        #expect(loaded.findings.allSatisfy { $0.location.column == 1 && $0.severity == .error })
    }

    @Test("a conflict marker on the first line of a file with a BOM is found too")
    func conflictMarkerAfterBOM() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<<<<<<< HEAD\nid: a\n=======\nid: b\n>>>>>>> theirs\n".utf8)
        let loaded = load(bytes: bytes)
        #expect(loaded.findings.map(\.rule) == ["conflict-marker", "conflict-marker", "conflict-marker"],
                "\(describe(loaded.findings))")
        #expect(loaded.findings.map(\.location.line) == [1, 3, 5])
    }

    @Test("lines that merely start like markers are not conflict markers")
    func notConflictMarkers() throws {
        let loaded = load("id: acme\nsummary: |\n  <<<<<<< indented is text\n  =======\n")
        #expect(loaded.findings.isEmpty, "\(describe(loaded.findings))")
    }

    @Test("an unsupported tag such as !python/object is an error at the tag")
    func unsupportedTag() throws {
        let loaded = load("id: acme\nowner: !python/object:os.system {cmd: ls}\n")
        let finding = try #require(loaded.findings.first { $0.rule == "unsupported-tag" }, "\(describe(loaded.findings))")
        #expect(finding.location.line == 2)
        #expect(finding.location.column == 8)
        #expect(finding.severity == .error)
        #expect(finding.message.contains("!python/object"))
    }

    @Test(arguments: ["owner: !ruby/object:Gem ana\n", "owner: !!binary aGVsbG8=\n", "owner: !!int abc\n", "owner: !custom x\n"])
    func otherTags(text: String) throws {
        let loaded = load(text)
        #expect(loaded.findings.map(\.rule) == ["unsupported-tag"], "\(describe(loaded.findings))")
        #expect(loaded.findings.first?.location.line == 1)
    }
}

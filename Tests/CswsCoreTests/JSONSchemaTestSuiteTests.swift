import Foundation
import Testing
@testable import CswsCore

/// Runs the official JSON Schema Test Suite (draft 2020-12) from `../shared/json-schema-test-suite/`.
/// Every case of the required files must pass; the optional files are run and counted only.
struct JSONSchemaTestSuiteTests {
    static let requiredFiles = [
        "type", "enum", "const", "boolean_schema", "default",
        "properties", "required", "additionalProperties", "patternProperties", "propertyNames",
        "minProperties", "maxProperties", "dependentRequired",
        "items", "prefixItems", "contains", "minContains", "maxContains", "minItems", "maxItems", "uniqueItems",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "minLength", "maxLength", "pattern",
        "allOf", "anyOf", "oneOf", "not", "if-then-else",
        "ref",
        "optional/format/date", "optional/format/date-time", "optional/format/email",
    ]

    static let optionalFiles = [
        "dynamicRef", "unevaluatedProperties", "unevaluatedItems", "refRemote", "vocabulary", "anchor",
        "content", "format", "dependentSchemas", "infinite-loop-detection", "defs",
    ]

    /// Cases of required files that cannot pass offline, by file, group and test description.
    static let skippedCases: [SkippedCase] = [
        SkippedCase(file: "ref", group: "remote ref, containing refs itself", test: "remote ref valid",
                    reason: "needs the meta-schema https://json-schema.org/draft/2020-12/schema, a remote document"),
        SkippedCase(file: "ref", group: "remote ref, containing refs itself", test: "remote ref invalid",
                    reason: "needs the meta-schema https://json-schema.org/draft/2020-12/schema, a remote document"),
    ]

    struct SkippedCase {
        let file: String
        let group: String
        let test: String
        let reason: String
    }

    /// The package root is three levels up from this file (`Tests/CswsCoreTests/<file>`).
    static let suiteDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/json-schema-test-suite/draft2020-12").standardizedFileURL

    struct Outcome {
        var passed = 0
        var failed: [String] = []
        var skipped = 0
        /// Groups whose schema could not be compiled because it refers to a document not present.
        var needingRemote = 0

        var summary: String { "\(passed) passed, \(failed.count) failed, \(skipped) skipped" }
    }

    static func run(_ file: String) throws -> Outcome {
        let url = suiteDirectory.appendingPathComponent(file + ".json")
        let groups = try JSONDocumentParser.parse(Data(contentsOf: url))
        // `format.json` checks that formats are annotations by default; csws turns assertion on.
        let assertFormats = file != "format"
        var outcome = Outcome()
        for group in groups.elements ?? [] {
            let groupDescription = group["description"]?.string ?? "?"
            let tests = group["tests"]?.elements ?? []
            let isSkipped = { (test: DocumentNode) in
                skippedCases.contains { $0.file == file && $0.group == groupDescription && $0.test == test["description"]?.string }
            }
            if tests.allSatisfy(isSkipped) {
                outcome.skipped += tests.count
                continue
            }
            let schema: JSONSchema
            do {
                schema = try JSONSchema(group["schema"]!, assertFormats: assertFormats)
            } catch JSONSchemaError.unresolvableReference(let reference, _) where !requiredFiles.contains(file) {
                outcome.skipped += tests.count
                outcome.needingRemote += tests.count
                _ = reference
                continue
            } catch {
                outcome.failed += tests.map { "\(groupDescription) / \($0["description"]?.string ?? "?"): schema did not compile: \(error)" }
                continue
            }
            for test in tests {
                let testDescription = test["description"]?.string ?? "?"
                if isSkipped(test) {
                    outcome.skipped += 1
                    continue
                }
                let expected = test["valid"]?.bool ?? false
                let instance = test["data"]!
                let violations = schema.validate(instance)
                let fastAnswer = schema.isValid(instance)
                if violations.isEmpty == expected && fastAnswer == expected {
                    outcome.passed += 1
                } else {
                    let detail = violations.map(\.description).joined(separator: "; ")
                    outcome.failed.append("\(groupDescription) / \(testDescription): expected \(expected ? "valid" : "invalid"), "
                        + "fast path said \(fastAnswer ? "valid" : "invalid"), violations: [\(detail)]")
                }
            }
        }
        return outcome
    }

    @Test("required test-suite file passes every case", arguments: requiredFiles)
    func requiredFile(_ file: String) throws {
        let outcome = try Self.run(file)
        print("\(file).json: \(outcome.summary)")
        for failure in outcome.failed {
            Issue.record("\(file).json: \(failure)")
        }
        #expect(outcome.passed > 0)
    }

    @Test("optional test-suite file is run and counted", arguments: optionalFiles)
    func optionalFile(_ file: String) throws {
        let outcome = try Self.run(file)
        let remoteNote = outcome.needingRemote > 0 ? " (\(outcome.needingRemote) skipped: schema needs a remote document)" : ""
        print("\(file).json (optional): \(outcome.summary)\(remoteNote)")
        for failure in outcome.failed {
            print("  \(file).json failed: \(failure)")
        }
    }

    @Test("every skipped case names a group and test that exist")
    func skipsExist() throws {
        for skip in Self.skippedCases {
            let url = Self.suiteDirectory.appendingPathComponent(skip.file + ".json")
            let groups = try JSONDocumentParser.parse(Data(contentsOf: url))
            let group = groups.elements?.first { $0["description"]?.string == skip.group }
            let test = group?["tests"]?.elements?.first { $0["description"]?.string == skip.test }
            #expect(test != nil, "skip of \(skip.file) / \(skip.group) / \(skip.test) matches no case")
        }
    }
}

/// What the test suite does not cover: hostile schemas and documents, the fast regex matcher, the JSON
/// reader, and agreement between the fast path and the message collector.
struct JSONSchemaRobustnessTests {
    static func schema(_ json: String) throws -> JSONSchema {
        try JSONSchema(jsonData: Data(json.utf8))
    }

    static func nestedMappings(_ depth: Int) -> DocumentNode {
        var node = DocumentNode(.mapping([]))
        for _ in 0..<depth { node = DocumentNode(.mapping([DocumentMember(key: "child", value: node)])) }
        return node
    }

    @Test("reference cycles that never step into the document fail instead of looping", arguments: [
        ##"{"$ref": "#"}"##,
        ##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}}, "$ref": "#/$defs/a"}"##,
        ##"{"anyOf": [{"$ref": "#"}], "not": {"$ref": "#"}}"##,
    ])
    func referenceCycles(_ json: String) throws {
        let schema = try Self.schema(json)
        let violations = schema.validate(DocumentNode(.integer(1)))
        #expect(violations.map(\.message).contains("the document could not be checked: the schema refers to itself without end"))
    }

    @Test("a document nested 1000 deep neither crashes a 512 KiB thread nor loops")
    func deepDocumentOnSmallStack() async throws {
        let recursive = try Self.schema(##"{"type": "object", "properties": {"child": {"$ref": "#"}}, "additionalProperties": false}"##)
        let constant = try Self.schema(##"{"const": {"child": {}}, "uniqueItems": true}"##)
        let deep = Self.nestedMappings(1000)
        let outcome: [Int] = await withCheckedContinuation { continuation in
            let thread = Thread {
                let counts = [
                    recursive.validate(deep).count,
                    recursive.validate(Self.nestedMappings(20)).count,
                    constant.validate(deep).count,
                    constant.validate(DocumentNode(.sequence([deep, deep]))).count,
                ]
                continuation.resume(returning: counts)
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        // Too deep for this stack is reported as one violation; shallow documents validate normally.
        #expect(outcome[0] <= 1)
        #expect(outcome[1] == 0)
        #expect(outcome[2] == 1)
        #expect(outcome[3] >= 1)
    }

    @Test("schemas that cannot compile throw", arguments: [
        ##"{"$ref": "#/$defs/missing"}"##,
        ##"{"$ref": "https://example.com/elsewhere.json"}"##,
        ##"{"pattern": "(unclosed"}"##,
        ##"{"minimum": "ten"}"##,
        ##"{"properties": {"a": 5}}"##,
        ##"{"type": "whole number"}"##,
    ])
    func invalidSchemas(_ json: String) {
        #expect(throws: JSONSchemaError.self) { try Self.schema(json) }
    }

    /// Patterns in and out of `SimpleRegex`'s subset, against subjects that probe its edges.
    static let regexPatterns = [
        "^[a-z0-9][a-z0-9-]{0,62}$", "^[A-Z]{3}$", "^\\d{4}-Q[1-4]$", "a+", "^a*$", "f.*o", "[0-9]{2,}", "X_",
        "^(ab|cd)+e?$", "^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$", "colou?r", "^\\w+$", "^.{2,4}$", "^(?:a|b)*?c$",
        "^\\p{Letter}+$", "\\bword\\b", "^[\\-.]+$", "^\\u00e9+$", "[]", "[^]", "^$", "a{2}b{1,}c{0,1}",
        "^(a+)+$", "^[a-c-e]+$", "^\\.\\*$", "^[\\d\\s]+$",
    ]

    static let regexSubjects = [
        "", "a", "aaa", "abc", "acme-corp", "Acme", "-acme", "EUR", "EURO", "2026-Q3", "2026-Q5", "xxaayy", "foo",
        "a31b", "a_X_3", "ababe", "abcde", "cd", "ops@acme.example", "ops at acme", "color", "colour", "snake_case",
        "héllo", "ééé", "e\u{301}", "abc\n", "\n", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "word up", "-.-", ".*",
        "12 34", "٣", "a\u{2028}b", "bbc", "aac", "aabbc", "π", "😀",
    ]

    @Test("the fast regex matcher agrees with the full engine", arguments: regexPatterns)
    func simpleRegexAgrees(_ pattern: String) throws {
        let full = try NSRegularExpression(pattern: SchemaPattern.icuSource(forECMAScript: pattern))
        let compiled = try SchemaPattern(pattern)
        for subject in Self.regexSubjects {
            let expected = full.firstMatch(in: subject, range: NSRange(location: 0, length: subject.utf16.count)) != nil
            #expect(compiled.matches(subject) == expected, "/\(pattern)/ on \(subject.debugDescription)")
            if let simple = SimpleRegex(pattern), let answer = simple.matches(subject) {
                #expect(answer == expected, "SimpleRegex /\(pattern)/ on \(subject.debugDescription)")
            }
        }
    }

    @Test("ECMA-262 meaning where ICU differs: ASCII \\d and \\w, $ only at the very end")
    func ecmaScriptSemantics() throws {
        #expect(try SchemaPattern("^\\d+$").matches("٣") == false)
        #expect(try SchemaPattern("^\\w+$").matches("é") == false)
        #expect(try SchemaPattern("^abc$").matches("abc\n") == false)
        #expect(try SchemaPattern("^abc$").matches("abc") == true)
    }

    @Test("the JSON reader keeps key order, integers, locations and its limits")
    func jsonReader() throws {
        let document = try JSONDocumentParser.parse("{\"b\": 1, \"a\": 1.0, \"c\": 12345678901234567890, \"d\": -0.5e1,\n \"e\": \"\\u00e9\\ud83d\\ude00\", \"b\": 2}")
        #expect(document.members?.map(\.key) == ["b", "a", "c", "d", "e"])
        guard case .integer(1) = document["b"]?.value, case .number(1.0) = document["a"]?.value,
              case .number = document["c"]?.value, case .number(-5.0) = document["d"]?.value else {
            Issue.record("numbers read wrongly: \(document)")
            return
        }
        #expect(document["e"]?.string == "é😀")
        #expect(document.member("e")?.keyLocation == SourceLocation(line: 2, column: 2))
        #expect(throws: JSONParseError.self) { try JSONDocumentParser.parse(String(repeating: "[", count: 1001) + String(repeating: "]", count: 1001)) }
        #expect(throws: JSONParseError.self) { try JSONDocumentParser.parse("{\"a\": 1,}") }
        #expect(throws: JSONParseError.self) { try JSONDocumentParser.parse("[1] x") }
        #expect(throws: JSONParseError.self) { try JSONDocumentParser.parse("\"tab\there\"") }
        #expect(throws: JSONParseError.self) { try JSONDocumentParser.parse(Data([0x22, 0xFF, 0x22])) }
    }

    @Test("numbers: 1.0 is an integer and equals 1; multipleOf is exact for decimals")
    func numberSemantics() throws {
        let integer = try Self.schema(##"{"type": "integer"}"##)
        #expect(integer.isValid(DocumentNode(.number(1.0))))
        #expect(!integer.isValid(DocumentNode(.number(1.5))))
        #expect(!integer.isValid(DocumentNode(.number(.infinity))))
        let constant = try Self.schema(##"{"const": 1, "enum": [1.0, 2]}"##)
        #expect(constant.isValid(DocumentNode(.number(1.0))))
        let multiple = try Self.schema(##"{"multipleOf": 0.01}"##)
        #expect(multiple.isValid(DocumentNode(.number(19.99))))
        #expect(!multiple.isValid(DocumentNode(.number(19.995))))
        let length = try Self.schema(##"{"maxLength": 2}"##)
        #expect(length.isValid(DocumentNode(.string("😀😀"))))
        #expect(!length.isValid(DocumentNode(.string("😀😀😀"))))
    }

    /// Every data value of every suite file against every schema of the same file: the fast path and
    /// the collector must agree on validity, and nothing may crash.
    @Test("fast path and message collector agree across the suite's schemas and data",
          arguments: JSONSchemaTestSuiteTests.requiredFiles + JSONSchemaTestSuiteTests.optionalFiles)
    func fastPathAndCollectorAgree(_ file: String) throws {
        let url = JSONSchemaTestSuiteTests.suiteDirectory.appendingPathComponent(file + ".json")
        let groups = try JSONDocumentParser.parse(Data(contentsOf: url)).elements ?? []
        let schemas = groups.compactMap { try? JSONSchema($0["schema"]!) }
        let data = groups.flatMap { $0["tests"]?.elements ?? [] }.compactMap { $0["data"] }
        for schema in schemas {
            for instance in data {
                let violations = schema.validate(instance)
                #expect(violations.isEmpty == schema.isValid(instance))
                for violation in violations {
                    #expect(!violation.message.isEmpty)
                    #expect(instance.node(at: violation.path) != nil || violation.target == .firstKeyOfMapping)
                }
            }
        }
    }
}

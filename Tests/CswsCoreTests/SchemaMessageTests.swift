import Foundation
import Testing
@testable import CswsCore

/// The wording of schema violations, as a person editing a plan file reads them: rule, message, hint,
/// and where the diagnostic points.
struct SchemaMessageTests {
    static let planSchema = try! JSONSchema(jsonData: Data(##"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "type": "object",
      "additionalProperties": false,
      "required": ["milestones"],
      "properties": {
        "customer": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,62}$",
                     "x-pattern-help": "a slug: lower-case letters, digits and hyphens"},
        "seats": {"type": "integer", "exclusiveMinimum": 0},
        "csat": {"type": "number", "minimum": 1, "maximum": 5},
        "renewal_confirmed": {"type": "boolean"},
        "updated": {"type": "string", "format": "date-time"},
        "contact": {"type": "string", "format": "email"},
        "closed": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
        "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": true},
        "sponsor_role": {"enum": ["executive-sponsor", "champion", "economic-buyer"]},
        "segments": {"type": "object", "additionalProperties": {"type": "integer"},
                     "propertyNames": {"pattern": "^[a-z][a-z0-9-]*$", "x-pattern-help": "a lower-case name"}},
        "milestones": {"type": "array", "items": {"$ref": "#/$defs/milestone"}}
      },
      "$defs": {
        "date": {"type": "string", "format": "date"},
        "milestone": {
          "type": "object",
          "additionalProperties": false,
          "required": ["id", "title", "owner", "due", "status"],
          "properties": {
            "id": {"type": "string"},
            "title": {"type": "string", "minLength": 1},
            "owner": {"type": "string"},
            "due": {"$ref": "#/$defs/date"},
            "status": {"enum": ["planned", "in-progress", "done", "blocked", "dropped"]},
            "done": {"$ref": "#/$defs/date"}
          },
          "if": {"properties": {"status": {"const": "done"}}, "required": ["status"]},
          "then": {"required": ["done"]}
        }
      }
    }
    """##.utf8))

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// A document as JSON.
        let document: String
        let rule: String
        let message: String
        let hint: String?
        let path: [PathComponent]
        let target: SchemaViolation.Target

        var testDescription: String { name }
    }

    /// A valid milestone with `replacing` members swapped in (and `removing` taken out).
    static func milestone(_ replacing: String = "", removing: String? = nil) -> String {
        var members = [
            ("id", #""M1""#), ("title", #""Kickoff""#), ("owner", #""ana""#), ("due", #""2026-11-11""#), ("status", #""planned""#),
        ]
        if let removing { members.removeAll { $0.0 == removing } }
        let base = members.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ")
        let text = replacing.isEmpty ? base : base + ", " + replacing
        return #"{"milestones": [{"# + text + "}]}"
    }

    static let milestonePath: [PathComponent] = [.key("milestones"), .index(0)]

    static let cases: [Case] = [
        Case(name: "unknown key with a near miss suggests the allowed key",
             document: milestone(#""ownr": "ana""#),
             rule: "unknown-key", message: "unknown key `ownr` in milestone 1", hint: "did you mean `owner`?",
             path: milestonePath + [.key("ownr")], target: .key),
        Case(name: "unknown key without a near miss lists the allowed keys",
             document: #"{"milestones": [], "colour": "red"}"#,
             rule: "unknown-key", message: "unknown key `colour` at the top level",
             hint: "allowed keys: customer, seats, csat, renewal_confirmed, updated, contact, closed, tags, sponsor_role, segments, milestones",
             path: [.key("colour")], target: .key),
        Case(name: "enum value with a space for a hyphen suggests the allowed value",
             document: milestone().replacingOccurrences(of: #""status": "planned""#, with: #""status": "in progress""#),
             rule: "invalid-value",
             message: "`status` must be one of planned, in-progress, done, blocked, dropped; found `in progress`",
             hint: "did you mean `in-progress`?", path: milestonePath + [.key("status")], target: .value),
        Case(name: "enum value with a letter missing suggests the allowed value",
             document: milestone().replacingOccurrences(of: #""status": "planned""#, with: #""status": "inprogress""#),
             rule: "invalid-value",
             message: "`status` must be one of planned, in-progress, done, blocked, dropped; found `inprogress`",
             hint: "did you mean `in-progress`?", path: milestonePath + [.key("status")], target: .value),
        Case(name: "enum value far from every allowed value, and meaning none of them, gets no suggestion",
             document: milestone().replacingOccurrences(of: #""status": "planned""#, with: #""status": "banana""#),
             rule: "invalid-value",
             message: "`status` must be one of planned, in-progress, done, blocked, dropped; found `banana`",
             hint: nil, path: milestonePath + [.key("status")], target: .value),
        Case(name: "an enum value people type for another suggests it by meaning",
             document: milestone().replacingOccurrences(of: #""status": "planned""#, with: #""status": "finished""#),
             rule: "invalid-value",
             message: "`status` must be one of planned, in-progress, done, blocked, dropped; found `finished`",
             hint: "did you mean `done`?", path: milestonePath + [.key("status")], target: .value),
        Case(name: "one word of a compound value suggests the compound",
             document: #"{"milestones": [], "sponsor_role": "sponsor"}"#,
             rule: "invalid-value",
             message: "`sponsor_role` must be one of executive-sponsor, champion, economic-buyer; found `sponsor`",
             hint: "did you mean `executive-sponsor`?", path: [.key("sponsor_role")], target: .value),
        Case(name: "missing required key points at the mapping's first key",
             document: milestone(removing: "due"),
             rule: "missing-key", message: "missing required key `due` in milestone 1", hint: nil,
             path: milestonePath, target: .firstKeyOfMapping),
        Case(name: "key required by if/then says when it is required",
             document: milestone().replacingOccurrences(of: #""status": "planned""#, with: #""status": "done""#),
             rule: "missing-key", message: "missing required key `done` in milestone 1 (required when `status` is `done`)",
             hint: nil, path: milestonePath, target: .firstKeyOfMapping),
        Case(name: "fraction where a whole number belongs",
             document: #"{"milestones": [], "seats": 12.5}"#,
             rule: "wrong-type", message: "`seats` must be a whole number; found `12.5`",
             hint: "use a whole number, e.g. `12` or `13`", path: [.key("seats")], target: .value),
        Case(name: "yes where true or false belongs",
             document: #"{"milestones": [], "renewal_confirmed": "yes"}"#,
             rule: "wrong-type", message: "`renewal_confirmed` must be true or false; found `yes`",
             hint: "write `true` or `false`", path: [.key("renewal_confirmed")], target: .value),
        Case(name: "quoted number",
             document: #"{"milestones": [], "seats": "12"}"#,
             rule: "wrong-type", message: "`seats` must be a whole number; found `12`",
             hint: "write the number without quotes", path: [.key("seats")], target: .value),
        Case(name: "mapping where a list belongs",
             document: #"{"milestones": {"id": "M1"}}"#,
             rule: "wrong-type", message: "`milestones` must be a list; found a mapping",
             hint: "write one item per line, each starting with `- `", path: [.key("milestones")], target: .value),
        Case(name: "date that does not exist names the month's length",
             document: milestone().replacingOccurrences(of: "2026-11-11", with: "2026-02-30"),
             rule: "invalid-format",
             message: "`due` must be a date (YYYY-MM-DD); found `2026-02-30` (February 2026 has 28 days)",
             hint: "the last day of February 2026 is 2026-02-28", path: milestonePath + [.key("due")], target: .value),
        Case(name: "timestamp in a date field",
             document: milestone().replacingOccurrences(of: "2026-11-11", with: "2026-11-11T10:00:00Z"),
             rule: "invalid-format",
             message: "`due` must be a date (YYYY-MM-DD); found `2026-11-11T10:00:00Z` (a date holds only the day, without a time)",
             hint: "write `2026-11-11`", path: milestonePath + [.key("due")], target: .value),
        Case(name: "date without leading zeros",
             document: milestone().replacingOccurrences(of: "2026-11-11", with: "2026-3-7"),
             rule: "invalid-format",
             message: "`due` must be a date (YYYY-MM-DD); found `2026-3-7` (month and day take two digits)",
             hint: "write `2026-03-07`", path: milestonePath + [.key("due")], target: .value),
        Case(name: "timestamp without offset",
             document: #"{"milestones": [], "updated": "2026-11-23T09:30:00"}"#,
             rule: "invalid-format",
             message: "`updated` must be a timestamp with an offset, e.g. 2026-11-23T09:30:00+01:00; found `2026-11-23T09:30:00` (the offset from UTC is missing)",
             hint: "add `Z` for UTC or the offset, e.g. `2026-11-23T09:30:00+01:00`", path: [.key("updated")], target: .value),
        Case(name: "timestamp with a space and no seconds or offset",
             document: #"{"milestones": [], "updated": "2026-11-23 09:30"}"#,
             rule: "invalid-format",
             message: "`updated` must be a timestamp with an offset, e.g. 2026-11-23T09:30:00+01:00; found `2026-11-23 09:30` (not in the form YYYY-MM-DDThh:mm:ss and the offset from UTC is missing)",
             hint: "write e.g. `2026-11-23T09:30:00+01:00`, or `2026-11-23T09:30:00Z` for UTC",
             path: [.key("updated")], target: .value),
        Case(name: "key rejected by propertyNames points at the key",
             document: #"{"milestones": [], "segments": {"Big Deal": 1}}"#,
             rule: "invalid-format",
             message: "key `Big Deal` in `segments` must be a lower-case name; found `Big Deal`", hint: nil,
             path: [.key("segments"), .key("Big Deal")], target: .key),
        Case(name: "exclusive minimum",
             document: #"{"milestones": [], "seats": 0}"#,
             rule: "out-of-range", message: "`seats` must be greater than 0; found `0`", hint: nil,
             path: [.key("seats")], target: .value),
        Case(name: "range with both bounds",
             document: #"{"milestones": [], "csat": 7}"#,
             rule: "out-of-range", message: "`csat` must be between 1 and 5; found `7`", hint: nil,
             path: [.key("csat")], target: .value),
        Case(name: "empty string where text is required",
             document: milestone().replacingOccurrences(of: #""title": "Kickoff""#, with: #""title": """#),
             rule: "out-of-range", message: "`title` must not be empty", hint: nil,
             path: milestonePath + [.key("title")], target: .value),
        Case(name: "pattern with x-pattern-help wording",
             document: #"{"milestones": [], "customer": "Acme Corp"}"#,
             rule: "invalid-format",
             message: "`customer` must be a slug: lower-case letters, digits and hyphens; found `Acme Corp`", hint: nil,
             path: [.key("customer")], target: .value),
        Case(name: "email",
             document: #"{"milestones": [], "contact": "ops at acme"}"#,
             rule: "invalid-format", message: "`contact` must be an email address; found `ops at acme`", hint: nil,
             path: [.key("contact")], target: .value),
        Case(name: "anyOf of types merges what each branch expects",
             document: #"{"milestones": [], "closed": 12}"#,
             rule: "wrong-type", message: "`closed` must be a date (YYYY-MM-DD) or empty; found `12`", hint: nil,
             path: [.key("closed")], target: .value),
        Case(name: "anyOf reports the branch whose type matched",
             document: #"{"milestones": [], "closed": "2026-02-30"}"#,
             rule: "invalid-format",
             message: "`closed` must be a date (YYYY-MM-DD); found `2026-02-30` (February 2026 has 28 days)",
             hint: "the last day of February 2026 is 2026-02-28", path: [.key("closed")], target: .value),
        Case(name: "repeated list item points at the repetition",
             document: #"{"milestones": [], "tags": ["emea", "priority", "emea"]}"#,
             rule: "invalid-value", message: "item 3 of `tags` repeats item 1 (`emea`)",
             hint: "each item may appear only once; remove one of them", path: [.key("tags"), .index(2)], target: .value),
    ]

    @Test("violation wording", arguments: cases)
    func wording(_ testCase: Case) throws {
        let document = try JSONDocumentParser.parse(testCase.document)
        let violations = Self.planSchema.validate(document)
        let violation = try #require(violations.count == 1 ? violations.first : nil,
                                     "expected one violation, got \(violations.map(\.description))")
        #expect(violation.rule == testCase.rule)
        #expect(violation.message == testCase.message)
        #expect(violation.hint == testCase.hint)
        #expect(violation.path == testCase.path)
        #expect(violation.target == testCase.target)
    }

    @Test("the paths of violations lead to the offending nodes")
    func pathsLeadToNodes() throws {
        let text = #"{"milestones": [{"id": "M1", "title": "Kickoff", "owner": "ana", "due": "2026-02-30", "status": "Done"}]}"#
        let document = try JSONDocumentParser.parse(text)
        let violations = Self.planSchema.validate(document)
        #expect(violations.map(\.rule) == ["invalid-format", "invalid-value"])
        let due = try #require(document.node(at: violations[0].path))
        #expect(due.string == "2026-02-30")
        #expect(due.location == SourceLocation(line: 1, column: 73))
        #expect(violations[1].hint == "did you mean `done`?")
    }

    @Test("every violation is reported, once each")
    func allViolationsOnce() throws {
        let text = #"""
        {"milestones": [
            {"id": "M1", "title": "A", "ownr": "ana", "due": "2026-02-30", "status": "finished"},
            {"id": "M2", "title": "B", "owner": "bo", "due": "2026-01-01", "status": "planned", "note": "x"}
        ], "seats": -1}
        """#
        let violations = Self.planSchema.validate(try JSONDocumentParser.parse(text))
        #expect(violations.map(\.message) == [
            "unknown key `ownr` in milestone 1",
            "`due` must be a date (YYYY-MM-DD); found `2026-02-30` (February 2026 has 28 days)",
            "`status` must be one of planned, in-progress, done, blocked, dropped; found `finished`",
            "missing required key `owner` in milestone 1",
            "unknown key `note` in milestone 2",
            "`seats` must be greater than 0; found `-1`",
        ])
        #expect(Set(violations).count == violations.count)
    }

    @Test("valid documents have no violations, including leap days")
    func validDocuments() throws {
        for text in [
            Self.milestone(),
            Self.milestone().replacingOccurrences(of: "2026-11-11", with: "2028-02-29"),
            #"{"milestones": [], "closed": null, "updated": "2026-11-23T09:30:00+01:00", "seats": 3, "csat": 4.5}"#,
        ] {
            #expect(Self.planSchema.validate(try JSONDocumentParser.parse(text)).isEmpty, "\(text)")
        }
    }

    @Test("one compiled schema validates from many threads at once")
    func concurrentValidation() async throws {
        let bad = try JSONDocumentParser.parse(Self.milestone(#""ownr": "ana""#))
        let good = try JSONDocumentParser.parse(Self.milestone())
        let expected = Self.planSchema.validate(bad)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask {
                    (0..<200).allSatisfy { _ in
                        index.isMultiple(of: 2)
                            ? Self.planSchema.validate(bad) == expected : Self.planSchema.validate(good).isEmpty
                    }
                }
            }
            for try await agreed in group { #expect(agreed) }
        }
    }
}

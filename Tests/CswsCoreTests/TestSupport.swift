import Foundation
import Testing

@testable import CswsCore

/// The as-of date every core test uses, so no result depends on the clock.
let testAsOf = CalendarDate("2026-11-23")!

/// A temporary folder, removed by `withTemporaryFolder` when the body returns or throws.
func withTemporaryFolder<Result>(_ body: (String) throws -> Result) throws -> Result {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("csws-core-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    // The workspace root is reported symlink-free (macOS: /var → /private/var); match it.
    let path = realpath(url.path, nil).map { pointer -> String in
        defer { free(pointer) }
        return String(cString: pointer)
    } ?? url.path
    return try body(path)
}

/// A workspace written from the template into a temporary folder, with helpers to add and edit
/// files and to run the checker.
struct TestWorkspace {
    let root: String

    var workspace: Workspace { Workspace(root: root) }

    func path(_ relative: String) -> String { root + "/" + relative }

    func write(_ relative: String, _ text: String) throws {
        try write(relative, bytes: Array(text.utf8))
    }

    func write(_ relative: String, bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: path(relative))
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: path(relative))
    }

    /// Replaces the first occurrence of `old` (which must be there) with `new` in a file.
    func replace(in relative: String, _ old: String, with new: String,
                 sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let text = try read(relative)
        let range = try #require(text.range(of: old), "`\(old)` not found in \(relative)", sourceLocation: sourceLocation)
        try write(relative, text.replacingCharacters(in: range, with: new))
    }

    func check(asOf: CalendarDate = testAsOf, paths: [String] = [], owner: String? = nil,
               customers: [String] = []) -> CheckResult {
        Checker.check(
            workspace, request: CheckRequest(asOf: asOf, paths: paths, owner: owner, customers: customers))
    }

    /// A valid customer: account.yaml and plan.yaml that produce no finding as of `testAsOf`.
    func addCustomer(_ id: String, owner: String = "ana", segment: String = "enterprise") throws {
        try write("customers/\(id)/account.yaml", Fixture.account(id: id, owner: owner, segment: segment))
        try write("customers/\(id)/plan.yaml", Fixture.plan(owner: owner))
    }
}

/// Runs `body` on a fresh workspace written by `WorkspaceTemplate.write(to:name:)`.
func withWorkspace<Result>(_ body: (TestWorkspace) throws -> Result) throws -> Result {
    try withTemporaryFolder { folder in
        try WorkspaceTemplate.write(to: folder, name: "Test team")
        return try body(TestWorkspace(root: folder))
    }
}

/// Texts of valid files (line numbers in tests are computed from these texts, never assumed).
enum Fixture {
    static func account(id: String, owner: String = "ana", segment: String = "enterprise",
                        start: String = "2026-01-15", end: String = "2027-09-30") -> String {
        """
        id: \(id)
        name: Test Customer \(id)
        segment: \(segment)
        owner: \(owner)
        account_executive: dev
        status: active
        contract:
          start: \(start)
          end: \(end)
          seats: 100
          plan: enterprise
          term: annual
        arr: 120000
        currency: USD

        """
    }

    static func plan(owner: String = "ana") -> String {
        """
        objectives:
          - id: O1
            text: Faster month-end close
        milestones:
          - id: M1
            title: Kickoff
            phase: onboarding
            owner: \(owner)
            due: 2026-01-20
            status: done
            done: 2026-01-19
          - id: M2
            title: Executive review
            phase: optimisation
            owner: carla
            due: 2027-03-01
            status: planned
        metrics: []
        risks:
          - id: R1
            text: Sponsor may change roles
            severity: low
            owner: \(owner)

        """
    }

    static func signals(date: String) -> String {
        """
        date: \(date)
        source: manual
        usage:
          active_users: 80
          last_login: \(date)

        """
    }

    static func voc(date: String) -> String {
        """
        date: \(date)
        source: call
        kind: praise
        area: reporting
        severity: low
        summary: Loves the new dashboards
        status: acknowledged
        responded: \(date)

        """
    }

    static func escalation(opened: String) -> String {
        """
        opened: \(opened)
        trigger: critical-bug
        level: [vp-engineering, vp-cs]
        respond_within_hours: 4
        acknowledged: \(opened)
        summary: Exports fail for every user

        """
    }

    static func qbr(date: String) -> String {
        """
        date: \(date)
        attendees: [ana]
        expansion_discussed: false

        """
    }
}

/// The 1-based line and column (in Unicode scalars) where the `occurrence`-th (1-based) `needle`
/// starts in `text`: how tests state where a diagnostic must point without counting by hand.
func position(of needle: String, in text: String, occurrence: Int = 1) -> (line: Int, column: Int)? {
    var searchStart = text.startIndex
    var found: Range<String.Index>?
    for _ in 0..<occurrence {
        guard let range = text.range(of: needle, range: searchStart..<text.endIndex) else { return nil }
        found = range
        searchStart = range.upperBound
    }
    guard let found else { return nil }
    let before = text[text.startIndex..<found.lowerBound]
    let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
    let line = lines.count
    let column = (lines.last.map { $0.unicodeScalars.count } ?? 0) + 1
    return (line, column)
}

extension CheckResult {
    func diagnostics(_ rule: String) -> [Diagnostic] { diagnostics.filter { $0.rule == rule } }

    /// `file:line:col: severity: message [rule]` lines, for failure messages.
    var listing: String {
        diagnostics.map {
            "\($0.file):\($0.location.line):\($0.location.column): \($0.severity.rawValue): \($0.message) [\($0.rule)]"
        }.joined(separator: "\n")
    }
}

import CswsTestSupport
import Foundation
import Testing

@testable import CswsCore

// Helpers for the scoring, trigger, time-rule, agenda and plan-editing tests. Every number a test
// expects is worked out by hand in that test from SPEC §4/§10.2 and the template's csws.yaml; these
// helpers only write files and read results.

/// Texts of customer files with exactly the values a scoring test needs.
enum ScoreFixture {
    /// account.yaml. `extra` is appended verbatim (top-level keys such as `risk_override:`).
    static func account(
        id: String, owner: String = "ana", segment: String = "enterprise", status: String = "active",
        start: String = "2026-01-15", end: String = "2027-09-30", seats: Int = 100, extra: String = ""
    ) -> String {
        """
        id: \(id)
        name: Customer \(id)
        segment: \(segment)
        owner: \(owner)
        account_executive: dev
        status: \(status)
        contract:
          start: \(start)
          end: \(end)
          seats: \(seats)
          plan: enterprise
          term: annual
        arr: 120000
        currency: USD

        """ + extra
    }

    /// A plan with the given milestone block (already indented under `milestones:`), or none.
    static func plan(milestones: String = "") -> String {
        if milestones.isEmpty {
            return """
                objectives:
                  - id: O1
                    text: Faster month-end close
                milestones: []

                """
        }
        return """
            objectives:
              - id: O1
                text: Faster month-end close
            milestones:
            \(milestones)
            """
    }

    /// One milestone, indented for `plan(milestones:)`.
    static func milestone(
        _ id: String, due: String, status: String = "planned", phase: String = "adoption", owner: String = "ana",
        done: String? = nil, firstValue: Bool = false, source: String? = nil
    ) -> String {
        var lines = [
            "  - id: \(id)", "    title: Milestone \(id)", "    phase: \(phase)", "    owner: \(owner)",
            "    due: \(due)", "    status: \(status)",
        ]
        if let done { lines.append("    done: \(done)") }
        if firstValue { lines.append("    first_value: true") }
        if let source { lines.append("    source: \(source)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every signal at its `good` threshold as of 2026-11-23 with 100 seats (template model):
    /// utilisation 80/100 = 0.8, adoption 7/10 = 0.7, dau_mau 0.4, last login 2 days ago,
    /// attendance 9/10 = 0.9, sponsor engaged, last touch 14 days ago, 0 high-severity, 0
    /// escalations, 2 open tickets, NPS 9, CSAT 4.5, CES 2 → every signal health 100.
    static let healthy: [String: String] = [
        "usage.active_users": "80", "usage.key_features_adopted": "7", "usage.key_features_total": "10",
        "usage.dau_mau": "0.4", "usage.last_login": "2026-11-21",
        "engagement.meetings_scheduled_90d": "10", "engagement.meetings_attended_90d": "9",
        "engagement.exec_sponsor_engaged": "true", "engagement.last_touch": "2026-11-09",
        "support.high_severity_open": "0", "support.escalations_90d": "0", "support.open_tickets": "2",
        "sentiment.nps": "9", "sentiment.csat": "4.5", "sentiment.ces": "2",
    ]

    /// Every signal at its `bad` threshold as of 2026-11-23 with 100 seats (every health 0).
    static let unhealthy: [String: String] = [
        "usage.active_users": "20", "usage.key_features_adopted": "2", "usage.key_features_total": "10",
        "usage.dau_mau": "0.1", "usage.last_login": "2026-11-02",
        "engagement.meetings_scheduled_90d": "10", "engagement.meetings_attended_90d": "3",
        "engagement.exec_sponsor_engaged": "false", "engagement.last_touch": "2026-09-24",
        "support.high_severity_open": "3", "support.escalations_90d": "3", "support.open_tickets": "15",
        "sentiment.nps": "4", "sentiment.csat": "3.0", "sentiment.ces": "5",
    ]

    /// `base` with `changes` applied (a nil value removes the field).
    static func values(_ base: [String: String], _ changes: [String: String?]) -> [String: String] {
        var result = base
        for (key, value) in changes { result[key] = value }
        return result
    }

    /// A signals snapshot: `values` maps `section.field` to YAML text; `events` are (kind, date).
    static func snapshot(_ date: String, _ values: [String: String], events: [(String, String)] = []) -> String {
        var text = "date: \(date)\nsource: manual\n"
        for section in ["usage", "support", "engagement", "sentiment"] {
            let fields = values.keys.filter { $0.hasPrefix(section + ".") }.sorted()
            guard !fields.isEmpty else { continue }
            text += "\(section):\n"
            for field in fields { text += "  \(field.dropFirst(section.count + 1)): \(values[field]!)\n" }
        }
        if !events.isEmpty {
            text += "events:\n"
            for (kind, eventDate) in events { text += "  - {kind: \(kind), date: \(eventDate)}\n" }
        }
        return text
    }

    /// A scoring model with one dimension and one signal: health = NPS × 10 (bad 0, good 10),
    /// so risk = 100 − 10·NPS before events and the renewal factor.
    static let npsOnlyScoring = """
        scoring:
          dimensions: {sentiment: 1}
          signals:
            nps: {dimension: sentiment, bad: 0, good: 10}

        """
}

extension TestWorkspace {
    /// Replaces csws.yaml's whole `scoring:` section with `block` (which starts with `scoring:`).
    func setScoring(_ block: String) throws {
        var lines = try read("csws.yaml").components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "scoring:"), "csws.yaml has no scoring section")
        let end = lines[(start + 1)...].firstIndex { line in
            guard let first = line.first else { return false }
            return first.isLetter
        } ?? lines.count
        lines.replaceSubrange(start..<end, with: block.components(separatedBy: "\n"))
        try write("csws.yaml", lines.joined(separator: "\n"))
    }

    /// Writes account.yaml (and an empty plan unless `plan` is given) for a customer.
    func addScoredCustomer(_ id: String, account: String? = nil, plan: String? = nil) throws {
        try write("customers/\(id)/account.yaml", account ?? ScoreFixture.account(id: id))
        try write("customers/\(id)/plan.yaml", plan ?? ScoreFixture.plan())
    }

    func addSnapshot(_ id: String, _ date: String, _ values: [String: String], events: [(String, String)] = [],
                     label: String? = nil) throws {
        let name = label.map { "\(date)-\($0)" } ?? date
        try write("customers/\(id)/signals/\(name).yaml", ScoreFixture.snapshot(date, values, events: events))
    }

    /// Every non-churned customer's score, as `csws score` computes it.
    func scores(asOf: CalendarDate = testAsOf) -> [ScoredCustomer] {
        PortfolioScorer.scoreAll(workspace, asOf: asOf)
    }

    func scored(_ id: String, asOf: CalendarDate = testAsOf,
                sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ScoredCustomer {
        try #require(scores(asOf: asOf).first { $0.record.id == id }, "\(id) not scored", sourceLocation: sourceLocation)
    }

    /// `csws score --format json` for the workspace, parsed keeping key order and number texts.
    func scoreJSON(asOf: CalendarDate = testAsOf) throws -> OrderedJSON {
        try OrderedJSON.parse(ScoreJSONReporter.render(PortfolioScorer.sortedByRisk(scores(asOf: asOf)), asOf: asOf))
    }

    /// One customer's object from `scoreJSON`.
    func scoreJSON(_ id: String, asOf: CalendarDate = testAsOf,
                   sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> OrderedJSON {
        let customers = try scoreJSON(asOf: asOf)["customers"]?.elements ?? []
        return try #require(customers.first { $0["id"]?.string == id }, "\(id) not in score JSON",
                            sourceLocation: sourceLocation)
    }

    /// The agenda as `csws agenda --owner all` builds it.
    func agenda(asOf: CalendarDate = testAsOf, days: Int = 7) -> [AgendaItem] {
        AgendaBuilder.build(workspace, asOf: asOf, horizonDays: days)
    }
}

extension OrderedJSON {
    /// A signal's object inside a customer's `dimensions`.
    func signal(_ name: String) -> OrderedJSON? {
        for dimension in self["dimensions"]?.elements ?? [] {
            if let found = dimension["signals"]?.elements?.first(where: { $0["name"]?.string == name }) { return found }
        }
        return nil
    }

    func dimension(_ name: String) -> OrderedJSON? {
        self["dimensions"]?.elements?.first { $0["name"]?.string == name }
    }
}

/// Flattens a workspace into the tables of `csws export` (SPEC §10.7) in one pass over the
/// customers, checking validity on the way (what blocks a push also blocks an export).
public enum ExportBuilder {
    public struct Result: Sendable {
        public var tables: [ExportTable]
        /// Warnings about what the export leaves out (hidden folders under customers/).
        public var warnings: [Diagnostic] = []
        /// Validity errors (syntax, schema, cross-file): the export is refused unless forced.
        public var errors: [Diagnostic]
    }

    typealias T = ExportTable.ColumnType

    /// Every table with its columns, in export order (rows empty).
    static func emptyTables() -> [ExportTable] {
        let c: (String, T) = ("customer", .text)
        let f: (String, T) = ("file", .text)
        return [
            ExportTable("customers", [
                c, f, ("name", .text), ("segment", .text), ("owner", .text), ("account_executive", .text), ("status", .text),
                ("contract_start", .text), ("contract_end", .text), ("seats", .integer), ("plan", .text), ("term", .text),
                ("arr", .real), ("currency", .text), ("override_tier", .text), ("override_reason", .text),
                ("override_by", .text), ("override_until", .text), ("success_outcome", .text),
                ("success_timeframe_days", .integer),
            ], primaryKey: ["customer"]),
            ExportTable("stakeholders", [c, f, ("name", .text), ("title", .text), ("email", .text), ("role", .text)]),
            ExportTable("revenue", [c, f, ("date", .text), ("kind", .text), ("amount", .real)]),
            ExportTable("milestones", [
                c, f, ("id", .text), ("title", .text), ("phase", .text), ("owner", .text), ("due", .text), ("status", .text),
                ("done", .text), ("first_value", .integer), ("source", .text),
            ], primaryKey: ["customer", "id"]),
            ExportTable("objectives", [c, f, ("id", .text), ("text", .text), ("metric", .text)], primaryKey: ["customer", "id"]),
            ExportTable("metrics", [c, f, ("id", .text), ("name", .text), ("unit", .text), ("baseline", .real), ("target", .real)],
                        primaryKey: ["customer", "id"]),
            ExportTable("metric_readings", [c, f, ("metric", .text), ("date", .text), ("value", .real)]),
            ExportTable("risks", [c, f, ("id", .text), ("text", .text), ("severity", .text), ("owner", .text), ("mitigation", .text)],
                        primaryKey: ["customer", "id"]),
            ExportTable("signals", [c, f, ("date", .text), ("source", .text)] + signalColumns.map { ($0.column, $0.type) }),
            ExportTable("signal_events", [c, f, ("kind", .text), ("date", .text), ("note", .text)]),
            ExportTable("voc", [
                c, f, ("date", .text), ("source", .text), ("from", .text), ("kind", .text), ("area", .text), ("tags", .text),
                ("severity", .text), ("summary", .text), ("status", .text), ("responded", .text), ("response", .text),
                ("closed", .text), ("nps", .real),
            ]),
            ExportTable("qbrs", [
                c, f, ("date", .text), ("attendees", .text), ("outcomes_recap", .text), ("risks_blockers", .text),
                ("expansion_discussed", .integer), ("decisions", .text), ("next_quarter_priorities", .integer),
            ]),
            ExportTable("escalations", [
                c, f, ("opened", .text), ("trigger", .text), ("level", .text), ("respond_within_hours", .integer),
                ("acknowledged", .text), ("resolved", .text), ("summary", .text), ("recommended_action", .text), ("urgency", .text),
            ]),
            ExportTable("scores", [
                c, ("as_of", .text), ("health", .real), ("coverage", .real), ("risk", .real), ("tier", .text), ("trend", .text),
                ("override_tier", .text), ("drivers", .text),
            ], primaryKey: ["customer"]),
        ]
    }

    /// How many tables an export has (the rows of one customer come per table, in this order).
    static let tableCount = emptyTables().count

    /// Every leaf of a signals snapshot, as a typed column (counts INTEGER, measures REAL).
    static let signalColumns: [(column: String, path: [String], type: T)] = [
        ("active_users", ["usage", "active_users"], .integer), ("login_rate", ["usage", "login_rate"], .real),
        ("key_features_adopted", ["usage", "key_features_adopted"], .integer),
        ("key_features_total", ["usage", "key_features_total"], .integer), ("dau_mau", ["usage", "dau_mau"], .real),
        ("last_login", ["usage", "last_login"], .text), ("open_tickets", ["support", "open_tickets"], .integer),
        ("high_severity_open", ["support", "high_severity_open"], .integer),
        ("escalations_90d", ["support", "escalations_90d"], .integer),
        ("meetings_scheduled_90d", ["engagement", "meetings_scheduled_90d"], .integer),
        ("meetings_attended_90d", ["engagement", "meetings_attended_90d"], .integer),
        ("exec_sponsor_engaged", ["engagement", "exec_sponsor_engaged"], .integer),
        ("last_touch", ["engagement", "last_touch"], .text), ("nps", ["sentiment", "nps"], .real),
        ("csat", ["sentiment", "csat"], .real), ("ces", ["sentiment", "ces"], .real),
    ]

    public static func build(
        _ workspace: Workspace, shared: SharedFiles? = nil, asOf: CalendarDate,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) -> Result {
        let shared = shared ?? WorkspaceLoader.loadShared(workspace)
        let context = PortfolioScorer.Context(shared: shared)
        let settings = shared.settings
        let perCustomer = WorkspaceLoader.mapCustomers(shared.customerIDs, in: workspace, progress: progress) { loaded -> ([[[ExportTable.Value]]], [Diagnostic]) in
            let errors = Checker.validityDiagnostics(loaded, settings: settings, asOf: asOf).filter { $0.severity == .error }
            return (rows(loaded.files, context: context, asOf: asOf), errors)
        }
        var tables = emptyTables()
        for (rows, _) in perCustomer {
            for index in tables.indices { tables[index].rows += rows[index] }
        }
        let sharedErrors = Checker.sharedDiagnostics(shared).filter { $0.severity == .error && RuleCatalog.isValidityRule($0.rule) }
        return Result(
            tables: tables, warnings: shared.layoutDiagnostics.filter { $0.rule == "hidden-folder" },
            errors: Diagnostic.sortedForReport(sharedErrors + perCustomer.flatMap(\.1)))
    }

    /// One customer's rows for each table, in `emptyTables()` order.
    static func rows(_ files: CustomerFiles, context: PortfolioScorer.Context, asOf: CalendarDate) -> [[[ExportTable.Value]]] {
        typealias V = ExportTable.Value
        var tables = Array(repeating: [[V]](), count: tableCount)
        let id = V.text(files.id)
        func file(_ loaded: LoadedFile?) -> V { loaded.map { .text($0.file.relativePath) } ?? .null }
        func values(_ node: DocumentNode?, _ fields: [(String, T)]) -> [V] { fields.map { V(node?[$0.0], as: $0.1) } }

        if let account = files.account?.document {
            let contract = account["contract"]
            let override = account["risk_override"]
            let success = account["success_definition"]
            tables[0].append([id, file(files.account)] + values(account, [("name", .text), ("segment", .text), ("owner", .text),
                ("account_executive", .text), ("status", .text)])
                + values(contract, [("start", .text), ("end", .text), ("seats", .integer), ("plan", .text), ("term", .text)])
                + values(account, [("arr", .real), ("currency", .text)])
                + values(override, [("tier", .text), ("reason", .text), ("by", .text), ("until", .text)])
                + [V(success?["outcome"], as: .text), V(success?["timeframe_days"], as: .integer)])
            for person in account["stakeholders"]?.elements ?? [] {
                tables[1].append([id, file(files.account)] + values(person, [("name", .text), ("title", .text), ("email", .text), ("role", .text)]))
            }
            for event in account["revenue"]?.elements ?? [] {
                tables[2].append([id, file(files.account)] + values(event, [("date", .text), ("kind", .text), ("amount", .real)]))
            }
        }
        if let plan = files.plan?.document {
            let source = file(files.plan)
            for milestone in plan["milestones"]?.elements ?? [] {
                tables[3].append([id, source] + values(milestone, [("id", .text), ("title", .text), ("phase", .text), ("owner", .text),
                    ("due", .text), ("status", .text), ("done", .text)])
                    + [V(milestone["first_value"], as: .integer) == .null ? .integer(0) : V(milestone["first_value"], as: .integer),
                       V(milestone["source"], as: .text)])
            }
            for objective in plan["objectives"]?.elements ?? [] {
                tables[4].append([id, source] + values(objective, [("id", .text), ("text", .text), ("metric", .text)]))
            }
            for metric in plan["metrics"]?.elements ?? [] {
                tables[5].append([id, source] + values(metric, [("id", .text), ("name", .text), ("unit", .text), ("baseline", .real), ("target", .real)]))
                for reading in metric["readings"]?.elements ?? [] {
                    tables[6].append([id, source, V(metric["id"], as: .text)] + values(reading, [("date", .text), ("value", .real)]))
                }
            }
            for risk in plan["risks"]?.elements ?? [] {
                tables[7].append([id, source] + values(risk, [("id", .text), ("text", .text), ("severity", .text), ("owner", .text), ("mitigation", .text)]))
            }
        }
        for snapshot in files.signals {
            guard let document = snapshot.document else { continue }
            tables[8].append([id, file(snapshot)] + values(document, [("date", .text), ("source", .text)])
                + signalColumns.map { column in V(document[column.path[0]]?[column.path[1]], as: column.type) })
            for event in document["events"]?.elements ?? [] {
                tables[9].append([id, file(snapshot)] + values(event, [("kind", .text), ("date", .text), ("note", .text)]))
            }
        }
        for item in files.voc {
            guard let document = item.document else { continue }
            tables[10].append([id, file(item)] + values(document, [("date", .text), ("source", .text), ("from", .text), ("kind", .text),
                ("area", .text), ("tags", .text), ("severity", .text), ("summary", .text), ("status", .text), ("responded", .text),
                ("response", .text), ("closed", .text), ("nps", .real)]))
        }
        for qbr in files.qbrs {
            guard let document = qbr.document else { continue }
            tables[11].append([id, file(qbr)] + values(document, [("date", .text), ("attendees", .text), ("outcomes_recap", .text),
                ("risks_blockers", .text), ("expansion_discussed", .integer), ("decisions", .text)])
                + [document["next_quarter"]?.elements.map { .integer($0.count) } ?? .null])
        }
        for escalation in files.escalations {
            guard let document = escalation.document else { continue }
            tables[12].append([id, file(escalation)] + values(document, [("opened", .text), ("trigger", .text), ("level", .text),
                ("respond_within_hours", .integer), ("acknowledged", .text), ("resolved", .text), ("summary", .text),
                ("recommended_action", .text), ("urgency", .text)]))
        }
        // Scores, as `csws score` computes them, for every customer that is not churned.
        if files.account?.document != nil {
            let record = CustomerRecord(files)
            if !record.isChurned {
                let scored = PortfolioScorer.score(record, context: context, asOf: asOf)
                let score = scored.score
                tables[13].append([
                    id, .text(asOf.description), score.health.map { .real($0.rounded(places: 2)) } ?? .null,
                    score.coverage.map { .real($0.rounded(places: 4)) } ?? .null, score.risk.map { .real(Rational($0)) } ?? .null,
                    score.tier.map { .text($0.rawValue) } ?? .null, score.trend.map { .text($0.rawValue) } ?? .null,
                    scored.riskOverride.map { .text($0.tier) } ?? .null,
                    score.drivers.isEmpty ? .null : .text(score.drivers.map { "\($0.name) \($0.value) (+\($0.points.text(places: 2)))" }.joined(separator: "; ")),
                ])
            }
        }
        return tables
    }
}

import Foundation

/// `csws import accounts` and `csws import signals` (SPEC §8, §10.7): every row validated, every
/// file the import would write checked as `csws check` checks it, and only then — all of it, or
/// nothing — written, each file atomically.
public struct WorkspaceImport: Sendable {
    public struct Plan: Sendable {
        /// Workspace-relative path → the file's new text.
        public var writes: [(path: String, text: String)]
        /// What changes, as `csws diff` says it: `acme account: arr 120000 → 150000`.
        public var changes: [String]
    }

    public let workspace: Workspace
    public let shared: SharedFiles
    public let asOf: CalendarDate

    public init(workspace: Workspace, shared: SharedFiles, asOf: CalendarDate) {
        self.workspace = workspace
        self.shared = shared
        self.asOf = asOf
    }

    public static let accountFields = ["id", "name", "segment", "owner", "arr", "contract_start", "contract_end", "seats", "plan",
                                       "term", "status", "currency", "account_executive"]

    public static let signalFields = ["id"] + ExportBuilder.signalColumns.map(\.column)

    /// Writes a plan: each file atomically (temporary file, flushed, then renamed), on every core —
    /// a CRM import writes thousands of files and each waits for its flush.
    public func apply(_ plan: Plan) throws {
        let folders = Set(plan.writes.map { (workspace.absolute($0.path) as NSString).deletingLastPathComponent })
        for folder in folders { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let writes = plan.writes
        let failures = ResultSlots<AtomicFileWriter.Failure?>(count: writes.count)
        DispatchQueue.concurrentPerform(iterations: writes.count) { index in
            let path = workspace.absolute(writes[index].path)
            do {
                try AtomicFileWriter.write(writes[index].text, to: path, flush: false)
                failures[index] = .some(nil)
            } catch let failure as AtomicFileWriter.Failure {
                failures[index] = failure
            } catch {
                failures[index] = AtomicFileWriter.Failure(path: path, reason: "\(error)")
            }
        }
        AtomicFileWriter.flushAll()
        if let failure = failures.values().compactMap({ $0 }).first { throw failure }
    }

    /// Loads and schema-validates a file's new text, as `csws check` would.
    func validity(of text: String, kind: FileKind) -> [Finding] {
        let loaded = DocumentLoader.load(text: text)
        var findings = loaded.findings
        if let document = loaded.document { findings += SchemaCatalog.shared.validate(document, as: kind) }
        return findings.filter { $0.severity == .error }
    }

    // MARK: signals

    public func signals(_ input: CSVInput, date: CalendarDate, label: String?) -> Result<Plan, ImportRejection> {
        var problems: [ImportProblem] = []
        var plan = Plan(writes: [], changes: [])
        var seen: [String: Int] = [:]
        let fileName = "\(date)" + (label.map { "-\($0)" } ?? "") + ".yaml"
        for row in input.rows {
            func bad(_ column: String?, _ message: String, hint: String? = nil) {
                problems.append(ImportProblem(file: input.file, row: row.number, column: column, message: message, hint: hint))
            }
            guard let id = row.cells["id"] else { bad("id", "missing"); continue }
            guard shared.customerIDs.contains(id) else {
                bad("id", "no customer `\(id)`", hint: Suggestions.nearest(to: id, in: shared.customerIDs).map { "did you mean `\($0)`?" })
                continue
            }
            if let first = seen[id] { bad("id", "`\(id)` again (first in row \(first))"); continue }
            seen[id] = row.number
            let path = "customers/\(id)/signals/\(fileName)"
            if FileManager.default.fileExists(atPath: workspace.absolute(path)) {
                bad("id", "\(path) already exists", hint: "snapshots are never overwritten: pass another --date or --label")
                continue
            }
            var sections: [String: [String]] = [:]
            var order: [String] = []
            for column in ExportBuilder.signalColumns {
                guard let cell = row.cells[column.column] else { continue }
                let rendered: String?
                switch column.column {
                case "last_login", "last_touch":
                    rendered = CalendarDate(cell)?.description
                    if rendered == nil { bad(column.column, "`\(cell)` is not a date", hint: "write YYYY-MM-DD") }
                case "exec_sponsor_engaged":
                    rendered = CellValue.bool(cell).map { $0 ? "true" : "false" }
                    if rendered == nil { bad(column.column, "`\(cell)` is not true or false", hint: "true/false, yes/no or 1/0") }
                default:
                    let number = CellValue.number(cell)
                    if number == nil {
                        bad(column.column, "`\(cell)` is not a number", hint: CellValue.numberHint(cell))
                    } else if column.type == .integer, number?.denominator != 1 {
                        bad(column.column, "`\(cell)` is not a whole number")
                    }
                    rendered = number.map { _ in cell }
                }
                guard let rendered else { continue }
                let section = column.path[0]
                if sections[section] == nil { order.append(section) }
                sections[section, default: []].append("  \(column.path[1]): \(rendered)")
            }
            var lines = [WorkspaceTemplate.modeline(for: .signals, depth: 3), "date: \(date)",
                         "source: \(YAMLText.scalar("import \(input.file)"))"]
            for section in ["usage", "support", "engagement", "sentiment"] where sections[section] != nil {
                lines += ["\(section):"] + sections[section]!
            }
            let text = lines.joined(separator: "\n") + "\n"
            for finding in validity(of: text, kind: .signals) { bad(nil, "the snapshot would not be valid: \(finding.message)") }
            plan.writes.append((path, text))
            plan.changes.append("\(id): new signals snapshot \(fileName)")
        }
        return problems.isEmpty ? .success(plan) : .failure(ImportRejection(problems: problems))
    }

    // MARK: accounts

    static let enums: [String: [String]] = [
        "plan": ["starter", "professional", "enterprise", "enterprise-plus"], "term": ["monthly", "quarterly", "annual", "multi-year"],
        "status": ["onboarding", "active", "churned"],
    ]

    /// Where each field lives in account.yaml.
    static let accountPaths: [String: [String]] = [
        "name": ["name"], "segment": ["segment"], "owner": ["owner"], "arr": ["arr"], "contract_start": ["contract", "start"],
        "contract_end": ["contract", "end"], "seats": ["contract", "seats"], "plan": ["contract", "plan"],
        "term": ["contract", "term"], "status": ["status"], "currency": ["currency"], "account_executive": ["account_executive"],
    ]

    public func accounts(_ input: CSVInput, dateFormat: CellValue.DateFormat?) -> Result<Plan, ImportRejection> {
        var problems: [ImportProblem] = []
        var plan = Plan(writes: [], changes: [])
        var seen: [String: Int] = [:]
        let settings = shared.settings
        let onboarding = shared.playbooks.first { $0.file.kind == .onboardingPlaybook }?.document
        for row in input.rows {
            func bad(_ column: String?, _ message: String, hint: String? = nil) {
                problems.append(ImportProblem(file: input.file, row: row.number, column: column, message: message, hint: hint))
            }
            let before = problems.count
            guard let id = row.cells["id"] else { bad("id", "missing"); continue }
            guard Workspace.isSlug(id) else {
                bad("id", "`\(id)` is not an id", hint: "lowercase letters, digits and dashes, starting with a letter or digit")
                continue
            }
            if let first = seen[id] { bad("id", "`\(id)` again (first in row \(first))"); continue }
            seen[id] = row.number

            // Each cell, validated and rendered as YAML.
            var values: [String: String] = [:]
            var dates: [String: CalendarDate] = [:]
            for (field, cell) in row.cells where field != "id" {
                switch field {
                case "arr":
                    guard let number = CellValue.number(cell) else { bad(field, "`\(cell)` is not a number", hint: CellValue.numberHint(cell)); continue }
                    guard number >= 0 else { bad(field, "must be 0 or more"); continue }
                    values[field] = cell
                case "seats":
                    guard let seats = Int(cell), seats > 0 else { bad(field, "`\(cell)` is not a whole number of seats above 0"); continue }
                    values[field] = String(seats)
                case "contract_start", "contract_end":
                    guard let date = CellValue.date(cell, format: dateFormat) else {
                        bad(field, "`\(cell)` is not a date", hint: dateFormat == nil ? "write YYYY-MM-DD, or pass --date-format mdy|dmy" : "write YYYY-MM-DD or the --date-format form")
                        continue
                    }
                    dates[field] = date
                    values[field] = date.description
                case "segment":
                    let known = settings?.segments?.map(\.name) ?? []
                    guard known.isEmpty || known.contains(cell) else {
                        bad(field, "unknown segment `\(cell)`", hint: Suggestions.nearest(to: cell, in: known).map { "did you mean `\($0)`?" } ?? "segments: " + known.joined(separator: ", "))
                        continue
                    }
                    values[field] = YAMLText.scalar(cell)
                case "owner", "account_executive":
                    guard settings?.isKnownOwner(cell) ?? true else {
                        bad(field, "`\(cell)` is not a team member", hint: Suggestions.nearest(to: cell, in: settings?.team?.map(\.id) ?? []).map { "did you mean `\($0)`?" })
                        continue
                    }
                    values[field] = YAMLText.scalar(cell)
                case "plan", "term", "status":
                    guard Self.enums[field]!.contains(cell) else {
                        bad(field, "`\(cell)` is not one of \(Self.enums[field]!.joined(separator: ", "))",
                            hint: Suggestions.nearest(to: cell, in: Self.enums[field]!).map { "did you mean `\($0)`?" })
                        continue
                    }
                    values[field] = cell
                default:
                    values[field] = YAMLText.scalar(cell)
                }
            }
            let accountPath = "customers/\(id)/account.yaml"
            let existing = shared.customerIDs.contains(id)
            if !existing {
                let required = ["name", "segment", "owner", "arr", "contract_start", "contract_end", "seats"]
                let missing = required.filter { row.cells[$0] == nil }
                if !missing.isEmpty { bad(nil, "a new customer needs " + missing.joined(separator: ", ")) }
            }
            guard problems.count == before else { continue }
            if existing {
                guard let text = try? String(contentsOfFile: workspace.absolute(accountPath), encoding: .utf8),
                    let document = DocumentLoader.load(text: text).document
                else { bad(nil, "\(accountPath) cannot be read", hint: "run `csws check customers/\(id)`"); continue }
                let start = dates["contract_start"] ?? document["contract"]?["start"]?.date
                let end = dates["contract_end"] ?? document["contract"]?["end"]?.date
                if let start, let end, end <= start { bad("contract_end", "the contract ends (\(end)) before it starts (\(start))"); continue }
                var editor = YAMLTextEditor(text: text)
                var changed: [String] = []
                // Bottom-up, so earlier locations stay valid.
                let edits = values.compactMap { field, value -> (DocumentNode?, [String], String, String)? in
                    let path = Self.accountPaths[field]!
                    var node: DocumentNode? = document
                    for key in path { node = node?[key] }
                    if let node, ScalarText.same(node, value) { return nil }
                    return (node, path, field, value)
                }.sorted { ($0.0?.location.line ?? Int.max) > ($1.0?.location.line ?? Int.max) }
                for (node, path, field, value) in edits {
                    if let node, node.location.line > 0, node.isScalar {
                        editor.replace(at: node.location, width: node.width, with: value)
                    } else if !Self.insert(path, value, into: &editor, document: document) {
                        bad(field, "cannot place `\(path.joined(separator: "."))` in \(accountPath)", hint: "add it by hand")
                        continue
                    }
                    changed.append("\(path.joined(separator: ".")) \(node.map(ScalarText.text) ?? "(none)") → \(value)")
                }
                guard !changed.isEmpty else { continue }
                for finding in validity(of: editor.text, kind: .account) { bad(nil, "the account would not be valid: \(finding.message)") }
                plan.writes.append((accountPath, editor.text))
                plan.changes += changed.sorted().map { "\(id) account: \($0)" }
            } else {
                guard let start = dates["contract_start"], let end = dates["contract_end"], end > start else {
                    bad("contract_end", "the contract ends before it starts")
                    continue
                }
                let scaffold = CustomerScaffold(
                    id: id, name: row.cells["name"]!, segment: row.cells["segment"]!, owner: row.cells["owner"]!,
                    arr: Double(row.cells["arr"]!) ?? 0, start: start, end: end, seats: Int(row.cells["seats"]!) ?? 1)
                var account = scaffold.accountText()
                // The optional fields a new customer's row brings, set in the new account the same way.
                var editor = YAMLTextEditor(text: account)
                let document = DocumentLoader.load(text: account).document
                for field in ["status", "currency", "plan", "term", "account_executive"] {
                    guard let value = values[field], let document else { continue }
                    let path = Self.accountPaths[field]!
                    var node: DocumentNode? = document
                    for key in path { node = node?[key] }
                    if let node, node.isScalar { editor.replace(at: node.location, width: node.width, with: value) }
                    else { _ = Self.insert(path, value, into: &editor, document: document) }
                }
                account = editor.text
                for finding in validity(of: account, kind: .account) { bad(nil, "the account would not be valid: \(finding.message)") }
                plan.writes.append((accountPath, account))
                plan.writes.append(("customers/\(id)/plan.yaml", scaffold.planText(settings: settings, onboarding: onboarding)))
                for folder in ["signals", "voc", "qbr"] { plan.writes.append(("customers/\(id)/\(folder)/.gitkeep", "")) }
                plan.changes.append("\(id): new customer")
            }
        }
        return problems.isEmpty ? .success(plan) : .failure(ImportRejection(problems: problems))
    }

    /// Adds `key: value` for a field the account does not have yet: at the end of its parent
    /// mapping (`contract`), or at the top level.
    static func insert(_ path: [String], _ value: String, into editor: inout YAMLTextEditor, document: DocumentNode) -> Bool {
        if path.count == 1 {
            // After the last top-level line that is not a comment: before trailing comments.
            var line = editor.lines.count
            while line > 0, editor.line(line).trimmingCharacters(in: .whitespaces).hasPrefix("#") || editor.line(line).trimmingCharacters(in: .whitespaces).isEmpty { line -= 1 }
            editor.insert(["\(path[0]): \(value)"], before: line + 1)
            return true
        }
        guard let parent = document.member(path[0]), parent.value.members != nil else { return false }
        let indent = parent.value.members?.first.map { $0.keyLocation.column - 1 } ?? 2
        let last = editor.lastLineOfBlock(startingAt: parent.keyLocation.line, parentIndent: parent.keyLocation.column - 1)
        editor.insert([String(repeating: " ", count: indent) + "\(path[1]): \(value)"], before: last + 1)
        return true
    }
}

/// A YAML scalar as a cell compares with it and as a change reads.
enum ScalarText {
    static func text(_ node: DocumentNode) -> String {
        switch node.value {
        case .string(let text): return text
        case .integer(let whole): return String(whole)
        case .number(let real): return Rational(real)?.text(places: 6) ?? String(real)
        case .bool(let flag): return flag ? "true" : "false"
        default: return ""
        }
    }

    /// Whether the rendered cell says what the node holds already (so nothing is rewritten).
    static func same(_ node: DocumentNode, _ rendered: String) -> Bool {
        guard let value = DocumentLoader.load(text: "v: \(rendered)\n").document?["v"] else { return false }
        return value.sameValue(as: node)
    }
}

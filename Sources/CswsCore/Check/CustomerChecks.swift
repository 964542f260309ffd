/// Cross-file rules for one customer folder: the account agrees with its folder and the settings,
/// plan ids are unique, milestone dates make sense, record files agree with their names.
struct CustomerChecks {
    let customer: CustomerFiles
    let settings: WorkspaceSettings?
    let asOf: CalendarDate

    private var diagnostics: [Diagnostic] = []

    init(customer: CustomerFiles, settings: WorkspaceSettings?, asOf: CalendarDate) {
        self.customer = customer
        self.settings = settings
        self.asOf = asOf
    }

    func run() -> [Diagnostic] {
        var checks = self
        if let account = customer.account { checks.checkAccount(account) }
        if let plan = customer.plan { checks.checkPlan(plan) }
        for file in customer.signals { checks.checkDatedName(file, field: "date") }
        for file in customer.voc { checks.checkDatedName(file, field: "date") }
        for file in customer.escalations { checks.checkDatedName(file, field: "opened") }
        for file in customer.qbrs { checks.checkQBR(file) }
        return checks.diagnostics
    }

    private mutating func report(_ finding: Finding, in file: LoadedFile) {
        diagnostics.append(Diagnostic(finding, file: file.file.relativePath, customer: customer.id))
    }

    // MARK: account.yaml

    private mutating func checkAccount(_ file: LoadedFile) {
        guard let document = file.document else { return }
        if let idNode = document["id"], let id = idNode.string, id != customer.id {
            report(Finding(
                rule: "id-mismatch", message: "`id` is `\(id)` but the folder is customers/\(customer.id)",
                node: idNode, hint: "set `id: \(customer.id)`, or rename the folder to `\(id)`"), in: file)
        }
        if let segmentNode = document["segment"], let segment = segmentNode.string,
            let segments = settings?.segments, !segments.contains(where: { $0.name == segment })
        {
            let names = segments.map(\.name)
            report(Finding(
                rule: "unknown-segment",
                message: "segment `\(segment)` is not defined in csws.yaml (segments: \(names.joined(separator: ", ")))",
                node: segmentNode,
                hint: Suggestions.nearest(to: segment, in: names).map { "did you mean `\($0)`?" }
                    ?? "add it under `segments:` in csws.yaml, or use one of the defined segments"), in: file)
        }
        checkOwner(document["owner"], in: file, role: "owner")
        checkOwner(document["account_executive"], in: file, role: "account executive")
        checkOwner(document["risk_override"]?["by"], in: file, role: "override author")
        if let contract = document["contract"], let startNode = contract["start"], let endNode = contract["end"],
            let start = startNode.date, let end = endNode.date, end <= start
        {
            report(Finding(
                rule: "contract-dates",
                message: "contract ends \(end), which is not after its start \(start)",
                node: endNode, hint: "`end` is the renewal date; it must be later than `start`"), in: file)
        }
    }

    // MARK: plan.yaml

    private mutating func checkPlan(_ file: LoadedFile) {
        guard let document = file.document else { return }
        for list in ["objectives", "milestones", "metrics", "risks"] {
            checkUniqueIDs(document[list], list: list, in: file)
        }
        for milestone in document["milestones"]?.elements ?? [] {
            checkOwner(milestone["owner"], in: file, role: "milestone owner")
            let label = milestone["id"]?.string.map { "milestone \($0)" } ?? "milestone"
            if let statusNode = milestone["status"], statusNode.string == "done", milestone["done"]?.string == nil {
                report(Finding(
                    rule: "milestone-done-without-date", message: "\(label) is done but has no `done` date",
                    node: statusNode,
                    hint: "add `done: YYYY-MM-DD` (the day it was completed), or use `csws done \(customer.id) \(milestone["id"]?.string ?? "ID")`"),
                    in: file)
            }
            if let doneNode = milestone["done"], let done = doneNode.date, done > asOf {
                report(Finding(
                    rule: "milestone-date-in-future",
                    message: "\(label) is marked done on \(done), after today (\(asOf))",
                    node: doneNode, hint: "a milestone is done on the day it was completed; use a past date"),
                    in: file)
            }
        }
        for risk in document["risks"]?.elements ?? [] {
            checkOwner(risk["owner"], in: file, role: "risk owner")
        }
    }

    private mutating func checkUniqueIDs(_ list: DocumentNode?, list name: String, in file: LoadedFile) {
        let findings = DuplicateIDs.findings(
            in: list?.elements ?? [], message: { "`\($0)` is used twice in \(name)" },
            hint: "give each entry of \(name) its own id")
        for finding in findings { report(finding, in: file) }
    }

    private mutating func checkOwner(_ node: DocumentNode?, in file: LoadedFile, role: String) {
        guard let node, let owner = node.string, let settings, let team = settings.team,
            !settings.isKnownOwner(owner)
        else { return }
        let ids = team.map(\.id)
        let suggestion = Suggestions.nearest(to: owner, in: ids)
        report(Finding(
            rule: "unknown-owner", message: "\(role) `\(owner)` is not a team member in csws.yaml",
            node: node,
            hint: suggestion.map { "did you mean `\($0)`?" }
                ?? "use a team id (\(ids.prefix(8).joined(separator: ", "))\(ids.count > 8 ? ", …" : "")), or `customer:<name>` for someone at the customer"),
            in: file)
    }

    // MARK: Dated records

    private mutating func checkDatedName(_ file: LoadedFile, field: String) {
        guard let document = file.document, let node = document[field] else { return }
        let date = field == "opened" ? node.timestampDate : node.date
        let name = file.file.fileName
        guard let date, let prefix = FileNameRules.datePrefix(name), prefix != date.description else { return }
        report(Finding(
            rule: "file-date-mismatch",
            message: "`\(field)` is \(date) but the file name says \(prefix)", node: node,
            hint: "make the file name and `\(field)` agree (rename the file, or fix the date)"), in: file)
    }

    private mutating func checkQBR(_ file: LoadedFile) {
        guard let document = file.document else { return }
        for priority in document["next_quarter"]?.elements ?? [] {
            checkOwner(priority["owner"], in: file, role: "priority owner")
        }
        let name = file.file.fileName
        guard let dateNode = document["date"], let date = dateNode.date,
            let (year, quarter) = FileNameRules.quarter(ofFileStem: String(name.dropLast(".yaml".count))),
            year != date.year || quarter != date.quarter
        else { return }
        report(Finding(
            rule: "qbr-quarter-mismatch",
            message: "QBR dated \(date) (\(date.year)-Q\(date.quarter)) is filed as \(year)-Q\(quarter)",
            node: dateNode, hint: "rename the file to \(date.year)-Q\(date.quarter).yaml, or fix the date"), in: file)
    }
}

/// What `csws check` is asked to check.
public struct CheckRequest: Sendable {
    public var asOf: CalendarDate
    /// Workspace-relative paths (files or folders); empty means the whole workspace.
    public var paths: [String]
    /// Only customers owned by this team member.
    public var owner: String?
    /// Only these customers.
    public var customers: [String]

    public init(asOf: CalendarDate, paths: [String] = [], owner: String? = nil, customers: [String] = []) {
        self.asOf = asOf
        self.paths = paths
        self.owner = owner
        self.customers = customers
    }
}

/// Everything `csws check` found.
public struct CheckResult: Sendable {
    public var asOf: CalendarDate
    /// Sorted by file, line, column.
    public var diagnostics: [Diagnostic]
    public var fileCount: Int
    public var customerCount: Int

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}

/// Runs every validity check over a workspace: layout, YAML, schemas, then the cross-file rules.
public enum Checker {
    /// `progress`, when given, is called from worker threads with (customers done, total).
    public static func check(
        _ workspace: Workspace, request: CheckRequest,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) -> CheckResult {
        let shared = WorkspaceLoader.loadShared(workspace)
        var diagnostics = sharedDiagnostics(shared)

        // Customers named by --customer or by PATH arguments are the only ones read.
        let pathCustomers = Set(request.paths.compactMap(customer(ofPath:)))
        let pathsAreAllCustomers = !request.paths.isEmpty && pathCustomers.count > 0
            && request.paths.allSatisfy { customer(ofPath: $0) != nil }
        let ids = shared.customerIDs.filter { id in
            (request.customers.isEmpty || request.customers.contains(id))
                && (!pathsAreAllCustomers || pathCustomers.contains(id))
        }

        struct CustomerOutcome: Sendable {
            var selected: Bool
            var diagnostics: [Diagnostic]
            var filePaths: [String]
        }
        let settings = shared.settings
        let scoring = PortfolioScorer.Context(shared: shared)
        let thresholds = RuleThresholds(rules: shared.settingsFile?.document?["rules"])
        let owner = request.owner
        let asOf = request.asOf
        let outcomes = WorkspaceLoader.mapCustomers(ids, in: workspace, progress: progress) { loaded -> CustomerOutcome in
            let customer = loaded.files
            if let owner, customer.account?.document?["owner"]?.string != owner {
                return CustomerOutcome(selected: false, diagnostics: [], filePaths: [])
            }
            var found = validityDiagnostics(loaded, settings: settings, asOf: asOf)
            if customer.account?.document != nil {
                let scored = PortfolioScorer.score(CustomerRecord(customer), context: scoring, asOf: asOf, includingTrend: false)
                found += TimeRules(
                    customer: customer, scored: scored, settings: settings, rules: thresholds,
                    library: scoring.library, model: scoring.model, asOf: asOf
                ).run()
            }
            return CustomerOutcome(selected: true, diagnostics: found, filePaths: customer.all.map(\.file.relativePath))
        }

        let customerScoped = request.owner != nil || !request.customers.isEmpty
        if customerScoped { diagnostics.removeAll { $0.customer == nil } }
        var fileCount = 0
        var customerCount = 0
        if !customerScoped {
            let sharedPaths = ([shared.settingsFile].compactMap { $0 } + shared.playbooks).map(\.file.relativePath)
            fileCount += sharedPaths.filter { matches($0, prefixes: request.paths) }.count
        }
        for outcome in outcomes where outcome.selected {
            diagnostics += outcome.diagnostics
            let count = outcome.filePaths.filter { matches($0, prefixes: request.paths) }.count
            fileCount += count
            if count > 0 || request.paths.isEmpty { customerCount += 1 }
        }
        diagnostics = diagnostics.filter { matches($0.file, prefixes: request.paths) }
        return CheckResult(
            asOf: request.asOf, diagnostics: Diagnostic.sortedForReport(diagnostics),
            fileCount: fileCount, customerCount: customerCount)
    }

    /// Findings about the workspace-wide files: layout, csws.yaml and the playbooks.
    public static func sharedDiagnostics(_ shared: SharedFiles) -> [Diagnostic] {
        var diagnostics = shared.layoutDiagnostics
        func add(_ file: LoadedFile) {
            diagnostics += file.findings.map { Diagnostic($0, file: file.file.relativePath, customer: file.file.customer) }
        }
        if let settingsFile = shared.settingsFile {
            add(settingsFile)
            if let document = settingsFile.document {
                diagnostics += SettingsChecks.run(document).map { Diagnostic($0, file: settingsFile.file.relativePath) }
            }
        } else {
            diagnostics.append(Diagnostic(
                Finding(rule: "missing-settings", message: "the workspace has no csws.yaml",
                        hint: "restore it from git, or create a workspace with `csws init`", showsExcerpt: false),
                file: Workspace.settingsFileName))
        }
        shared.playbooks.forEach(add)
        diagnostics += PlaybookChecks.run(shared.playbooks)
        return diagnostics
    }

    /// Validity findings (not the time rules) about one customer's files: loading, schemas and the
    /// cross-file rules — what blocks a push.
    public static func validityDiagnostics(_ loaded: WorkspaceLoader.LoadedCustomer, settings: WorkspaceSettings?, asOf: CalendarDate) -> [Diagnostic] {
        var found = loaded.layoutDiagnostics
        for file in loaded.files.all {
            found += file.findings.map { Diagnostic($0, file: file.file.relativePath, customer: loaded.files.id) }
        }
        found += CustomerChecks(customer: loaded.files, settings: settings, asOf: asOf).run()
        return found.filter { RuleCatalog.isValidityRule($0.rule) }
    }

    private static func matches(_ file: String, prefixes: [String]) -> Bool {
        if prefixes.isEmpty { return true }
        return prefixes.contains { prefix in
            let trimmed = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
            return trimmed.isEmpty || file == trimmed || file.hasPrefix(trimmed + "/")
        }
    }

    /// The customer id of a workspace-relative path under `customers/<id>`.
    public static func customer(ofPath path: String) -> String? {
        let parts = path.split(separator: "/")
        guard parts.count >= 2, parts[0] == "customers" else { return nil }
        return String(parts[1])
    }
}

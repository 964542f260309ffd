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
    public static func check(_ workspace: Workspace, request: CheckRequest) -> CheckResult {
        let wanted = Set(request.customers)
        let prefixes = request.paths.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        let pathCustomers = prefixes.compactMap(Self.customer(ofPath:))
        let limitsCustomers = !wanted.isEmpty || (!prefixes.isEmpty && pathCustomers.count == prefixes.count)
        let loaded = WorkspaceLoader.load(
            workspace,
            customerFilter: limitsCustomers
                ? { id in (wanted.isEmpty || wanted.contains(id)) && (pathCustomers.isEmpty || pathCustomers.contains(id)) }
                : nil)
        return check(loaded, request: request)
    }

    public static func check(_ loaded: LoadedWorkspace, request: CheckRequest) -> CheckResult {
        var diagnostics = loaded.layoutDiagnostics
        func add(_ file: LoadedFile) {
            diagnostics += file.findings.map { Diagnostic($0, file: file.file.relativePath, customer: file.file.customer) }
        }
        if let settingsFile = loaded.settingsFile {
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
        loaded.playbooks.forEach(add)
        diagnostics += PlaybookChecks.run(loaded.playbooks)

        var selectedCustomers = Set<String>()
        for customer in loaded.customers {
            if !request.customers.isEmpty && !request.customers.contains(customer.id) { continue }
            if let owner = request.owner, customer.account?.document?["owner"]?.string != owner { continue }
            selectedCustomers.insert(customer.id)
            customer.all.forEach(add)
            diagnostics += CustomerChecks(customer: customer, settings: loaded.settings, asOf: request.asOf).run()
        }

        let customerScoped = request.owner != nil || !request.customers.isEmpty
        diagnostics = diagnostics.filter { diagnostic in
            if let customer = diagnostic.customer, !selectedCustomers.contains(customer) { return false }
            if customerScoped && diagnostic.customer == nil { return false }
            return matches(diagnostic.file, prefixes: request.paths)
        }
        var fileCount = 0
        var customerCount = 0
        let files = ([loaded.settingsFile].compactMap { $0 } + loaded.playbooks).map(\.file.relativePath)
        if !customerScoped { fileCount += files.filter { matches($0, prefixes: request.paths) }.count }
        for customer in loaded.customers where selectedCustomers.contains(customer.id) {
            let count = customer.all.filter { matches($0.file.relativePath, prefixes: request.paths) }.count
            fileCount += count
            if count > 0 || request.paths.isEmpty { customerCount += 1 }
        }
        return CheckResult(
            asOf: request.asOf, diagnostics: Diagnostic.sortedForReport(diagnostics),
            fileCount: fileCount, customerCount: customerCount)
    }

    private static func matches(_ file: String, prefixes: [String]) -> Bool {
        if prefixes.isEmpty { return true }
        return prefixes.contains { prefix in
            let trimmed = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
            return trimmed.isEmpty || file == trimmed || file.hasPrefix(trimmed + "/")
        }
    }

    /// The customer id of a workspace-relative path under `customers/<id>`.
    static func customer(ofPath path: String) -> String? {
        let parts = path.split(separator: "/")
        guard parts.count >= 2, parts[0] == "customers" else { return nil }
        return String(parts[1])
    }
}

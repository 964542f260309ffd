import Dispatch
import Foundation

/// One workspace file after loading and schema validation.
public struct LoadedFile: Sendable {
    public var file: WorkspaceFile
    /// The root mapping, or nil when the file could not be read or composed.
    public var document: DocumentNode?
    /// Loading and schema findings, in the file's own coordinates.
    public var findings: [Finding]

    public var hasErrors: Bool { findings.contains { $0.severity == .error } }
}

/// The files of one customer folder, loaded.
public struct CustomerFiles: Sendable {
    public var id: String
    public var account: LoadedFile?
    public var plan: LoadedFile?
    public var signals: [LoadedFile] = []
    public var voc: [LoadedFile] = []
    public var qbrs: [LoadedFile] = []
    public var escalations: [LoadedFile] = []

    public var all: [LoadedFile] {
        [account, plan].compactMap { $0 } + signals + voc + qbrs + escalations
    }
}

/// A workspace read into memory: every file loaded and schema-validated, grouped by customer.
public struct LoadedWorkspace: Sendable {
    public var workspace: Workspace
    public var layoutDiagnostics: [Diagnostic]
    public var settingsFile: LoadedFile?
    /// Nil when csws.yaml is missing or could not be composed.
    public var settings: WorkspaceSettings?
    public var playbooks: [LoadedFile]
    public var customers: [CustomerFiles]

    public var fileCount: Int {
        (settingsFile == nil ? 0 : 1) + playbooks.count + customers.reduce(0) { $0 + $1.all.count }
    }
}

/// The workspace-wide files: csws.yaml and the playbooks, plus the customer folder names.
public struct SharedFiles: Sendable {
    public var settingsFile: LoadedFile?
    /// Nil when csws.yaml is missing or could not be composed.
    public var settings: WorkspaceSettings?
    public var playbooks: [LoadedFile]
    /// Valid customer folder names, sorted.
    public var customerIDs: [String]
    public var layoutDiagnostics: [Diagnostic]
}

/// What to read of each customer: `csws check` reads and validates everything; `score` needs only
/// the account, signals and feedback, and neither `score` nor `agenda` reports schema findings.
public struct LoadOptions: Sendable {
    /// Nil reads every kind.
    public var kinds: Set<FileKind>?
    public var validates: Bool

    public init(kinds: Set<FileKind>? = nil, validates: Bool = true) {
        self.kinds = kinds
        self.validates = validates
    }

    public static let everything = LoadOptions()
}

public enum WorkspaceLoader {
    /// Loads everything into memory. Convenient for small workspaces and tests; commands that
    /// visit every customer use `loadShared` and `mapCustomers`, which keep memory flat.
    public static func load(
        _ workspace: Workspace, customerFilter: ((String) -> Bool)? = nil,
        schemas: SchemaCatalog = .shared
    ) -> LoadedWorkspace {
        let shared = loadShared(workspace, schemas: schemas)
        let ids = shared.customerIDs.filter { customerFilter?($0) ?? true }
        let customers = mapCustomers(ids, in: workspace, schemas: schemas) { $0 }
        return LoadedWorkspace(
            workspace: workspace,
            layoutDiagnostics: shared.layoutDiagnostics + customers.flatMap(\.layoutDiagnostics),
            settingsFile: shared.settingsFile, settings: shared.settings, playbooks: shared.playbooks,
            customers: customers.map(\.files))
    }

    public static func loadShared(_ workspace: Workspace, schemas: SchemaCatalog = .shared) -> SharedFiles {
        let scan = WorkspaceScanner(workspace: workspace).scanShared()
        let loaded = scan.files.map { loadOne($0, schemas: schemas) }
        let settingsFile = loaded.first { $0.file.kind == .settings }
        let settings = settingsFile.flatMap { file in
            file.document.map { WorkspaceSettings(document: $0, brokenSections: brokenSections(of: file)) }
        }
        return SharedFiles(
            settingsFile: settingsFile, settings: settings,
            playbooks: loaded.filter { $0.file.kind != .settings }, customerIDs: scan.customers,
            layoutDiagnostics: scan.diagnostics)
    }

    /// Just the settings of csws.yaml, read without schema validation (a sync needs only its
    /// `sync` section, and compiling every schema would cost more than the rest of a sync with
    /// nothing to do). Nil when the file is missing, a symbolic link or not YAML.
    public static func loadSettingsOnly(_ workspace: Workspace) -> WorkspaceSettings? {
        let path = workspace.absolute(Workspace.settingsFileName)
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
            let document = DocumentLoader.load(path: path).document
        else { return nil }
        return WorkspaceSettings(document: document, brokenSections: [])
    }

    /// One customer folder, loaded and schema-validated, with its layout findings.
    public struct LoadedCustomer: Sendable {
        public var files: CustomerFiles
        public var layoutDiagnostics: [Diagnostic]
    }

    public static func loadCustomer(
        _ id: String, in workspace: Workspace, schemas: SchemaCatalog = .shared, options: LoadOptions = .everything
    ) -> LoadedCustomer {
        let scan = WorkspaceScanner(workspace: workspace).scanCustomer(id)
        var customer = CustomerFiles(id: id)
        for file in scan.files {
            if let kinds = options.kinds, !kinds.contains(file.kind) { continue }
            let loaded = loadOne(file, schemas: options.validates ? schemas : nil)
            switch file.kind {
            case .account: customer.account = loaded
            case .plan: customer.plan = loaded
            case .signals: customer.signals.append(loaded)
            case .voc: customer.voc.append(loaded)
            case .qbr: customer.qbrs.append(loaded)
            case .escalation: customer.escalations.append(loaded)
            default: break
            }
        }
        return LoadedCustomer(files: customer, layoutDiagnostics: scan.diagnostics)
    }

    /// Loads each customer on all cores and hands it to `body`; results keep the order of `ids`.
    /// Only what `body` returns is kept, so memory stays proportional to the results, not the files.
    public static func mapCustomers<Result: Sendable>(
        _ ids: [String], in workspace: Workspace, schemas: SchemaCatalog = .shared, options: LoadOptions = .everything,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil,
        _ body: @Sendable (LoadedCustomer) -> Result
    ) -> [Result] {
        let slots = ResultSlots<Result>(count: ids.count)
        DispatchQueue.concurrentPerform(iterations: ids.count) { index in
            slots[index] = body(loadCustomer(ids[index], in: workspace, schemas: schemas, options: options))
            if let progress, index % 256 == 0 {
                progress(index, ids.count)
            }
        }
        return slots.values()
    }

    /// Top-level keys of csws.yaml whose section has an error, so settings ignore them.
    private static func brokenSections(of file: LoadedFile) -> Set<String> {
        guard let document = file.document, let members = document.members else { return [] }
        var broken: Set<String> = []
        for finding in file.findings where finding.severity == .error {
            // Findings carry locations, not paths: a section is broken when a finding falls inside it.
            for (index, member) in members.enumerated() {
                let next = index + 1 < members.count ? members[index + 1].keyLocation.line : Int.max
                if finding.location.line >= member.keyLocation.line && finding.location.line < next {
                    broken.insert(member.key)
                }
            }
        }
        return broken
    }

    static func loadOne(_ file: WorkspaceFile, schemas: SchemaCatalog?) -> LoadedFile {
        let loaded = DocumentLoader.load(path: file.readPath)
        var findings = loaded.findings
        if let schemas, let document = loaded.document {
            findings += schemas.validate(document, as: file.kind)
        }
        return LoadedFile(file: file, document: loaded.document, findings: findings)
    }
}

/// Fixed slots written by index from concurrent workers (each index by exactly one worker).
final class ResultSlots<Element>: @unchecked Sendable {
    private var storage: [Element?]
    private let lock = NSLockLike()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    var count: Int { storage.count }

    subscript(index: Int) -> Element? {
        get { lock.withLock { storage[index] } }
        set { lock.withLock { storage[index] = newValue } }
    }

    func values() -> [Element] { storage.map { $0! } }
}

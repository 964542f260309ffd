import Dispatch

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

public enum WorkspaceLoader {
    /// Loads the workspace. `customerFilter`, when given, limits which customer folders are read.
    public static func load(
        _ workspace: Workspace, customerFilter: ((String) -> Bool)? = nil,
        schemas: SchemaCatalog = .shared
    ) -> LoadedWorkspace {
        var scan = WorkspaceScanner(workspace: workspace).scan()
        if let customerFilter {
            scan.files.removeAll { file in file.customer.map { !customerFilter($0) } ?? false }
            scan.diagnostics.removeAll { diagnostic in diagnostic.customer.map { !customerFilter($0) } ?? false }
            scan.customers.removeAll { !customerFilter($0) }
        }
        let loaded = loadAll(scan.files, schemas: schemas)

        var settingsFile: LoadedFile?
        var playbooks: [LoadedFile] = []
        var byCustomer: [String: CustomerFiles] = [:]
        for id in scan.customers { byCustomer[id] = CustomerFiles(id: id) }
        for file in loaded {
            guard let id = file.file.customer else {
                if file.file.kind == .settings { settingsFile = file } else { playbooks.append(file) }
                continue
            }
            var customer = byCustomer[id] ?? CustomerFiles(id: id)
            switch file.file.kind {
            case .account: customer.account = file
            case .plan: customer.plan = file
            case .signals: customer.signals.append(file)
            case .voc: customer.voc.append(file)
            case .qbr: customer.qbrs.append(file)
            case .escalation: customer.escalations.append(file)
            default: break
            }
            byCustomer[id] = customer
        }
        let settings = settingsFile.flatMap { file in
            file.document.map { WorkspaceSettings(document: $0, brokenSections: brokenSections(of: file)) }
        }
        return LoadedWorkspace(
            workspace: workspace, layoutDiagnostics: scan.diagnostics, settingsFile: settingsFile,
            settings: settings, playbooks: playbooks,
            customers: byCustomer.values.sorted { $0.id < $1.id })
    }

    /// Top-level keys of csws.yaml whose section has an error, so settings ignore them.
    private static func brokenSections(of file: LoadedFile) -> Set<String> {
        guard let document = file.document else { return [] }
        var broken: Set<String> = []
        for finding in file.findings where finding.severity == .error {
            // Findings carry locations, not paths: a section is broken when a finding falls inside it.
            for (index, member) in (document.members ?? []).enumerated() {
                let next = document.members!.dropFirst(index + 1).first?.keyLocation.line ?? Int.max
                if finding.location.line >= member.keyLocation.line && finding.location.line < next {
                    broken.insert(member.key)
                }
            }
        }
        return broken
    }

    /// Loads and validates files on every core; results keep the input order.
    static func loadAll(_ files: [WorkspaceFile], schemas: SchemaCatalog) -> [LoadedFile] {
        let slots = ResultSlots<LoadedFile>(count: files.count)
        let chunkSize = 64
        let chunks = (files.count + chunkSize - 1) / chunkSize
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let end = min(files.count, (chunk + 1) * chunkSize)
            for index in (chunk * chunkSize)..<end {
                slots[index] = loadOne(files[index], schemas: schemas)
            }
        }
        return slots.values()
    }

    static func loadOne(_ file: WorkspaceFile, schemas: SchemaCatalog) -> LoadedFile {
        let loaded = DocumentLoader.load(path: file.readPath)
        var findings = loaded.findings
        if let document = loaded.document {
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

    subscript(index: Int) -> Element? {
        get { lock.withLock { storage[index] } }
        set { lock.withLock { storage[index] = newValue } }
    }

    func values() -> [Element] { storage.map { $0! } }
}

import Foundation

/// A file csws will validate.
public struct WorkspaceFile: Sendable {
    /// Path relative to the workspace root, `/`-separated; what diagnostics print.
    public var relativePath: String
    /// Where to read it (differs from the workspace path when reached through an in-workspace symlink).
    public var readPath: String
    public var kind: FileKind
    public var customer: String?

    /// The last path component (`2026-11-23.yaml`).
    public var fileName: String {
        guard let slash = relativePath.lastIndex(of: "/") else { return relativePath }
        return String(relativePath[relativePath.index(after: slash)...])
    }
}

/// Lists the files of a workspace by its layout (SPEC §1), without reading them. Everything that is
/// wrong with the layout itself (a symlink leaving the workspace, a folder that is not a slug, a
/// badly named file) becomes a diagnostic here.
public struct WorkspaceScanner {
    public let workspace: Workspace

    public struct Scan: Sendable {
        public var files: [WorkspaceFile] = []
        public var diagnostics: [Diagnostic] = []
        /// Every customer folder with a valid name, sorted.
        public var customers: [String] = []
    }

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// The whole workspace: shared files and every customer folder.
    public func scan() -> Scan {
        var scan = scanShared()
        for id in scan.customers {
            let customer = scanCustomer(id)
            scan.files += customer.files
            scan.diagnostics += customer.diagnostics
        }
        return scan
    }

    /// csws.yaml, the playbooks and the list of customer folders (whose contents are not listed:
    /// `scanCustomer` does that, so callers can spread customers over threads).
    public func scanShared() -> Scan {
        var scan = Scan()
        if let settings = resolve(Workspace.settingsFileName, into: &scan, customer: nil), !settings.isDirectory {
            scan.files.append(WorkspaceFile(
                relativePath: Workspace.settingsFileName, readPath: settings.path, kind: .settings, customer: nil))
        }
        scanPlaybooks(into: &scan)
        scanCustomers(into: &scan)
        return scan
    }

    /// The files of one customer folder (`id` from `scanShared().customers`).
    public func scanCustomer(_ id: String) -> Scan {
        var scan = Scan()
        guard let folder = resolve("customers/" + id, into: &scan, customer: id), folder.isDirectory else {
            return scan
        }
        scanCustomer(id, folder: folder.path, into: &scan)
        return scan
    }

    // MARK: Layout

    private func scanPlaybooks(into scan: inout Scan) {
        guard let folder = resolve("playbooks", into: &scan, customer: nil), folder.isDirectory else { return }
        for entry in DirectoryListing.entries(of: folder.path) where !entry.hasPrefix(".") {
            let relative = "playbooks/" + entry
            guard let target = resolve(relative, into: &scan, customer: nil), !target.isDirectory else { continue }
            if entry.hasSuffix(".yaml") {
                scan.files.append(WorkspaceFile(
                    relativePath: relative, readPath: target.path,
                    kind: FileKind.playbookKind(fileName: entry), customer: nil))
            } else if entry.hasSuffix(".yml") {
                scan.diagnostics.append(misnamedYAML(relative, customer: nil))
            }
        }
    }

    private func scanCustomers(into scan: inout Scan) {
        guard let folder = resolve("customers", into: &scan, customer: nil), folder.isDirectory else { return }
        for (name, type) in DirectoryListing.typedEntries(of: folder.path) {
            let relative = "customers/" + name
            // Hidden files (.DS_Store) are nobody's data; a hidden folder may hold customers who
            // would vanish from every report without a word.
            if name.hasPrefix(".") {
                if name != ".", name != "..", type == .directory {
                    scan.diagnostics.append(Diagnostic(
                        Finding(rule: "hidden-folder", severity: .warning,
                                message: "hidden folder \(relative) is ignored: no customer in it is checked, scored or reported",
                                hint: "to bring it back, rename it without the dot (`git mv \(relative) customers/\(name.drop { $0 == "." })`)",
                                showsExcerpt: false),
                        file: relative))
                }
                continue
            }
            let target: Target
            switch type {
            case .file: target = Target(path: folder.path + "/" + name, isDirectory: false)
            case .directory: target = Target(path: folder.path + "/" + name, isDirectory: true)
            default:
                guard let resolved = resolve(relative, into: &scan, customer: nil) else { continue }
                target = resolved
            }
            guard target.isDirectory else {
                scan.diagnostics.append(Diagnostic(
                    Finding(rule: "unknown-file", severity: .warning,
                            message: "csws expects only customer folders in customers/",
                            hint: "move this file into a customer's notes/ folder", showsExcerpt: false),
                    file: relative))
                continue
            }
            guard Workspace.isSlug(name) else {
                scan.diagnostics.append(Diagnostic(
                    Finding(rule: "bad-customer-folder",
                            message: "customer folder name `\(name)` is not a valid id",
                            hint: "rename the folder to a slug (lower-case letters, digits and hyphens, e.g. `\(Self.slugSuggestion(name))`) and set the same `id` in its account.yaml",
                            showsExcerpt: false),
                    file: relative))
                continue
            }
            scan.customers.append(name)
        }
        scan.customers.sort()
    }

    private func scanCustomer(_ id: String, folder: String, into scan: inout Scan) {
        let base = "customers/" + id
        var hasAccount = false
        for (entry, type) in DirectoryListing.typedEntries(of: folder) where !entry.hasPrefix(".") {
            let relative = base + "/" + entry
            // Plain files and folders need no stat; links (and unknown types) are vetted.
            let target: Target
            switch type {
            case .file: target = Target(path: folder + "/" + entry, isDirectory: false)
            case .directory: target = Target(path: folder + "/" + entry, isDirectory: true)
            default:
                guard let resolved = resolve(relative, into: &scan, customer: id) else { continue }
                target = resolved
            }
            if target.isDirectory {
                if entry == "notes" { continue }
                if let kind = FileKind.customerSubfolderKind(entry) {
                    scanRecords(kind, folder: target.path, relative: relative, customer: id, into: &scan)
                }
                continue
            }
            switch entry {
            case "account.yaml":
                hasAccount = true
                scan.files.append(WorkspaceFile(relativePath: relative, readPath: target.path, kind: .account, customer: id))
            case "plan.yaml":
                scan.files.append(WorkspaceFile(relativePath: relative, readPath: target.path, kind: .plan, customer: id))
            default:
                if entry.hasSuffix(".yaml") || entry.hasSuffix(".yml") {
                    scan.diagnostics.append(Diagnostic(
                        Finding(rule: "unknown-file", severity: .warning,
                                message: "csws does not read `\(entry)` here; a customer folder holds account.yaml and plan.yaml",
                                hint: "rename it to account.yaml or plan.yaml, or move it into notes/", showsExcerpt: false),
                        file: relative, customer: id))
                }
            }
        }
        if !hasAccount {
            scan.diagnostics.append(Diagnostic(
                Finding(rule: "missing-account", message: "customer folder `\(id)` has no account.yaml",
                        hint: "create it with `csws new customer \(id) …`, or delete the folder", showsExcerpt: false),
                file: base, customer: id))
        }
    }

    private func scanRecords(_ kind: FileKind, folder: String, relative: String, customer: String, into scan: inout Scan) {
        for (entry, type) in DirectoryListing.typedEntries(of: folder) where !entry.hasPrefix(".") {
            let path = relative + "/" + entry
            let readPath: String
            if type == .file {
                readPath = folder + "/" + entry  // a plain file: no symlink to vet, no stat needed
            } else {
                guard let target = resolve(path, into: &scan, customer: customer), !target.isDirectory else { continue }
                readPath = target.path
            }
            if entry.hasSuffix(".yml") {
                scan.diagnostics.append(misnamedYAML(path, customer: customer))
                continue
            }
            guard entry.hasSuffix(".yaml") else {
                scan.diagnostics.append(Diagnostic(
                    Finding(rule: "unknown-file", severity: .warning,
                            message: "csws reads only .yaml files in \(relative.split(separator: "/").last!)/",
                            hint: "move other material into the customer's notes/ folder", showsExcerpt: false),
                    file: path, customer: customer))
                continue
            }
            if let problem = FileNameRules.problem(kind: kind, fileName: entry) {
                scan.diagnostics.append(Diagnostic(problem, file: path, customer: customer))
            }
            scan.files.append(WorkspaceFile(relativePath: path, readPath: readPath, kind: kind, customer: customer))
        }
    }

    // MARK: Safety

    private struct Target {
        var path: String
        var isDirectory: Bool
    }

    /// Where `relative` really is, or nil when it is missing or a symlink leaving the workspace
    /// (then reported as `unsafe-path`, without naming the target).
    private func resolve(_ relative: String, into scan: inout Scan, customer: String?) -> Target? {
        let path = workspace.absolute(relative)
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        if (status.st_mode & S_IFMT) == S_IFLNK {
            guard let resolved = realpath(path, nil) else {
                scan.diagnostics.append(Diagnostic(
                    Finding(rule: "unsafe-path", message: "broken symbolic link",
                            hint: "delete the link or point it at a file inside the workspace", showsExcerpt: false),
                    file: relative, customer: customer))
                return nil
            }
            let target = String(cString: resolved)
            free(resolved)
            guard target == workspace.root || target.hasPrefix(workspace.root + "/") else {
                scan.diagnostics.append(Diagnostic(
                    Finding(rule: "unsafe-path",
                            message: "symbolic link points outside the workspace; csws does not follow it",
                            hint: "replace the link with a copy of the file, or delete it", showsExcerpt: false),
                    file: relative, customer: customer))
                return nil
            }
            var targetStatus = stat()
            guard stat(target, &targetStatus) == 0 else { return nil }
            return Target(path: target, isDirectory: (targetStatus.st_mode & S_IFMT) == S_IFDIR)
        }
        return Target(path: path, isDirectory: (status.st_mode & S_IFMT) == S_IFDIR)
    }

    private func misnamedYAML(_ relative: String, customer: String?) -> Diagnostic {
        Diagnostic(
            Finding(rule: "bad-file-name", message: "csws reads files ending in .yaml, not .yml",
                    hint: "rename it to end in .yaml", showsExcerpt: false),
            file: relative, customer: customer)
    }

    static func slugSuggestion(_ name: String) -> String {
        var slug = ""
        for character in name.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                slug.append(character)
            } else if !slug.isEmpty && slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.last == "-" { slug.removeLast() }
        return slug.isEmpty ? "acme" : String(slug.prefix(63))
    }
}

/// Names in a folder, sorted, without `.` and `..`.
enum DirectoryListing {
    enum EntryType {
        case file, directory, symlink, unknown
    }

    static func entries(of path: String) -> [String] {
        typedEntries(of: path).map(\.name)
    }

    /// Names with the type readdir reports, so most entries need no stat call.
    static func typedEntries(of path: String) -> [(name: String, type: EntryType)] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var entries: [(name: String, type: EntryType)] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let type: EntryType
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): type = .file
            case Int32(DT_DIR): type = .directory
            case Int32(DT_LNK): type = .symlink
            default: type = .unknown
            }
            entries.append((name, type))
        }
        return entries.sorted { $0.name < $1.name }
    }
}

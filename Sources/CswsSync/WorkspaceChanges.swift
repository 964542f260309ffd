import CswsCore
import CswsGit
import Foundation

/// Semantic changes between commits, or between a commit and the work tree, for `sync`, `log`
/// and `diff`: the files csws reads, compared with `SemanticDiff`.
public struct WorkspaceChanges {
    let repository: GitRepository
    let workspace: Workspace

    public init(repository: GitRepository, workspace: Workspace) {
        self.repository = repository
        self.workspace = workspace
    }

    /// Files csws reads (settings, playbooks, customer YAML), by workspace-relative path.
    public static func isWorkspaceFile(_ path: String) -> Bool {
        guard path.hasSuffix(".yaml") else { return false }
        return path == Workspace.settingsFileName || path.hasPrefix("playbooks/")
            || (path.hasPrefix("customers/") && !path.contains("/notes/"))
    }

    /// Changes from commit `old` (nil: nothing) to commit `new`. Only the paths the two trees
    /// disagree on are read, so a small commit costs little on a large workspace.
    public func between(_ old: GitObjectID?, _ new: GitObjectID, matching filter: (String) -> Bool = { _ in true }) throws -> [String] {
        let paths = try repository.changedFiles(from: old, to: new).filter { Self.isWorkspaceFile($0) && filter($0) }
        guard !paths.isEmpty else { return [] }
        let before = try old.map { try repository.blobIDs(of: $0, paths: paths) } ?? [:]
        let after = try repository.blobIDs(of: new, paths: paths)
        var lines: [String] = []
        for path in paths where before[path] != after[path] {
            lines += SemanticDiff.describe(path: path, old: try version(before[path]), new: try version(after[path]))
        }
        return lines
    }

    /// Changes from commit `old` to the files on disk now. `candidates`, when known (from git
    /// status), are the only paths that can differ; otherwise the whole workspace is compared.
    public func toWorkTree(
        from old: GitObjectID?, candidates: [String]? = nil, matching filter: (String) -> Bool = { _ in true }
    ) throws -> [String] {
        let paths: [String]
        if let candidates {
            paths = Set(candidates).sorted()
        } else {
            var all = Set(try old.map { try repository.files(of: $0).keys.map { $0 } } ?? [])
            for file in WorkspaceScanner(workspace: workspace).scan().files { all.insert(file.relativePath) }
            paths = all.sorted()
        }
        let selected = paths.filter { Self.isWorkspaceFile($0) && filter($0) }
        let before = try old.map { try repository.blobIDs(of: $0, paths: selected) } ?? [:]
        var lines: [String] = []
        for path in selected {
            let disk = workspace.absolute(path)
            var info = stat()
            let onDisk = lstat(disk, &info) == 0
            // A symbolic link may point out of the workspace: csws never reads through one.
            if onDisk && (info.st_mode & S_IFMT) == S_IFLNK { continue }
            if onDisk, let blob = before[path], repository.blobID(ofFile: disk) == blob { continue }
            if !onDisk && before[path] == nil { continue }
            let new = SemanticDiff.Version(exists: onDisk, document: onDisk ? DocumentLoader.load(path: disk).document : nil)
            lines += SemanticDiff.describe(path: path, old: try version(before[path]), new: new)
        }
        return lines
    }

    /// A blob as one side of a change (nil: the file is not in that commit).
    private func version(_ blob: GitObjectID?) throws -> SemanticDiff.Version {
        guard let blob else { return .absent }
        let bytes = try repository.blob(blob)
        return .init(exists: true, document: bytes.withUnsafeBufferPointer { DocumentLoader.load(bytes: $0).document })
    }

    /// A filter for an `ID|PATH` argument: a customer id, or a path prefix relative to the workspace.
    public static func filter(_ target: String?, workspace: Workspace) -> (String) -> Bool {
        guard let target, !target.isEmpty else { return { _ in true } }
        if Workspace.isSlug(target), FileManager.default.fileExists(atPath: workspace.absolute("customers/\(target)")) {
            return { $0.hasPrefix("customers/\(target)/") }
        }
        let absolute = target.hasPrefix("/") ? target : FileManager.default.currentDirectoryPath + "/" + target
        let relative = workspace.relative(absolute) ?? target
        return { $0 == relative || $0.hasPrefix(relative.hasSuffix("/") ? relative : relative + "/") }
    }
}

import CswsCore
import CswsGit
import Foundation

/// Semantic changes between commits, or between a commit and the work tree, for `sync`, `log`
/// and `diff`: the files csws reads, compared with `SemanticDiff`.
struct WorkspaceChanges {
    let repository: GitRepository
    let workspace: Workspace

    /// Files csws reads (settings, playbooks, customer YAML), by workspace-relative path.
    static func isWorkspaceFile(_ path: String) -> Bool {
        guard path.hasSuffix(".yaml") else { return false }
        return path == Workspace.settingsFileName || path.hasPrefix("playbooks/")
            || (path.hasPrefix("customers/") && !path.contains("/notes/"))
    }

    /// Changes from commit `old` (nil: nothing) to commit `new`.
    func between(_ old: GitObjectID?, _ new: GitObjectID, matching filter: (String) -> Bool = { _ in true }) throws -> [String] {
        let before = try old.map { try repository.files(of: $0) } ?? [:]
        let after = try repository.files(of: new)
        var lines: [String] = []
        for path in Set(before.keys).union(after.keys).sorted() where Self.isWorkspaceFile(path) && filter(path) {
            guard before[path] != after[path] else { continue }
            lines += SemanticDiff.describe(
                path: path, old: try before[path].flatMap(document), new: try after[path].flatMap(document))
        }
        return lines
    }

    /// Changes from commit `old` to the files on disk now.
    func toWorkTree(from old: GitObjectID?, matching filter: (String) -> Bool = { _ in true }) throws -> [String] {
        let before = try old.map { try repository.files(of: $0) } ?? [:]
        let scan = WorkspaceScanner(workspace: workspace).scan()
        var now: [String: String] = [:]
        for file in scan.files { now[file.relativePath] = file.readPath }
        var lines: [String] = []
        for path in Set(before.keys).union(now.keys).sorted() where Self.isWorkspaceFile(path) && filter(path) {
            let disk = now[path]
            if let disk, let blob = before[path], repository.blobID(ofFile: disk) == blob { continue }
            let old = try before[path].flatMap(document)
            let new = disk.flatMap { DocumentLoader.load(path: $0).document }
            lines += SemanticDiff.describe(path: path, old: old, new: new)
        }
        return lines
    }

    private func document(_ blob: GitObjectID) throws -> DocumentNode? {
        let bytes = try repository.blob(blob)
        return bytes.withUnsafeBufferPointer { DocumentLoader.load(bytes: $0).document }
    }

    /// A filter for an `ID|PATH` argument: a customer id, or a path prefix relative to the workspace.
    static func filter(_ target: String?, workspace: Workspace) -> (String) -> Bool {
        guard let target, !target.isEmpty else { return { _ in true } }
        if Workspace.isSlug(target), FileManager.default.fileExists(atPath: workspace.absolute("customers/\(target)")) {
            return { $0.hasPrefix("customers/\(target)/") }
        }
        let absolute = target.hasPrefix("/") ? target : FileManager.default.currentDirectoryPath + "/" + target
        let relative = workspace.relative(absolute) ?? target
        return { $0 == relative || $0.hasPrefix(relative.hasSuffix("/") ? relative : relative + "/") }
    }
}

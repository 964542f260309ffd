import CLibgit2
import Foundation

extension GitRepository {
    /// Resolves a revision (`HEAD~2`, a branch, `origin/main`, a hex id) to a commit.
    public func resolve(_ revision: String) throws -> GitObjectID {
        var object: OpaquePointer?
        try check("find revision \(revision)") { git_revparse_single(&object, pointer, revision) }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try check("\(revision) is not a commit") { git_object_peel(&commit, object, GIT_OBJECT_COMMIT) }
        defer { git_object_free(commit) }
        return GitObjectID(git_object_id(commit).pointee)
    }

    /// Every file of a commit's tree: path → blob id.
    public func files(of commitID: GitObjectID) throws -> [String: GitObjectID] {
        let tree = try tree(of: commitID)
        defer { git_tree_free(tree) }
        let collector = TreeCollector()
        let payload = Unmanaged.passRetained(collector)
        defer { payload.release() }
        try check("walk the tree") {
            git_tree_walk(tree, GIT_TREEWALK_PRE, { root, entry, payload in
                guard let entry, let payload, git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return 0 }
                let collector = Unmanaged<TreeCollector>.fromOpaque(payload).takeUnretainedValue()
                let name = String(cString: git_tree_entry_name(entry))
                let folder = root.map { String(cString: $0) } ?? ""
                collector.files[folder + name] = GitObjectID(git_tree_entry_id(entry).pointee)
                return 0
            }, payload.toOpaque())
        }
        return collector.files
    }

    /// The bytes of a blob.
    public func blob(_ id: GitObjectID) throws -> [UInt8] {
        var oid = id.oid
        var blob: OpaquePointer?
        try check("read blob \(id.short)") { git_blob_lookup(&blob, pointer, &oid) }
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let content = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeBufferPointer(start: content.assumingMemoryBound(to: UInt8.self), count: size))
    }

    /// The blob id git would give the file at `path` (to compare the work tree with a commit).
    public func blobID(ofFile path: String) -> GitObjectID? {
        var oid = git_oid()
        guard git_odb_hashfile(&oid, path, GIT_OBJECT_BLOB) == 0 else { return nil }
        return GitObjectID(oid)
    }

    /// Parents of a commit.
    public func parents(of commitID: GitObjectID) throws -> [GitObjectID] {
        var oid = commitID.oid
        var commit: OpaquePointer?
        try check("look up \(commitID.short)") { git_commit_lookup(&commit, pointer, &oid) }
        defer { git_commit_free(commit) }
        return (0..<git_commit_parentcount(commit)).compactMap { index in
            git_commit_parent_id(commit, index).map { GitObjectID($0.pointee) }
        }
    }

    /// Author time of a commit, as seconds since the epoch and the author's offset in minutes.
    public func authorTime(of commitID: GitObjectID) throws -> (seconds: Int64, offsetMinutes: Int32) {
        var oid = commitID.oid
        var commit: OpaquePointer?
        try check("look up \(commitID.short)") { git_commit_lookup(&commit, pointer, &oid) }
        defer { git_commit_free(commit) }
        guard let author = git_commit_author(commit) else { return (0, 0) }
        return (author.pointee.when.time, author.pointee.when.offset)
    }
}

final class TreeCollector {
    var files: [String: GitObjectID] = [:]
}

extension GitRepository {
    /// Paths that differ between two commits' trees (added, modified, deleted; both sides of a
    /// rename). `from` nil means every file of `to`. Identical subtrees are skipped by id, so the
    /// cost follows the size of the change, not of the workspace.
    public func changedFiles(from: GitObjectID?, to: GitObjectID) throws -> [String] {
        let newTree = try tree(of: to)
        defer { git_tree_free(newTree) }
        let oldTree: OpaquePointer? = try from.flatMap { try tree(of: $0) }
        defer { git_tree_free(oldTree) }
        return try changedFiles(from: oldTree, to: newTree)
    }

    func changedFiles(from oldTree: OpaquePointer?, to newTree: OpaquePointer?) throws -> [String] {
        try treeChanges(from: oldTree, to: newTree).map(\.path)
    }

    /// One file's change between two trees: its new blob and mode, or nil id when deleted.
    struct TreeChange {
        var path: String
        var id: GitObjectID?
        var mode: git_filemode_t
    }

    /// Every file changed from one tree to another (nil: the empty tree), sorted by path, without
    /// rename detection (a rename is a deletion and an addition).
    func treeChanges(from oldTree: OpaquePointer?, to newTree: OpaquePointer?) throws -> [TreeChange] {
        var diff: OpaquePointer?
        try check("compare two trees") { git_diff_tree_to_tree(&diff, pointer, oldTree, newTree, nil) }
        defer { git_diff_free(diff) }
        var changes: [TreeChange] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            if delta.status == GIT_DELTA_DELETED {
                guard let path = delta.old_file.path else { continue }
                changes.append(TreeChange(path: String(cString: path), id: nil, mode: GIT_FILEMODE_BLOB))
            } else {
                guard let path = delta.new_file.path else { continue }
                changes.append(TreeChange(
                    path: String(cString: path), id: GitObjectID(delta.new_file.id),
                    mode: git_filemode_t(UInt32(delta.new_file.mode))))
            }
        }
        return changes.sorted { $0.path < $1.path }
    }

    /// `base` with these files replaced or removed, written as a new tree; only the folders on the
    /// changed paths are rewritten. Nil when libgit2 cannot express the change this way.
    func updatedTree(_ base: OpaquePointer?, applying changes: [TreeChange]) -> git_oid? {
        let cPaths = changes.map { strdup($0.path) }
        defer { cPaths.forEach { free($0) } }
        var updates = changes.enumerated().map { offset, change in
            git_tree_update(
                action: change.id == nil ? GIT_TREE_UPDATE_REMOVE : GIT_TREE_UPDATE_UPSERT,
                id: change.id?.oid ?? git_oid(), filemode: change.mode, path: cPaths[offset])
        }
        var tree = git_oid()
        let built = updates.withUnsafeMutableBufferPointer { buffer in
            git_tree_create_updated(&tree, pointer, base, buffer.count, buffer.baseAddress)
        }
        return built == 0 ? tree : nil
    }

    /// The blob at `path` in a tree, or nil when there is none.
    func blobID(in tree: OpaquePointer?, path: String) throws -> GitObjectID? {
        var entry: OpaquePointer?
        guard git_tree_entry_bypath(&entry, tree, path) == 0, let entry else { return nil }
        defer { git_tree_entry_free(entry) }
        return git_tree_entry_type(entry) == GIT_OBJECT_BLOB ? GitObjectID(git_tree_entry_id(entry).pointee) : nil
    }

    /// Writes `bytes` into the object database as a blob.
    func createBlob(_ bytes: [UInt8]) throws -> GitObjectID {
        var oid = git_oid()
        try bytes.withUnsafeBytes { buffer in
            _ = try check("write a merged file") { git_blob_create_from_buffer(&oid, pointer, buffer.baseAddress, buffer.count) }
        }
        return GitObjectID(oid)
    }

    /// Blob ids of these paths in a commit (paths absent from it are left out).
    public func blobIDs(of commitID: GitObjectID, paths: [String]) throws -> [String: GitObjectID] {
        let root = try tree(of: commitID)
        defer { git_tree_free(root) }
        var found: [String: GitObjectID] = [:]
        for path in paths {
            var entry: OpaquePointer?
            guard git_tree_entry_bypath(&entry, root, path) == 0, let entry else { continue }
            defer { git_tree_entry_free(entry) }
            if git_tree_entry_type(entry) == GIT_OBJECT_BLOB { found[path] = GitObjectID(git_tree_entry_id(entry).pointee) }
        }
        return found
    }

    func tree(of commitID: GitObjectID) throws -> OpaquePointer? {
        var oid = commitID.oid
        var commit: OpaquePointer?
        try check("look up \(commitID.short)") { git_commit_lookup(&commit, pointer, &oid) }
        defer { git_commit_free(commit) }
        var tree: OpaquePointer?
        try check("read the tree of \(commitID.short)") { git_commit_tree(&tree, commit) }
        return tree
    }
}

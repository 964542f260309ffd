import CLibgit2
import Foundation

/// Who a commit is by.
public struct GitSignature: Sendable {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }
}

/// A git repository opened with libgit2. Owns its `git_repository` pointer and frees it on deinit;
/// use one instance per thread.
public final class GitRepository {
    let pointer: OpaquePointer

    private init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_repository_free(pointer)
    }

    /// Creates a new repository (and its folder) with `initialBranch` as the unborn HEAD.
    public static func create(at path: String, initialBranch: String = "main") throws -> GitRepository {
        Libgit2.ensureInitialized()
        var options = git_repository_init_options()
        try check("prepare git init") { git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)) }
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue
        var repository: OpaquePointer?
        try initialBranch.withCString { branch in
            options.initial_head = branch
            try check("git init \(path)") { git_repository_init_ext(&repository, path, &options) }
        }
        return GitRepository(pointer: repository!)
    }

    /// Opens the repository whose work tree is `path`.
    public static func open(at path: String) throws -> GitRepository {
        Libgit2.ensureInitialized()
        var repository: OpaquePointer?
        try check("open git repository at \(path)") { git_repository_open(&repository, path) }
        return GitRepository(pointer: repository!)
    }

    /// A string from the repository's configuration (local, global and system), or nil.
    public func configString(_ key: String) -> String? {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, pointer) == 0, let config else { return nil }
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, config, key) == 0, let value else { return nil }
        return String(cString: value)
    }

    /// `user.name` and `user.email` from git's configuration, when both are set.
    public func configuredSignature() -> GitSignature? {
        guard let name = configString("user.name"), let email = configString("user.email"),
            !name.isEmpty, !email.isEmpty
        else { return nil }
        return GitSignature(name: name, email: email)
    }

    /// Stages every change in the work tree (adds, edits, deletes), honouring .gitignore.
    public func stageAll() throws {
        var index: OpaquePointer?
        try check("read the index") { git_repository_index(&index, pointer) }
        defer { git_index_free(index) }
        try withPathspec(["*"]) { pathspec in
            try check("stage changes") { git_index_add_all(index, pathspec, 0, nil, nil) }
            try check("stage deletions") { git_index_update_all(index, pathspec, nil, nil) }
        }
        try check("write the index") { git_index_write(index) }
    }

    /// Stages exactly these work-tree paths (as `changedPaths()` lists them): a file on disk is
    /// added (which also settles a conflict on it), a missing one removed. Touching only the
    /// changed paths keeps a one-file sync fast on a workspace of 150,000 files.
    public func stage(_ paths: [String]) throws {
        guard let workDirectory else {
            throw GitError("stage changes: the repository has no work tree", code: -1)
        }
        var index: OpaquePointer?
        try check("read the index") { git_repository_index(&index, pointer) }
        defer { git_index_free(index) }
        for path in paths {
            var info = stat()
            // A path that is now a folder (a file replaced by one) leaves the index as a file.
            if lstat(workDirectory + path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFDIR {
                try check("stage \(path)") { git_index_add_bypath(index, path) }
            } else {
                try check("stage the deletion of \(path)") { git_index_remove_bypath(index, path) }
            }
        }
        try check("write the index") { git_index_write(index) }
    }

    /// Stages `paths` and commits them on HEAD: the commit's tree is HEAD's tree with just these
    /// files replaced or removed, so the cost follows the change (libgit2's index-to-tree write
    /// re-reads every tree of the workspace afterwards). Falls back to the index-wide commit
    /// on an unborn branch or whatever the shortcut cannot express.
    public func commitChanges(_ paths: [String], message: String, signature: GitSignature) throws -> GitObjectID {
        try stage(paths)
        guard let head = headCommit() else { return try commit(message: message, signature: signature, extraParents: []) }
        var index: OpaquePointer?
        try check("read the index") { git_repository_index(&index, pointer) }
        defer { git_index_free(index) }
        let inHead = try blobIDs(of: head, paths: paths)
        let changes = paths.compactMap { path -> TreeChange? in
            if let entry = git_index_get_bypath(index, path, 0)?.pointee {
                return TreeChange(path: path, id: GitObjectID(entry.id), mode: git_filemode_t(entry.mode))
            }
            return inHead[path] == nil ? nil : TreeChange(path: path, id: nil, mode: GIT_FILEMODE_BLOB)
        }
        let headTree = try tree(of: head)
        defer { git_tree_free(headTree) }
        guard var treeID = updatedTree(headTree, applying: changes) else {
            return try commit(message: message, signature: signature, extraParents: [])
        }
        var tree: OpaquePointer?
        try check("look up the tree") { git_tree_lookup(&tree, pointer, &treeID) }
        defer { git_tree_free(tree) }
        let id = try createCommit(tree: tree, parents: [head], message: message, signature: signature)
        recordIndexMatchesHead()
        return id
    }

    /// The work tree folder, with a trailing slash.
    var workDirectory: String? { git_repository_workdir(pointer).map { String(cString: $0) } }

    /// Commits the index on HEAD and returns the new commit's id (hex).
    @discardableResult
    public func commit(message: String, signature: GitSignature) throws -> String {
        try commit(message: message, signature: signature, extraParents: []).description
    }

    /// Commits the index on HEAD with HEAD and `extraParents` as parents (a merge commit when
    /// there are extra parents).
    @discardableResult
    public func commit(message: String, signature: GitSignature, extraParents: [GitObjectID]) throws -> GitObjectID {
        var index: OpaquePointer?
        try check("read the index") { git_repository_index(&index, pointer) }
        defer { git_index_free(index) }
        var treeID = git_oid()
        try check("write the tree") { git_index_write_tree(&treeID, index) }
        var tree: OpaquePointer?
        try check("look up the tree") { git_tree_lookup(&tree, pointer, &treeID) }
        defer { git_tree_free(tree) }
        return try createCommit(tree: tree, parents: (headCommit().map { [$0] } ?? []) + extraParents, message: message, signature: signature)
    }

    /// Commits `tree` with these parents (the first must be HEAD's commit, if any), authored now
    /// by `signature`, and moves HEAD's branch to it.
    func createCommit(tree: OpaquePointer?, parents: [GitObjectID], message: String, signature: GitSignature) throws -> GitObjectID {
        var author: UnsafeMutablePointer<git_signature>?
        try check("create the signature") { git_signature_now(&author, signature.name, signature.email) }
        defer { git_signature_free(author) }
        var parentCommits: [OpaquePointer?] = []
        defer { parentCommits.forEach { git_commit_free($0) } }
        for id in parents {
            var oid = id.oid
            var parent: OpaquePointer?
            try check("look up \(id.short)") { git_commit_lookup(&parent, pointer, &oid) }
            parentCommits.append(parent)
        }
        var commitID = git_oid()
        _ = try parentCommits.withUnsafeMutableBufferPointer { buffer in
            try check("commit") {
                git_commit_create(&commitID, pointer, "HEAD", author, author, nil, message, tree, buffer.count, buffer.baseAddress)
            }
        }
        return GitObjectID(commitID)
    }

    /// Adds a remote; the URL must not carry credentials (callers strip them first).
    public func addRemote(name: String, url: String) throws {
        var remote: OpaquePointer?
        try check("add remote \(name)") { git_remote_create(&remote, pointer, name, url) }
        git_remote_free(remote)
    }

    static func hex(_ oid: git_oid) -> String {
        var copy = oid
        var buffer = [CChar](repeating: 0, count: Int(GIT_OID_HEXSZ) + 1)
        git_oid_tostr(&buffer, buffer.count, &copy)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func withPathspec<Result>(_ patterns: [String], _ body: (UnsafeMutablePointer<git_strarray>) throws -> Result) rethrows -> Result {
        var cStrings = patterns.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        return try cStrings.withUnsafeMutableBufferPointer { buffer in
            var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            return try body(&array)
        }
    }
}

extension GitRepository {
    /// The `.git` folder.
    public var gitDirectory: String {
        var path = String(cString: git_repository_path(pointer))
        if path.hasSuffix("/") { path.removeLast() }
        return path
    }
}

import CLibgit2

extension GitRepository {
    /// The commit HEAD points at, or nil on an unborn branch.
    public func headCommit() -> GitObjectID? {
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, pointer, "HEAD") == 0 else { return nil }
        return GitObjectID(oid)
    }

    /// The short name of the branch HEAD is on (`main`).
    public func currentBranch() -> String? {
        var reference: OpaquePointer?
        guard git_reference_lookup(&reference, pointer, "HEAD") == 0, let reference else { return nil }
        defer { git_reference_free(reference) }
        guard let target = git_reference_symbolic_target(reference) else { return nil }
        let name = String(cString: target)
        return name.hasPrefix("refs/heads/") ? String(name.dropFirst("refs/heads/".count)) : name
    }

    /// The commit a reference (`refs/remotes/origin/main`) points at, or nil.
    public func commit(of reference: String) -> GitObjectID? {
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, pointer, reference) == 0 else { return nil }
        return GitObjectID(oid)
    }

    /// True while a merge is in progress (MERGE_HEAD exists).
    public var isMerging: Bool { git_repository_state(pointer) == Int32(GIT_REPOSITORY_STATE_MERGE.rawValue) }

    /// The commit being merged in (MERGE_HEAD).
    public func mergeHead() -> GitObjectID? { commit(of: "MERGE_HEAD") }

    /// Paths with changes in the work tree or index relative to HEAD (untracked included, ignored not).
    public func changedPaths() throws -> [String] {
        if let workDirectory, let paths = WorkTreeStatus(repository: self, root: workDirectory).changedPaths() {
            return paths
        }
        return try libgit2ChangedPaths()
    }

    /// `changedPaths()` as libgit2's status computes it (the reference the fast path is tested against).
    public func libgit2ChangedPaths() throws -> [String] {
        var options = git_status_options()
        try check("prepare status") { git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)) }
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        // No rename detection: it costs a third of the time on a large workspace, and a rename is
        // listed as its two paths anyway.
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
        var list: OpaquePointer?
        try check("read status") { git_status_list_new(&list, pointer, &options) }
        defer { git_status_list_free(list) }
        var paths: [String] = []
        var staged = false
        for index in 0..<git_status_list_entrycount(list) {
            guard let entry = git_status_byindex(list, index) else { continue }
            if entry.pointee.head_to_index != nil || entry.pointee.status.rawValue & GIT_STATUS_CONFLICTED.rawValue != 0 {
                staged = true
            }
            let delta = entry.pointee.index_to_workdir ?? entry.pointee.head_to_index
            guard let delta else { continue }
            if let path = delta.pointee.new_file.path ?? delta.pointee.old_file.path {
                paths.append(String(cString: path))
            }
        }
        if !staged { recordIndexMatchesHead() }
        return paths
    }

    /// Paths with unresolved conflicts in the index.
    public func conflictedPaths() throws -> [String] {
        var index: OpaquePointer?
        try check("read the index") { git_repository_index(&index, pointer) }
        defer { git_index_free(index) }
        guard git_index_has_conflicts(index) == 1 else { return [] }
        var iterator: OpaquePointer?
        try check("list conflicts") { git_index_conflict_iterator_new(&iterator, index) }
        defer { git_index_conflict_iterator_free(iterator) }
        var paths: [String] = []
        var ancestor: UnsafePointer<git_index_entry>?
        var ours: UnsafePointer<git_index_entry>?
        var theirs: UnsafePointer<git_index_entry>?
        while git_index_conflict_next(&ancestor, &ours, &theirs, iterator) == 0 {
            if let path = (ours ?? theirs ?? ancestor)?.pointee.path { paths.append(String(cString: path)) }
        }
        return paths.sorted()
    }

    /// Commits between `from` (exclusive) and `to` (inclusive), newest first.
    public func commits(from: GitObjectID?, to: GitObjectID) throws -> [GitCommitInfo] {
        var walker: OpaquePointer?
        try check("walk history") { git_revwalk_new(&walker, pointer) }
        defer { git_revwalk_free(walker) }
        git_revwalk_sorting(walker, GIT_SORT_TIME.rawValue | GIT_SORT_TOPOLOGICAL.rawValue)
        var start = to.oid
        try check("walk history") { git_revwalk_push(walker, &start) }
        if let from {
            var hide = from.oid
            git_revwalk_hide(walker, &hide)
        }
        var result: [GitCommitInfo] = []
        var oid = git_oid()
        while git_revwalk_next(&oid, walker) == 0 {
            var commit: OpaquePointer?
            guard git_commit_lookup(&commit, pointer, &oid) == 0 else { continue }
            defer { git_commit_free(commit) }
            let author = git_commit_author(commit)
            result.append(GitCommitInfo(
                id: GitObjectID(oid),
                authorName: author.map { String(cString: $0.pointee.name) } ?? "",
                authorEmail: author.map { String(cString: $0.pointee.email) } ?? "",
                summary: git_commit_summary(commit).map { String(cString: $0) } ?? "",
                message: git_commit_message(commit).map { String(cString: $0) } ?? "",
                parentCount: Int(git_commit_parentcount(commit))))
        }
        return result
    }
}

public struct GitCommitInfo: Sendable {
    public var id: GitObjectID
    public var authorName: String
    public var authorEmail: String
    public var summary: String
    /// The whole message, body included.
    public var message: String
    public var parentCount: Int
}

extension GitRepository {
    /// The tree id of HEAD's commit, or nil on an unborn branch.
    func headTreeID() -> git_oid? {
        guard let head = headCommit() else { return nil }
        var oid = head.oid
        var commit: OpaquePointer?
        guard git_commit_lookup(&commit, pointer, &oid) == 0 else { return nil }
        defer { git_commit_free(commit) }
        return git_commit_tree_id(commit)?.pointee
    }

    /// Whether .gitignore (or info/exclude, core.excludesFile) excludes a work-tree path; a
    /// folder is given with a trailing slash.
    func isIgnored(_ path: String) -> Bool {
        var ignored: Int32 = 0
        return git_ignore_path_is_ignored(&ignored, pointer, path) == 0 && ignored == 1
    }

    /// Notes that the index holds HEAD's tree (see `IndexState`): after csws wrote both, or after
    /// libgit2's status found nothing staged. The checksum is that of the index libgit2 holds in
    /// memory (the one it just wrote or read), not a fresh read of the file, which another
    /// program may have rewritten since.
    func recordIndexMatchesHead() {
        guard let tree = headTreeID() else { return }
        var index: OpaquePointer?
        guard git_repository_index(&index, pointer) == 0 else { return }
        defer { git_index_free(index) }
        guard git_index_has_conflicts(index) == 0, let checksum = git_index_checksum(index)?.pointee else { return }
        IndexState.record(gitDirectory: gitDirectory, checksum: withUnsafeBytes(of: checksum.id) { Array($0) }, tree: tree)
    }
}

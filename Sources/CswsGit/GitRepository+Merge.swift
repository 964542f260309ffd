import CLibgit2
import Foundation

/// What bringing in a fetched commit did.
public enum MergeOutcome: Sendable, Equatable {
    case upToDate
    case fastForwarded
    case merged(GitObjectID)
    /// Merged, with files both sides changed merged by `FileMerger`: what it said of each.
    case mergedByStructure(GitObjectID, [String])
    /// The merge is in progress (MERGE_HEAD), with conflict markers in these files.
    case conflicts([String])
}

extension GitRepository {
    /// Brings `theirs` into the current branch: fast-forward, or a three-way merge committed as
    /// `signature`. Checkout is always SAFE: a file changed only on disk is never overwritten (the
    /// operation fails instead). Conflicts leave git's standard markers and the merge in progress.
    /// Merges the contents of one file both sides changed: (path, base or nil when both added
    /// it, ours, theirs) → the merged bytes and a line saying what was merged, or nil to leave
    /// the file to git's line merge.
    public typealias FileMerger = (_ path: String, _ base: [UInt8]?, _ ours: [UInt8], _ theirs: [UInt8])
        -> (content: [UInt8], summary: String)?

    /// `message` receives the summaries of the files merged by `fileMerger` (none for a merge of
    /// different files or by lines), so the merge commit can say what it merged.
    public func merge(
        _ theirs: GitObjectID, signature: GitSignature, message: ([String]) -> String, diff3: Bool, fileMerger: FileMerger? = nil
    ) throws -> MergeOutcome {
        var theirsOID = theirs.oid
        var annotated: OpaquePointer?
        try check("read the fetched commit") { git_annotated_commit_lookup(&annotated, pointer, &theirsOID) }
        defer { git_annotated_commit_free(annotated) }
        var analysis = git_merge_analysis_t(rawValue: 0)
        var preference = git_merge_preference_t(rawValue: 0)
        var heads: [OpaquePointer?] = [annotated]
        _ = try heads.withUnsafeMutableBufferPointer { buffer in
            try check("analyse the merge") {
                git_merge_analysis(&analysis, &preference, pointer, buffer.baseAddress, 1)
            }
        }
        if analysis.rawValue & GIT_MERGE_ANALYSIS_UP_TO_DATE.rawValue != 0 { return .upToDate }
        if analysis.rawValue & (GIT_MERGE_ANALYSIS_FASTFORWARD.rawValue | GIT_MERGE_ANALYSIS_UNBORN.rawValue) != 0 {
            try fastForward(to: theirs)
            return .fastForwarded
        }

        var mergeOptions = git_merge_options()
        try check("prepare merge") { git_merge_options_init(&mergeOptions, UInt32(GIT_MERGE_OPTIONS_VERSION)) }
        if diff3 { mergeOptions.file_flags = GIT_MERGE_FILE_STYLE_DIFF3.rawValue }
        if let (id, summaries) = try mergeWithoutConflicts(theirs, options: &mergeOptions, signature: signature, message: message, fileMerger: fileMerger) {
            return summaries.isEmpty ? .merged(id) : .mergedByStructure(id, summaries)
        }
        // Conflicts: git_merge leaves MERGE_HEAD, the conflict entries and the markers exactly as git does.
        var checkoutOptions = git_checkout_options()
        try check("prepare checkout") { git_checkout_options_init(&checkoutOptions, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)) }
        checkoutOptions.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue | GIT_CHECKOUT_ALLOW_CONFLICTS.rawValue
        _ = try heads.withUnsafeMutableBufferPointer { buffer in
            try check("merge") { git_merge(pointer, buffer.baseAddress, 1, &mergeOptions, &checkoutOptions) }
        }
        // Some files may conflict by lines only: settle those the file merger can merge, so a
        // real conflict in one file does not leave markers in another.
        let summaries = try resolveConflicts(with: fileMerger)
        let conflicts = try conflictedPaths()
        if !conflicts.isEmpty { return .conflicts(conflicts) }
        let id = try commit(message: message(summaries), signature: signature, extraParents: [theirs])
        git_repository_state_cleanup(pointer)
        return summaries.isEmpty ? .merged(id) : .mergedByStructure(id, summaries)
    }

    /// Writes the merged content of every conflicted file `fileMerger` can merge (both sides'
    /// versions still are in the index's conflict stages) and stages it.
    private func resolveConflicts(with fileMerger: FileMerger?) throws -> [String] {
        guard let fileMerger else { return [] }
        var index: OpaquePointer?
        try check("read the index") { git_repository_index(&index, pointer) }
        defer { git_index_free(index) }
        var summaries: [String] = []
        for path in try conflictedPaths() {
            var ancestor: UnsafePointer<git_index_entry>?
            var ours: UnsafePointer<git_index_entry>?
            var theirs: UnsafePointer<git_index_entry>?
            guard git_index_conflict_get(&ancestor, &ours, &theirs, index, path) == 0,
                let oursID = ours?.pointee.id, let theirsID = theirs?.pointee.id
            else { continue }
            let base = try ancestor.map { try blob(GitObjectID($0.pointee.id)) }
            guard let merged = fileMerger(path, base, try blob(GitObjectID(oursID)), try blob(GitObjectID(theirsID))) else { continue }
            // The file holds git's markers, written a moment ago from these same versions.
            try writeWorkTreeFile(path, merged.content)
            try check("stage \(path)") { git_index_add_bypath(index, path) }
            summaries.append(merged.summary)
        }
        try check("write the index") { git_index_write(index) }
        return summaries
    }

    private func writeWorkTreeFile(_ path: String, _ bytes: [UInt8]) throws {
        guard let root = workDirectory else { throw GitError("write \(path)", code: -1) }
        let full = root.hasSuffix("/") ? root + path : root + "/" + path
        guard let file = fopen(full, "wb") else { throw GitError("write \(path)", code: -1) }
        defer { fclose(file) }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == bytes.count else { throw GitError("write \(path)", code: -1) }
    }

    /// Concludes a merge whose conflicts the user resolved: stages everything and commits with
    /// MERGE_HEAD as second parent.
    public func concludeMerge(signature: GitSignature, message: String) throws -> GitObjectID {
        guard let theirs = mergeHead() else { throw GitError("conclude the merge", code: -1) }
        try stageAll()
        let id = try commit(message: message, signature: signature, extraParents: [theirs])
        git_repository_state_cleanup(pointer)
        return id
    }

    /// Merges in memory; when nothing conflicts, checks out only the files the merge changes (SAFE)
    /// and commits the merged tree with HEAD and `theirs` as parents. Nil when there are conflicts.
    /// A clean merge so costs what the incoming change costs, not what the workspace weighs.
    private func mergeWithoutConflicts(
        _ theirs: GitObjectID, options: inout git_merge_options, signature: GitSignature, message: ([String]) -> String,
        fileMerger: FileMerger?
    ) throws -> (GitObjectID, [String])? {
        guard let ours = headCommit() else { return nil }
        let oursTree = try tree(of: ours)
        defer { git_tree_free(oursTree) }
        var treeID = git_oid()
        var summaries: [String] = []
        if let applied = try applyingChanges(ours: ours, oursTree: oursTree, theirs: theirs, fileMerger: fileMerger) {
            (treeID, summaries) = applied
        } else {
            guard let merged = try mergedTreeByLines(ours: ours, theirs: theirs, options: &options) else { return nil }
            treeID = merged
        }
        var mergedTree: OpaquePointer?
        try check("look up the merged tree") { git_tree_lookup(&mergedTree, pointer, &treeID) }
        defer { git_tree_free(mergedTree) }
        try checkoutSafely(mergedTree, paths: try changedFiles(from: oursTree, to: mergedTree))

        let id = try createCommit(tree: mergedTree, parents: [ours, theirs], message: message(summaries), signature: signature)
        recordIndexMatchesHead()
        return (id, summaries)
    }

    /// The merged tree when the two sides changed different files since their merge base — or the
    /// same files, when `fileMerger` merges each of those (by structure): their changes applied to
    /// our tree, rewriting only the folders on the way. git_merge_commits walks all three trees
    /// whole (a second on 150,000 files); this costs what the changes cost. Nil when a file both
    /// sides changed cannot be merged so (or a file and a folder meet on one path): then the
    /// line-level merge decides.
    private func applyingChanges(
        ours: GitObjectID, oursTree: OpaquePointer?, theirs: GitObjectID, fileMerger: FileMerger?
    ) throws -> (git_oid, [String])? {
        var base = git_oid()
        var oursOID = ours.oid
        var theirsOID = theirs.oid
        guard git_merge_base(&base, pointer, &oursOID, &theirsOID) == 0 else { return nil }
        let baseTree = try tree(of: GitObjectID(base))
        defer { git_tree_free(baseTree) }
        let theirsTree = try tree(of: theirs)
        defer { git_tree_free(theirsTree) }
        let theirChanges = try treeChanges(from: baseTree, to: theirsTree)
        let ourChanges = Dictionary(try treeChanges(from: baseTree, to: oursTree).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let touched = Set(ourChanges.keys).union(theirChanges.map(\.path))
        // A file on one side where the other has a folder of the same name.
        func meetsFolder(_ path: String) -> Bool {
            var prefix = Substring(path)
            while let slash = prefix.lastIndex(of: "/") {
                prefix = prefix[..<slash]
                if touched.contains(String(prefix)) { return true }
            }
            return false
        }
        var changes: [TreeChange] = []
        var summaries: [String] = []
        for change in theirChanges {
            // A folder on one side where the other has a file, or the other way round.
            if meetsFolder(change.path) || touched.contains(where: { $0.hasPrefix(change.path + "/") }) { return nil }
            guard let ourChange = ourChanges[change.path] else {
                changes.append(change)
                continue
            }
            // Both sides changed this file: the same content, or a merge of both edits.
            guard let fileMerger, let theirID = change.id, let ourID = ourChange.id else { return nil }
            if theirID == ourID { continue }
            let baseBytes = try blobID(in: baseTree, path: change.path).map { try blob($0) }
            guard let merged = fileMerger(change.path, baseBytes, try blob(ourID), try blob(theirID)) else { return nil }
            changes.append(TreeChange(path: change.path, id: try createBlob(merged.content), mode: ourChange.mode))
            summaries.append(merged.summary)
        }
        guard let merged = updatedTree(oursTree, applying: changes) else {
            throw GitError("apply the incoming changes", code: -1)
        }
        return (merged, summaries)
    }

    /// git_merge_commits' line-level merge, in memory; nil when it leaves conflicts.
    private func mergedTreeByLines(ours: GitObjectID, theirs: GitObjectID, options: inout git_merge_options) throws -> git_oid? {
        var oursOID = ours.oid
        var theirsOID = theirs.oid
        var oursCommit: OpaquePointer?
        var theirsCommit: OpaquePointer?
        try check("look up \(ours.short)") { git_commit_lookup(&oursCommit, pointer, &oursOID) }
        defer { git_commit_free(oursCommit) }
        try check("look up \(theirs.short)") { git_commit_lookup(&theirsCommit, pointer, &theirsOID) }
        defer { git_commit_free(theirsCommit) }
        var merged: OpaquePointer?
        try check("merge") { git_merge_commits(&merged, pointer, oursCommit, theirsCommit, &options) }
        defer { git_index_free(merged) }
        if git_index_has_conflicts(merged) != 0 { return nil }
        var treeID = git_oid()
        try check("write the merged tree") { git_index_write_tree_to(&treeID, merged, pointer) }
        return treeID
    }

    /// Writes `paths` of `tree` to the work tree and index. SAFE: a file whose content on disk
    /// differs from HEAD is never overwritten; the whole checkout fails before writing instead.
    private func checkoutSafely(_ tree: OpaquePointer?, paths: [String]?) throws {
        if let paths, paths.isEmpty { return }
        var options = git_checkout_options()
        try check("prepare checkout") { git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)) }
        options.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue
        guard let paths else {
            try check("update the work tree") { git_checkout_tree(pointer, tree, &options) }
            return
        }
        // An exact path list, so libgit2 visits only these files instead of the whole work tree.
        options.checkout_strategy |= GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH.rawValue
        try withPathspec(paths) { pathspec in
            options.paths = pathspec.pointee
            try check("update the work tree") { git_checkout_tree(pointer, tree, &options) }
        }
    }

    /// Moves the current branch to `target`, updating the work tree with a SAFE checkout first.
    private func fastForward(to target: GitObjectID) throws {
        let targetTree = try tree(of: target)
        defer { git_tree_free(targetTree) }
        if let head = headCommit() {
            let headTree = try tree(of: head)
            defer { git_tree_free(headTree) }
            try checkoutSafely(targetTree, paths: try changedFiles(from: headTree, to: targetTree))
        } else {
            try checkoutSafely(targetTree, paths: nil)
        }
        var oid = target.oid
        let branch = "refs/heads/" + (currentBranch() ?? "main")
        var reference: OpaquePointer?
        try check("move \(branch)") {
            git_reference_create(&reference, pointer, branch, &oid, 1, "csws sync: fast-forward")
        }
        git_reference_free(reference)
        recordIndexMatchesHead()
    }
}

import CLibgit2

/// What bringing in a fetched commit did.
public enum MergeOutcome: Sendable, Equatable {
    case upToDate
    case fastForwarded
    case merged(GitObjectID)
    /// The merge is in progress (MERGE_HEAD), with conflict markers in these files.
    case conflicts([String])
}

extension GitRepository {
    /// Brings `theirs` into the current branch: fast-forward, or a three-way merge committed as
    /// `signature`. Checkout is always SAFE: a file changed only on disk is never overwritten (the
    /// operation fails instead). Conflicts leave git's standard markers and the merge in progress.
    public func merge(_ theirs: GitObjectID, signature: GitSignature, message: String, diff3: Bool) throws -> MergeOutcome {
        var theirsOID = theirs.oid
        var annotated: OpaquePointer?
        try check("read the fetched commit") { git_annotated_commit_lookup(&annotated, pointer, &theirsOID) }
        defer { git_annotated_commit_free(annotated) }
        var analysis = git_merge_analysis_t(rawValue: 0)
        var preference = git_merge_preference_t(rawValue: 0)
        var heads: [OpaquePointer?] = [annotated]
        try heads.withUnsafeMutableBufferPointer { buffer in
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
        var checkoutOptions = git_checkout_options()
        try check("prepare checkout") { git_checkout_options_init(&checkoutOptions, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)) }
        checkoutOptions.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue | GIT_CHECKOUT_ALLOW_CONFLICTS.rawValue
        try heads.withUnsafeMutableBufferPointer { buffer in
            try check("merge") { git_merge(pointer, buffer.baseAddress, 1, &mergeOptions, &checkoutOptions) }
        }
        let conflicts = try conflictedPaths()
        if !conflicts.isEmpty { return .conflicts(conflicts) }
        let id = try commit(message: message, signature: signature, extraParents: [theirs])
        git_repository_state_cleanup(pointer)
        return .merged(id)
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

    /// Moves the current branch to `target`, updating the work tree with a SAFE checkout first.
    private func fastForward(to target: GitObjectID) throws {
        var oid = target.oid
        var commit: OpaquePointer?
        try check("look up \(target.short)") { git_commit_lookup(&commit, pointer, &oid) }
        defer { git_commit_free(commit) }
        var options = git_checkout_options()
        try check("prepare checkout") { git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)) }
        options.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue
        try check("update the work tree") { git_checkout_tree(pointer, commit, &options) }
        let branch = "refs/heads/" + (currentBranch() ?? "main")
        var reference: OpaquePointer?
        try check("move \(branch)") {
            git_reference_create(&reference, pointer, branch, &oid, 1, "csws sync: fast-forward")
        }
        git_reference_free(reference)
    }
}

import CswsCore
import CswsGit
import Foundation

/// One `csws sync`, step by step (SPEC §6): lock, finish a resolved merge, commit, fetch, merge
/// (YAML by structure), check what would be pushed, push, report. It says what it does through
/// `output` and stops with a `SyncStop` that carries the exit status.
public struct SyncFlow {
    public let workspace: Workspace
    public let asOf: CalendarDate
    public let message: String?
    public let push: Bool
    public let force: Bool
    public let output: SyncOutput
    let repository: GitRepository

    public init(workspace: Workspace, asOf: CalendarDate, message: String? = nil, push: Bool = true, force: Bool = false,
                output: SyncOutput) throws {
        self.workspace = workspace
        self.asOf = asOf
        self.message = message
        self.push = push
        self.force = force
        self.output = output
        do { repository = try GitRepository.open(at: workspace.root) } catch {
            throw SyncStop(.ioError, "\(workspace.root) is not a git repository", hint: "run `csws init` to create one")
        }
    }

    /// The whole sync, holding this workspace's sync lock throughout.
    public func run() throws {
        let lock = SyncLock(gitDirectory: repository.gitDirectory)
        do {
            try lock.acquire(gitDirectory: repository.gitDirectory)
        } catch SyncLock.Failure.busy(let pid) {
            throw SyncStop(.locked, "another csws sync (process \(pid)) is running in this workspace",
                           hint: "wait for it to finish, then run `csws sync` again")
        }
        defer { lock.release() }
        if lock.recoveredStaleLock {
            output.warn("note: an interrupted sync left a lock behind; it was cleaned up")
        }
        try synchronize()
    }

    private func synchronize() throws {
        guard let signature = repository.configuredSignature() else {
            throw SyncStop(
                .usage, "git does not know who you are (user.name and user.email are not set)",
                hint: "run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com`")
        }
        let settings = WorkspaceLoader.loadSettingsOnly(workspace)
        let remote = settings?.syncRemote ?? "origin"
        let branch = repository.currentBranch() ?? settings?.syncBranch ?? "main"

        // 1. A merge the user was resolving: done when no file has markers left.
        if repository.isMerging {
            let unresolved = try gitStep { try repository.conflictedPaths() }
                .filter { ConflictMarkers.hasMarkers(inFileAt: workspace.absolute($0)) }
            if !unresolved.isEmpty { try stopOnConflicts(unresolved, resuming: true) }
            let id = try gitStep { try repository.concludeMerge(signature: signature, message: "csws sync: merge (conflicts resolved)") }
            output.say("Finished the merge you resolved (\(id.short)).")
        }

        // 2. The validity check runs below, on what would be pushed, once the merge is done: its
        //    errors never stop the local commit, but may block the push.
        // 3. Commit every change.
        let changed = try gitStep { try repository.changedPaths() }
        let before = repository.headCommit()
        if !changed.isEmpty {
            let semantic = (try? WorkspaceChanges(repository: repository, workspace: workspace)
                .toWorkTree(from: before, candidates: changed)) ?? []
            let summary = message ?? Self.commitMessage(semantic: semantic, changedPaths: changed)
            let id = try gitStep { try repository.commitChanges(changed, message: summary, signature: signature) }
            let subject = summary.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? summary
            output.say("Committed \(changed.count) changed file\(changed.count == 1 ? "" : "s") (\(id.short)): \(subject)")
        }

        guard let url = repository.remoteURL(remote) else {
            output.say("No remote `\(remote)` is set: your changes are committed locally.")
            output.say("Set one with `git remote add \(remote) <url>` to share them.")
            return
        }
        let shownURL = RemoteURL.withoutCredentials(url)
        let credentials = CredentialSources(
            sshKeyFiles: sshKeys(settings: settings),
            token: ProcessInfo.processInfo.environment["CSWS_GIT_TOKEN"])

        // 4–5. Fetch, merge, push; retry when a teammate pushed in between.
        var incomingFrom = repository.headCommit()
        for attempt in 1...3 {
            do {
                try repository.fetch(remote: remote, credentials: credentials)
            } catch let error as GitError {
                throw notPushed("cannot reach \(shownURL): \(RemoteURL.scrubbed(error.message))")
            }
            if let theirs = repository.commit(of: "refs/remotes/\(remote)/\(branch)") {
                let diff3 = repository.configString("merge.conflictStyle") == "diff3"
                let theirName = (try? repository.commits(from: repository.headCommit(), to: theirs))?.first?.authorName ?? "theirs"
                let outcome = try gitStep {
                    try repository.merge(
                        theirs, signature: signature,
                        message: { merged in
                            "csws sync: merge \(remote)/\(branch)" + (merged.isEmpty ? "" : "\n\n" + merged.joined(separator: "\n") + "\n")
                        },
                        diff3: diff3,
                        fileMerger: { path, base, ours, theirs in
                            WorkspaceFileMerge.merge(path: path, base: base, ours: ours, theirs: theirs, theirName: "\(theirName)'s")
                        })
                }
                switch outcome {
                case .conflicts(let paths):
                    reportIncoming(since: incomingFrom)
                    try stopOnConflicts(paths, resuming: false)
                case .fastForwarded, .merged, .mergedByStructure:
                    reportIncoming(since: incomingFrom)
                    if case .mergedByStructure(_, let merged) = outcome {
                        for line in merged { output.say(line) }
                    }
                    incomingFrom = repository.headCommit()
                case .upToDate:
                    break
                }
            }
            let remoteHead = repository.commit(of: "refs/remotes/\(remote)/\(branch)")
            guard let head = repository.headCommit() else { return }
            let blocking = head == remoteHead ? [] : outgoingErrors(from: remoteHead, to: head)
            if !blocking.isEmpty && (settings?.blockPushOnErrors ?? true) && !force {
                printBlocking(blocking)
                output.warn("not pushed: csws check found \(blocking.count) error\(blocking.count == 1 ? "" : "s") (above); your commit is kept")
                output.warn("hint: fix them and run `csws sync`, or push anyway with `csws sync --force`")
                throw SyncStop(.findings)
            }
            guard push else {
                output.say("Not pushed (--no-push).")
                return
            }
            guard head != remoteHead else {
                output.say("Up to date with \(remote)/\(branch) (\(shownURL)).")
                return
            }
            let result: PushOutcome
            do {
                result = try repository.push(remote: remote, branch: branch, credentials: credentials)
            } catch let error as GitError {
                throw notPushed("\(shownURL) refused the push: \(RemoteURL.scrubbed(error.message))")
            }
            switch result {
            case .pushed:
                let outgoing = (try? repository.commits(from: remoteHead, to: head)) ?? []
                output.say("Pushed \(outgoing.count) commit\(outgoing.count == 1 ? "" : "s") to \(remote)/\(branch) (\(shownURL)).")
                if !blocking.isEmpty { printBlocking(blocking) }
                return
            case .rejected(let reason):
                if attempt == 3 { break }
                output.warn("note: \(remote) moved on while syncing (\(RemoteURL.scrubbed(reason))); merging again")
            }
        }
        throw notPushed("teammates are pushing; run `csws sync` again")
    }

    /// `csws sync: acme: milestone M3 done; globex: arr 120000 → 150000`, then every change on its
    /// own line in the body.
    public static func commitMessage(semantic: [String], changedPaths: [String]) -> String {
        guard !semantic.isEmpty else { return "csws sync: " + ChangeSummary.line(for: changedPaths) }
        let compact = semantic.map { line -> String in
            // `globex account: arr …` reads as `globex: arr …` in a subject line.
            guard let colon = line.range(of: ": ") else { return line }
            let subject = line[..<colon.lowerBound].split(separator: " ")
            let customer = subject.first.map(String.init) ?? ""
            return subject.count == 2 && ["account", "plan"].contains(subject[1])
                ? customer + ": " + line[colon.upperBound...] : line
        }
        var subject = compact.prefix(4).joined(separator: "; ")
        if compact.count > 4 { subject += "; and \(compact.count - 4) more" }
        return "csws sync: \(subject)\n\n" + semantic.joined(separator: "\n") + "\n"
    }

    /// Validity errors in what this sync would push. Only the customers whose files differ from
    /// the remote branch are checked, unless shared files (csws.yaml, playbooks) changed or the
    /// branch is new to the remote: then the whole workspace. An error a teammate already pushed
    /// is not a reason to hold back this push, and a one-file sync stays fast on a large workspace.
    private func outgoingErrors(from remoteHead: GitObjectID?, to head: GitObjectID) -> [Diagnostic] {
        var request = CheckRequest(asOf: asOf)
        if remoteHead != nil, let paths = try? repository.changedFiles(from: remoteHead, to: head) {
            if paths.isEmpty { return [] }
            let customers = paths.map(Checker.customer(ofPath:))
            if customers.allSatisfy({ $0 != nil }) {
                request.customers = Array(Set(customers.compactMap { $0 })).sorted()
            }
        }
        return Checker.check(workspace, request: request).diagnostics
            .filter { $0.severity == .error && RuleCatalog.isValidityRule($0.rule) }
    }

    private func sshKeys(settings: WorkspaceSettings?) -> [String] {
        let home = HomeDirectory.path
        var keys: [String] = []
        if let key = settings?.sshKey { keys.append((key as NSString).expandingTildeInPath) }
        if let key = ProcessInfo.processInfo.environment["CSWS_SSH_KEY"], !key.isEmpty { keys.append(key) }
        keys += ["id_ed25519", "id_ecdsa", "id_rsa"].map { home + "/.ssh/" + $0 }
        return keys
    }

    /// Runs a local git step, turning a libgit2 error into a one-line failure.
    private func gitStep<Result>(_ body: () throws -> Result) throws -> Result {
        do { return try body() } catch let error as GitError {
            throw SyncStop(.ioError, "git: \(RemoteURL.scrubbed(error.description))", hint: "your files are untouched; run `csws sync` again")
        }
    }

    private func stopOnConflicts(_ paths: [String], resuming: Bool) throws -> Never {
        output.warn(resuming ? "the merge still has conflicts:" : "conflicts with your teammates' changes:")
        for path in paths {
            let lines = ConflictMarkers.hunkStartLines(inFileAt: workspace.absolute(path))
            if lines.isEmpty { output.warn("\(path)") }
            for line in lines { output.warn("\(path):\(line)") }
        }
        output.warn("hint: edit each file: keep the lines you want and delete the <<<<<<< ======= >>>>>>> lines, then run `csws sync` (no `git add` needed)")
        throw SyncStop(.conflicts)
    }

    /// Says why nothing was pushed; the caller throws the result, so the lock is released.
    private func notPushed(_ reason: String) -> SyncStop {
        output.warn("not pushed: \(reason)")
        output.warn("hint: your changes are committed locally; the next `csws sync` will push them")
        return SyncStop(.remote)
    }

    private func printBlocking(_ diagnostics: [Diagnostic]) {
        let reporter = TextReporter(workspace: workspace, useColor: false)
        for diagnostic in diagnostics { output.warn(reporter.render(diagnostic).trimmingCharacters(in: .newlines)) }
    }

    private func reportIncoming(since start: GitObjectID?) {
        guard let head = repository.headCommit(), let commits = try? repository.commits(from: start, to: head) else { return }
        let theirs = commits.filter { $0.parentCount < 2 && $0.id != start }
        guard !theirs.isEmpty else { return }
        output.say("Brought in \(theirs.count) commit\(theirs.count == 1 ? "" : "s"):")
        let changes = WorkspaceChanges(repository: repository, workspace: workspace)
        for commit in theirs.reversed() {
            let lines = (try? changes.between(try repository.parents(of: commit.id).first, commit.id)) ?? []
            if lines.isEmpty {
                output.say("  \(commit.authorName): \(commit.summary)")
            }
            for line in lines.prefix(20) { output.say("  \(commit.authorName): \(line)") }
            if lines.count > 20 { output.say("  \(commit.authorName): … and \(lines.count - 20) more") }
        }
    }
}

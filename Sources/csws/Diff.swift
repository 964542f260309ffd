import ArgumentParser
import CswsCore
import CswsGit
import CswsSync

extension Csws {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What changed since REV (default: what is not yet synced), field by field.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "A revision (default: the remote-tracking branch), then optionally a customer id or path.")
        var arguments: [String] = []

        func run() throws {
            try reportingFailures {
                let workspace = try global.resolveWorkspace()
                let repository: GitRepository
                do { repository = try GitRepository.open(at: workspace.root) } catch {
                    throw Failure("\(workspace.root) is not a git repository", code: .ioError)
                }
                var revision: String?
                var target: String?
                for argument in arguments {
                    if revision == nil, target == nil, (try? repository.resolve(argument)) != nil {
                        revision = argument
                    } else if target == nil {
                        target = argument
                    } else {
                        throw Failure("too many arguments: \(argument)", hint: "csws diff [REV] [ID|PATH]", code: .usage)
                    }
                }
                let settings = WorkspaceLoader.loadShared(workspace).settings
                let remote = settings?.syncRemote ?? "origin"
                let branch = repository.currentBranch() ?? settings?.syncBranch ?? "main"
                let base: GitObjectID?
                if let revision {
                    base = try? repository.resolve(revision)
                } else {
                    base = repository.commit(of: "refs/remotes/\(remote)/\(branch)") ?? repository.headCommit()
                }
                // What can differ: the commits since `base`, plus the work tree's own changes.
                var candidates: [String]?
                if let base, let head = repository.headCommit(),
                    let committed = try? repository.changedFiles(from: base, to: head),
                    let uncommitted = try? repository.changedPaths() {
                    candidates = committed + uncommitted
                }
                let changes = try WorkspaceChanges(repository: repository, workspace: workspace)
                    .toWorkTree(from: base, candidates: candidates, matching: WorkspaceChanges.filter(target, workspace: workspace))
                if changes.isEmpty {
                    Terminal.write("No changes since \(revision ?? (base == nil ? "the start" : "\(remote)/\(branch)")).\n")
                } else {
                    Terminal.write(changes.map { $0 + "\n" }.joined())
                }
            }
        }
    }
}

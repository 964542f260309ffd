import CswsCore
import CswsGit
import CswsSync
import Foundation

/// The workspace files of one commit, written from git's objects into a private temporary folder
/// (for `score --at REV`): the work tree and the index are never touched.
struct CommitSnapshot {
    let workspace: Workspace
    private let folder: String

    init(workspace source: Workspace, revision: String) throws {
        let repository: GitRepository
        do { repository = try GitRepository.open(at: source.root) } catch {
            throw Failure("\(source.root) is not a git repository", code: .ioError)
        }
        let commit: GitObjectID
        do { commit = try repository.resolve(revision) } catch {
            throw Failure("unknown revision `\(revision)`", hint: "use a commit id, a branch, HEAD~1 or origin/main", code: .usage)
        }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("csws-at-\(UUID().uuidString)").path
        do {
            for (path, blob) in try repository.files(of: commit) where WorkspaceChanges.isWorkspaceFile(path) {
                // Paths come from git's tree: keep them inside the snapshot folder.
                guard !path.split(separator: "/").contains(".."), !path.hasPrefix("/") else { continue }
                let target = folder + "/" + path
                try FileManager.default.createDirectory(
                    atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(try repository.blob(blob)).write(to: URL(fileURLWithPath: target))
            }
        } catch let error as GitError {
            throw Failure("git: \(error)", code: .ioError)
        }
        guard FileManager.default.fileExists(atPath: folder + "/" + Workspace.settingsFileName) else {
            try? FileManager.default.removeItem(atPath: folder)
            throw Failure("commit \(commit.short) has no csws.yaml", code: .usage)
        }
        workspace = Workspace(root: folder)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}

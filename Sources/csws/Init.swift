import ArgumentParser
import CswsCore
import CswsGit
import Foundation

extension Csws {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a workspace from the template, as a git repository with a first commit.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The folder to create the workspace in (default: the current folder).")
        var directory: String = "."

        @Option(help: "The workspace's display name.")
        var name: String?

        @Option(help: "URL of the shared git remote (stored as `origin`, without any credentials).")
        var remote: String?

        func run() throws {
            try reportingFailures {
                let folder = directory.hasPrefix("/") ? directory : FileManager.default.currentDirectoryPath + "/" + directory
                let manager = FileManager.default
                if manager.fileExists(atPath: folder + "/" + Workspace.settingsFileName) {
                    try WorkspaceTemplate.writeSchemas(to: folder)
                    Terminal.write("\(directory) is already a csws workspace; refreshed \(WorkspaceTemplate.schemaFolder)/\n")
                    return
                }
                var isDirectory: ObjCBool = false
                if manager.fileExists(atPath: folder, isDirectory: &isDirectory) {
                    guard isDirectory.boolValue else {
                        throw Failure("\(directory) is a file, not a folder", code: .usage)
                    }
                    let entries = (try? manager.contentsOfDirectory(atPath: folder)) ?? []
                    guard entries.allSatisfy({ $0 == ".git" }) else {
                        throw Failure(
                            "\(directory) is not empty and is not a csws workspace",
                            hint: "choose an empty or new folder: `csws init my-workspace`", code: .usage)
                    }
                } else {
                    do {
                        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    } catch {
                        throw Failure("cannot create \(directory): \(error.localizedDescription)", code: .ioError)
                    }
                }
                let workspaceName = name ?? ((Workspace.canonicalName(of: folder)))
                do {
                    try WorkspaceTemplate.write(to: folder, name: workspaceName)
                } catch {
                    throw Failure("cannot write the workspace: \(error.localizedDescription)", code: .ioError)
                }
                try commitFirstVersion(in: folder, name: workspaceName)
                Terminal.write("""
                    Created csws workspace "\(workspaceName)" in \(directory)
                    Next: edit csws.yaml (team, segments), then `csws new customer ID --name … --segment … --owner …`

                    """)
            }
        }

        private func commitFirstVersion(in folder: String, name: String) throws {
            do {
                let repository = manager(folder)
                let git = try repository ?? GitRepository.create(at: folder)
                try git.stageAll()
                var signature = git.configuredSignature()
                if signature == nil {
                    signature = GitSignature(name: "csws", email: "csws@localhost")
                    Terminal.printError(
                        "note: git user.name/user.email are not set; the first commit is by csws <csws@localhost>. "
                            + "Set them with `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com` before `csws sync`.")
                }
                try git.commit(message: "csws init: \(name)", signature: signature!)
                if let remote {
                    let cleaned = RemoteURL.withoutCredentials(remote)
                    if cleaned != remote {
                        Terminal.printError("warning: the remote URL carried credentials; stored it without them: \(cleaned)")
                    }
                    try git.addRemote(name: "origin", url: cleaned)
                }
            } catch let error as GitError {
                throw Failure("git: \(error)", code: .ioError)
            }
        }

        private func manager(_ folder: String) -> GitRepository? {
            FileManager.default.fileExists(atPath: folder + "/.git") ? try? GitRepository.open(at: folder) : nil
        }
    }
}

extension Workspace {
    /// A display name from a folder path: its last component.
    static func canonicalName(of folder: String) -> String {
        let standardized = (folder as NSString).standardizingPath
        let last = (standardized as NSString).lastPathComponent
        return last.isEmpty || last == "/" ? "CS workspace" : last
    }
}

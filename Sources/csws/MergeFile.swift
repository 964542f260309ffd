import ArgumentParser
import CswsCore
import CswsGit
import Foundation

extension Csws {
    struct MergeFile: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge-file",
            abstract: "Three-way merge of one YAML file by structure, as a git merge driver.",
            discussion: """
                Writes the result to OURS. Exit 0: merged; 1: conflicts (git's markers are in OURS). \
                Register it for plain git with `*.yaml merge=csws` in .gitattributes and \
                `git config merge.csws.driver "csws merge-file %O %A %B -p %P"`.
                """)

        @Argument(help: "The common ancestor's version (git's %O).")
        var base: String

        @Argument(help: "Your version, overwritten with the result (git's %A).")
        var ours: String

        @Argument(help: "Their version (git's %B).")
        var theirs: String

        @Option(name: .customShort("p"), help: "The file's path in the repository, for messages and conflict labels (git's %P).")
        var path: String?

        func run() throws {
            try reportingFailures {
                let name = path ?? ours
                let baseBytes = try read(base)
                let oursBytes = try read(ours)
                let theirsBytes = try read(theirs)
                if let merged = WorkspaceFileMerge.merge(
                    path: path ?? "file.yaml", base: baseBytes, ours: oursBytes, theirs: theirsBytes, theirName: "theirs")
                {
                    try write(merged.content, name: name)
                    Terminal.printError(merged.summary.replacingOccurrences(of: "merged file.yaml", with: "merged \(name)"))
                    return
                }
                // Not mergeable by structure: git's own line merge, markers and all.
                let diff3 = (try? GitRepository.open(at: FileManager.default.currentDirectoryPath))?.configString("merge.conflictStyle") == "diff3"
                let result: GitLineMerge.Result
                do {
                    result = try GitLineMerge.merge(
                        base: baseBytes, ours: oursBytes, theirs: theirsBytes, labels: ("base", "ours", "theirs"), diff3: diff3)
                } catch let error as GitError {
                    throw Failure("cannot merge \(name): \(error)", code: .ioError)
                }
                try write(result.content, name: name)
                if result.hasConflicts {
                    Terminal.printError("conflicts in \(name): resolve the <<<<<<< ======= >>>>>>> blocks")
                    throw ExitCode(1)
                }
            }
        }

        private func read(_ file: String) throws -> [UInt8] {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw Failure("cannot read \(file)", hint: "merge-file takes three files: BASE OURS THEIRS", code: .ioError)
            }
            return Array(data)
        }

        private func write(_ bytes: [UInt8], name: String) throws {
            do {
                try AtomicFileWriter.write(bytes: bytes, to: ours)
            } catch {
                throw Failure("cannot write \(name): \(error)", code: .ioError)
            }
        }
    }
}

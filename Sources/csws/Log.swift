import ArgumentParser
import CswsCore
import CswsGit
import CswsSync
import Foundation

extension Csws {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "History as semantic changes: who changed which field of which customer, and when.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "A customer id or a path (default: the whole workspace).")
        var target: String?

        @Option(name: .shortAndLong, help: "At most this many commits.")
        var n: Int = 20

        @Option(help: "Only commits on or after this date, YYYY-MM-DD.")
        var since: String?

        func run() throws {
            try reportingFailures {
                let workspace = try global.resolveWorkspace()
                let repository: GitRepository
                do { repository = try GitRepository.open(at: workspace.root) } catch {
                    throw Failure("\(workspace.root) is not a git repository", code: .ioError)
                }
                let sinceDate = try since.map { text -> CalendarDate in
                    guard let date = CalendarDate(text) else { throw Failure("--since must be a date YYYY-MM-DD", code: .usage) }
                    return date
                }
                guard let head = repository.headCommit() else { return }
                let changes = WorkspaceChanges(repository: repository, workspace: workspace)
                let filter = WorkspaceChanges.filter(target, workspace: workspace)
                var shown = 0
                for commit in try repository.commits(from: nil, to: head) {
                    if shown >= n { break }
                    let (seconds, offset) = try repository.authorTime(of: commit.id)
                    let day = CalendarDate(dayNumber: Int((seconds + Int64(offset) * 60) / 86_400))
                    if let sinceDate, day < sinceDate { break }
                    // A merge's changes are its parents' (listed under them), except what it merged
                    // by structure, which its message records.
                    let lines = commit.parentCount < 2
                        ? try changes.between(try repository.parents(of: commit.id).first, commit.id, matching: filter)
                        : Self.structuralMerges(in: commit.message, matching: filter)
                    guard !lines.isEmpty else { continue }
                    Terminal.write("\(day)  \(commit.authorName)  \(commit.id.short)  \(commit.summary)\n")
                    Terminal.write(lines.map { "  \($0)\n" }.joined())
                    shown += 1
                }
            }
        }

        /// `merged customers/globex/plan.yaml: …` lines of a sync merge's message, for the files shown.
        static func structuralMerges(in message: String, matching filter: (String) -> Bool) -> [String] {
            message.split(separator: "\n").map(String.init).filter { line in
                guard line.hasPrefix("merged ") else { return false }
                let path = line.dropFirst("merged ".count).split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
                return filter(path)
            }
        }
    }
}

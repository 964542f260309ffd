import ArgumentParser
import CswsCore
import Foundation

extension Csws {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the workspace's files and report every problem with file:line:column.",
            discussion: "Exit status: 0 no errors, 1 errors (or warnings with --strict).")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "Files or folders to check (default: the whole workspace).")
        var paths: [String] = []

        @Option(help: "Only customers owned by this team member.")
        var owner: String?

        @Option(name: .customLong("customer"), parsing: .upToNextOption, help: "Only these customers (ids).")
        var customers: [String] = []

        @Option(help: "Output format: text, json, sarif, github.")
        var format: Format = .text

        @Flag(help: "Fail on warnings too.")
        var strict = false

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json, sarif, github
        }

        func run() throws {
            try reportingFailures {
                let workspace = try global.resolveWorkspace()
                let asOf = try global.resolveAsOf()
                let relativePaths = try paths.map { try workspacePath($0, in: workspace) }
                for id in customers where !FileManager.default.fileExists(atPath: workspace.absolute("customers/\(id)")) {
                    throw Failure("no customer `\(id)` in customers/", hint: "ids are the folder names under customers/", code: .usage)
                }
                let progress = ProgressLine(label: "checking customers")
                let result = Checker.check(
                    workspace,
                    request: CheckRequest(asOf: asOf, paths: relativePaths, owner: owner, customers: customers),
                    progress: progress.update)
                progress.finish()
                switch format {
                case .text:
                    Terminal.write(TextReporter(workspace: workspace, useColor: global.usesColor).render(result))
                case .json: Terminal.write(JSONReporter.render(result))
                case .sarif: Terminal.write(SARIFReporter.render(result))
                case .github: Terminal.write(GitHubReporter.render(result))
                }
                if result.errorCount > 0 || (strict && result.warningCount > 0) {
                    throw ExitCode(ExitStatus.findings.rawValue)
                }
            }
        }

        /// A path given on the command line, relative to the workspace root. Like `git -C`, a
        /// relative path is read from the `-C` folder when one is given.
        private func workspacePath(_ path: String, in workspace: Workspace) throws -> String {
            let absolute = global.absolutePath(path)
            guard FileManager.default.fileExists(atPath: absolute) else {
                throw Failure("no such file or folder: \(path)", code: .usage)
            }
            guard let relative = workspace.relative(absolute) else {
                throw Failure("\(path) is outside the workspace \(workspace.root)", code: .usage)
            }
            return relative
        }
    }
}

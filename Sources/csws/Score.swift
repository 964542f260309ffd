import ArgumentParser
import CswsCore

extension Csws {
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Health, churn risk, tier, trend, drivers and recommended playbooks per customer.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "Customer ids (default: every customer that is not churned).")
        var ids: [String] = []

        @Option(help: "Output format: text, json, csv.")
        var format: Format = .text

        @Flag(help: "Show every input: value, health, weight and the risk points it adds.")
        var explain = false

        @Option(help: "Score the files as they were in this commit (read from git; the work tree is not touched).")
        var at: String?

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json, csv
        }

        func run() throws {
            try reportingFailures {
                var workspace = try global.resolveWorkspace()
                let asOf = try global.resolveAsOf()
                var snapshot: CommitSnapshot?
                if let at {
                    snapshot = try CommitSnapshot(workspace: workspace, revision: at)
                    workspace = snapshot!.workspace
                }
                defer { snapshot?.remove() }
                let shared = WorkspaceLoader.loadShared(workspace)
                let known = shared.customerIDs
                for id in ids where !known.contains(id) {
                    throw Failure(
                        "no customer `\(id)`",
                        hint: Suggestions.nearest(to: id, in: known).map { "did you mean `\($0)`?" } ?? "ids are the folder names under customers/",
                        code: .usage)
                }
                let customers = PortfolioScorer.sortedByRisk(PortfolioScorer.scoreAll(workspace, shared: shared, ids: ids, asOf: asOf, describingInputs: explain))
                switch format {
                case .json: Terminal.write(ScoreJSONReporter.render(customers, asOf: asOf))
                case .csv: Terminal.write(ScoreCSVReporter.render(customers))
                case .text:
                    if explain {
                        Terminal.write(customers.map(ScoreTextReporter.explain).joined(separator: "\n"))
                    } else {
                        Terminal.write(ScoreTextReporter.table(customers, asOf: asOf))
                    }
                }
            }
        }
    }
}

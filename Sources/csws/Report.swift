import ArgumentParser
import CswsCore

extension Csws {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The portfolio report for the weekly risk review: tiers and ARR at risk, renewals, overdue work, onboarding, NRR/GRR, VoC themes.",
            discussion: "`--format html` writes a self-contained dashboard (no network requests); use `-o FILE` to keep it.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "Output format: text, md, html, json, csv (csv: the customers table).")
        var format: Format = .text

        @Option(name: .shortAndLong, help: "Write the report to this file (atomically) instead of standard output.")
        var output: String?

        @Option(help: "Only the customers of this team member.")
        var owner: String?

        @Option(help: "Only the customers of this segment.")
        var segment: String?

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, md, html, json, csv
        }

        func run() throws {
            try reportingFailures {
                let workspace = try global.resolveWorkspace()
                let asOf = try global.resolveAsOf()
                let shared = WorkspaceLoader.loadShared(workspace)
                try validateFilters(shared.settings)
                let progress = ProgressLine(label: "reading customers")
                let report = PortfolioReportBuilder.build(
                    workspace, shared: shared, asOf: asOf, filters: PortfolioReport.Filters(owner: owner, segment: segment),
                    progress: progress.update)
                progress.finish()
                let text: String
                switch format {
                case .text: text = ReportTextRenderer.render(report)
                case .md: text = ReportMarkdownRenderer.render(report)
                case .json: text = ReportJSONRenderer.render(report)
                case .csv: text = ReportCSVRenderer.render(report)
                case .html: text = DashboardRenderer.render(report)
                }
                // Text, md and html carry the warnings in the page; json and csv, and any file, on stderr.
                let inPage = output == nil && format != .csv && format != .json
                try deliver(text, to: output, global: global, warnings: inPage ? [] : report.warnings)
            }
        }

        /// An owner or segment the workspace does not know would silently give an empty report.
        private func validateFilters(_ settings: WorkspaceSettings?) throws {
            if let owner, let team = settings?.team, !team.contains(where: { $0.id == owner }) {
                throw Failure(
                    "`\(owner)` is not a team member",
                    hint: Suggestions.nearest(to: owner, in: team.map(\.id)).map { "did you mean `\($0)`?" } ?? "use a team id from csws.yaml",
                    code: .usage)
            }
            if let segment, let segments = settings?.segments, !segments.contains(where: { $0.name == segment }) {
                throw Failure(
                    "`\(segment)` is not a segment",
                    hint: Suggestions.nearest(to: segment, in: segments.map(\.name)).map { "did you mean `\($0)`?" }
                        ?? "segments: " + segments.map(\.name).joined(separator: ", "),
                    code: .usage)
            }
        }
    }
}

import ArgumentParser
import CswsCore
import Foundation

extension Csws {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Flat tables for BI tools: customers, milestones, signals, VoC, QBRs, escalations, scores and more.",
            discussion: "csv and jsonl write a folder with one file per table; sqlite writes one database. An earlier export at PATH is replaced whole.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "csv, jsonl or sqlite.")
        var format: ExportWriter.Format

        @Option(name: .shortAndLong, help: "The folder (csv, jsonl) or database file (sqlite) to write.")
        var output: String

        @Flag(help: "Export what loads even when csws check finds validity errors.")
        var force = false

        func run() throws {
            try reportingFailures {
                let workspace = try global.resolveWorkspace()
                let asOf = try global.resolveAsOf()
                let progress = ProgressLine(label: "reading customers")
                let result = ExportBuilder.build(workspace, asOf: asOf, progress: progress.update)
                progress.finish()
                let reporter = TextReporter(workspace: workspace, useColor: false)
                for warning in result.warnings { Terminal.printError(reporter.render(warning).trimmingCharacters(in: .newlines)) }
                if !result.errors.isEmpty {
                    for diagnostic in result.errors.prefix(50) { Terminal.printError(reporter.render(diagnostic).trimmingCharacters(in: .newlines)) }
                    if result.errors.count > 50 { Terminal.printError("… and \(result.errors.count - 50) more (run `csws check`)") }
                    guard force else {
                        Terminal.printError("csws: error: not exported: the workspace has \(result.errors.count) validity error\(result.errors.count == 1 ? "" : "s") (above)")
                        Terminal.printError("hint: fix them (`csws check`), or export what loads with --force")
                        throw ExitCode(ExitStatus.findings.rawValue)
                    }
                }
                do {
                    try ExportWriter.write(result.tables, format: format, to: global.absolutePath(output))
                } catch let failure as ExportWriter.Failure {
                    throw Failure(failure.description, hint: failure.hint, code: .ioError)
                }
                let rows = result.tables.reduce(0) { $0 + $1.rows.count }
                Terminal.printError("exported \(English.count(rows, "row")) in \(English.count(result.tables.count, "table")) to \(output)")
            }
        }
    }
}

extension ExportWriter.Format: ExpressibleByArgument {}

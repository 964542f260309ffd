import ArgumentParser
import CswsCore

@main
struct Csws: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csws",
        abstract: "Customer success workspace: customer plans, health and risk, kept in git.",
        version: SARIFReporter.toolVersion,
        subcommands: [Init.self, New.self, Check.self, Score.self, Agenda.self, Apply.self, Done.self, Sync.self, Log.self, Diff.self, Report.self, Import.self, Export.self, QBR.self, Escalate.self, VoC.self, MergeFile.self, Schema.self])

    /// Global options may come before the subcommand (`csws -C WS check`); argument-parser only
    /// reads them after it, so move them to the end before parsing.
    static func main() {
        let arguments = GlobalOptions.movedToEnd(Array(CommandLine.arguments.dropFirst()))
        main(arguments)
    }
}

import ArgumentParser
import CswsCore
import Foundation

extension Csws {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create new things in the workspace.", subcommands: [Customer.self])

        struct Customer: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Scaffold customers/ID with account.yaml and an onboarding plan dated from --start.")

            @OptionGroup var global: GlobalOptions

            @Argument(help: "The customer id: a slug such as `acme` or `globex-eu`.")
            var id: String

            @Option(help: "The customer's display name.") var name: String
            @Option(help: "A segment from csws.yaml (e.g. enterprise, mid-market, smb).") var segment: String
            @Option(help: "The CSM who owns the account (a team id).") var owner: String
            @Option(help: "Annual recurring revenue.") var arr: Double
            @Option(help: "Contract start date, YYYY-MM-DD.") var start: String
            @Option(help: "Contract end (renewal) date, YYYY-MM-DD.") var end: String
            @Option(help: "Licensed seats.") var seats: Int

            func run() throws {
                try reportingFailures {
                    guard let startDate = CalendarDate(start) else {
                        throw ValidationError("--start must be a date YYYY-MM-DD; found `\(start)`")
                    }
                    guard let endDate = CalendarDate(end) else {
                        throw ValidationError("--end must be a date YYYY-MM-DD; found `\(end)`")
                    }
                    let workspace = try global.resolveWorkspace()
                    let settingsFile = DocumentLoader.load(path: workspace.absolute(Workspace.settingsFileName))
                    let settings = settingsFile.document.map { WorkspaceSettings(document: $0, brokenSections: []) }
                    let scaffold = CswsCore.CustomerScaffold(
                        id: id, name: name, segment: segment, owner: owner, arr: arr,
                        start: startDate, end: endDate, seats: seats)
                    let problems = scaffold.problems(in: workspace, settings: settings)
                    if let last = problems.last {
                        for problem in problems.dropLast() {
                            Terminal.printError("csws: error: \(problem.description)")
                            if let hint = problem.hint { Terminal.printError("hint: \(hint)") }
                        }
                        throw Failure(last.description, hint: last.hint, code: .usage)
                    }
                    let onboarding = DocumentLoader.load(path: workspace.absolute("playbooks/onboarding.yaml")).document
                    do {
                        let written = try scaffold.write(in: workspace, settings: settings, onboarding: onboarding)
                        Terminal.write("Created customer \(id):\n" + written.map { "  \($0)\n" }.joined())
                    } catch {
                        throw Failure("cannot write customers/\(id): \(error.localizedDescription)", code: .ioError)
                    }
                }
            }
        }
    }
}

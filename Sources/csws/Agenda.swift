import ArgumentParser
import CswsCore
import CswsGit

extension Csws {
    struct Agenda: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What is due for whom: overdue first, then everything due within --days.",
            discussion: "Default owner: the team member whose email matches git's user.email; `--owner all` shows everyone.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "A team member id, or `all`.")
        var owner: String?

        @Option(help: "How many days ahead to look.")
        var days: Int = 7

        @Option(help: "Output format: text, json, md.")
        var format: Format = .text

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json, md
        }

        func validate() throws {
            guard days >= 0 else { throw ValidationError("--days must be 0 or more") }
        }

        func run() throws {
            try reportingFailures {
                let workspace = try global.resolveWorkspace()
                let asOf = try global.resolveAsOf()
                let shared = WorkspaceLoader.loadShared(workspace)
                let settings = shared.settings
                var who = owner == "all" ? nil : owner
                if owner == nil, let email = (try? GitRepository.open(at: workspace.root))?.configString("user.email") {
                    who = settings?.team?.first { $0.email?.lowercased() == email.lowercased() }?.id
                }
                if let who, let team = settings?.team, !team.contains(where: { $0.id == who }) {
                    throw Failure(
                        "`\(who)` is not a team member",
                        hint: Suggestions.nearest(to: who, in: team.map(\.id)).map { "did you mean `\($0)`?" } ?? "use a team id from csws.yaml, or `--owner all`",
                        code: .usage)
                }
                let items = AgendaBuilder.build(workspace, shared: shared, asOf: asOf, horizonDays: days).filter { who == nil || $0.owner == who }
                switch format {
                case .text: Terminal.write(AgendaReporter.text(items, asOf: asOf, owner: who, days: days))
                case .md: Terminal.write(AgendaReporter.markdown(items, asOf: asOf, owner: who, days: days))
                case .json: Terminal.write(AgendaReporter.json(items, asOf: asOf, owner: who, days: days))
                }
            }
        }
    }
}

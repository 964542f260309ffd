import ArgumentParser
import CswsCore

extension Csws {
    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a playbook's steps to a customer's plan as milestones, keeping the file's formatting.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "A playbook: a file stem under playbooks/ (risk-high, low-adoption, …), renewal or onboarding.")
        var playbook: String

        @Argument(help: "The customer id.")
        var id: String

        @Option(help: "Day 0 of the playbook, YYYY-MM-DD (default: the as-of date).")
        var start: String?

        func run() throws {
            try reportingFailures {
                let workspace = try global.resolveWorkspace()
                let asOf = try global.resolveAsOf()
                var startDate: CalendarDate?
                if let start {
                    guard let date = CalendarDate(start) else {
                        throw Failure("--start must be a date YYYY-MM-DD; found `\(start)`", code: .usage)
                    }
                    startDate = date
                }
                let shared = WorkspaceLoader.loadShared(workspace)
                guard shared.customerIDs.contains(id) else {
                    throw Failure(
                        "no customer `\(id)`",
                        hint: Suggestions.nearest(to: id, in: shared.customerIDs).map { "did you mean `\($0)`?" }, code: .usage)
                }
                let customer = WorkspaceLoader.loadCustomer(id, in: workspace)
                let planPath = workspace.absolute("customers/\(id)/plan.yaml")
                let editor: PlanEditor
                do { editor = try PlanEditor(path: planPath) } catch {
                    throw Failure("customers/\(id)/plan.yaml: \(error)", code: .badInput)
                }
                let application = PlaybookApplication(
                    library: PlaybookLibrary(files: shared.playbooks),
                    onboarding: shared.playbooks.first { $0.file.kind == .onboardingPlaybook }?.document,
                    settings: shared.settings)
                let milestones: [PlanEditor.NewMilestone]
                do {
                    milestones = try application.milestones(
                        for: playbook, customer: CustomerRecord(customer.files), start: startDate, asOf: asOf,
                        existingIDs: editor.milestoneIDs, existingSources: editor.milestoneSources)
                } catch let problem as PlaybookApplication.Problem {
                    var hint: String?
                    if case .unknownPlaybook(_, let known) = problem {
                        hint = Suggestions.nearest(to: playbook, in: known).map { "did you mean `\($0)`?" }
                            ?? "playbooks: \(known.joined(separator: ", "))"
                    }
                    throw Failure(problem.description, hint: hint, code: .usage)
                }
                guard !milestones.isEmpty else {
                    Terminal.write("customers/\(id)/plan.yaml already has every step of \(playbook); nothing to add\n")
                    return
                }
                do {
                    try editor.write(try editor.appending(milestones))
                } catch {
                    throw Failure("customers/\(id)/plan.yaml: \(error)", code: .badInput)
                }
                Terminal.write("Added \(English.count(milestones.count, "milestone")) from \(playbook) to customers/\(id)/plan.yaml:\n")
                for milestone in milestones {
                    Terminal.write("  \(milestone.id)  due \(milestone.due)  \(milestone.owner)  \(milestone.title)\n")
                }
            }
        }
    }
}

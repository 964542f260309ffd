import ArgumentParser
import CswsCore

extension Csws {
    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark a milestone done, keeping the plan's formatting.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The customer id.")
        var id: String

        @Argument(help: "The milestone id.")
        var milestone: String

        @Option(help: "The day it was done, YYYY-MM-DD (default: the as-of date).")
        var on: String?

        func run() throws {
            try reportingFailures {
                let workspace = try global.resolveWorkspace()
                var date = try global.resolveAsOf()
                if let on {
                    guard let parsed = CalendarDate(on) else {
                        throw Failure("--on must be a date YYYY-MM-DD; found `\(on)`", code: .usage)
                    }
                    guard parsed <= date else {
                        throw Failure("--on \(parsed) is after today (\(date)); a milestone is done on a past day", code: .usage)
                    }
                    date = parsed
                }
                let known = WorkspaceLoader.loadShared(workspace).customerIDs
                guard known.contains(id) else {
                    throw Failure(
                        "no customer `\(id)`",
                        hint: Suggestions.nearest(to: id, in: known).map { "did you mean `\($0)`?" } ?? "ids are the folder names under customers/",
                        code: .usage)
                }
                let planPath = workspace.absolute("customers/\(id)/plan.yaml")
                let editor: PlanEditor
                do { editor = try PlanEditor(path: planPath) } catch {
                    throw Failure("customers/\(id)/plan.yaml: \(error)", code: .badInput)
                }
                do {
                    guard let text = try editor.markingDone(milestone, on: date) else {
                        Terminal.write("milestone \(milestone) of \(id) is already done on \(date)\n")
                        return
                    }
                    try editor.write(text)
                } catch PlanEditor.EditError.noSuchMilestone(_, let known) {
                    throw Failure(
                        "no milestone `\(milestone)` in customers/\(id)/plan.yaml",
                        hint: Suggestions.nearest(to: milestone, in: known).map { "did you mean `\($0)`?" }
                            ?? "milestones: \(known.joined(separator: ", "))",
                        code: .usage)
                } catch {
                    throw Failure("customers/\(id)/plan.yaml: \(error)", code: .badInput)
                }
                Terminal.write("customers/\(id)/plan.yaml: milestone \(milestone) done on \(date)\n")
            }
        }
    }
}

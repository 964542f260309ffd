import ArgumentParser
import CswsCore
import Foundation

extension Csws {
    struct Escalate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Raise an escalation: record it for the customer and print the message and who to notify.",
            discussion: "The trigger's row of playbooks/escalation.yaml sets who is alerted and how fast they must respond.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The customer id.")
        var id: String

        @Option(help: "The trigger: a row of playbooks/escalation.yaml (health-red, sponsor-left, critical-bug, competitor, renewal-at-risk, legal, other).")
        var trigger: String

        @Option(help: "What happened, in one or two sentences.")
        var summary: String

        @Option(help: "critical, high or medium (default: the matrix's urgency for the trigger).")
        var urgency: String?

        @Option(help: "When it was raised, ISO 8601 with an offset (default: now).")
        var opened: String?

        @Flag(help: "Print the message and the record without writing it.")
        var dryRun = false

        func validate() throws {
            if summary.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("--summary must say what happened") }
            if let urgency, !["critical", "high", "medium"].contains(urgency) {
                throw ValidationError("--urgency must be critical, high or medium; found `\(urgency)`")
            }
            if let opened, Timestamp(opened) == nil {
                throw ValidationError("--opened must be a timestamp like 2026-11-23T09:30:00+01:00; found `\(opened)`")
            }
        }

        func run() throws {
            try reportingFailures {
                let (workspace, _, customer) = try documentCustomer(id, global: global)
                let draft: EscalationDraft
                do {
                    draft = try EscalationDraft(
                        scored: customer.scored, currency: customer.currency, trigger: trigger, summary: summary,
                        urgency: urgency, opened: opened.flatMap(Timestamp.init) ?? Timestamp.now(),
                        library: customer.scoring.library, settings: customer.shared.settings)
                } catch EscalationDraft.Problem.unknownTrigger(let trigger, let known) {
                    throw Failure(
                        "`\(trigger)` is not a trigger of playbooks/escalation.yaml",
                        hint: (Suggestions.nearest(to: trigger, in: known).map { "did you mean `\($0)`? " } ?? "") + "triggers: " + known.joined(separator: ", "),
                        code: .usage)
                } catch EscalationDraft.Problem.noMatrix {
                    throw Failure("playbooks/escalation.yaml has no usable matrix", hint: "run `csws check playbooks` and fix it", code: .usage)
                }
                let path = workspace.absolute(draft.path)
                if !dryRun {
                    guard !FileManager.default.fileExists(atPath: path) else {
                        throw Failure(
                            "\(draft.path) already exists",
                            hint: "pass another --opened, or edit the existing escalation", code: .usage)
                    }
                    do {
                        try FileManager.default.createDirectory(
                            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                        try AtomicFileWriter.write(draft.record, to: path)
                    } catch {
                        throw Failure("cannot write \(draft.path): \(error)", code: .ioError)
                    }
                }
                var lines = [dryRun ? "Escalation (dry run, not written): \(draft.path)" : "Escalation recorded: \(draft.path)"]
                let within = draft.respondWithinHours == 0 ? "immediately" : "within \(draft.respondWithinHours) hours"
                lines.append("Notify (respond \(within)):")
                for recipient in draft.recipients {
                    lines.append("  \(recipient.role): " + (recipient.members.isEmpty
                        ? "nobody in csws.yaml has this role (add a team member with role \(recipient.role))"
                        : recipient.members.joined(separator: ", ")))
                }
                lines += ["", "Subject: \(draft.subject)", "", draft.body.hasSuffix("\n") ? String(draft.body.dropLast()) : draft.body]
                if dryRun { lines += ["", "--- \(draft.path)", draft.record] }
                Terminal.write(lines.joined(separator: "\n") + "\n")
            }
        }
    }
}

import ArgumentParser
import CswsCore

extension Csws {
    struct VoC: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "voc",
            abstract: "Voice-of-the-customer themes across customers: items, customers, ARR affected, open loops.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "Group by area, tag or kind.")
        var by: VoCThemes.Grouping = .area

        @Flag(help: "Only items whose loop is open (no `closed` date).")
        var open = false

        @Option(help: "Only items dated on or after this day, YYYY-MM-DD.")
        var since: String?

        @Option(help: "Output format: text, md, json, csv.")
        var format: Format = .text

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, md, json, csv
        }

        func validate() throws {
            if let since, CalendarDate(since) == nil { throw ValidationError("--since must be a date YYYY-MM-DD; found `\(since)`") }
        }

        func run() throws {
            try reportingFailures {
                let workspace = try global.resolveWorkspace()
                let asOf = try global.resolveAsOf()
                let sinceDate = since.flatMap(CalendarDate.init)
                let shared = WorkspaceLoader.loadShared(workspace)
                let options = LoadOptions(kinds: [.account, .voc], validates: false)
                let sources = WorkspaceLoader.mapCustomers(shared.customerIDs, in: workspace, options: options) { loaded -> VoCThemes.Source? in
                    guard loaded.files.account?.document != nil else { return nil }
                    let record = CustomerRecord(loaded.files)
                    guard !record.isChurned else { return nil }
                    return VoCThemes.Source(customer: record.id, arr: record.arr ?? 0, feedback: record.feedback)
                }.compactMap { $0 }
                let themes = VoCThemes.group(
                    sources, by: by, filter: VoCThemes.Filter(after: sinceDate?.adding(days: -1), through: asOf, openOnly: open))
                let context = VoCReporter.Context(asOf: asOf, grouping: by, since: sinceDate, openOnly: open)
                switch format {
                case .text: Terminal.write(VoCReporter.text(themes, context: context))
                case .md: Terminal.write(VoCReporter.markdown(themes, context: context))
                case .json: Terminal.write(VoCReporter.json(themes, context: context))
                case .csv: Terminal.write(VoCReporter.csv(themes, context: context))
                }
            }
        }
    }
}

extension VoCThemes.Grouping: ExpressibleByArgument {}

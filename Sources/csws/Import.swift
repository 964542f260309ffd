import ArgumentParser
import CswsCore
import Foundation

extension Csws {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring CRM and product data in from CSV: accounts, or one signals snapshot per customer.",
            discussion: "Every row is checked first; one bad row changes nothing (exit 65, every bad row listed as FILE.csv:ROW: COLUMN: message).",
            subcommands: [Accounts.self, Signals.self])

        /// Options both imports take.
        struct Columns: ParsableArguments {
            @Argument(help: "The CSV file (UTF-8, with a header row).")
            var file: String

            @Option(name: .customLong("map"), help: "Read column COL as FIELD (repeatable): --map \"Account Name=name\".")
            var mappings: [String] = []

            @Option(name: .customLong("ignore"), help: "Skip column COL (repeatable).")
            var ignored: [String] = []

            @Flag(help: "Print what would change; write nothing.")
            var dryRun = false

            func map() throws -> [String: String] {
                var map: [String: String] = [:]
                for mapping in mappings {
                    guard let equals = mapping.lastIndex(of: "=") else {
                        throw ValidationError("--map takes COL=FIELD; found `\(mapping)`")
                    }
                    map[String(mapping[..<equals])] = String(mapping[mapping.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
                }
                return map
            }
        }

        /// Reads the CSV, plans the import, and writes it unless a row is bad or it is a dry run.
        /// `defaults` picks the csws.yaml `import:` section; flags on the command line win over it.
        static func run(
            _ columns: Columns, global: GlobalOptions, fields: [String],
            defaults: (WorkspaceSettings) -> WorkspaceSettings.ImportMapping,
            plan: (WorkspaceImport, CSVInput, WorkspaceSettings.ImportMapping) -> Result<WorkspaceImport.Plan, ImportRejection>
        ) throws {
            let workspace = try global.resolveWorkspace()
            let asOf = try global.resolveAsOf()
            let shared = WorkspaceLoader.loadShared(workspace)
            let importer = WorkspaceImport(workspace: workspace, shared: shared, asOf: asOf)
            let configured = shared.settings.map(defaults) ?? WorkspaceSettings.ImportMapping(nil)
            let map = configured.map.merging(try columns.map()) { _, flag in flag }
            let input: CSVInput
            switch CSVInput.read(path: global.absolutePath(columns.file), fields: fields, map: map, ignore: configured.ignore + columns.ignored) {
            case .failure(let rejection): throw rejected(rejection.problems)
            case .success(let read): input = read
            }
            switch plan(importer, input, configured) {
            case .failure(let rejection): throw rejected(rejection.problems)
            case .success(let planned):
                if planned.changes.isEmpty {
                    Terminal.write("Nothing to change: \(input.rows.count) row\(input.rows.count == 1 ? "" : "s") match the workspace.\n")
                    return
                }
                Terminal.write(planned.changes.map { $0 + "\n" }.joined())
                if columns.dryRun {
                    Terminal.write("Dry run: nothing written (\(planned.writes.count) file\(planned.writes.count == 1 ? "" : "s") would be).\n")
                    return
                }
                do { try importer.apply(planned) } catch {
                    throw Failure("cannot write: \(error)", hint: "files already written are complete; run the import again", code: .ioError)
                }
                Terminal.write("Imported \(input.rows.count) row\(input.rows.count == 1 ? "" : "s"): \(planned.writes.count) file\(planned.writes.count == 1 ? "" : "s") written. `csws sync` shares them.\n")
            }
        }

        static func rejected(_ problems: [ImportProblem]) -> Error {
            for problem in problems { Terminal.printError(problem.description) }
            Terminal.printError("csws: error: nothing imported: \(problems.count) problem\(problems.count == 1 ? "" : "s") (above)")
            Terminal.printError("hint: fix the rows in the CSV (or --map/--ignore its columns) and import again")
            return ExitCode(ExitStatus.badInput.rawValue)
        }

        struct Accounts: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create missing customers (as `csws new customer`) and update changed account values in place.")

            @OptionGroup var global: GlobalOptions
            @OptionGroup var columns: Columns

            @Option(help: "Also read dates written as mdy (11/2/2026 = 2 November) or dmy.")
            var dateFormat: CellValue.DateFormat?

            func run() throws {
                try reportingFailures {
                    try Import.run(columns, global: global, fields: WorkspaceImport.accountFields, defaults: \.importAccounts) { importer, input, configured in
                        importer.accounts(input, dateFormat: dateFormat ?? configured.dateFormat.flatMap(CellValue.DateFormat.init))
                    }
                }
            }
        }

        struct Signals: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write one signals snapshot per row (customer) from a product-usage or survey export.")

            @OptionGroup var global: GlobalOptions
            @OptionGroup var columns: Columns

            @Option(help: "The snapshots' date, YYYY-MM-DD (default: the as-of date).")
            var date: String?

            @Option(help: "A label for the file names: signals/<date>-<label>.yaml.")
            var label: String?

            func validate() throws {
                if let date, CalendarDate(date) == nil { throw ValidationError("--date must be YYYY-MM-DD; found `\(date)`") }
                if let label, label.isEmpty || !label.allSatisfy({ ($0.isLetter && $0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "-" }) {
                    throw ValidationError("--label takes lowercase letters, digits and dashes; found `\(label)`")
                }
            }

            func run() throws {
                try reportingFailures {
                    let day = try date.flatMap(CalendarDate.init) ?? global.resolveAsOf()
                    try Import.run(columns, global: global, fields: WorkspaceImport.signalFields, defaults: \.importSignals) { importer, input, _ in
                        importer.signals(input, date: day, label: label)
                    }
                }
            }
        }
    }
}

extension CellValue.DateFormat: ExpressibleByArgument {}

import ArgumentParser
import CswsCore

extension Csws {
    struct QBR: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "qbr",
            abstract: "The QBR brief for a customer, in Markdown: outcomes, value proof, risks, next quarter, expansion.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The customer id.")
        var id: String

        @Option(help: "The quarter, YYYY-Qn (default: the quarter holding the as-of date).")
        var quarter: String?

        @Option(name: .shortAndLong, help: "Write the brief to this file (atomically) instead of standard output.")
        var output: String?

        func validate() throws {
            if let quarter, Quarter(quarter) == nil {
                throw ValidationError("--quarter must be YYYY-Qn with n from 1 to 4; found `\(quarter)`")
            }
        }

        func run() throws {
            try reportingFailures {
                let (_, asOf, customer) = try documentCustomer(id, global: global)
                let brief = QBRBrief(
                    files: customer.files, scored: customer.scored, quarter: quarter.flatMap(Quarter.init) ?? Quarter(containing: asOf),
                    library: customer.scoring.library, model: customer.scoring.model, asOf: asOf)
                try deliver(brief.markdown(), to: output, global: global)
            }
        }
    }
}

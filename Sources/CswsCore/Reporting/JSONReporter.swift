/// `csws check --format json`: the stable shape documented in the README (SPEC §3.1).
public enum JSONReporter {
    public static func render(_ result: CheckResult) -> String {
        let diagnostics = result.diagnostics.parallelMap { diagnostic -> String in
            JSONValue.object([
                ("rule", .string(diagnostic.rule)),
                ("severity", .string(diagnostic.severity.rawValue)),
                ("message", .string(diagnostic.message)),
                ("file", .string(diagnostic.file)),
                ("line", .int(diagnostic.location.line)),
                ("column", .int(diagnostic.location.column)),
                ("customer", .optional(diagnostic.customer)),
                ("hint", .optional(diagnostic.hint)),
            ]).serialized
        }
        let document = JSONValue.object([
            ("version", .int(1)),
            ("as_of", .string(result.asOf.description)),
            ("summary", .object([
                ("errors", .int(result.errorCount)),
                ("warnings", .int(result.warningCount)),
                ("files", .int(result.fileCount)),
                ("customers", .int(result.customerCount)),
            ])),
            ("diagnostics", .raw("[" + diagnostics.joined(separator: ",") + "]")),
        ])
        return document.serialized + "\n"
    }
}

/// The closing line of `csws check`: `2 errors, 5 warnings in 14 files (3 customers), as of 2026-11-23`.
public enum DiagnosticSummary {
    public static func line(for result: CheckResult) -> String {
        "\(plural(result.errorCount, "error")), \(plural(result.warningCount, "warning")) in "
            + "\(plural(result.fileCount, "file")) (\(plural(result.customerCount, "customer"))), as of \(result.asOf)"
    }

    static func plural(_ count: Int, _ noun: String) -> String { English.count(count, noun) }
}

/// `csws report --format md`: the same sections as Markdown tables, for a wiki page or an email.
public enum ReportMarkdownRenderer {
    public static func render(_ report: PortfolioReport) -> String {
        var lines = ["# " + ReportTables.title(report), ""]
        if let filters = ReportTables.filterLine(report) { lines += [filters, ""] }
        let warnings = report.warnings
        for warning in warnings { lines += ["> **Warning:** \(escape(warning))", ""] }
        for table in ReportTables.all(report) {
            lines += ["## " + table.title, ""]
            if !table.lead.isEmpty { lines += table.lead.map(escape) + [""] }
            if table.rows.isEmpty {
                lines += ["_\(table.empty.prefix(1).uppercased() + table.empty.dropFirst())._", ""]
            } else {
                lines.append("| " + table.header.map(escape).joined(separator: " | ") + " |")
                lines.append("|" + table.header.indices.map { table.numeric.contains($0) ? " ---: |" : " --- |" }.joined())
                lines += table.rows.parallelMap { row in "| " + row.map { escape($0.text) }.joined(separator: " | ") + " |" }
                lines.append("")
            }
            if !table.notes.isEmpty { lines += table.notes.map(escape) + [""] }
        }
        return lines.joined(separator: "\n")
    }

    /// Workspace text inside a table cell: pipes escaped, line breaks folded, HTML-like text left inert.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "\n", with: " ")
    }
}

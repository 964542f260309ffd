/// `csws report` for a terminal: the sections as aligned tables.
public enum ReportTextRenderer {
    public static func render(_ report: PortfolioReport) -> String {
        var output = ReportTables.title(report) + "\n"
        if let filters = ReportTables.filterLine(report) { output += filters + "\n" }
        for table in ReportTables.all(report) {
            output += "\n" + table.title.uppercased() + "\n"
            for line in table.lead { output += line + "\n" }
            if table.rows.isEmpty {
                output += "  (\(table.empty))\n"
            } else {
                output += TextTable.render(header: table.header, rows: table.rows.map { $0.map(\.text) }, rightAligned: table.numeric)
            }
            for note in table.notes { output += note + "\n" }
        }
        let warnings = report.warnings
        if !warnings.isEmpty { output += "\n" + warnings.map { "warning: \($0)\n" }.joined() }
        return output
    }
}

/// `csws voc` output: the themes as a table, Markdown, JSON or CSV.
public enum VoCReporter {
    public struct Context: Sendable {
        public var asOf: CalendarDate
        public var grouping: VoCThemes.Grouping
        public var since: CalendarDate?
        public var openOnly: Bool

        public init(asOf: CalendarDate, grouping: VoCThemes.Grouping, since: CalendarDate?, openOnly: Bool) {
            self.asOf = asOf
            self.grouping = grouping
            self.since = since
            self.openOnly = openOnly
        }

        var scope: String {
            (openOnly ? "open items" : "all items") + (since.map { " since \($0)" } ?? "") + ", as of \(asOf)"
        }
    }

    static func rows(_ themes: [PortfolioReport.VoCTheme]) -> [[String]] {
        themes.map { [$0.area, String($0.items), String($0.customers), ReportNumbers.grouped($0.arr), String($0.openLoops)] }
    }

    static func header(_ context: Context) -> [String] {
        [context.grouping.rawValue.uppercased(), "ITEMS", "CUSTOMERS", "ARR", "OPEN LOOPS"]
    }

    public static func text(_ themes: [PortfolioReport.VoCTheme], context: Context) -> String {
        guard !themes.isEmpty else { return "No feedback (\(context.scope)).\n" }
        return TextTable.render(header: header(context), rows: rows(themes), rightAligned: [1, 2, 3, 4])
            + "\(themes.count) \(context.grouping.rawValue)\(themes.count == 1 ? "" : "s") (\(context.scope)); ARR counts each customer once per \(context.grouping.rawValue)\n"
    }

    public static func markdown(_ themes: [PortfolioReport.VoCTheme], context: Context) -> String {
        var lines = ["# Voice of the customer by \(context.grouping.rawValue)", "", context.scope.prefix(1).uppercased() + context.scope.dropFirst() + ".", ""]
        if themes.isEmpty { return (lines + ["No feedback.", ""]).joined(separator: "\n") }
        lines.append("| " + header(context).joined(separator: " | ") + " |")
        lines.append("| --- | ---: | ---: | ---: | ---: |")
        lines += rows(themes).map { "| " + ([ReportMarkdownRenderer.escape($0[0])] + $0.dropFirst()).joined(separator: " | ") + " |" }
        return (lines + [""]).joined(separator: "\n")
    }

    public static func json(_ themes: [PortfolioReport.VoCTheme], context: Context) -> String {
        JSONValue.object([
            ("as_of", .string(context.asOf.description)),
            ("by", .string(context.grouping.rawValue)),
            ("since", .optional(context.since?.description)),
            ("open", .bool(context.openOnly)),
            ("themes", .array(themes.map { theme in
                .object([
                    ("theme", .string(theme.area)), ("items", .int(theme.items)), ("customers", .int(theme.customers)),
                    ("arr", .raw(ReportNumbers.exact(theme.arr))), ("open_loops", .int(theme.openLoops)),
                ])
            })),
        ]).serialized + "\n"
    }

    public static func csv(_ themes: [PortfolioReport.VoCTheme], context: Context) -> String {
        var lines = ["\(context.grouping.rawValue),items,customers,arr,open_loops"]
        for theme in themes {
            lines.append([theme.area, String(theme.items), String(theme.customers), ReportNumbers.exact(theme.arr), String(theme.openLoops)]
                .map(ScoreCSVReporter.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

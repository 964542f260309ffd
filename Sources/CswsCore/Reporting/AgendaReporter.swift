import Foundation

/// `csws agenda` output: text for the terminal, Markdown for notes and chat, JSON for tools.
public enum AgendaReporter {
    public static func text(_ items: [AgendaItem], asOf: CalendarDate, owner: String?, days: Int) -> String {
        guard !items.isEmpty else {
            return "Nothing due for \(owner ?? "the team") in the next \(English.count(days, "day")) (as of \(asOf)).\n"
        }
        let rows = items.map { item -> [String] in
            [status(item, asOf), item.due.description, item.customer, item.owner, item.kind.rawValue, item.title, item.source]
        }
        let overdue = items.filter { $0.isOverdue(asOf: asOf) }.count
        return TextTable.render(header: ["", "DUE", "CUSTOMER", "OWNER", "KIND", "WHAT", "SOURCE"], rows: rows)
            + "\(items.count) items for \(owner ?? "the team") (\(overdue) overdue), next \(days) days, as of \(asOf)\n"
    }

    public static func markdown(_ items: [AgendaItem], asOf: CalendarDate, owner: String?, days: Int) -> String {
        var lines = ["# Agenda for \(owner ?? "the team") — \(asOf)", ""]
        let overdue = items.filter { $0.isOverdue(asOf: asOf) }
        let upcoming = items.filter { !$0.isOverdue(asOf: asOf) }
        for (title, group) in [("Overdue", overdue), ("Due in the next \(days) days", upcoming)] where !group.isEmpty {
            lines.append("## \(title)")
            lines.append("")
            lines.append("| due | customer | owner | kind | what | source |")
            lines.append("|---|---|---|---|---|---|")
            for item in group {
                lines.append("| \(item.due) | \(cell(item.customer)) | \(cell(item.owner)) | \(item.kind.rawValue) | \(cell(item.title)) | \(cell(item.source)) |")
            }
            lines.append("")
        }
        if items.isEmpty { lines.append("Nothing due.") ; lines.append("") }
        return lines.joined(separator: "\n")
    }

    public static func json(_ items: [AgendaItem], asOf: CalendarDate, owner: String?, days: Int) -> String {
        let rendered = items.parallelMap { item in
            JSONValue.object([
                ("due", .string(item.due.description)), ("owner", .string(item.owner)),
                ("customer", .string(item.customer)), ("kind", .string(item.kind.rawValue)),
                ("title", .string(item.title)), ("source", .string(item.source)),
                ("overdue", .bool(item.isOverdue(asOf: asOf))),
            ]).serialized
        }
        return JSONValue.object([
            ("as_of", .string(asOf.description)),
            ("owner", .optional(owner)),
            ("days", .int(days)),
            ("items", .raw("[" + rendered.joined(separator: ",") + "]")),
        ]).serialized + "\n"
    }

    static func status(_ item: AgendaItem, _ asOf: CalendarDate) -> String {
        let days = item.due.days(until: asOf)
        if days > 0 { return "overdue \(days)d" }
        return days == 0 ? "today" : "in \(-days)d"
    }

    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}

import Mustache

/// `csws report --format html`: one self-contained page for the weekly risk review — key figures,
/// inline SVG charts and sortable tables — rendered from the report by a Mustache template, so
/// every workspace string is HTML-escaped by the engine.
public enum DashboardRenderer {
    /// Nothing may load from anywhere; only the page's own style and script, by hash, may run.
    public static var contentSecurityPolicy: String {
        "default-src 'none'; script-src 'sha256-\(SHA256.base64Digest(of: DashboardTemplate.script))'; "
            + "style-src 'sha256-\(SHA256.base64Digest(of: DashboardTemplate.style))'; img-src 'none'; "
            + "base-uri 'none'; form-action 'none'"
    }

    private static let template = compile(DashboardTemplate.page)
    static let rowsTemplate = compile(DashboardTemplate.rows)
    static let circlesTemplate = compile(DashboardTemplate.circles)

    private static func compile(_ text: String) -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: text)
        } catch {
            // The templates are constants: a parse error is a programming error, caught by every test.
            fatalError("dashboard template does not parse: \(error)")
        }
    }

    /// Renders `items` as the list `key` of `template`, in chunks on every core, joined in order.
    static func renderInChunks<Item: Sendable, View>(
        _ items: [Item], with template: MustacheTemplate, as key: String, _ view: @Sendable (Item) -> View
    ) -> String {
        let chunks = stride(from: 0, to: items.count, by: 512).map { Array(items[$0..<min($0 + 512, items.count)]) }
        return chunks.parallelMap(chunkSize: 1) { chunk in template.render([key: chunk.map(view)]) }.joined()
    }

    public static func render(_ report: PortfolioReport) -> String {
        template.render(view(report))
    }

    static func view(_ report: PortfolioReport) -> [String: Any] {
        [
            "title": ReportTables.title(report), "asOf": report.asOf.description,
            "filters": [ReportTables.filterLine(report)].compactMap { $0 },
            "warnings": report.warnings,
            "csp": contentSecurityPolicy, "style": DashboardTemplate.style, "script": DashboardTemplate.script,
            "kpis": keyFigures(report),
            "charts": DashboardCharts.all(report),
            "tables": ReportTables.all(report).map(table),
        ]
    }

    static func keyFigures(_ report: PortfolioReport) -> [[String: String]] {
        let portfolio = report.portfolio
        let revenue = report.revenue
        let renewalARR = report.renewals.reduce(Rational.zero) { $0 + $1.arr }
        let overdue = report.overdue.reduce(0) { $0 + $1.total }
        return [
            ["label": "ARR", "value": ReportNumbers.grouped(portfolio.arr),
             "detail": "\(English.count(portfolio.customers, "customer")), \(portfolio.scored) scored"],
            ["label": "ARR at risk", "value": ReportNumbers.grouped(portfolio.arrAtRisk),
             "detail": (ReportNumbers.share(portfolio.arrAtRisk, of: portfolio.arr).map { "\($0)% of ARR, " } ?? "") + "tier high or critical"],
            ["label": "NRR", "value": revenue.nrr.map { ReportNumbers.percent($0) + "%" } ?? "-",
             "detail": "GRR " + (revenue.grr.map { ReportNumbers.percent($0) + "%" } ?? "-") + ", trailing 12 months"],
            ["label": "Renewals, 120 days", "value": String(report.renewals.count),
             "detail": "\(ReportNumbers.grouped(renewalARR)) ARR"],
            ["label": "Overdue items", "value": String(overdue), "detail": English.count(report.overdue.count, "owner")],
            ["label": "Median time to first value", "value": report.onboarding.ttvMedianDays.map { ReportNumbers.days($0) + " days" } ?? "-",
             "detail": "\(report.onboarding.pastFirstValueDays.count) past day \(report.onboarding.firstValueDays) without it"],
        ]
    }

    static func table(_ table: ReportTable) -> [String: Any] {
        let tierRank = Dictionary(uniqueKeysWithValues: DashboardCharts.categories.enumerated().map { ($1, String($0)) })
        // A tier column sorts by severity, not alphabetically.
        let tierColumns = Set(table.header.indices.filter { column in
            !table.rows.isEmpty && table.rows.allSatisfy { $0[column].tier != nil }
        })
        let numeric = table.numeric.union(tierColumns)
        let rightAligned = table.numeric
        let rows = renderInChunks(table.rows, with: rowsTemplate, as: "rows") { row in
            RowView(cells: row.enumerated().map { column, cell in
                CellView(
                    text: cell.text, numeric: rightAligned.contains(column),
                    value: cell.number ?? cell.tier.flatMap { tierRank[$0] }, tier: cell.tier)
            })
        }
        return [
            "id": table.id, "title": table.title, "lead": table.lead, "notes": table.notes, "empty": table.empty,
            "hasRows": !table.rows.isEmpty,
            "header": table.header.indices.map { ["text": table.header[$0], "numeric": numeric.contains($0)] as [String: Any] },
            "rowsHTML": rows,
        ]
    }
}

/// A table row and its cells as the row template reads them. Typed views answer the template's
/// lookups with a switch (thousands of rows: dictionaries of `Any` cost twice the time).
struct RowView: MustacheParent {
    var cells: [CellView]

    func child(named name: String) -> Any? { name == "cells" ? cells : nil }
}

struct CellView: MustacheParent {
    var text: String
    var numeric: Bool
    /// The exact number (or tier rank) the sorting script compares.
    var value: String?
    var tier: String?

    func child(named name: String) -> Any? {
        switch name {
        case "text": return text
        case "numeric": return numeric
        case "value": return value ?? false
        case "tier": return tier ?? false
        default: return nil
        }
    }
}

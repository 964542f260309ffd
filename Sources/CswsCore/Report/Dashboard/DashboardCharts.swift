import Foundation
import Mustache

/// The dashboard's charts as SVG shapes (positions in a 640 × 300 view box), handed to the page
/// template. Geometry is drawn in floating point; every figure a label shows comes from the report.
enum DashboardCharts {
    static let width = 640.0
    static let height = 300.0
    static let plot = (left: 72.0, right: 600.0, top: 16.0, bottom: 256.0)
    /// Tier order of stacks and legends, unscored last.
    static let categories: [String] = RiskTier.allCases.map(\.rawValue) + ["unscored"]

    typealias Shape = [String: Any]

    /// A customer's dot on a scatter chart.
    struct Dot: Sendable {
        var x: Double
        var y: Double
        var radius: String
        var tier: String
        var label: String

        var view: DotView { DotView(cx: fmt(x), cy: fmt(y), r: radius, tierClass: "t-\(tier)", label: label) }
    }

    /// A dot as the circles template reads it.
    struct DotView: MustacheParent {
        var cx: String
        var cy: String
        var r: String
        var tierClass: String
        var label: String

        func child(named name: String) -> Any? {
            switch name {
            case "cx": return cx
            case "cy": return cy
            case "r": return r
            case "class": return tierClass
            case "label": return label
            default: return nil
            }
        }
    }

    struct Chart {
        var id: String
        var title: String
        var summary: String
        var rects: [Shape] = []
        var dots: [Dot] = []
        var lines: [Shape] = []
        var texts: [Shape] = []

        var view: [String: Any] {
            [
                "id": id, "title": title, "summary": summary, "width": fmt(width), "height": fmt(height),
                "rects": rects, "circlesHTML": DashboardRenderer.renderInChunks(dots, with: DashboardRenderer.circlesTemplate, as: "circles") { $0.view },
                "lines": lines, "texts": texts,
                "legend": categories.map { ["tier": $0] },
            ]
        }

        mutating func text(_ x: Double, _ y: Double, _ text: String, anchor: String = "middle", kind: String = "axis") {
            texts.append(["x": fmt(x), "y": fmt(y), "text": text, "anchor": anchor, "class": kind])
        }

        mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, kind: String = "grid") {
            lines.append(["x1": fmt(x1), "y1": fmt(y1), "x2": fmt(x2), "y2": fmt(y2), "class": kind])
        }

        /// Horizontal grid lines and labels for a money axis from 0 to `top`.
        mutating func moneyAxis(top: Double) {
            for step in 0...4 {
                let value = top * Double(step) / 4
                let y = scale(value, from: (0, top), to: (plot.bottom, plot.top))
                line(plot.left, y, plot.right, y)
                text(plot.left - 8, y + 4, compactMoney(value), anchor: "end")
            }
        }

        mutating func empty(_ message: String) {
            text((plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2, message, kind: "empty")
        }
    }

    static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }

    static func double(_ value: Rational) -> Double { Double(ReportNumbers.exact(value)) ?? 0 }

    /// Maps `value` linearly from one interval onto another (which may run downwards, as y does).
    static func scale(_ value: Double, from domain: (Double, Double), to range: (Double, Double)) -> Double {
        let span = domain.1 - domain.0
        let fraction = span == 0 ? 0 : (value - domain.0) / span
        return range.0 + fraction * (range.1 - range.0)
    }

    /// 1, 2 or 5 times a power of ten, at least `value` (so axes end on round numbers).
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let power = pow(10, floor(log10(value)))
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * power >= value { return factor * power }
        return 10 * power
    }

    static func compactMoney(_ value: Double) -> String {
        if value >= 1_000_000 { return String(format: "%.1fM", value / 1_000_000).replacingOccurrences(of: ".0M", with: "M") }
        if value >= 1_000 { return String(format: "%.0fk", value / 1_000) }
        return String(format: "%.0f", value)
    }

    static func all(_ report: PortfolioReport) -> [[String: Any]] {
        [tierBars(report), renewals(report), riskAgainstARR(report), history(report)].map(\.view)
    }

    /// ARR per computed tier, one bar each, unscored last.
    static func tierBars(_ report: PortfolioReport) -> Chart {
        let portfolio = report.portfolio
        let rows = portfolio.tiers.map { ($0.tier.rawValue, $0.customers, $0.arr) }
            + [("unscored", portfolio.unscoredCustomers, portfolio.unscoredARR)]
        var chart = Chart(
            id: "chart-tiers", title: "ARR by risk tier",
            summary: rows.map { "\($0.0): \(ReportNumbers.grouped($0.2)) ARR, \(English.count($0.1, "customer"))" }.joined(separator: "; "))
        let top = niceCeiling(rows.map { double($0.2) }.max() ?? 0)
        let band = (plot.bottom - plot.top) / Double(rows.count)
        for (index, row) in rows.enumerated() {
            let y = plot.top + band * Double(index)
            let barWidth = scale(double(row.2), from: (0, top), to: (0, (plot.right - plot.left - 120)))
            chart.text(plot.left - 8, y + band / 2 + 4, row.0, anchor: "end")
            chart.rects.append([
                "x": fmt(plot.left), "y": fmt(y + band * 0.15), "w": fmt(max(barWidth, 1)), "h": fmt(band * 0.7),
                "class": "t-\(row.0)", "label": "\(row.0): \(ReportNumbers.grouped(row.2)) ARR, \(English.count(row.1, "customer"))",
            ])
            chart.text(plot.left + max(barWidth, 1) + 6, y + band / 2 + 4, "\(ReportNumbers.grouped(row.2)) (\(row.1))", anchor: "start", kind: "value")
        }
        chart.text((plot.left + plot.right) / 2, height - 12, "ARR (customers)")
        return chart
    }

    /// Each renewal of the next 120 days: days left across, ARR up, coloured by tier.
    static func renewals(_ report: PortfolioReport) -> Chart {
        var chart = Chart(
            id: "chart-renewals", title: "Renewals in the next 120 days",
            summary: "\(English.count(report.renewals.count, "renewal")), \(ReportNumbers.grouped(report.renewals.reduce(Rational.zero) { $0 + $1.arr })) ARR; each dot is a customer, placed by days to renewal and ARR")
        let top = niceCeiling(report.renewals.map { double($0.arr) }.max() ?? 0)
        chart.moneyAxis(top: top)
        for days in stride(from: 0, through: 120, by: 30) {
            let x = scale(Double(days), from: (0, 120), to: (plot.left, plot.right))
            chart.line(x, plot.top, x, plot.bottom)
            chart.text(x, plot.bottom + 18, report.asOf.adding(days: days).description)
        }
        chart.text((plot.left + plot.right) / 2, height - 12, "renewal date")
        if report.renewals.isEmpty { chart.empty("no renewal in the next 120 days") }
        for renewal in report.renewals {
            let tier = renewal.tier?.rawValue ?? "unscored"
            chart.dots.append(Dot(
                x: scale(Double(renewal.days), from: (0, 120), to: (plot.left, plot.right)),
                y: scale(double(renewal.arr), from: (0, top), to: (plot.bottom, plot.top)), radius: "6", tier: tier,
                label: "\(renewal.name) (\(renewal.id)): renews \(renewal.date), in \(renewal.days) days, \(ReportNumbers.grouped(renewal.arr)) ARR, \(tier)"))
        }
        return chart
    }

    /// Every scored customer: risk across, ARR up — the top right corner is the review's agenda.
    static func riskAgainstARR(_ report: PortfolioReport) -> Chart {
        let scored = report.customers.filter { $0.risk != nil }
        var chart = Chart(
            id: "chart-risk", title: "Risk against ARR",
            summary: "\(scored.count) scored customers placed by risk (0 to 100) and ARR; ARR at risk \(ReportNumbers.grouped(report.portfolio.arrAtRisk))")
        let top = niceCeiling(scored.map { double($0.arr ?? 0) }.max() ?? 0)
        chart.moneyAxis(top: top)
        for risk in stride(from: 0, through: 100, by: 20) {
            let x = scale(Double(risk), from: (0, 100), to: (plot.left, plot.right))
            chart.line(x, plot.top, x, plot.bottom)
            chart.text(x, plot.bottom + 18, String(risk))
        }
        chart.text((plot.left + plot.right) / 2, height - 12, "risk")
        if scored.isEmpty { chart.empty("no scored customer") }
        let radius = scored.count > 500 ? "2.5" : "5"
        for row in scored {
            guard let risk = row.risk, let tier = row.tier else { continue }
            chart.dots.append(Dot(
                x: scale(Double(risk), from: (0, 100), to: (plot.left, plot.right)),
                y: scale(double(row.arr ?? 0), from: (0, top), to: (plot.bottom, plot.top)), radius: radius, tier: tier.rawValue,
                label: "\(row.name) (\(row.id)): risk \(risk), \(tier.rawValue), \(ReportNumbers.grouped(row.arr ?? 0)) ARR"))
        }
        return chart
    }

    /// ARR by tier at each of the last six month-ends, stacked, unscored on top.
    static func history(_ report: PortfolioReport) -> Chart {
        var chart = Chart(
            id: "chart-history", title: "ARR by risk tier at each month-end",
            summary: report.history.map { "\($0.date): \(ReportNumbers.grouped($0.arr)) ARR, \(ReportNumbers.grouped($0.arrAtRisk)) at risk" }.joined(separator: "; "))
        let top = niceCeiling(report.history.map { double($0.arr) }.max() ?? 0)
        chart.moneyAxis(top: top)
        let band = (plot.right - plot.left) / Double(max(report.history.count, 1))
        for (index, point) in report.history.enumerated() {
            let x = plot.left + band * Double(index)
            var base = 0.0
            let stack = point.tiers.map { ($0.tier.rawValue, $0.customers, $0.arr) } + [("unscored", point.unscoredCustomers, point.unscoredARR)]
            for (tier, customers, arr) in stack where arr > 0 {
                let low = scale(base, from: (0, top), to: (plot.bottom, plot.top))
                base += double(arr)
                let high = scale(base, from: (0, top), to: (plot.bottom, plot.top))
                chart.rects.append([
                    "x": fmt(x + band * 0.2), "y": fmt(high), "w": fmt(band * 0.6), "h": fmt(max(low - high, 0.5)),
                    "class": "t-\(tier)", "label": "\(point.date): \(tier) \(ReportNumbers.grouped(arr)) ARR, \(English.count(customers, "customer"))",
                ])
            }
            chart.text(x + band / 2, plot.bottom + 18, point.date.description)
        }
        chart.text((plot.left + plot.right) / 2, height - 12, "month-end")
        return chart
    }
}

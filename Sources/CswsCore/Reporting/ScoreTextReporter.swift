import Foundation

/// `csws score` for people: a table sorted by risk, and with `--explain` every input and how it
/// moved the result, so a CSM can redo the arithmetic by hand.
public enum ScoreTextReporter {
    public static func table(_ customers: [ScoredCustomer], asOf: CalendarDate) -> String {
        let header = ["ID", "NAME", "OWNER", "ARR", "RISK", "TIER", "TREND", "TOP DRIVER", "PLAYBOOK"]
        var rows: [[String]] = []
        for scored in customers {
            let score = scored.score
            var tier = score.tier?.rawValue ?? "unscored"
            if let override = scored.riskOverride, !scored.overrideExpired { tier += " (override: \(override.tier))" }
            rows.append([
                scored.record.id, scored.record.name, scored.record.owner ?? "-",
                scored.record.arr.map(money) ?? "-",
                score.risk.map(String.init) ?? "-", tier, score.trend?.rawValue ?? "-",
                score.drivers.first.map { "\($0.name) \($0.value)" } ?? "-",
                scored.playbooks.first.map { playbook in
                    playbook.id + (playbook.actWithinDays.map { " (\($0)d)" } ?? "")
                } ?? "-",
            ])
        }
        let scored = customers.filter { $0.score.isScored }.count
        return TextTable.render(header: header, rows: rows, rightAligned: [3, 4])
            + "\(English.count(customers.count, "customer")), \(scored) scored, as of \(asOf)\n"
    }

    public static func explain(_ scored: ScoredCustomer) -> String {
        let score = scored.score
        let record = scored.record
        var lines: [String] = []
        lines.append("\(record.id) — \(record.name) (owner \(record.owner ?? "-"), segment \(record.segment ?? "-"), ARR \(record.arr.map(money) ?? "-"))")
        for dimension in score.dimensions {
            lines.append("  \(dimension.name) (weight \(fmt(dimension.weight, 2))): health \(dimension.health.map { fmt($0, 2) } ?? "no signals")")
            for signal in dimension.signals {
                let thresholds = "bad \(signal.bad.text) → good \(signal.good.text)"
                if let value = signal.value, let health = signal.health {
                    lines.append("    \(pad(signal.name, 22)) \(pad(value.text, 8)) health \(pad(fmt(health, 2), 6)) weight \(fmt(signal.weight, 2))  +\(fmt(signal.points ?? 0, 2)) risk  [\(thresholds); \(signal.derivation)]")
                } else {
                    lines.append("    \(pad(signal.name, 22)) missing  [\(thresholds); \(signal.derivation)]")
                }
            }
        }
        lines.append("  coverage \(score.coverage.map { fmt($0, 4) } ?? "0") (signal weight present, weighted by dimension)")
        for event in score.events {
            lines.append("  event \(event.kind) on \(event.date): +\(fmt(event.points, 2)) risk")
        }
        if let renewal = score.renewal {
            let when = renewal.days >= 0 ? "in \(renewal.days) days" : "\(-renewal.days) days ago (lapsed: no factor)"
            lines.append("  renewal \(renewal.date), \(when): factor \(fmt(renewal.factor, 2))")
        }
        if let health = score.health, let raw = score.rawRisk, let risk = score.risk, let tier = score.tier {
            let events = score.events.reduce(Rational.zero) { $0 + $1.points }
            lines.append("  risk = (100 − health \(fmt(health, 2)) + events \(fmt(events, 2))) × \(fmt(score.renewal?.factor ?? 1, 2)) = \(fmt(raw, 2)) → \(risk) → tier \(tier.rawValue) (\(tier.color))")
            if let earlier = score.riskThirtyDaysAgo, let trend = score.trend {
                lines.append("  30 days ago: risk \(earlier) → trend \(trend.rawValue) (more than 5 points either way counts)")
            }
            lines.append("  drivers: " + score.drivers.map { "\($0.name) \($0.value) (+\(fmt($0.points, 2)))" }.joined(separator: ", "))
        } else {
            lines.append("  unscored: coverage below the minimum — add a signals snapshot (csws import signals, or signals/<date>.yaml)")
        }
        if let override = scored.riskOverride {
            lines.append("  override: \(override.tier) by \(override.by) until \(override.until?.description ?? "-")\(scored.overrideExpired ? " (EXPIRED)" : "") — \(override.reason)")
        }
        for playbook in scored.playbooks {
            lines.append("  playbook \(playbook.id)\(playbook.actWithinDays.map { ", act within \($0) days" } ?? ""): \(playbook.reason)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func fmt(_ value: Rational, _ places: Int) -> String {
        value.text(places: places)
    }

    static func money(_ value: Rational) -> String {
        let whole = value.roundedInteger
        var digits = String(abs(whole))
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return (whole < 0 ? "-" : "") + digits + grouped
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

/// Aligned plain-text tables.
public enum TextTable {
    public static func render(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
        // Terminal columns, not characters: wide CJK names and emoji would shift every column after them.
        @Sendable func width(_ text: String) -> Int { DisplayWidth.of(text) }
        var widths = header.map(width)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], width(cell)) }
        }
        let columnWidths = widths
        @Sendable func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: max(0, columnWidths[index] - width(cell)))
                return rightAligned.contains(index) ? padding + cell : (index == cells.count - 1 ? cell : cell + padding)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.parallelMap(line)).joined(separator: "\n") + "\n"
    }
}

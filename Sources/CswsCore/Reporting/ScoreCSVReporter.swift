import Foundation

/// `csws score --format csv`: one row per customer for spreadsheets.
public enum ScoreCSVReporter {
    public static func render(_ customers: [ScoredCustomer]) -> String {
        var lines = ["id,name,owner,segment,arr,risk,tier,color,health,coverage,trend,risk_30d_ago,top_driver,playbooks"]
        for scored in customers {
            let score = scored.score
            let fields: [String] = [
                scored.record.id, scored.record.name, scored.record.owner ?? "", scored.record.segment ?? "",
                scored.record.arr.map { $0.text(places: 6) } ?? "",
                score.risk.map(String.init) ?? "", score.tier?.rawValue ?? "", score.tier?.color ?? "",
                score.health.map { $0.text(places: 2) } ?? "",
                score.coverage.map { $0.text(places: 4) } ?? "",
                score.trend?.rawValue ?? "", score.riskThirtyDaysAgo.map(String.init) ?? "",
                score.drivers.first?.name ?? "", scored.playbooks.map(\.id).joined(separator: " "),
            ]
            lines.append(fields.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 quoting; a leading =, +, - or @ is prefixed so spreadsheets do not run it as a formula.
    static func field(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}

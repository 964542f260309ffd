/// `csws report --format csv`: the customers table (SPEC §10.5), one row per customer.
public enum ReportCSVRenderer {
    public static let header = "id,name,owner,segment,arr,risk,tier,override_tier,trend,renewal_date,renewal_days"

    public static func render(_ report: PortfolioReport) -> String {
        let rows = report.customers.parallelMap { row -> String in
            [row.id, row.name, row.owner ?? "", row.segment ?? "", row.arr.map(ReportNumbers.exact) ?? "",
             row.risk.map(String.init) ?? "", row.tier?.rawValue ?? "", row.riskOverride?.tier ?? "",
             row.trend?.rawValue ?? "", row.renewalDate?.description ?? "", row.renewalDays.map(String.init) ?? ""]
                .map(ScoreCSVReporter.field).joined(separator: ",")
        }
        return ([header] + rows).joined(separator: "\n") + "\n"
    }
}

/// One customer read for a document (`qbr`, `escalate`): its files, its record, and its score with
/// the trend, computed by the same code as `csws score`.
public struct CustomerContext: Sendable {
    public enum Problem: Error, Sendable {
        case unknown(String, suggestion: String?)
        case churned(String)
        case unreadableAccount(String)
    }

    public var files: CustomerFiles
    public var scored: ScoredCustomer
    public var shared: SharedFiles
    public var scoring: PortfolioScorer.Context

    public init(_ id: String, in workspace: Workspace, shared: SharedFiles, asOf: CalendarDate) throws {
        guard shared.customerIDs.contains(id) else {
            throw Problem.unknown(id, suggestion: Suggestions.nearest(to: id, in: shared.customerIDs))
        }
        files = WorkspaceLoader.loadCustomer(id, in: workspace, options: LoadOptions(validates: false)).files
        guard files.account?.document != nil else { throw Problem.unreadableAccount(id) }
        let record = CustomerRecord(files)
        guard !record.isChurned else { throw Problem.churned(id) }
        scoring = PortfolioScorer.Context(shared: shared)
        scored = PortfolioScorer.score(record, context: scoring, asOf: asOf)
        self.shared = shared
    }

    public var currency: String { files.account?.document?["currency"]?.string ?? "USD" }
}

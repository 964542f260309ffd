import Foundation

/// What scoring, the time rules and reports read from one customer folder, extracted from its
/// schema-validated documents (a field with a schema error reads as absent).
public struct CustomerRecord: Sendable {
    public struct Snapshot: Sendable {
        public var date: CalendarDate
        public var fileName: String
        public var document: DocumentNode
    }

    public struct Override: Sendable {
        public var tier: String
        public var reason: String
        public var by: String
        public var until: CalendarDate?
        public var node: DocumentNode
    }

    /// One VoC item, as the triggers and the VoC rules read it.
    public struct Feedback: Sendable {
        public var file: String
        public var date: CalendarDate
        public var kind: String?
        public var area: String?
        public var tags: [String]
        public var severity: String?
        public var status: String?
        public var nps: Rational?
        public var responded: CalendarDate?
        public var closed: CalendarDate?
        public var summary: String?
    }

    public var id: String
    public var name: String
    public var owner: String?
    public var segment: String?
    public var status: String?
    public var arr: Rational?
    public var seats: Int?
    public var contractStart: CalendarDate?
    public var contractEnd: CalendarDate?
    public var riskOverride: Override?
    /// Sorted by (`date`, file name), oldest first; snapshots with an unreadable date are left out.
    public var snapshots: [Snapshot]
    public var feedback: [Feedback]

    public init(_ files: CustomerFiles) {
        id = files.id
        let account = files.account?.document
        name = account?["name"]?.string ?? files.id
        owner = account?["owner"]?.string
        segment = account?["segment"]?.string
        status = account?["status"]?.string
        arr = Rational(account?["arr"])
        seats = account?["contract"]?["seats"]?.integer
        contractStart = account?["contract"]?["start"]?.date
        contractEnd = account?["contract"]?["end"]?.date
        if let node = account?["risk_override"], let tier = node["tier"]?.string {
            riskOverride = Override(
                tier: tier, reason: node["reason"]?.string ?? "", by: node["by"]?.string ?? "",
                until: node["until"]?.date, node: node)
        }
        snapshots = files.signals.compactMap { file in
            guard let document = file.document, let date = document["date"]?.date else { return nil }
            let name = file.file.fileName
            return Snapshot(date: date, fileName: name, document: document)
        }.sorted { ($0.date, $0.fileName) < ($1.date, $1.fileName) }
        feedback = files.voc.compactMap { file in
            guard let document = file.document, let date = document["date"]?.date else { return nil }
            return Feedback(
                file: file.file.relativePath, date: date, kind: document["kind"]?.string,
                area: document["area"]?.string, tags: (document["tags"]?.elements ?? []).compactMap(\.string),
                severity: document["severity"]?.string, status: document["status"]?.string,
                nps: Rational(document["nps"]), responded: document["responded"]?.date,
                closed: document["closed"]?.date, summary: document["summary"]?.string)
        }
    }

    public var isChurned: Bool { status == "churned" }
}

/// What csws needs from `csws.yaml` for checks: the team, the segments and the rule thresholds.
/// Built leniently from a schema-validated document: a section with errors is left out, and the
/// checks that need it are skipped rather than guessing.
public struct WorkspaceSettings: Sendable {
    public struct TeamMember: Sendable {
        public var id: String
        public var name: String
        public var email: String?
        public var role: String
    }

    public struct Segment: Sendable {
        public var name: String
        public var engagement: String?
        public var checkinEveryDays: Int?
        public var qbrEveryDays: Int?
    }

    public var workspaceName: String?
    /// Nil when `team` is missing or broken (owner checks are then skipped).
    public var team: [TeamMember]?
    /// Nil when `segments` is missing or broken.
    public var segments: [Segment]?
    public var syncRemote: String = "origin"
    public var syncBranch: String = "main"
    public var blockPushOnErrors: Bool = true
    /// `sync.ssh_key`: a key file to offer after ssh-agent.
    public var sshKey: String?

    public init(document: DocumentNode, brokenSections: Set<String>) {
        workspaceName = document["workspace"]?.string
        if !brokenSections.contains("team"), let members = document["team"]?.elements {
            team = members.compactMap { node in
                guard let id = node["id"]?.string, let role = node["role"]?.string else { return nil }
                return TeamMember(id: id, name: node["name"]?.string ?? id, email: node["email"]?.string, role: role)
            }
        }
        if !brokenSections.contains("segments"), let entries = document["segments"]?.members {
            segments = entries.map { entry in
                Segment(
                    name: entry.key, engagement: entry.value["engagement"]?.string,
                    checkinEveryDays: entry.value["checkin_every_days"]?.integer,
                    qbrEveryDays: entry.value["qbr_every_days"]?.integer)
            }
        }
        if !brokenSections.contains("import"), let section = document["import"] {
            importAccounts = ImportMapping(section["accounts"])
            importSignals = ImportMapping(section["signals"])
        }
        if !brokenSections.contains("sync"), let sync = document["sync"] {
            syncRemote = sync["remote"]?.string ?? syncRemote
            syncBranch = sync["branch"]?.string ?? syncBranch
            blockPushOnErrors = sync["block_push_on_errors"]?.bool ?? blockPushOnErrors
            sshKey = sync["ssh_key"]?.string
        }
    }

    /// csws.yaml `import:` (SPEC §10.7): how an export's columns map to fields.
    public struct ImportMapping: Sendable {
        public var map: [String: String] = [:]
        public var ignore: [String] = []
        public var dateFormat: String?

        public init() {}

        public init(_ node: DocumentNode?) {
            for member in node?["map"]?.members ?? [] {
                if let field = member.value.string { map[member.key] = field }
            }
            ignore = (node?["ignore"]?.elements ?? []).compactMap(\.string)
            dateFormat = node?["date_format"]?.string
        }
    }

    public var importAccounts = ImportMapping()
    public var importSignals = ImportMapping()

    public func member(_ id: String) -> TeamMember? { team?.first { $0.id == id } }

    public func segment(_ name: String) -> Segment? { segments?.first { $0.name == name } }

    /// The first team member with `role`, if any.
    public func firstMember(withRole role: String) -> TeamMember? { team?.first { $0.role == role } }

    /// True when `owner` names a team member or a customer-side person (`customer:<name>`).
    /// Unknown when the team could not be read: then every owner is accepted.
    public func isKnownOwner(_ owner: String) -> Bool {
        guard let team else { return true }
        if owner.hasPrefix("customer:"), owner.count > "customer:".count { return true }
        return team.contains { $0.id == owner }
    }
}

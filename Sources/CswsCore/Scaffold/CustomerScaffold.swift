import Foundation

/// `csws new customer`: a new customer folder with account.yaml, a plan holding the onboarding
/// milestones dated from the contract start, and empty record folders.
public struct CustomerScaffold {
    public var id: String
    public var name: String
    public var segment: String
    public var owner: String
    public var arr: Double
    public var start: CalendarDate
    public var end: CalendarDate
    public var seats: Int

    public init(id: String, name: String, segment: String, owner: String, arr: Double,
                start: CalendarDate, end: CalendarDate, seats: Int) {
        self.id = id
        self.name = name
        self.segment = segment
        self.owner = owner
        self.arr = arr
        self.start = start
        self.end = end
        self.seats = seats
    }

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
        public var hint: String?
    }

    /// Everything wrong with the request, checked before anything is written.
    public func problems(in workspace: Workspace, settings: WorkspaceSettings?) -> [Problem] {
        var problems: [Problem] = []
        if !Workspace.isSlug(id) {
            problems.append(Problem(
                description: "`\(id)` is not a valid customer id",
                hint: "use lower-case letters, digits and hyphens, starting with a letter or digit, e.g. `\(WorkspaceScanner.slugSuggestion(id))`"))
        } else if FileManager.default.fileExists(atPath: workspace.absolute("customers/\(id)")) {
            problems.append(Problem(
                description: "customer `\(id)` already exists (customers/\(id))",
                hint: "choose another id, or edit customers/\(id)/account.yaml"))
        }
        if let segments = settings?.segments, !segments.contains(where: { $0.name == segment }) {
            let names = segments.map(\.name)
            problems.append(Problem(
                description: "unknown segment `\(segment)`",
                hint: Suggestions.nearest(to: segment, in: names).map { "did you mean `\($0)`?" }
                    ?? "segments in csws.yaml: \(names.joined(separator: ", "))"))
        }
        if let settings, let team = settings.team, !settings.isKnownOwner(owner) || owner.hasPrefix("customer:") {
            let ids = team.map(\.id)
            problems.append(Problem(
                description: "owner `\(owner)` is not a team member",
                hint: Suggestions.nearest(to: owner, in: ids).map { "did you mean `\($0)`?" }
                    ?? "team ids in csws.yaml: \(ids.joined(separator: ", "))"))
        }
        if end <= start {
            problems.append(Problem(description: "--end \(end) must be after --start \(start)", hint: nil))
        }
        if !(arr >= 0) || !arr.isFinite {
            problems.append(Problem(description: "--arr must be 0 or more", hint: nil))
        }
        if seats <= 0 {
            problems.append(Problem(description: "--seats must be at least 1", hint: nil))
        }
        return problems
    }

    /// Writes the customer folder; returns the paths written, relative to the workspace root.
    @discardableResult
    public func write(in workspace: Workspace, settings: WorkspaceSettings?, onboarding: DocumentNode?) throws -> [String] {
        let base = "customers/\(id)"
        let account = accountText()
        let plan = planText(settings: settings, onboarding: onboarding)
        try WorkspaceTemplate.writeFile(account, to: workspace.absolute(base + "/account.yaml"))
        try WorkspaceTemplate.writeFile(plan, to: workspace.absolute(base + "/plan.yaml"))
        for folder in ["signals", "voc", "qbr"] {
            // An empty folder is invisible to git; the keep file carries it to teammates.
            try WorkspaceTemplate.writeFile("", to: workspace.absolute("\(base)/\(folder)/.gitkeep"))
        }
        return [base + "/account.yaml", base + "/plan.yaml"] + ["signals", "voc", "qbr"].map { "\(base)/\($0)/" }
    }

    func accountText() -> String {
        let arrText = arr == arr.rounded() && abs(arr) < 1e15 ? String(Int(arr)) : String(arr)
        return """
            \(WorkspaceTemplate.modeline(for: .account, depth: 2))
            id: \(id)
            name: \(YAMLText.scalar(name))
            segment: \(YAMLText.scalar(segment))
            owner: \(YAMLText.scalar(owner))
            status: onboarding
            contract:
              start: \(start)
              end: \(end)
              seats: \(seats)
            arr: \(arrText)
            currency: USD
            stakeholders: []
            \(revenueText(arrText))# success_definition:
            #   outcome: what the customer wants to achieve, in their words
            #   use_case: the main use case
            #   value_proof: the number that shows it worked
            #   timeframe_days: 90

            """
    }

    /// The deal that made the customer starts its revenue ledger, so NRR and the report's history
    /// count it as new business from its start date.
    func revenueText(_ arrText: String) -> String {
        guard arr > 0 else { return "" }
        return "revenue:  # every ARR change: new, expansion, contraction, churn, renewal\n  - {date: \(start), kind: new, amount: \(arrText)}\n"
    }

    func planText(settings: WorkspaceSettings?, onboarding: DocumentNode?) -> String {
        var lines = [
            WorkspaceTemplate.modeline(for: .plan, depth: 2),
            "objectives: []",
            "milestones:",
        ]
        let milestones = onboardingMilestones(settings: settings, onboarding: onboarding)
        if milestones.isEmpty {
            lines[lines.count - 1] = "milestones: []"
        }
        for milestone in milestones {
            lines.append("  - id: \(YAMLText.scalar(milestone.id))")
            lines.append("    title: \(YAMLText.scalar(milestone.title))")
            lines.append("    phase: \(milestone.phase)")
            lines.append("    owner: \(YAMLText.scalar(milestone.owner))")
            lines.append("    due: \(milestone.due)")
            lines.append("    status: planned")
            if milestone.firstValue { lines.append("    first_value: true") }
            lines.append("    source: \(YAMLText.scalar(milestone.source))")
        }
        lines += ["metrics: []", "risks: []", ""]
        return lines.joined(separator: "\n")
    }

    struct Milestone {
        var id: String
        var title: String
        var phase: String
        var owner: String
        var due: CalendarDate
        var firstValue: Bool
        var source: String
    }

    /// One milestone per row of `playbooks/onboarding.yaml`, due `day_to` days after the start.
    func onboardingMilestones(settings: WorkspaceSettings?, onboarding: DocumentNode?) -> [Milestone] {
        var milestones: [Milestone] = []
        var usedIDs = Set<String>()
        for phase in onboarding?["phases"]?.elements ?? [] {
            let phaseName = phase["phase"]?.string ?? "onboarding"
            for row in phase["rows"]?.elements ?? [] {
                guard let title = row["activity"]?.string, let dayTo = row["day_to"]?.integer else { continue }
                var id = row["id"]?.string ?? "m\(milestones.count + 1)"
                while usedIDs.contains(id) { id += "-\(milestones.count + 1)" }
                usedIDs.insert(id)
                milestones.append(Milestone(
                    id: id, title: title, phase: phaseName,
                    owner: resolveOwner(role: row["owner_role"]?.string ?? "csm", settings: settings),
                    due: start.adding(days: dayTo), firstValue: row["first_value"]?.bool == true,
                    source: "onboarding/\(id)"))
            }
        }
        return milestones
    }

    /// csm → the customer's owner; any other role → the first team member with it, else the owner.
    func resolveOwner(role: String, settings: WorkspaceSettings?) -> String {
        if role == "csm" { return owner }
        return settings?.firstMember(withRole: role)?.id ?? owner
    }
}

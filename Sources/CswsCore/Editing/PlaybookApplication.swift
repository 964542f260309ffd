/// Turns a playbook into plan milestones for one customer (`csws apply`): dated from a start
/// day (step playbooks, onboarding) or back from the renewal date (renewal), owners resolved
/// from roles, `source` set to `<playbook>/<step>`, steps already in the plan skipped.
public struct PlaybookApplication {
    public enum Problem: Error, CustomStringConvertible {
        case unknownPlaybook(String, known: [String])
        case missingDate(String)

        public var description: String {
            switch self {
            case .unknownPlaybook(let id, _): return "no playbook `\(id)` in playbooks/"
            case .missingDate(let what): return what
            }
        }
    }

    public let library: PlaybookLibrary
    public let onboarding: DocumentNode?
    public let settings: WorkspaceSettings?

    public init(library: PlaybookLibrary, onboarding: DocumentNode?, settings: WorkspaceSettings?) {
        self.library = library
        self.onboarding = onboarding
        self.settings = settings
    }

    public var playbookIDs: [String] {
        (Array(library.playbooks.keys) + (library.renewalWindows.isEmpty ? [] : ["renewal"])
            + (onboarding == nil ? [] : ["onboarding"])).sorted()
    }

    /// The milestones `playbook` adds for `customer`, without those already in the plan.
    public func milestones(
        for playbook: String, customer: CustomerRecord, start: CalendarDate?, asOf: CalendarDate,
        existingIDs: [String], existingSources: Set<String>
    ) throws -> [PlanEditor.NewMilestone] {
        let owner = customer.owner ?? "customer:unknown"
        func resolve(_ role: String) -> String {
            role == "csm" ? owner : settings?.firstMember(withRole: role)?.id ?? owner
        }
        var steps: [(id: String, title: String, phase: String, role: String, due: CalendarDate, firstValue: Bool)] = []
        if let stepPlaybook = library.playbooks[playbook] {
            let day0 = start ?? asOf
            steps = stepPlaybook.steps.map { ($0.id, $0.title, $0.phase, $0.ownerRole, day0.adding(days: $0.endDay), false) }
        } else if playbook == "renewal", !library.renewalWindows.isEmpty {
            guard let end = customer.contractEnd else { throw Problem.missingDate("the account has no contract end date") }
            steps = library.renewalWindows.map { ($0.id, $0.title, "renewal", $0.ownerRole, end.adding(days: -$0.daysBefore), false) }
        } else if playbook == "onboarding", let onboarding {
            guard let day0 = start ?? customer.contractStart else {
                throw Problem.missingDate("the account has no contract start date; pass --start")
            }
            for phase in onboarding["phases"]?.elements ?? [] {
                for row in phase["rows"]?.elements ?? [] {
                    guard let title = row["activity"]?.string, let dayTo = row["day_to"]?.integer else { continue }
                    steps.append((row["id"]?.string ?? "row-\(steps.count + 1)", title, phase["phase"]?.string ?? "onboarding",
                                  row["owner_role"]?.string ?? "csm", day0.adding(days: dayTo),
                                  row["first_value"]?.bool == true))
                }
            }
        } else {
            throw Problem.unknownPlaybook(playbook, known: playbookIDs)
        }
        var usedIDs = Set(existingIDs)
        var result: [PlanEditor.NewMilestone] = []
        for step in steps {
            let source = "\(playbook)/\(step.id)"
            guard !existingSources.contains(source) else { continue }
            var id = step.id
            if usedIDs.contains(id) { id = "\(playbook)-\(step.id)" }
            var counter = 2
            while usedIDs.contains(id) {
                id = "\(playbook)-\(step.id)-\(counter)"
                counter += 1
            }
            usedIDs.insert(id)
            var milestone = PlanEditor.NewMilestone(
                id: id, title: step.title, phase: step.phase, owner: resolve(step.role), due: step.due, source: source)
            milestone.firstValue = step.firstValue
            result.append(milestone)
        }
        return result
    }
}

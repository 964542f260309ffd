/// Rules across and inside playbook files that a schema cannot express: triggers name existing
/// playbooks and have well-formed conditions, step days are in order, ids are unique, onboarding
/// has exactly one first-value row.
enum PlaybookChecks {
    static let conditionSubjects = ["signal", "event", "tier", "renewal_days", "voc"]

    static func run(_ playbooks: [LoadedFile]) -> [Diagnostic] {
        let names = playbooks.map { file in
            String(file.file.relativePath.dropFirst("playbooks/".count).dropLast(".yaml".count))
        }
        var diagnostics: [Diagnostic] = []
        for file in playbooks {
            guard let document = file.document else { continue }
            var findings: [Finding] = []
            switch file.file.kind {
            case .triggers: findings = triggers(document, playbookNames: names)
            case .playbook: findings = steps(document)
            case .onboardingPlaybook: findings = onboarding(document)
            default: break
            }
            diagnostics += findings.map { Diagnostic($0, file: file.file.relativePath) }
        }
        return diagnostics
    }

    private static func triggers(_ document: DocumentNode, playbookNames: [String]) -> [Finding] {
        var findings: [Finding] = []
        let list = document["triggers"]?.elements ?? []
        findings += uniqueIDs(list, what: "trigger")
        for trigger in list {
            let id = trigger["id"]?.string ?? "?"
            if let node = trigger["playbook"], let name = node.string, !playbookNames.contains(name) {
                findings.append(Finding(
                    rule: "unknown-playbook",
                    message: "trigger `\(id)` names playbook `\(name)`, which is not in playbooks/", node: node,
                    hint: Suggestions.nearest(to: name, in: playbookNames).map { "did you mean `\($0)`?" }
                        ?? "create playbooks/\(name).yaml, or name an existing playbook"))
            }
            if trigger["when"] == nil && trigger["when_any"] == nil {
                findings.append(Finding(
                    rule: "trigger-condition", message: "trigger `\(id)` has no `when` or `when_any` conditions",
                    node: trigger, hint: "add `when:` (all must hold) or `when_any:` (one must hold)"))
            }
            for condition in (trigger["when"]?.elements ?? []) + (trigger["when_any"]?.elements ?? []) {
                let subjects = conditionSubjects.filter { condition[$0] != nil }
                guard subjects.count != 1 else { continue }
                findings.append(Finding(
                    rule: "trigger-condition",
                    message: subjects.isEmpty
                        ? "a condition of trigger `\(id)` names no subject"
                        : "a condition of trigger `\(id)` names \(subjects.count) subjects (\(subjects.joined(separator: ", ")))",
                    node: condition,
                    hint: "each condition tests exactly one of \(conditionSubjects.joined(separator: ", "))"))
            }
        }
        return findings
    }

    private static func steps(_ document: DocumentNode) -> [Finding] {
        let list = document["steps"]?.elements ?? []
        var findings = uniqueIDs(list, what: "step")
        for step in list {
            guard let startNode = step["start_day"], let start = startNode.integer,
                let endNode = step["end_day"], let end = endNode.integer, end < start
            else { continue }
            findings.append(Finding(
                rule: "playbook-step-days",
                message: "step \"\(step["title"]?.string ?? "?")\" ends on day \(end), before it starts (day \(start))",
                node: endNode, hint: "`end_day` is the last day of the step; make it at least `start_day`"))
        }
        return findings
    }

    private static func onboarding(_ document: DocumentNode) -> [Finding] {
        var findings: [Finding] = []
        var firstValueRows: [DocumentNode] = []
        var rows: [DocumentNode] = []
        for phase in document["phases"]?.elements ?? [] {
            for row in phase["rows"]?.elements ?? [] {
                rows.append(row)
                if row["first_value"]?.bool == true { firstValueRows.append(row) }
                if let fromNode = row["day_from"], let from = fromNode.integer,
                    let toNode = row["day_to"], let to = toNode.integer, to < from
                {
                    findings.append(Finding(
                        rule: "playbook-step-days",
                        message: "row \"\(row["activity"]?.string ?? "?")\" ends on day \(to), before it starts (day \(from))",
                        node: toNode, hint: "make `day_to` at least `day_from`"))
                }
            }
        }
        findings += uniqueIDs(rows, what: "row")
        if firstValueRows.count != 1, let phases = document.member("phases") {
            findings.append(Finding(
                rule: "first-value-row",
                message: firstValueRows.isEmpty
                    ? "no onboarding row is marked `first_value: true`"
                    : "\(firstValueRows.count) onboarding rows are marked `first_value: true`",
                at: firstValueRows.dropFirst().first?.location ?? phases.keyLocation,
                hint: "mark exactly one row, the time-to-first-value milestone, with `first_value: true`"))
        }
        return findings
    }

    private static func uniqueIDs(_ list: [DocumentNode], what: String) -> [Finding] {
        DuplicateIDs.findings(in: list, message: { "\(what) id `\($0)` is used twice" }, hint: "give each \(what) its own id")
    }
}

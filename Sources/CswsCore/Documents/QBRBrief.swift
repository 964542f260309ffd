/// The QBR brief a CSM takes into the customer meeting (SPEC §7, §10.6), in Markdown: outcomes,
/// value proof, risks, the next quarter's draft priorities, and the expansion conversation only
/// when the customer is healthy and a metric moved toward its target.
public struct QBRBrief: Sendable {
    public let files: CustomerFiles
    public let scored: ScoredCustomer
    public let quarter: Quarter
    public let library: PlaybookLibrary
    public let model: ScoringModel
    public let asOf: CalendarDate

    public init(files: CustomerFiles, scored: ScoredCustomer, quarter: Quarter, library: PlaybookLibrary,
                model: ScoringModel, asOf: CalendarDate) {
        self.files = files
        self.scored = scored
        self.quarter = quarter
        self.library = library
        self.model = model
        self.asOf = asOf
    }

    struct MetricProgress {
        var name: String
        var unit: String?
        var baseline: Rational
        var target: Rational
        var reading: (date: CalendarDate, value: Rational)?

        /// Closer to the target than the baseline was.
        var movedTowardTarget: Bool {
            guard let reading else { return false }
            return abs(target - reading.value) < abs(target - baseline)
        }

        /// The share of the way from baseline to target covered, in whole percent.
        var share: String {
            guard let reading, target != baseline else { return "-" }
            return ((reading.value - baseline) / (target - baseline) * 100).text(places: 0) + "%"
        }
    }

    static func abs(_ value: Rational) -> Rational { value < 0 ? -value : value }

    var plan: DocumentNode? { files.plan?.document }

    var metrics: [MetricProgress] {
        (plan?["metrics"]?.elements ?? []).compactMap { metric in
            guard let baseline = Rational(metric["baseline"]), let target = Rational(metric["target"]) else { return nil }
            let readings = (metric["readings"]?.elements ?? []).compactMap { reading -> (date: CalendarDate, value: Rational)? in
                guard let date = reading["date"]?.date, let value = Rational(reading["value"]), date <= quarter.end else { return nil }
                return (date, value)
            }
            return MetricProgress(
                name: metric["name"]?.string ?? metric["id"]?.string ?? "metric", unit: metric["unit"]?.string,
                baseline: baseline, target: target, reading: readings.max { $0.date < $1.date })
        }
    }

    /// Expansion is for healthy customers whose value shows: tier low or medium and a metric moved.
    public var includesExpansion: Bool {
        guard let tier = scored.score.tier, tier <= .medium else { return false }
        return metrics.contains { $0.movedTowardTarget }
    }

    public func markdown() -> String {
        let record = scored.record
        let score = scored.score
        var lines = ["# QBR brief — \(Self.cell(record.name)), \(quarter)", ""]
        var facts = ["as of \(asOf)", record.segment ?? "-", "owner \(record.owner ?? "-")"]
        if let arr = record.arr { facts.append("ARR \(ReportNumbers.grouped(arr))") }
        facts.append(score.risk.map { "risk \($0) (\(score.tier!.rawValue))" } ?? "not scored")
        if let renewal = score.renewal { facts.append("renewal \(renewal.date) (\(English.count(renewal.days, "day")))") }
        lines += [facts.joined(separator: " · "), ""]
        lines += outcomes() + valueProof() + risks() + nextQuarter() + expansion()
        return lines.joined(separator: "\n") + "\n"
    }

    func outcomes() -> [String] {
        var lines = ["## 1. Outcomes recap", "", "**Objectives**", ""]
        let objectives = plan?["objectives"]?.elements ?? []
        lines += objectives.isEmpty ? ["No objectives in the plan yet: ask the customer what success looks like."]
            : objectives.map { "- \($0["id"]?.string.map { "\($0): " } ?? "")\(Self.cell($0["text"]?.string ?? "-"))" }
        lines += ["", "**Milestones done this quarter**", ""]
        let done = (plan?["milestones"]?.elements ?? []).compactMap { milestone -> (CalendarDate, String)? in
            guard milestone["status"]?.string == "done", let date = milestone["done"]?.date, quarter.contains(date) else { return nil }
            return (date, "- \(milestone["id"]?.string ?? "?") \(Self.cell(milestone["title"]?.string ?? "")) — done \(date)")
        }.sorted { $0.0 < $1.0 }.map(\.1)
        lines += done.isEmpty ? ["None this quarter."] : done
        return lines + [""]
    }

    func valueProof() -> [String] {
        var lines = ["## 2. Value proof", ""]
        let metrics = self.metrics
        if metrics.isEmpty {
            lines.append("No metrics in the plan yet: agree one with the customer (plan.yaml `metrics`), with a baseline and a target.")
        } else {
            lines += ["| Metric | Baseline | Latest | Target | Of the way |", "| --- | ---: | ---: | ---: | ---: |"]
            for metric in metrics {
                let unit = metric.unit.map { " (\(Self.cell($0)))" } ?? ""
                let latest = metric.reading.map { "\($0.value.text(places: 4)) (\($0.date))" } ?? "no reading"
                lines.append("| \(Self.cell(metric.name))\(unit) | \(metric.baseline.text(places: 4)) | \(latest) | \(metric.target.text(places: 4)) | \(metric.share) |")
            }
        }
        let snapshots = files.signals.compactMap { file -> (CalendarDate, DocumentNode)? in
            guard let document = file.document, let date = document["date"]?.date, quarter.contains(date), date <= asOf else { return nil }
            return (date, document)
        }.sorted { $0.0 < $1.0 }
        lines += ["", "**Usage this quarter**", ""]
        guard let first = snapshots.first, let last = snapshots.last else {
            return lines + ["No signals snapshot in this quarter.", ""]
        }
        func values(_ snapshot: DocumentNode) -> [String] {
            let users = Rational(snapshot["usage"]?["active_users"])
            let seats = scored.record.seats.flatMap { $0 > 0 ? Rational($0) : nil }
            let utilization = users.flatMap { users in seats.map { users / $0 } }
            return [users?.text(places: 0) ?? "-", utilization?.text(places: 2) ?? "-",
                    Rational(snapshot["usage"]?["dau_mau"])?.text(places: 2) ?? "-"]
        }
        let from = values(first.1)
        let to = values(last.1)
        let single = snapshots.count == 1
        lines += single ? ["| Signal | \(first.0) |", "| --- | ---: |"] : ["| Signal | \(first.0) | \(last.0) |", "| --- | ---: | ---: |"]
        for (index, name) in ["active_users", "license_utilization", "dau_mau"].enumerated() {
            lines.append(single ? "| \(name) | \(from[index]) |" : "| \(name) | \(from[index]) | \(to[index]) |")
        }
        return lines + [""]
    }

    func risks() -> [String] {
        var lines = ["## 3. Risks and blockers", "", "**Open risks**", ""]
        let risks = (plan?["risks"]?.elements ?? []).map { risk in
            "- \(risk["id"]?.string ?? "?"): \(Self.cell(risk["text"]?.string ?? "")) (\(risk["severity"]?.string ?? "-"), owner \(risk["owner"]?.string ?? "-"))"
                + (risk["mitigation"]?.string.map { " — mitigation: \(Self.cell($0))" } ?? "")
        }
        lines += risks.isEmpty ? ["None in the plan."] : risks
        lines += ["", "**Support themes** (feedback this quarter: bugs, complaints, churn signals)", ""]
        let feedback = scored.record.feedback.filter {
            quarter.contains($0.date) && $0.date <= asOf && ["bug", "complaint", "churn-signal"].contains($0.kind ?? "")
        }.sorted { $0.date < $1.date }.map { item in
            "- \(item.date) \(item.kind ?? "") [\(item.area ?? "-"), \(item.severity ?? "-")]: \(Self.cell(item.summary ?? "")) (\(item.closed == nil ? "open" : "closed"))"
        }
        lines += feedback.isEmpty ? ["None."] : feedback
        lines += ["", "**Stakeholder changes**", ""]
        var seen = Set<String>()
        var events: [(CalendarDate, String)] = []
        for file in files.signals {
            for event in file.document?["events"]?.elements ?? [] {
                guard let kind = event["kind"]?.string, ["champion_left", "exec_sponsor_left"].contains(kind),
                    let date = event["date"]?.date, quarter.contains(date), date <= asOf, seen.insert("\(kind)@\(date)").inserted
                else { continue }
                events.append((date, "- \(date) \(kind.replacingOccurrences(of: "_", with: " "))" + (event["note"]?.string.map { ": \(Self.cell($0))" } ?? "")))
            }
        }
        lines += events.isEmpty ? ["None."] : events.sorted { $0.0 < $1.0 }.map(\.1)
        lines += ["", "**Escalations opened this quarter**", ""]
        let escalations = files.escalations.compactMap { file -> (Timestamp, String)? in
            guard let document = file.document, let opened = document["opened"]?.string.flatMap(Timestamp.init),
                quarter.contains(opened.localDate), opened.localDate <= asOf
            else { return nil }
            let state = document["resolved"] != nil ? "resolved" : document["acknowledged"] != nil ? "acknowledged" : "awaiting acknowledgement"
            return (opened, "- \(opened.localDate) \(document["trigger"]?.string ?? "?"): \(Self.cell(document["summary"]?.string ?? "")) (\(state))")
        }.sorted { $0.0 < $1.0 }.map(\.1)
        lines += escalations.isEmpty ? ["None."] : escalations
        return lines + [""]
    }

    func nextQuarter() -> [String] {
        let next = quarter.next
        var lines = ["## 4. Next-quarter plan (\(next), draft priorities)", ""]
        let open = (plan?["milestones"]?.elements ?? []).compactMap { milestone -> (CalendarDate, String, String)? in
            guard let status = milestone["status"]?.string, status != "done", status != "dropped",
                let due = milestone["due"]?.date, next.contains(due)
            else { return nil }
            let id = milestone["id"]?.string ?? "?"
            return (due, id, "| \(id): \(Self.cell(milestone["title"]?.string ?? "")) | \(milestone["owner"]?.string ?? "-") | \(due) |")
        }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(3)
        if open.isEmpty {
            lines.append("No open milestone is due next quarter: agree 2–3 priorities with owners and dates in the meeting.")
        } else {
            lines += ["| Priority | Owner | Due |", "| --- | --- | --- |"] + open.map(\.2)
        }
        return lines + [""]
    }

    func expansion() -> [String] {
        guard includesExpansion else { return [] }
        var lines = ["## 5. Expansion discussion", ""]
        let moved = metrics.filter(\.movedTowardTarget).map { "\(Self.cell($0.name)) (\($0.share) of the way)" }
        lines.append("Value shown: " + moved.joined(separator: ", ") + ". Lead with it.")
        lines.append("")
        let evaluator = TriggerEvaluator(triggers: [], maxSignalAgeDays: model.maxSignalAgeDays)
        let holding = library.expansionSignals.filter { signal in
            !signal.when.isEmpty && signal.when.allSatisfy { evaluator.holds($0, customer: scored.record, score: scored.score, asOf: asOf) }
        }
        lines += holding.isEmpty ? ["No expansion signal holds now: keep the conversation on the value delivered."]
            : holding.map { "- \($0.signal) → \($0.type) (priority \($0.priority))" }
        return lines + [""]
    }

    /// Workspace text inside Markdown: pipes and line breaks would break a table or a list, and
    /// HTML in a name must stay text where the brief is rendered.
    static func cell(_ text: String) -> String { ReportMarkdownRenderer.escape(text) }
}

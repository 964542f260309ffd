/// Rules for csws.yaml that a schema cannot express: tier bounds in order, usable signal
/// thresholds, unique team ids.
enum SettingsChecks {
    static func run(_ document: DocumentNode) -> [Finding] {
        var findings: [Finding] = []
        findings += tierOrder(document["scoring"]?["tiers"])
        for entry in document["scoring"]?["signals"]?.members ?? [] {
            findings += signalThresholds(entry.value, name: entry.key)
        }
        for segment in document["scoring"]?["segments"]?.members ?? [] {
            for entry in segment.value["signals"]?.members ?? [] {
                findings += signalThresholds(entry.value, name: entry.key)
            }
        }
        findings += DuplicateIDs.findings(
            in: document["team"]?.elements ?? [], message: { "team id `\($0)` is used twice" },
            hint: "give each team member a distinct id")
        return findings
    }

    /// `tiers` lower bounds (with the defaults for missing keys) must rise strictly within 1...100.
    private static func tierOrder(_ tiers: DocumentNode?) -> [Finding] {
        guard let tiers, tiers.members != nil else { return [] }
        let defaults = [("medium", 40), ("high", 60), ("critical", 80)]
        let bounds = defaults.map { name, fallback in (name, tiers[name]?.integer ?? fallback, tiers[name]) }
        var previous = 0
        for (name, bound, node) in bounds {
            if bound <= previous || bound > 100 {
                return [Finding(
                    rule: "scoring-tiers",
                    message: "tier `\(name)` starts at \(bound); tier bounds must rise strictly within 1..100 (medium < high < critical)",
                    node: node ?? tiers, hint: "the defaults are medium: 40, high: 60, critical: 80")]
            }
            previous = bound
        }
        return []
    }

    private static func signalThresholds(_ signal: DocumentNode, name: String) -> [Finding] {
        var findings: [Finding] = []
        if let bad = signal["bad"], let good = signal["good"], sameValue(bad, good) {
            findings.append(Finding(
                rule: "scoring-signal", message: "signal `\(name)` has `bad` equal to `good`, so its health is undefined",
                node: good, hint: "set `good` to the value of a healthy customer and `bad` to an unhealthy one"))
        }
        if let weight = signal["weight"], let value = weight.double, value < 0 {
            findings.append(Finding(
                rule: "scoring-signal", message: "signal `\(name)` has a negative weight", node: weight,
                hint: "weights are 0 or more; 0 switches a signal off"))
        }
        return findings
    }

    private static func sameValue(_ lhs: DocumentNode, _ rhs: DocumentNode) -> Bool {
        if let left = lhs.double, let right = rhs.double { return left == right }
        if let left = lhs.bool, let right = rhs.bool { return left == right }
        return false
    }
}

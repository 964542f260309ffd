/// A one-line summary of changed workspace files for a sync commit message, grouped by customer:
/// `acme: plan, signals 2026-11-23; globex: account; playbooks: triggers`.
public enum ChangeSummary {
    public static func line(for paths: [String]) -> String {
        var byCustomer: [String: [String]] = [:]
        var shared: [String] = []
        for path in paths.sorted() {
            let parts = path.split(separator: "/").map(String.init)
            let stem = (parts.last ?? path).replacingSuffix(".yaml")
            if parts.count >= 3, parts[0] == "customers" {
                let what = parts.count == 3 ? stem : "\(parts[2]) \(stem)"
                byCustomer[parts[1], default: []].append(what)
            } else if parts.count == 2, parts[0] == "playbooks" {
                shared.append("playbook \(stem)")
            } else {
                shared.append(path)
            }
        }
        var groups = byCustomer.keys.sorted().map { id in "\(id): \(byCustomer[id]!.joined(separator: ", "))" }
        if !shared.isEmpty { groups.append(shared.joined(separator: ", ")) }
        let text = groups.joined(separator: "; ")
        return text.isEmpty ? "no file changes" : text
    }
}

extension String {
    func replacingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}

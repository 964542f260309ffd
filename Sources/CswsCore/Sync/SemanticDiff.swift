/// Changes between two versions of a workspace file, in a CS team's words:
/// `milestone M3 status in-progress → done`, `arr 120000 → 150000`, `risk R2 added`.
/// Lists whose entries carry an `id` (milestones, objectives, metrics, risks, team…) are matched by
/// id, so reordering them is not a change.
public enum SemanticDiff {
    /// Changes from `old` to `new` (either may be missing: the file was added or removed).
    public static func changes(old: DocumentNode?, new: DocumentNode?) -> [String] {
        switch (old, new) {
        case (nil, nil): return []
        case (nil, _?): return ["added"]
        case (_?, nil): return ["removed"]
        case let (old?, new?):
            var changes: [String] = []
            compare(old, new, label: "", into: &changes)
            return mergingDoneDates(changes)
        }
    }

    /// `milestone M3 done` + `milestone M3 done 2026-11-20` → `milestone M3 done 2026-11-20`.
    private static func mergingDoneDates(_ changes: [String]) -> [String] {
        var result: [String] = []
        for change in changes {
            if let last = result.last, change.hasPrefix(last + " "), last.hasSuffix(" done") {
                result[result.count - 1] = change
            } else {
                result.append(change)
            }
        }
        return result
    }

    /// `acme plan`, `acme signals 2026-11-23`, `csws.yaml`, `playbook risk-high`.
    public static func subject(ofPath path: String) -> String {
        let parts = path.split(separator: "/").map(String.init)
        let stem = (parts.last ?? path).replacingSuffix(".yaml")
        if parts.count >= 3, parts[0] == "customers" {
            return parts.count == 3 ? "\(parts[1]) \(stem)" : "\(parts[1]) \(singular(parts[2])) \(stem)"
        }
        if parts.count == 2, parts[0] == "playbooks" { return "playbook \(stem)" }
        return path
    }

    /// Changes of one file as lines `<subject>: <change>`.
    public static func describe(path: String, old: DocumentNode?, new: DocumentNode?) -> [String] {
        changes(old: old, new: new).map { "\(subject(ofPath: path)): \($0)" }
    }

    /// One side of a file's change, as read from a commit or the disk.
    public enum Version {
        case absent
        /// The file is there but is not valid YAML: calling it "removed" would mislead.
        case unparsable
        case parsed(DocumentNode)

        /// A file that `exists`, with the document it parsed to (nil when it did not parse).
        public init(exists: Bool, document: DocumentNode?) {
            if let document { self = .parsed(document) } else { self = exists ? .unparsable : .absent }
        }

        var document: DocumentNode? {
            if case .parsed(let document) = self { return document }
            return nil
        }
    }

    public static func describe(path: String, old: Version, new: Version) -> [String] {
        switch (old, new) {
        case (.unparsable, _), (_, .unparsable):
            return ["\(subject(ofPath: path)): changed, but not valid YAML (run `csws check`)"]
        default:
            return describe(path: path, old: old.document, new: new.document)
        }
    }

    private static func compare(_ old: DocumentNode, _ new: DocumentNode, label: String, into changes: inout [String]) {
        switch (old.value, new.value) {
        case let (.mapping(before), .mapping(after)):
            let oldKeys = Dictionary(before.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            let newKeys = Set(after.map(\.key))
            for member in after {
                let path = join(label, member.key)
                if let previous = oldKeys[member.key] {
                    compare(previous, member.value, label: path, into: &changes)
                } else {
                    changes.append(member.value.isScalar ? "\(path) \(text(member.value))" : "\(path) added")
                }
            }
            for member in before where !newKeys.contains(member.key) {
                changes.append("\(join(label, member.key)) removed")
            }
        case let (.sequence(before), .sequence(after)):
            if let oldByID = keyed(before), let newByID = keyed(after) {
                let noun = singular(label.split(separator: " ").last.map(String.init) ?? label)
                let prefix = label.split(separator: " ").dropLast().joined(separator: " ")
                let itemLabel = { (id: String) in join(prefix, "\(noun) \(id)") }
                for (id, element) in newByID.ordered {
                    if let previous = oldByID.byID[id] {
                        compare(previous, element, label: itemLabel(id), into: &changes)
                    } else {
                        changes.append("\(itemLabel(id)) added")
                    }
                }
                for (id, _) in oldByID.ordered where newByID.byID[id] == nil {
                    changes.append("\(itemLabel(id)) removed")
                }
            } else if !equal(old, new) {
                changes.append("\(label) changed")
            }
        default:
            guard !equal(old, new) else { return }
            // `status planned → done` reads best as `done` on a milestone.
            if label.hasSuffix(" status"), new.string == "done" {
                changes.append("\(label.dropLast(" status".count)) done")
            } else {
                changes.append("\(label) \(text(old)) → \(text(new))")
            }
        }
    }

    private struct Keyed {
        var ordered: [(String, DocumentNode)]
        var byID: [String: DocumentNode]
    }

    /// The list keyed by `id` when every entry is a mapping with a distinct id.
    private static func keyed(_ elements: [DocumentNode]) -> Keyed? {
        var ordered: [(String, DocumentNode)] = []
        var byID: [String: DocumentNode] = [:]
        for element in elements {
            guard let id = element["id"]?.string ?? element["id"]?.integer.map(String.init), byID[id] == nil else { return nil }
            ordered.append((id, element))
            byID[id] = element
        }
        return Keyed(ordered: ordered, byID: byID)
    }

    static func equal(_ a: DocumentNode, _ b: DocumentNode) -> Bool {
        switch (a.value, b.value) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.mapping(x), .mapping(y)):
            return x.count == y.count && x.allSatisfy { member in
                y.first { $0.key == member.key }.map { equal(member.value, $0.value) } ?? false
            }
        case let (.sequence(x), .sequence(y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        default:
            if let x = a.double, let y = b.double { return x == y }
            return false
        }
    }

    static func text(_ node: DocumentNode) -> String {
        switch node.value {
        case .null: return "(empty)"
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let whole): return String(whole)
        case .number(let real): return real == real.rounded() && abs(real) < 1e15 ? String(Int(real)) : String(real)
        case .string(let text): return text.count > 40 ? String(text.prefix(39)) + "…" : text
        case .sequence(let items): return "[\(items.count) items]"
        case .mapping: return "{…}"
        }
    }

    private static func join(_ label: String, _ key: String) -> String { label.isEmpty ? key : "\(label) \(key)" }

    static func singular(_ noun: String) -> String {
        switch noun {
        case "milestones": return "milestone"
        case "objectives": return "objective"
        case "metrics": return "metric"
        case "risks": return "risk"
        case "signals": return "signals"
        case "escalations": return "escalation"
        case "stakeholders": return "stakeholder"
        case "steps": return "step"
        case "triggers": return "trigger"
        case "team": return "member"
        default: return noun.hasSuffix("s") ? String(noun.dropLast()) : noun
        }
    }
}

extension DocumentNode {
    var isScalar: Bool {
        switch value {
        case .sequence, .mapping: return false
        default: return true
        }
    }
}

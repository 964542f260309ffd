/// Words for what a structural merge did: `milestone M5 due (yours), status (ben's)`.
public enum MergeNotes {
    /// Lists whose items are named by their id (or a stakeholder by name) in messages.
    static let keyedLists: Set<String> = ["milestones", "objectives", "metrics", "risks", "stakeholders", "team", "steps", "triggers"]

    /// `milestones / M5 / due` → `milestone M5 due`.
    public static func describe(_ path: [String]) -> String {
        guard !path.isEmpty else { return "the file" }
        var words: [String] = []
        var index = 0
        while index < path.count {
            let component = path[index]
            if keyedLists.contains(component), index + 1 < path.count {
                words.append("\(SemanticDiff.singular(component)) \(path[index + 1])")
                index += 2
            } else {
                words.append(component.hasPrefix("(") ? String(component.dropFirst().dropLast()) : component)
                index += 1
            }
        }
        return words.joined(separator: " ")
    }

    /// Groups the notes by the list item they touch: `milestone M5 due (yours), status (ben's)`.
    /// `theirs` names the other side (`ben's`, or `theirs`).
    public static func summary(_ notes: [StructuralMerge.Note], theirs: String) -> String {
        var groups: [(subject: String, parts: [String])] = []
        for note in notes {
            let split = subjectLength(note.path)
            let subject = describe(Array(note.path.prefix(split)))
            let field = describe(Array(note.path.dropFirst(split)))
            let part = (field == "the file" ? "" : field + " ") + "(\(note.side == .ours ? "yours" : theirs))"
            if let last = groups.indices.last, groups[last].subject == subject {
                groups[last].parts.append(part)
            } else {
                groups.append((subject, [part]))
            }
        }
        return groups.map { group in
            group.subject == "the file" ? group.parts.joined(separator: ", ") : "\(group.subject) " + group.parts.joined(separator: ", ")
        }.joined(separator: "; ")
    }

    /// How much of a path names the thing changed (`milestones / M5`), the rest being its field.
    static func subjectLength(_ path: [String]) -> Int {
        if path.count >= 2, keyedLists.contains(path[0]) { return path.count > 2 ? 2 : path.count }
        return path.count > 1 ? path.count - 1 : 0
    }

    static func value(_ node: DocumentNode) -> String {
        switch node.value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let whole): return String(whole)
        case .number(let real): return String(real)
        case .string(let text): return "`\(text)`"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// The paths (to leaves, list items by key) at which `after` differs from `before`.
    static func changes(_ before: DocumentNode, _ after: DocumentNode, path: [String]) -> [[String]] {
        if before.sameValue(as: after) { return [] }
        switch (before.value, after.value) {
        case (.mapping(let old), .mapping(let new)):
            var found: [[String]] = []
            for member in new {
                if let previous = old.first(where: { $0.key == member.key }) {
                    found += changes(previous.value, member.value, path: path + [member.key])
                } else {
                    found.append(path + [member.key, "(added)"])
                }
            }
            for member in old where !new.contains(where: { $0.key == member.key }) { found.append(path + [member.key, "(removed)"]) }
            return found
        case (.sequence(let old), .sequence(let new)):
            let list = path.last
            let oldKeys = old.map { Merger.itemKey($0, list: list) }
            let newKeys = new.map { Merger.itemKey($0, list: list) }
            guard !oldKeys.contains(nil), !newKeys.contains(nil), Set(oldKeys).count == old.count, Set(newKeys).count == new.count else {
                return [path]
            }
            var found: [[String]] = []
            for (index, item) in new.enumerated() {
                let key = newKeys[index]!
                if let previous = oldKeys.firstIndex(of: key) {
                    found += changes(old[previous], item, path: path + [key])
                } else {
                    found.append(path + [key, "(added)"])
                }
            }
            for key in oldKeys where !newKeys.contains(key) { found.append(path + [key!, "(removed)"]) }
            return found.isEmpty ? [path + ["(reordered)"]] : found
        default:
            return [path]
        }
    }
}

/// The one rule behind every `duplicate-id`: in a list of mappings, an `id` seen before is
/// reported at its second occurrence with a note naming the first.
enum DuplicateIDs {
    static func findings(
        in list: [DocumentNode], message: (String) -> String, hint: String
    ) -> [Finding] {
        var seen: [String: SourceLocation] = [:]
        var findings: [Finding] = []
        for element in list {
            guard let idNode = element["id"], let id = idNode.string ?? idNode.integer.map(String.init) else { continue }
            if let first = seen[id] {
                findings.append(Finding(
                    rule: "duplicate-id", message: message(id), node: idNode, hint: hint,
                    notes: ["first `\(id)` is on line \(first.line)"]))
            } else {
                seen[id] = idNode.location
            }
        }
        return findings
    }
}

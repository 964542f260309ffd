/// Rules across playbook files: every playbook a trigger names must exist.
enum PlaybookChecks {
    static func run(_ playbooks: [LoadedFile]) -> [Diagnostic] {
        let names = playbooks.map { file in
            String(file.file.relativePath.dropFirst("playbooks/".count).dropLast(".yaml".count))
        }
        var diagnostics: [Diagnostic] = []
        for file in playbooks where file.file.kind == .triggers {
            for trigger in file.document?["triggers"]?.elements ?? [] {
                guard let node = trigger["playbook"], let name = node.string, !names.contains(name) else { continue }
                let suggestion = Suggestions.nearest(to: name, in: names)
                diagnostics.append(Diagnostic(
                    Finding(
                        rule: "unknown-playbook",
                        message: "trigger `\(trigger["id"]?.string ?? "?")` names playbook `\(name)`, which is not in playbooks/",
                        node: node,
                        hint: suggestion.map { "did you mean `\($0)`?" }
                            ?? "create playbooks/\(name).yaml, or name an existing playbook"),
                    file: file.file.relativePath))
            }
        }
        return diagnostics
    }
}

/// The structural merge as sync and `csws merge-file` use it: on a workspace YAML file's bytes,
/// with a line saying what came from whom.
public enum WorkspaceFileMerge {
    /// Workspace data files are YAML; anything else (notes, .gitignore) is merged by lines.
    public static func handles(_ path: String) -> Bool { path.hasSuffix(".yaml") || path.hasSuffix(".yml") }

    /// The merged bytes and `merged PATH: milestone M5 due (yours), status (ben's)`; nil when the
    /// file must go to git's line merge (a conflict, a side that does not parse, not YAML).
    public static func merge(path: String, base: [UInt8]?, ours: [UInt8], theirs: [UInt8], theirName: String)
        -> (content: [UInt8], summary: String)?
    {
        guard handles(path), let oursText = String(validating: ours, as: UTF8.self),
            let theirsText = String(validating: theirs, as: UTF8.self)
        else { return nil }
        let baseText = base.map { String(validating: $0, as: UTF8.self) } ?? ""
        guard let baseText else { return nil }
        guard case .merged(let text, let notes) = StructuralMerge.merge(base: baseText, ours: oursText, theirs: theirsText) else {
            return nil
        }
        let summary = MergeNotes.summary(notes, theirs: theirName)
        return (Array(text.utf8), "merged \(path)" + (summary.isEmpty ? "" : ": " + summary))
    }
}

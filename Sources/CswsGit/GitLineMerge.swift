import CLibgit2

/// git's line-level three-way merge of one file's contents (libgit2's `git_merge_file`): what
/// `csws merge-file` falls back to when a file cannot be merged by structure.
public enum GitLineMerge {
    public struct Result: Sendable {
        /// The merged content, with conflict markers where the sides disagree.
        public var content: [UInt8]
        public var hasConflicts: Bool
    }

    public static func merge(
        base: [UInt8], ours: [UInt8], theirs: [UInt8], labels: (base: String, ours: String, theirs: String), diff3: Bool
    ) throws -> Result {
        Libgit2.ensureInitialized()
        var options = git_merge_file_options()
        try check("prepare the line merge") { git_merge_file_options_init(&options, UInt32(GIT_MERGE_FILE_OPTIONS_VERSION)) }
        if diff3 { options.flags = GIT_MERGE_FILE_STYLE_DIFF3.rawValue }
        var result = git_merge_file_result()
        defer { git_merge_file_result_free(&result) }
        try labels.base.withCString { baseLabel in
            try labels.ours.withCString { oursLabel in
                try labels.theirs.withCString { theirsLabel in
                    options.ancestor_label = baseLabel
                    options.our_label = oursLabel
                    options.their_label = theirsLabel
                    try withInput(base) { baseInput in
                        try withInput(ours) { oursInput in
                            try withInput(theirs) { theirsInput in
                                try check("merge the lines") { git_merge_file(&result, baseInput, oursInput, theirsInput, &options) }
                            }
                        }
                    }
                }
            }
        }
        let content = result.ptr.map { pointer in
            Array(UnsafeRawBufferPointer(start: pointer, count: Int(result.len)).bindMemory(to: UInt8.self))
        } ?? []
        return Result(content: content, hasConflicts: result.automergeable == 0)
    }

    private static func withInput(_ bytes: [UInt8], _ body: (UnsafePointer<git_merge_file_input>) throws -> Void) throws {
        // An empty side still needs a valid pointer.
        let size = bytes.count
        let storage: [UInt8] = bytes.isEmpty ? [0] : bytes
        try storage.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { characters in
                var input = git_merge_file_input()
                try check("prepare the line merge") { git_merge_file_input_init(&input, UInt32(GIT_MERGE_FILE_INPUT_VERSION)) }
                input.ptr = characters.baseAddress
                input.size = size
                try withUnsafePointer(to: &input) { try body($0) }
            }
        }
    }
}

import Foundation

/// Loads one YAML file into a `DocumentNode`, turning every way a file can be broken into findings
/// with a location. Never throws and never reads more than `maximumFileSize` bytes.
public enum DocumentLoader {
    public static let maximumFileSize = 10 * 1024 * 1024

    public struct Loaded: Sendable {
        /// The root mapping, or nil when the file could not be composed into one.
        public var document: DocumentNode?
        public var findings: [Finding]
    }

    /// Reads and composes the file at `path` (an absolute or current-directory-relative path).
    public static func load(path: String) -> Loaded {
        switch FileBytes.read(path, limit: maximumFileSize) {
        case .failure(let finding):
            return Loaded(document: nil, findings: [finding])
        case .success(let bytes):
            return bytes.withUnsafeBufferPointer { load(bytes: $0) }
        }
    }

    public static func load(text: String) -> Loaded {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { load(bytes: $0) }
    }

    public static func load(bytes: UnsafeBufferPointer<UInt8>) -> Loaded {
        let problems = TextPrecheck.problems(in: bytes)
        if !problems.isEmpty { return Loaded(document: nil, findings: problems) }
        // The fast path handles the plain YAML csws files are written in; libyaml everything else.
        let composed = FastYAMLComposer.compose(bytes) ?? YAMLComposer.compose(bytes)
        var findings = composed.findings
        guard let root = composed.document else {
            if findings.isEmpty || !findings.contains(where: { $0.severity == .error }) {
                findings.append(emptyFile())
            }
            return Loaded(document: nil, findings: findings)
        }
        switch root.value {
        case .mapping:
            return Loaded(document: root, findings: findings)
        case .null:
            findings.append(emptyFile())
        default:
            findings.append(Finding(
                rule: "not-a-mapping",
                message: "the file must be a mapping of `key: value` lines; found \(describe(root))",
                hint: "start the file with its fields, e.g. `id: acme`"))
        }
        return Loaded(document: nil, findings: findings)
    }

    private static func emptyFile() -> Finding {
        Finding(
            rule: "empty-file", message: "the file is empty (or holds only comments)",
            hint: "fill in the required fields (`csws schema KIND` shows them), or delete the file")
    }

    static func describe(_ node: DocumentNode) -> String {
        switch node.value {
        case .null: return "nothing"
        case .bool(let flag): return "`\(flag)`"
        case .integer(let whole): return "`\(whole)`"
        case .number(let real): return "`\(real)`"
        case .string(let text): return "`\(text.count > 40 ? String(text.prefix(40)) + "…" : text)`"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

/// Reading a file's bytes with a size cap checked before reading.
enum FileBytes {
    enum Outcome {
        case success([UInt8])
        case failure(Finding)
    }

    static func read(_ path: String, limit: Int) -> Outcome {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else {
            return .failure(Finding(
                rule: "unreadable-file", message: "cannot read the file: \(String(cString: strerror(errno)))",
                hint: "check the file's permissions", showsExcerpt: false))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            return .failure(Finding(rule: "unreadable-file", message: "cannot read the file", showsExcerpt: false))
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            return .failure(Finding(
                rule: "unreadable-file", message: "not a regular file", showsExcerpt: false))
        }
        let size = Int(status.st_size)
        if size > limit {
            return .failure(Finding(
                rule: "file-too-large",
                message: "the file is \(size / (1024 * 1024)) MiB; csws reads files up to \(limit / (1024 * 1024)) MiB",
                hint: "csws files are small; split it, or move large material to notes/", showsExcerpt: false))
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let got = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + filled, size - filled)
            }
            if got < 0, errno == EINTR { continue }
            if got <= 0 { break }
            filled += got
        }
        if filled < size { bytes.removeLast(size - filled) }
        return .success(bytes)
    }
}

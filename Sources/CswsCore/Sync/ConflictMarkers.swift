/// Where git's conflict hunks start in a file (`<<<<<<<` lines), for `csws sync`'s `path:line` list.
public enum ConflictMarkers {
    /// 1-based lines of every `<<<<<<<` marker; empty when the file has none (resolved).
    public static func hunkStartLines(inFileAt path: String) -> [Int] {
        guard case .success(let bytes) = FileBytes.read(path, limit: DocumentLoader.maximumFileSize) else { return [] }
        return bytes.withUnsafeBufferPointer { buffer in
            TextPrecheck.conflictMarkers(in: buffer)
                .filter { $0.message.contains("start of a conflict") }
                .map(\.location.line)
        }
    }

    /// True when any conflict marker line (start, middle or end) is left in the file.
    public static func hasMarkers(inFileAt path: String) -> Bool {
        guard case .success(let bytes) = FileBytes.read(path, limit: DocumentLoader.maximumFileSize) else { return false }
        return bytes.withUnsafeBufferPointer { !TextPrecheck.conflictMarkers(in: $0).isEmpty }
    }
}

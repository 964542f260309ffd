import CLibgit2
import Foundation

/// The parts of `.git/index` that a status needs, read straight from the file (format versions 2
/// and 3). libgit2 takes a fifth of a second to load an index of 150,000 entries; this reads it in
/// a few hundredths. Anything unusual (version 4, a split or sparse index, skip-worktree or
/// intent-to-add entries) makes `read` return nil, and the caller uses libgit2 instead.
struct IndexFile: @unchecked Sendable {
    struct Entry: @unchecked Sendable {
        var path: String
        /// The last component of `path`.
        var name: String
        var ctime: (seconds: UInt32, nanoseconds: UInt32)
        var mtime: (seconds: UInt32, nanoseconds: UInt32)
        var inode: UInt32
        var mode: UInt32
        var size: UInt32
        var id: git_oid
        var stage: Int
    }

    var entries: [Entry]
    /// Each folder (workspace-relative, "" for the top) → the entries of the files directly in it.
    var filesByFolder: [String: [Int]] = [:]
    /// The tree id the index's cache-tree extension records for the whole index, when valid.
    var rootTree: git_oid?
    /// The index file's own modification time: entries changed at or after it are "racy" and
    /// must be compared by content.
    var modified: timespec
    /// The trailing SHA-1 of the file: names this exact index content.
    var checksum: [UInt8] = []

    static func read(path: String) -> IndexFile? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_size >= 32, info.st_size < 1 << 30,
            let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return data.withUnsafeBytes { raw -> IndexFile? in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard var file = parse(bytes) else { return nil }
            file.modified = info.st_mtim
            file.checksum = Array(bytes[(bytes.count - 20)...])
            return file
        }
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> IndexFile? {
        func u32(_ offset: Int) -> UInt32 {
            UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
        }
        func u16(_ offset: Int) -> UInt16 { UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1]) }
        let end = bytes.count - 20  // trailing checksum
        guard bytes.count >= 32, Array(bytes[0..<4]) == Array("DIRC".utf8) else { return nil }
        let version = u32(4)
        guard version == 2 || version == 3 else { return nil }
        let count = Int(u32(8))
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        var offset = 12
        var filesByFolder: [String: [Int]] = [:]
        var folderStart = 0, folderEnd = 0  // the previous entry's folder, as a byte range
        var folderKey = ""
        var folderFiles: [Int] = []
        for position in 0..<count {
            guard offset + 62 <= end else { return nil }
            let flags = u16(offset + 60)
            var header = 62
            if flags & 0x4000 != 0 {
                guard version == 3, offset + 64 <= end else { return nil }
                // skip-worktree or intent-to-add: leave these to libgit2.
                if u16(offset + 62) & 0x6000 != 0 { return nil }
                header = 64
            }
            let nameStart = offset + header
            var nameEnd = nameStart
            var lastSlash = -1
            while nameEnd < end && bytes[nameEnd] != 0 {
                if bytes[nameEnd] == UInt8(ascii: "/") { lastSlash = nameEnd }
                nameEnd += 1
            }
            guard nameEnd < end else { return nil }
            // Sorted entries keep a folder's files close: the folder's key is looked up only when
            // it differs from the previous entry's.
            let thisFolderEnd = lastSlash < 0 ? nameStart : lastSlash
            let sameFolder = thisFolderEnd - nameStart == folderEnd - folderStart
                && memcmp(bytes.baseAddress! + nameStart, bytes.baseAddress! + folderStart, folderEnd - folderStart) == 0
            if !sameFolder || position == 0 {
                if !folderFiles.isEmpty { filesByFolder[folderKey, default: []] += folderFiles }
                folderFiles.removeAll(keepingCapacity: true)
                folderStart = nameStart
                folderEnd = thisFolderEnd
                folderKey = String(decoding: UnsafeBufferPointer(rebasing: bytes[folderStart..<folderEnd]), as: UTF8.self)
            }
            folderFiles.append(position)
            let baseName = lastSlash < 0 ? nameStart : lastSlash + 1
            var id = git_oid()
            withUnsafeMutableBytes(of: &id.id) { target in
                for index in 0..<20 { target[index] = bytes[offset + 40 + index] }
            }
            entries.append(Entry(
                path: String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd]), as: UTF8.self),
                name: String(decoding: UnsafeBufferPointer(rebasing: bytes[baseName..<nameEnd]), as: UTF8.self),
                ctime: (u32(offset), u32(offset + 4)), mtime: (u32(offset + 8), u32(offset + 12)),
                inode: u32(offset + 20), mode: u32(offset + 24), size: u32(offset + 36), id: id,
                stage: Int(flags >> 12) & 3))
            // Entries are padded with NULs to a multiple of eight bytes (at least one NUL).
            offset += (header + (nameEnd - nameStart) + 8) & ~7
        }
        if !folderFiles.isEmpty { filesByFolder[folderKey, default: []] += folderFiles }
        var rootTree: git_oid?
        while offset + 8 <= end {
            let signature = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<offset + 4]), as: UTF8.self)
            let size = Int(u32(offset + 4))
            let body = offset + 8
            guard body + size <= end else { return nil }
            switch signature {
            case "TREE": rootTree = rootTreeID(bytes, from: body, to: body + size)
            case "link", "sdir": return nil
            default: break
            }
            offset = body + size
        }
        return IndexFile(entries: entries, filesByFolder: filesByFolder, rootTree: rootTree, modified: timespec())
    }

    /// The first cache-tree entry is the root: "" NUL, entry count (-1 when invalid) SP,
    /// subtree count LF, then the tree id when valid.
    private static func rootTreeID(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> git_oid? {
        guard start < end, bytes[start] == 0 else { return nil }
        var cursor = start + 1
        guard cursor < end, bytes[cursor] != UInt8(ascii: "-") else { return nil }
        while cursor < end && bytes[cursor] != UInt8(ascii: "\n") { cursor += 1 }
        cursor += 1
        guard cursor + 20 <= end else { return nil }
        var id = git_oid()
        withUnsafeMutableBytes(of: &id.id) { target in
            for index in 0..<20 { target[index] = bytes[cursor + index] }
        }
        return id
    }
}

/// csws's note that the index, as csws last wrote it, holds exactly HEAD's tree: the index checksum
/// and the tree id, in `.git/csws-index-state`. libgit2 can only keep the index's own cache tree
/// up to date by re-reading every tree of the commit (a quarter second on a large workspace);
/// this note says the same for free. Any other writer changes the checksum, and the note no
/// longer applies.
enum IndexState {
    static func path(_ gitDirectory: String) -> String { gitDirectory + "/csws-index-state" }

    static func record(gitDirectory: String, checksum: [UInt8], tree: git_oid) {
        let line = hex(checksum) + " " + GitRepository.hex(tree) + "\n"
        try? line.write(toFile: path(gitDirectory), atomically: true, encoding: .utf8)
    }

    /// True when the note names this index content and this tree.
    static func matches(gitDirectory: String, checksum: [UInt8], tree: git_oid) -> Bool {
        guard let text = try? String(contentsOfFile: path(gitDirectory), encoding: .utf8) else { return false }
        return text == hex(checksum) + " " + GitRepository.hex(tree) + "\n"
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}

import CLibgit2
import Dispatch
import Foundation

/// `changedPaths()` for a large work tree: the index read directly (`IndexFile`), the work tree
/// walked on every core, each tracked file compared by its stat data and, when that is not
/// conclusive, by content. libgit2's status walks the tree on one thread and takes about a
/// second on 150,000 files, more than `git status`; a sync with nothing to do must not be slower
/// than git. Whatever this cannot decide exactly (conflicts, attributes that filter content,
/// a staged change without a valid cache tree) goes back to libgit2.
struct WorkTreeStatus {
    let repository: GitRepository
    let root: String

    /// Paths that differ between HEAD, the index and the work tree (untracked included, ignored
    /// not); nil when libgit2 must answer instead.
    func changedPaths() -> [String]? {
        guard let headTree = repository.headTreeID(),
            repository.configString("core.autocrlf").map({ ["false", ""].contains($0.lowercased()) }) ?? true,
            repository.configString("core.filemode").map({ $0.lowercased() != "false" }) ?? true,
            !FileManager.default.fileExists(atPath: repository.gitDirectory + "/info/attributes"),
            let index = IndexFile.read(path: repository.gitDirectory + "/index"),
            index.entries.allSatisfy({ $0.stage == 0 })
        else { return nil }
        // Nothing is staged when the index's cache tree is HEAD's tree, or csws wrote this very
        // index for HEAD's tree.
        var head = headTree
        var rootTree = index.rootTree ?? git_oid()
        guard (index.rootTree != nil && git_oid_equal(&rootTree, &head) == 1)
            || IndexState.matches(gitDirectory: repository.gitDirectory, checksum: index.checksum, tree: headTree)
        else { return nil }

        // Every folder holding a tracked file, with its parents: the walk goes only there.
        var trackedFolders: Set<String> = [""]
        for folder in index.filesByFolder.keys {
            var current = Substring(folder)
            while trackedFolders.insert(String(current)).inserted, let slash = current.utf8.lastIndex(of: UInt8(ascii: "/")) {
                current = current[..<slash]
            }
        }

        // Folders to walk in parallel: the second level (customers/<id>), listed from the top.
        let walker = FolderWalker(root: root)
        let top = walker.list("")
        guard !top.hasAttributes else { return nil }
        var folders: [String] = []
        var looseFiles: [(folder: String, listing: FolderWalker.Listing)] = [("", top)]
        for folder in top.folders where trackedFolders.contains(folder) {
            let listing = walker.list(folder)
            if listing.hasAttributes { return nil }
            looseFiles.append((folder, listing))
            folders += listing.folders.filter { trackedFolders.contains($0) }
        }
        var untrackedFolders = looseFiles.flatMap { $0.listing.folders.filter { !trackedFolders.contains($0) } }

        // Each worker walks its folders and compares every file with its index entry on the spot.
        let workers = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
        let chunks = (0..<workers).map { worker in stride(from: worker, to: folders.count, by: workers).map { folders[$0] } }
        let results = ChunkResults<FolderComparison>(count: workers)
        let walkedFolders = trackedFolders
        let entries = index.entries
        let filesByFolder = index.filesByFolder
        let indexTime = index.modified
        let root = self.root
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var comparison = FolderComparison()
            for folder in chunks[worker] {
                var found = FolderWalker.Listing()
                walker.walk(folder, tracked: walkedFolders, into: &found, perFolder: { folder, files in
                    comparison.compare(files, in: folder, entries: entries, filesByFolder: filesByFolder, root: root, indexTime: indexTime)
                })
                if found.hasAttributes { comparison.hasAttributes = true }
                comparison.untrackedFolders += found.folders
            }
            results.store(comparison, at: worker)
        }
        var total = FolderComparison()
        for (folder, listing) in looseFiles {
            total.compare(listing.files, in: folder, entries: entries, filesByFolder: filesByFolder, root: root, indexTime: indexTime)
        }
        for part in results.all {
            if part.hasAttributes { return nil }
            total.changed += part.changed
            total.untrackedFiles += part.untrackedFiles
            total.seen += part.seen
            untrackedFolders += part.untrackedFolders
        }
        var changed = total.changed
        var seen = [Bool](repeating: false, count: entries.count)
        for position in total.seen { seen[position] = true }
        for (position, entry) in entries.enumerated() where !seen[position] {
            // Not met on the walk: deleted, or somewhere the walk does not go (checked directly).
            var info = stat()
            if lstat(root + entry.path, &info) != 0 || Self.differs(entry, info, path: root + entry.path, indexTime: indexTime) {
                changed.append(entry.path)
            }
        }

        // Untracked files and folders, less what .gitignore excludes (libgit2 decides, on this thread).
        for path in total.untrackedFiles where !repository.isIgnored(path) { changed.append(path) }
        for folder in untrackedFolders where !repository.isIgnored(folder + "/") {
            var inside = FolderWalker.Listing()
            walker.walk(folder, tracked: [], into: &inside, descendAll: true)
            if inside.hasAttributes { return nil }
            for file in inside.files where !repository.isIgnored(file.path) { changed.append(file.path) }
        }
        return changed.sorted()
    }

    /// Whether a tracked file's work-tree copy differs from its index entry.
    static func differs(_ entry: IndexFile.Entry, _ info: stat, path: String, indexTime: timespec) -> Bool {
        let type = info.st_mode & S_IFMT
        let entryType = entry.mode & 0o170000
        if entryType == 0o160000 { return false }  // a submodule: not csws's business
        guard (type == S_IFREG && entryType == 0o100000) || (type == S_IFLNK && entryType == 0o120000) else { return true }
        if type == S_IFREG && (info.st_mode & 0o100 != 0) != (entry.mode & 0o100 != 0) { return true }
        if UInt32(truncatingIfNeeded: info.st_size) != entry.size { return true }
        let mtime = info.st_mtim
        let sameTimes = UInt32(truncatingIfNeeded: mtime.tv_sec) == entry.mtime.seconds
            && (entry.mtime.nanoseconds == 0 || UInt32(truncatingIfNeeded: mtime.tv_nsec) == entry.mtime.nanoseconds)
            && UInt32(truncatingIfNeeded: info.st_ctim.tv_sec) == entry.ctime.seconds
            && UInt32(truncatingIfNeeded: info.st_ino) == entry.inode
        // Changed in the same instant the index was written: stat cannot tell ("racy git").
        let racy = (Int(mtime.tv_sec), Int(mtime.tv_nsec)) >= (Int(indexTime.tv_sec), Int(indexTime.tv_nsec))
        if sameTimes && !racy { return false }
        var current = git_oid()
        if type == S_IFLNK {
            var target = [CChar](repeating: 0, count: 4096)
            let length = readlink(path, &target, target.count)
            guard length >= 0 else { return true }
            guard git_odb_hash(&current, target, length, GIT_OBJECT_BLOB) == 0 else { return true }
        } else {
            guard git_odb_hashfile(&current, path, GIT_OBJECT_BLOB) == 0 else { return true }
        }
        var recorded = entry.id
        return git_oid_equal(&current, &recorded) != 1
    }
}

/// One worker's findings: tracked files that differ, files and folders git does not track.
struct FolderComparison: Sendable {
    var changed: [String] = []
    var untrackedFiles: [String] = []
    var untrackedFolders: [String] = []
    /// Index entries met on the walk.
    var seen: [Int] = []
    var hasAttributes = false

    /// Matches a folder's files with the index entries of that folder, by name.
    mutating func compare(
        _ files: [FolderWalker.File], in folder: String, entries: [IndexFile.Entry], filesByFolder: [String: [Int]],
        root: String, indexTime: timespec
    ) {
        let candidates = filesByFolder[folder] ?? []
        for file in files {
            let name = folder.isEmpty ? file.path : String(file.path.utf8.dropFirst(folder.utf8.count + 1))!
            guard let position = candidates.first(where: { entries[$0].name == name }) else {
                untrackedFiles.append(file.path)
                continue
            }
            seen.append(position)
            if WorkTreeStatus.differs(entries[position], file.info, path: root + file.path, indexTime: indexTime) {
                changed.append(file.path)
            }
        }
    }
}

/// Lists folders with readdir (d_type, no stat of folders) and lstat's files.
struct FolderWalker: Sendable {
    let root: String

    struct File: @unchecked Sendable {
        var path: String
        var info: stat
    }

    struct Listing: Sendable {
        var files: [File] = []
        /// Folders found but not walked (no tracked file under them).
        var folders: [String] = []
        /// A .gitattributes file may filter content; then libgit2 decides.
        var hasAttributes = false
    }

    /// One folder's files (lstat'ed) and subfolders (in `folders`), without descending.
    func list(_ folder: String) -> Listing {
        var listing = Listing()
        var subfolders: [String] = []
        read(folder, into: &listing, folders: &subfolders)
        listing.folders = subfolders
        return listing
    }

    /// Walks `folder` and the folders below it that hold tracked files (all of them when
    /// `descendAll`); other folders are reported in `folders`. `perFolder`, when given, receives
    /// each folder's files instead of `listing.files`.
    func walk(
        _ folder: String, tracked: Set<String>, into listing: inout Listing, descendAll: Bool = false,
        perFolder: ((String, [File]) -> Void)? = nil
    ) {
        var subfolders: [String] = []
        if let perFolder {
            var own = Listing()
            read(folder, into: &own, folders: &subfolders)
            if own.hasAttributes { listing.hasAttributes = true }
            perFolder(folder, own.files)
        } else {
            read(folder, into: &listing, folders: &subfolders)
        }
        for inner in subfolders {
            if descendAll || tracked.contains(inner) {
                walk(inner, tracked: tracked, into: &listing, descendAll: descendAll, perFolder: perFolder)
            } else {
                listing.folders.append(inner)
            }
        }
    }

    private func read(_ folder: String, into listing: inout Listing, folders: inout [String]) {
        let absolute = folder.isEmpty ? root : root + folder
        guard let directory = opendir(absolute) else { return }
        defer { closedir(directory) }
        let descriptor = dirfd(directory)
        let prefix = folder.isEmpty ? "" : folder + "/"
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            // git never tracks a `.git` folder, at the top or in a nested repository.
            if name == "." || name == ".." || name == ".git" { continue }
            if name == ".gitattributes" { listing.hasAttributes = true }
            var kind = entry.pointee.d_type
            var info = stat()
            if kind == UInt8(DT_UNKNOWN) || kind != UInt8(DT_DIR) {
                guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                kind = (info.st_mode & S_IFMT) == S_IFDIR ? UInt8(DT_DIR) : UInt8(DT_REG)
            }
            if kind == UInt8(DT_DIR) {
                folders.append(prefix + name)
            } else {
                listing.files.append(File(path: prefix + name, info: info))
            }
        }
    }
}

/// Per-worker results of a concurrentPerform, stored under a lock.
final class ChunkResults<Value>: @unchecked Sendable {
    private var values: [Value?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func store(_ value: Value, at index: Int) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }

    var all: [Value] { values.compactMap { $0 } }
}

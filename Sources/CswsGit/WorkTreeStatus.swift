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

        var tracked: [String: Int] = [:]
        tracked.reserveCapacity(index.entries.count)
        var trackedFolders: Set<String> = [""]
        var previousFolder: Substring.UTF8View = "".utf8[...]
        for (position, entry) in index.entries.enumerated() {
            tracked[entry.path] = position
            // Entries are sorted, so a folder's files are neighbours: look at each folder once.
            var folder = entry.path.utf8[...]
            guard let last = folder.lastIndex(of: UInt8(ascii: "/")) else { continue }
            folder = folder[..<last]
            if folder.elementsEqual(previousFolder) { continue }
            previousFolder = folder
            while true {
                guard trackedFolders.insert(String(Substring(folder))).inserted,
                    let slash = folder.lastIndex(of: UInt8(ascii: "/"))
                else { break }
                folder = folder[..<slash]
            }
        }

        // Folders to walk in parallel: the second level (customers/<id>), listed from the top.
        let walker = FolderWalker(root: root)
        let top = walker.list("")
        guard !top.hasAttributes else { return nil }
        var folders: [String] = []
        var untrackedFolders: [String] = []
        var files = top.files
        for folder in top.folders {
            guard trackedFolders.contains(folder) else { untrackedFolders.append(folder); continue }
            let listing = walker.list(folder)
            if listing.hasAttributes { return nil }
            files += listing.files
            for inner in listing.folders {
                if trackedFolders.contains(inner) { folders.append(inner) } else { untrackedFolders.append(inner) }
            }
        }

        let workers = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
        let chunks = (0..<workers).map { worker in stride(from: worker, to: folders.count, by: workers).map { folders[$0] } }
        let results = ChunkResults<FolderWalker.Listing>(count: workers)
        let walkedFolders = trackedFolders
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var found = FolderWalker.Listing()
            for folder in chunks[worker] { walker.walk(folder, tracked: walkedFolders, into: &found) }
            results.store(found, at: worker)
        }
        var untrackedFiles: [String] = []
        var seen = [Bool](repeating: false, count: index.entries.count)
        var toCompare: [(path: String, entry: Int, info: stat)] = []
        for listing in [FolderWalker.Listing(files: files, folders: [], hasAttributes: false)] + results.all {
            if listing.hasAttributes { return nil }
            untrackedFolders += listing.folders
            for file in listing.files {
                if let position = tracked[file.path] {
                    seen[position] = true
                    toCompare.append((file.path, position, file.info))
                } else {
                    untrackedFiles.append(file.path)
                }
            }
        }

        // Tracked files: stat first, content when stat cannot tell.
        let compared = ChunkResults<[String]>(count: workers)
        let items = toCompare
        let entries = index.entries
        let indexTime = index.modified
        let root = self.root
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var changed: [String] = []
            for item in stride(from: worker, to: items.count, by: workers).map({ items[$0] }) {
                if Self.differs(entries[item.entry], item.info, path: root + item.path, indexTime: indexTime) {
                    changed.append(item.path)
                }
            }
            compared.store(changed, at: worker)
        }
        var changed = compared.all.flatMap { $0 }
        for (position, entry) in index.entries.enumerated() where !seen[position] {
            // Not met on the walk: deleted, or somewhere the walk does not go (checked directly).
            var info = stat()
            if lstat(root + entry.path, &info) != 0 || Self.differs(entry, info, path: root + entry.path, indexTime: index.modified) {
                changed.append(entry.path)
            }
        }

        // Untracked files and folders, less what .gitignore excludes (libgit2 decides, on this thread).
        for path in untrackedFiles where !repository.isIgnored(path) { changed.append(path) }
        for folder in untrackedFolders where !repository.isIgnored(folder + "/") {
            var inside = FolderWalker.Listing()
            walker.walk(folder, tracked: [], into: &inside, descendAll: true)
            if inside.hasAttributes { return nil }
            for file in inside.files where !repository.isIgnored(file.path) { changed.append(file.path) }
        }
        return Array(Set(changed)).sorted()
    }

    /// Whether a tracked file's work-tree copy differs from its index entry.
    private static func differs(_ entry: IndexFile.Entry, _ info: stat, path: String, indexTime: timespec) -> Bool {
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
    /// `descendAll`); other folders are reported in `folders`.
    func walk(_ folder: String, tracked: Set<String>, into listing: inout Listing, descendAll: Bool = false) {
        var subfolders: [String] = []
        read(folder, into: &listing, folders: &subfolders)
        for inner in subfolders {
            if descendAll || tracked.contains(inner) {
                walk(inner, tracked: tracked, into: &listing, descendAll: descendAll)
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
            if name == "." || name == ".." || (folder.isEmpty && name == ".git") { continue }
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

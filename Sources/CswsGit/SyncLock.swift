import Foundation

/// The lock that keeps two `csws sync` runs in one workspace apart: `.git/csws-sync.lock`, created
/// exclusively, holding the owner's process id. A lock whose process is gone (kill -9) is stale
/// and is taken over, together with any `index.lock` that process left behind.
public final class SyncLock {
    public enum Failure: Error {
        /// Another sync still holds the lock after waiting; its process id.
        case busy(pid: Int32)
        case io(String)
    }

    private let path: String
    private var held = false
    /// True when a stale lock (and possibly a stale index.lock) was cleaned up.
    public private(set) var recoveredStaleLock = false

    public init(gitDirectory: String) {
        path = gitDirectory + "/csws-sync.lock"
    }

    /// Takes the lock, waiting up to `timeout` seconds for another live sync to finish.
    public func acquire(timeout: TimeInterval = 10, gitDirectory: String) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
            if descriptor >= 0 {
                let text = "\(getpid())\n"
                _ = text.withCString { write(descriptor, $0, strlen($0)) }
                fsync(descriptor)
                close(descriptor)
                held = true
                return
            }
            guard errno == EEXIST else { throw Failure.io(String(cString: strerror(errno))) }
            let owner = (try? String(contentsOfFile: path, encoding: .utf8))
                .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if let owner, owner != getpid(), Self.isAlive(owner) {
                if Date() >= deadline { throw Failure.busy(pid: owner) }
                usleep(100_000)
                continue
            }
            // The owner is gone (or the file is half-written by a process that died): stale.
            // An index.lock left by that process would block every git operation: remove it too.
            if owner == nil, let age = Self.age(of: path), age < 2 {
                usleep(50_000)  // being written right now; look again
                continue
            }
            unlink(path)
            Self.removeStaleGitLocks(in: gitDirectory)
            recoveredStaleLock = true
        }
    }

    /// Lock files a killed git operation leaves behind (index, HEAD, refs, packed-refs, config);
    /// called only when the sync that could have left them is known to be dead.
    static func removeStaleGitLocks(in gitDirectory: String) {
        for name in ["index.lock", "HEAD.lock", "packed-refs.lock", "config.lock", "ORIG_HEAD.lock", "FETCH_HEAD.lock"] {
            unlink(gitDirectory + "/" + name)
        }
        let refs = gitDirectory + "/refs"
        if let walker = FileManager.default.enumerator(atPath: refs) {
            while let relative = walker.nextObject() as? String {
                if relative.hasSuffix(".lock") { unlink(refs + "/" + relative) }
            }
        }
    }

    public func release() {
        guard held else { return }
        unlink(path)
        held = false
    }

    deinit { release() }

    static func isAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    static func age(of path: String) -> TimeInterval? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let modified = attributes[.modificationDate] as? Date
        else { return nil }
        return Date().timeIntervalSince(modified)
    }
}

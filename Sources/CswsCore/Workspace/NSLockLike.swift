import Foundation

/// A tiny mutex wrapper so core types need not expose Foundation's NSLock in their signatures.
final class NSLockLike: @unchecked Sendable {
    private let lock = NSLock()

    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}

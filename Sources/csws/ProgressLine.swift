import Foundation

/// A progress line on stderr for work that takes more than a second, only on a terminal; it is
/// erased when the work is done so it never mixes with the output.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let start = Date()
    private let enabled = isatty(2) == 1
    private let lock = NSLock()
    private var lastDrawn = Date.distantPast
    private var drawn = false

    init(label: String) {
        self.label = label
    }

    /// Called from worker threads with the work done so far.
    func update(done: Int, total: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(start) > 1, now.timeIntervalSince(lastDrawn) > 0.1 else { return }
        lastDrawn = now
        drawn = true
        FileHandle.standardError.write(Data("\r\(label): \(done)/\(total)\u{1B}[K".utf8))
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}

import Foundation

/// Writes a whole file so that a reader, or a crash, sees either the old file or the new one:
/// a temporary file in the same folder, flushed to disk, then renamed over the target.
public enum AtomicFileWriter {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// `flush`: wait until the new file is on disk before renaming it in. A batch of thousands of
    /// files passes false and calls `flushAll()` once at the end: a killed process leaves each
    /// file old or new either way (the rename is atomic); only a power cut needs the flush.
    public static func write(_ text: String, to path: String, flush: Bool = true) throws {
        try write(bytes: Array(text.utf8), to: path, flush: flush)
    }

    public static func write(bytes: [UInt8], to path: String, flush: Bool = true) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw Failure(path: path, reason: "the folder \(folder) does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw Failure(path: path, reason: "it is a folder")
        }
        var template = Array((folder + "/." + url.lastPathComponent + ".tmp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var written = false
        defer { if !written { unlink(temporary) } }
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw Failure(path: path, reason: reason)
            }
            offset += count
        }
        // mkstemp creates the file 0600; a report is an ordinary file.
        fchmod(descriptor, 0o644)
        let synced = !flush || fsync(descriptor) == 0
        close(descriptor)
        guard synced else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        guard rename(temporary, path) == 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        written = true
    }

    /// Flushes written files to disk: one call for a whole batch of writes.
    public static func flushAll() {
        sync()
    }
}

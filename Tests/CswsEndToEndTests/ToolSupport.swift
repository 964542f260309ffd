import Foundation

/// Runs a program the tests compare csws with (python3, sqlite3, chromium's harness) and keeps
/// what it printed. Output goes through files, so a chatty program cannot fill a pipe and stall.
enum Tool {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `arguments[0]` is looked up on the PATH.
    static func run(_ arguments: [String]) throws -> Output {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("csws-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout")
        let err = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
}

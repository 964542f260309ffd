import CswsCore
import Foundation
import Testing

/// Running the built `csws` binary the way a person or CI would, with a controlled environment.
enum CLI {
    /// The `csws` executable built next to this test bundle (works for `.build` and `.build-tests`).
    static let executable: String? = {
        var candidates = [Bundle.main.bundlePath, Bundle.main.executablePath ?? "", CommandLine.arguments.first ?? ""]
        candidates += Bundle.allBundles.map(\.bundlePath)
        for start in candidates where !start.isEmpty {
            var folder = URL(fileURLWithPath: start).standardizedFileURL
            for _ in 0..<6 {
                let candidate = folder.appendingPathComponent("csws").path
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                    FileManager.default.isExecutableFile(atPath: candidate)
                {
                    return candidate
                }
                folder.deleteLastPathComponent()
            }
        }
        return nil
    }()

    /// The repository checkout these tests belong to.
    static let projectRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Tests/CswsEndToEndTests in the checkout.
    static let testsFolder: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

    struct Run: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var elapsed: Double
        /// True when the process ended by a signal (a crash) rather than exiting.
        var crashed: Bool

        var description: String { "exit \(status)\(crashed ? " (signal)" : "")\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
    }

    /// Runs csws with `arguments` in `directory`. `home` holds the .gitconfig csws sees.
    static func run(_ arguments: [String], in directory: String, home: String, asOf: String? = "2026-11-23",
                    environment extra: [String: String] = [:]) throws -> Run {
        let binary = try #require(executable, "csws executable not found next to the test bundle")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = [
            "HOME": home,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "NO_COLOR": "1",
            "LANG": "C.UTF-8",
            "GIT_CONFIG_NOSYSTEM": "1",
            "XDG_CONFIG_HOME": home + "/.config",
        ]
        if let asOf { environment["CSWS_TODAY"] = asOf }
        environment.merge(extra) { $1 }
        process.environment = environment

        let outputs = FileManager.default.temporaryDirectory.appendingPathComponent("csws-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outputs) }
        let outURL = outputs.appendingPathComponent("stdout")
        let errURL = outputs.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice

        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        process.waitUntilExit()
        let duration = clock.now - start
        try out.close()
        try err.close()
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return Run(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
            elapsed: seconds,
            crashed: process.terminationReason == .uncaughtSignal)
    }
}

/// A temporary sandbox: a HOME with a git identity, and a folder to work in. Removed afterwards.
struct Sandbox {
    let root: String
    var home: String { root + "/home" }

    static func with<Result>(_ body: (Sandbox) throws -> Result) throws -> Result {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("csws-e2e-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        let root = realpath(url.path, nil).map { pointer -> String in
            defer { free(pointer) }
            return String(cString: pointer)
        } ?? url.path
        let sandbox = Sandbox(root: root)
        try FileManager.default.createDirectory(atPath: sandbox.home, withIntermediateDirectories: true)
        try Data("[user]\n\tname = Test User\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n".utf8)
            .write(to: URL(fileURLWithPath: sandbox.home + "/.gitconfig"))
        return try body(sandbox)
    }

    /// Runs csws in `directory` (relative to the sandbox root, or absolute).
    func csws(_ arguments: String..., in directory: String = "", asOf: String? = "2026-11-23",
              environment: [String: String] = [:]) throws -> CLI.Run {
        try csws(arguments, in: directory, asOf: asOf, environment: environment)
    }

    func csws(_ arguments: [String], in directory: String = "", asOf: String? = "2026-11-23",
              environment: [String: String] = [:]) throws -> CLI.Run {
        let folder = directory.hasPrefix("/") ? directory : (directory.isEmpty ? root : root + "/" + directory)
        return try CLI.run(arguments, in: folder, home: home, asOf: asOf, environment: environment)
    }

    /// Runs the git CLI (not libgit2) with the sandbox's HOME.
    func git(_ arguments: String...) throws -> CLI.Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        process.environment = [
            "HOME": home, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "GIT_CONFIG_NOSYSTEM": "1", "LANG": "C.UTF-8",
        ]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Outputs here are small; read both to the end before waiting.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self), elapsed: 0,
                       crashed: process.terminationReason == .uncaughtSignal)
    }

    func path(_ relative: String) -> String { root + "/" + relative }

    func write(_ relative: String, _ text: String) throws {
        try write(relative, bytes: Array(text.utf8))
    }

    func write(_ relative: String, bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: path(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    /// A workspace at `relative` written from the template (no git), optionally with fixture
    /// customers copied in from `Fixtures/<set>/` (its folders are copied over the workspace).
    func makeWorkspace(_ relative: String = "ws", fixtures: String? = nil) throws {
        let folder = path(relative)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try WorkspaceTemplate.write(to: folder, name: "Test team")
        if let fixtures { try copyTree(from: CLI.testsFolder + "/Fixtures/" + fixtures, to: folder) }
    }

    /// Copies every file under `source` into `destination`, keeping relative paths.
    func copyTree(from source: String, to destination: String) throws {
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: source) else {
            Issue.record("fixture folder missing: \(source)")
            return
        }
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = manager.fileExists(atPath: source + "/" + relative, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                try manager.createDirectory(atPath: destination + "/" + relative, withIntermediateDirectories: true)
            } else {
                let target = destination + "/" + relative
                if manager.fileExists(atPath: target) { try manager.removeItem(atPath: target) }
                try manager.copyItem(atPath: source + "/" + relative, toPath: target)
            }
        }
    }
}

/// `csws check --format json` output, decoded.
struct CheckJSON: Decodable {
    struct Summary: Decodable, Equatable {
        var errors: Int
        var warnings: Int
        var files: Int
        var customers: Int
    }

    struct Item: Decodable, CustomStringConvertible {
        var rule: String
        var severity: String
        var message: String
        var file: String
        var line: Int
        var column: Int
        var customer: String?
        var hint: String?

        var description: String { "\(file):\(line):\(column): \(severity): \(message) [\(rule)]" }
    }

    var version: Int
    var as_of: String
    var summary: Summary
    var diagnostics: [Item]

    static func decode(_ run: CLI.Run, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> CheckJSON {
        do {
            return try JSONDecoder().decode(CheckJSON.self, from: Data(run.stdout.utf8))
        } catch {
            Issue.record("stdout is not the documented JSON: \(error)\n\(run)", sourceLocation: sourceLocation)
            throw error
        }
    }

    func with(rule: String) -> [Item] { diagnostics.filter { $0.rule == rule } }

    var listing: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A TCP port on 127.0.0.1 that nothing listens on now, chosen by the kernel, so servers
/// started by tests running in parallel never collide.
enum FreePort {
    static func next() -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { return 20_000 + Int.random(in: 0..<20_000) }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socketFD, generic, length) == 0 && getsockname(socketFD, generic, &length) == 0
            }
        }
        guard bound else { return 20_000 + Int.random(in: 0..<20_000) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Collects values from concurrently running closures.
final class ResultBox<Value>: @unchecked Sendable {
    private var stored: [Value] = []
    private let lock = NSLock()

    func append(_ value: Value) {
        lock.lock()
        stored.append(value)
        lock.unlock()
    }

    var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}

import ArgumentParser

/// csws's exit codes (SPEC §3).
enum ExitStatus: Int32 {
    case success = 0
    case findings = 1
    case conflicts = 3
    case remote = 4
    case usage = 64
    case badInput = 65
    case ioError = 74
    case locked = 75
}

/// A failure reported as one line of cause plus a hint, then the exit code.
struct Failure: Error {
    var message: String
    var hint: String?
    var code: ExitStatus

    init(_ message: String, hint: String? = nil, code: ExitStatus) {
        self.message = message
        self.hint = hint
        self.code = code
    }
}

extension ParsableCommand {
    /// Runs `body`, turning a `Failure` into `csws: error: …` / `hint: …` on stderr and its exit code.
    func reportingFailures(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as Failure {
            Terminal.printError("csws: error: \(failure.message)")
            if let hint = failure.hint { Terminal.printError("hint: \(hint)") }
            throw ExitCode(failure.code.rawValue)
        }
    }
}

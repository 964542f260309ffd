import CLibgit2

/// A failed libgit2 call: which operation, libgit2's error code and its last error message (read
/// right after the failing call, before anything else can overwrite it).
public struct GitError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let code: Int32
    public let message: String

    init(_ operation: String, code: Int32) {
        self.operation = operation
        self.code = code
        if let last = git_error_last(), let text = last.pointee.message {
            message = String(cString: text)
        } else {
            message = "libgit2 error \(code)"
        }
    }

    init(_ operation: String, code: Int32, message: String) {
        self.operation = operation
        self.code = code
        self.message = message
    }

    public var description: String { "\(operation): \(message)" }
}

/// Runs a libgit2 call and throws a `GitError` when it returns a negative code.
@discardableResult
func check(_ operation: String, _ call: () -> Int32) throws -> Int32 {
    let code = call()
    if code < 0 { throw GitError(operation, code: code) }
    return code
}

/// Where a sync says what it does: `say` for progress and results (standard output), `warn` for
/// problems and hints (standard error). One line per call, without its line break.
public struct SyncOutput {
    public var say: (String) -> Void
    public var warn: (String) -> Void

    public init(say: @escaping (String) -> Void, warn: @escaping (String) -> Void) {
        self.say = say
        self.warn = warn
    }
}

/// Why a sync stopped, as the exit status of SPEC §3 names it. Without a message the sync has
/// already printed what went wrong (conflicts with their lines, blocking diagnostics).
public struct SyncStop: Error, CustomStringConvertible {
    public enum Kind: Sendable {
        /// Validity errors blocked the push (exit 1).
        case findings
        /// Conflicts to resolve (exit 3).
        case conflicts
        /// Remote unreachable, authentication failed or push refused (exit 4).
        case remote
        /// A usage problem, such as no git identity (exit 64).
        case usage
        /// A local git or file problem (exit 74).
        case ioError
        /// Another sync holds the workspace (exit 75).
        case locked
    }

    public var kind: Kind
    public var message: String?
    public var hint: String?

    public init(_ kind: Kind, _ message: String? = nil, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    public var description: String { message ?? "sync stopped (\(kind))" }
}

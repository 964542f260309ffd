import CLibgit2
import Foundation

/// Why a push did not land.
public enum PushOutcome: Sendable, Equatable {
    case pushed
    /// The server refused the ref (usually: a teammate pushed first).
    case rejected(String)
}

extension GitRepository {
    /// Host and port of `ssh://user@host:port/path`, `user@host:path` (port nil) or an http URL.
    static func hostAndPort(of url: String?) -> (String?, Int?) {
        guard let url else { return (nil, nil) }
        if let components = URLComponents(string: url), let host = components.host, url.contains("://") {
            return (host, components.port)
        }
        // scp-like: user@host:path
        guard let colon = url.firstIndex(of: ":") else { return (nil, nil) }
        let authority = url[..<colon]
        let host = authority.split(separator: "@").last.map(String.init)
        return (host, nil)
    }

    /// The URL of remote `name`, or nil.
    public func remoteURL(_ name: String) -> String? {
        var remote: OpaquePointer?
        guard git_remote_lookup(&remote, pointer, name) == 0, let remote else { return nil }
        defer { git_remote_free(remote) }
        return git_remote_url(remote).map { String(cString: $0) }
    }

    /// Fetches `remote` (its configured refspecs), offering credentials from `sources`.
    public func fetch(remote name: String, credentials sources: CredentialSources) throws {
        var remote: OpaquePointer?
        try check("find remote \(name)") { git_remote_lookup(&remote, pointer, name) }
        defer { git_remote_free(remote) }
        let state = RemoteCallbackState(sources: sources)
        (state.remoteHost, state.remotePort) = Self.hostAndPort(of: remoteURL(name))
        let payload = Unmanaged.passRetained(state)
        defer { payload.release() }
        var options = git_fetch_options()
        try check("prepare fetch") { git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)) }
        options.callbacks.credentials = credentialCallback
        options.callbacks.certificate_check = certificateCheckCallback
        options.callbacks.payload = payload.toOpaque()
        let code = git_remote_fetch(remote, nil, &options, "csws sync: fetch")
        if code < 0 { throw state.error("fetch from \(name)", code: code) }
    }

    /// Pushes local `branch` to the same branch on `remote` and reports whether the server took it.
    public func push(remote name: String, branch: String, credentials sources: CredentialSources) throws -> PushOutcome {
        var remote: OpaquePointer?
        try check("find remote \(name)") { git_remote_lookup(&remote, pointer, name) }
        defer { git_remote_free(remote) }
        let state = RemoteCallbackState(sources: sources)
        (state.remoteHost, state.remotePort) = Self.hostAndPort(of: remoteURL(name))
        let payload = Unmanaged.passRetained(state)
        defer { payload.release() }
        var options = git_push_options()
        try check("prepare push") { git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)) }
        options.callbacks.credentials = credentialCallback
        options.callbacks.certificate_check = certificateCheckCallback
        options.callbacks.push_update_reference = pushUpdateCallback
        options.callbacks.payload = payload.toOpaque()
        let refspec = "refs/heads/\(branch):refs/heads/\(branch)"
        let code: Int32 = refspec.withCString { spec in
            var strings: [UnsafeMutablePointer<CChar>?] = [UnsafeMutablePointer(mutating: spec)]
            return strings.withUnsafeMutableBufferPointer { buffer in
                var array = git_strarray(strings: buffer.baseAddress, count: 1)
                return git_remote_push(remote, &array, &options)
            }
        }
        if code < 0 {
            let error = state.error("push to \(name)", code: code)
            // A non-fast-forward refusal surfaces as an error from some transports.
            if code == GIT_ENONFASTFORWARD.rawValue || error.message.contains("non-fast-forward")
                || error.message.contains("cannot push because a reference that you are trying to update")
            {
                return .rejected(error.message)
            }
            throw error
        }
        if let refused = state.rejected.first { return .rejected(refused.reason) }
        return .pushed
    }
}

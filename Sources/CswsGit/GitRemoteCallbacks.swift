import CLibgit2
import Foundation

/// Where credentials may come from, each tried at most once per operation (libgit2 calls the
/// credential callback again after a rejection: walking a finite list and then failing is what
/// stops an endless loop).
public struct CredentialSources: Sendable {
    /// Extra key files to try after ssh-agent (`sync.ssh_key`, `CSWS_SSH_KEY`, the defaults).
    public var sshKeyFiles: [String]
    /// An HTTPS token (`CSWS_GIT_TOKEN`).
    public var token: String?

    public init(sshKeyFiles: [String] = [], token: String? = nil) {
        self.sshKeyFiles = sshKeyFiles
        self.token = token
    }
}

/// State shared with libgit2's C callbacks for one fetch or push.
final class RemoteCallbackState {
    let sources: CredentialSources
    /// Host and port of the remote, for known_hosts.
    var remoteHost: String?
    var remotePort: Int?
    /// Why the host key was refused, when it was.
    var hostKeyProblem: String?
    private(set) var attempts: [String] = []
    /// Set when every credential source was tried and the server still asked again.
    private(set) var exhausted = false
    /// Refs the server refused during a push, with its reason.
    var rejected: [(ref: String, reason: String)] = []
    private var nextSSHSource = 0
    private var triedToken = false
    private var triedUserInfo = false

    init(sources: CredentialSources) {
        self.sources = sources
    }

    /// The error for a failed remote call: an authentication failure names what was tried
    /// (never the secrets), since libgit2's own message may be stale when a callback gave up.
    func error(_ operation: String, code: Int32) -> GitError {
        if let hostKeyProblem { return GitError(operation, code: code, message: hostKeyProblem) }
        guard exhausted || code == GIT_EAUTH.rawValue else { return GitError(operation, code: code) }
        let tried = attempts.isEmpty ? "no credentials were available" : "tried \(attempts.joined(separator: ", "))"
        return GitError(operation, code: code, message: "authentication failed (\(tried))")
    }

    /// The next credential to offer, or nil when every source has been tried.
    func credential(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>?, url: String?,
        username: String?, allowed: UInt32
    ) -> Int32 {
        let user = username.flatMap { $0.isEmpty ? nil : $0 } ?? "git"
        if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 {
            // Agent first, then each key file once.
            while nextSSHSource <= sources.sshKeyFiles.count {
                let index = nextSSHSource
                nextSSHSource += 1
                if index == 0 {
                    // Without an agent socket libssh2 fails hard instead of asking again: skip it.
                    guard let socket = ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"], !socket.isEmpty else { continue }
                    attempts.append("ssh-agent")
                    if git_credential_ssh_key_from_agent(out, user) == 0 { return 0 }
                    continue
                }
                let key = sources.sshKeyFiles[index - 1]
                guard FileManager.default.fileExists(atPath: key) else { continue }
                attempts.append("key \((key as NSString).lastPathComponent)")
                let publicKey = FileManager.default.fileExists(atPath: key + ".pub") ? key + ".pub" : nil
                if git_credential_ssh_key_new(out, user, publicKey, key, nil) == 0 { return 0 }
            }
            exhausted = true
            return GIT_EUSER.rawValue
        }
        if allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0 {
            if !triedToken, let token = sources.token, !token.isEmpty {
                triedToken = true
                attempts.append("CSWS_GIT_TOKEN")
                return git_credential_userpass_plaintext_new(out, username ?? "x-access-token", token)
            }
            if !triedUserInfo {
                triedUserInfo = true
                if let helper = GitCredentialHelper.fill(url: url) {
                    attempts.append("git credential fill")
                    return git_credential_userpass_plaintext_new(out, helper.username, helper.password)
                }
            }
            exhausted = true
            return GIT_EUSER.rawValue
        }
        return GIT_EUSER.rawValue
    }
}

/// `git credential fill` when git is installed: the user's own credential helpers, which
/// libgit2 does not consult by itself.
enum GitCredentialHelper {
    static func fill(url: String?) -> (username: String, password: String)? {
        guard let url, let components = URLComponents(string: url), let host = components.host else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "credential", "fill"]
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = environment
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let hostWithPort = components.port.map { "\(host):\($0)" } ?? host
        var request = "protocol=\(components.scheme ?? "https")\nhost=\(hostWithPort)\n"
        if components.path.count > 1 { request += "path=\(components.path.dropFirst())\n" }
        input.fileHandleForWriting.write(Data((request + "\n").utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        var username: String?
        var password: String?
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("username=") { username = String(line.dropFirst(9)) }
            if line.hasPrefix("password=") { password = String(line.dropFirst(9)) }
        }
        guard let username, let password else { return nil }
        return (username, password)
    }
}

// C callbacks: they get the state back through the payload pointer.

let credentialCallback: git_credential_acquire_cb = { out, url, username, allowed, payload in
    guard let payload else { return GIT_EUSER.rawValue }
    let state = Unmanaged<RemoteCallbackState>.fromOpaque(payload).takeUnretainedValue()
    return state.credential(
        out, url: url.map { String(cString: $0) }, username: username.map { String(cString: $0) }, allowed: allowed)
}

let certificateCheckCallback: git_transport_certificate_check_cb = { cert, valid, host, payload in
    guard let cert, let payload else { return GIT_ECERTIFICATE.rawValue }
    let state = Unmanaged<RemoteCallbackState>.fromOpaque(payload).takeUnretainedValue()
    guard cert.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 else {
        return GIT_PASSTHROUGH.rawValue  // TLS: libgit2's own certificate validation decides
    }
    let hostkey = UnsafeRawPointer(cert).assumingMemoryBound(to: git_cert_hostkey.self).pointee
    guard hostkey.type.rawValue & GIT_CERT_SSH_RAW.rawValue != 0, let raw = hostkey.hostkey else {
        state.hostKeyProblem = "the ssh server did not show its host key; cannot verify it"
        return GIT_ECERTIFICATE.rawValue
    }
    let key = Data(bytes: raw, count: Int(hostkey.hostkey_len)).base64EncodedString()
    let name = state.remoteHost ?? host.map { String(cString: $0) } ?? ""
    let file = HomeDirectory.path + "/.ssh/known_hosts"
    switch KnownHosts.verify(host: name, port: state.remotePort, keyBase64: key, file: file) {
    case .trusted: return 0
    case .unknown(let hint), .mismatch(let hint):
        state.hostKeyProblem = hint
        return GIT_ECERTIFICATE.rawValue
    }
}

let pushUpdateCallback: git_push_update_reference_cb = { refname, status, payload in
    // libgit2 reports a refused ref only here; git_remote_push itself returns 0.
    guard let payload, let status else { return 0 }
    let state = Unmanaged<RemoteCallbackState>.fromOpaque(payload).takeUnretainedValue()
    state.rejected.append((refname.map { String(cString: $0) } ?? "?", String(cString: status)))
    return 0
}

/// The user's home: `$HOME` first (as ssh and git use it), else the password database.
public enum HomeDirectory {
    public static var path: String {
        if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty { return home }
        return FileManager.default.homeDirectoryForCurrentUser.path
    }
}

import Foundation

/// Host-key verification against `~/.ssh/known_hosts` (libgit2 1.5 does not check it itself).
/// Plain entries (`host`, `[host]:port`, comma-separated) are understood; hashed entries cannot
/// be matched without HMAC, so a host listed only hashed counts as unknown and the message says
/// how to add a plain line.
public enum KnownHosts {
    public enum Verdict: Equatable {
        case trusted
        case unknown(hint: String)
        case mismatch(hint: String)
    }

    /// The name known_hosts uses for a host and port.
    static func entryName(host: String, port: Int?) -> String {
        guard let port, port != 22 else { return host }
        return "[\(host)]:\(port)"
    }

    public static func verify(host: String, port: Int?, keyBase64: String, file: String) -> Verdict {
        let name = entryName(host: host, port: port)
        let scan = "ssh-keyscan\(port.map { $0 != 22 ? " -p \($0)" : "" } ?? "") \(host) >> ~/.ssh/known_hosts"
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        var sawHost = false
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 3, !line.hasPrefix("#") else { continue }
            var hosts = fields[0]
            var keyField = 2
            if hosts.hasPrefix("@") {  // @cert-authority / @revoked markers
                guard fields.count >= 4 else { continue }
                if hosts == "@revoked" { continue }
                hosts = fields[1]
                keyField = 3
            }
            guard hosts.split(separator: ",").contains(where: { $0 == name }) else { continue }
            sawHost = true
            if fields[keyField] == keyBase64 { return .trusted }
        }
        if sawHost {
            return .mismatch(hint: "the host key of \(name) differs from ~/.ssh/known_hosts (possible impersonation); if the server's key really changed, remove its old line and run `\(scan)`")
        }
        return .unknown(hint: "\(name) is not in ~/.ssh/known_hosts; check its fingerprint with your admin, then run `\(scan)`")
    }
}

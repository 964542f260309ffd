/// Remote URLs as csws stores and prints them: never with a password or token in them.
public enum RemoteURL {
    /// `url` without secret user-info. For `scheme://user:secret@host/…` the whole user-info goes;
    /// for http(s) any user-info goes (it is usually a token); an ssh user name alone (`git@`) is
    /// not a secret and is kept, since ssh needs it.
    public static func withoutCredentials(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return url }
        let userInfo = authority[..<at]
        let isHTTP = scheme == "http" || scheme == "https"
        guard isHTTP || userInfo.contains(":") else { return url }
        let keptUser = isHTTP ? "" : String(userInfo.split(separator: ":", maxSplits: 1).first ?? "") + "@"
        return String(url[..<schemeEnd.upperBound]) + keptUser + String(rest[rest.index(after: at)...])
    }
}

extension RemoteURL {
    /// `text` with the user-info of every `scheme://user[:secret]@host` in it removed, so an error
    /// message that quotes a URL never prints a credential.
    public static func scrubbed(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let schemeEnd = rest.range(of: "://") {
            output += rest[..<schemeEnd.upperBound]
            rest = rest[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == " " || $0 == "'" || $0 == "\"" } ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@") {
                rest = rest[rest.index(after: at)...]
            }
        }
        return output + rest
    }
}

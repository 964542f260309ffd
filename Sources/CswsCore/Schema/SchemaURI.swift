/// Just enough of RFC 3986 to resolve `$id`, `$ref` and `$dynamicRef` against a base URI, for any
/// scheme (`https:`, `urn:`, `file:`): Foundation's URL refuses or mangles several of those.
struct SchemaURI: Hashable, Sendable, CustomStringConvertible {
    var scheme: String?
    var authority: String?
    var path: String
    var query: String?
    var fragment: String?

    init(_ text: String) {
        var rest = Substring(text)
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        if let colon = rest.firstIndex(of: ":"), Self.isScheme(rest[..<colon]) {
            scheme = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
            authority = String(afterSlashes[..<end])
            rest = afterSlashes[end...]
        }
        path = String(rest)
    }

    private init(scheme: String?, authority: String?, path: String, query: String?, fragment: String?) {
        self.scheme = scheme
        self.authority = authority
        self.path = path
        self.query = query
        self.fragment = fragment
    }

    private static func isScheme(_ text: Substring) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCIILetter else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCIILetter || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) }
    }

    /// The same URI without its fragment: the identifier of a schema resource.
    var withoutFragment: SchemaURI {
        SchemaURI(scheme: scheme, authority: authority, path: path, query: query, fragment: nil)
    }

    /// RFC 3986 §5.2.2: the target of `reference` read relative to `self`.
    func resolving(_ referenceText: String) -> SchemaURI {
        let reference = SchemaURI(referenceText)
        if reference.scheme != nil {
            return SchemaURI(scheme: reference.scheme, authority: reference.authority,
                             path: Self.removingDotSegments(reference.path), query: reference.query,
                             fragment: reference.fragment)
        }
        if reference.authority != nil {
            return SchemaURI(scheme: scheme, authority: reference.authority,
                             path: Self.removingDotSegments(reference.path), query: reference.query,
                             fragment: reference.fragment)
        }
        if reference.path.isEmpty {
            return SchemaURI(scheme: scheme, authority: authority, path: path,
                             query: reference.query ?? query, fragment: reference.fragment)
        }
        let mergedPath: String
        if reference.path.hasPrefix("/") {
            mergedPath = reference.path
        } else if authority != nil && path.isEmpty {
            mergedPath = "/" + reference.path
        } else if let slash = path.lastIndex(of: "/") {
            mergedPath = path[...slash] + reference.path
        } else {
            mergedPath = reference.path
        }
        return SchemaURI(scheme: scheme, authority: authority, path: Self.removingDotSegments(mergedPath),
                         query: reference.query, fragment: reference.fragment)
    }

    /// RFC 3986 §5.2.4, applied only to hierarchical paths (a URN's path has no segments to remove).
    private static func removingDotSegments(_ path: String) -> String {
        guard path.contains("/"), path.contains(".") else { return path }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for (position, segment) in segments.enumerated() {
            let isLast = position == segments.count - 1
            switch segment {
            case ".":
                if isLast { output.append("") }
            case "..":
                if output.count > 1 || (output.count == 1 && output[0] != "") { output.removeLast() }
                if isLast { output.append("") }
            default:
                output.append(segment)
            }
        }
        let joined = output.joined(separator: "/")
        return path.hasPrefix("/") && !joined.hasPrefix("/") ? "/" + joined : joined
    }

    var description: String {
        var text = ""
        if let scheme { text += scheme + ":" }
        if let authority { text += "//" + authority }
        text += path
        if let query { text += "?" + query }
        if let fragment, !fragment.isEmpty { text += "#" + fragment }
        return text
    }
}

private extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}

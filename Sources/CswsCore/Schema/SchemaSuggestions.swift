/// "Did you mean" for keys and enum values: the team-wide typo matcher (`Suggestions`, edit distance
/// ignoring case, with `in progress` near `in-progress`), and for values it misses because they are
/// cut short (`adopt` for `adoption`) or one word of a compound (`sponsor` for `executive-sponsor`),
/// the one candidate they fit.
enum SchemaSuggestions {
    static func nearest(to text: String, among candidates: [String]) -> String? {
        let others = candidates.filter { $0 != text }
        if let typo = Suggestions.nearest(to: text, in: others) { return typo }
        let needle = normalized(text)
        guard needle.count >= 3 else { return nil }
        let fitting = others.filter { candidate in
            let normalizedCandidate = normalized(candidate)
            return normalizedCandidate.hasPrefix(needle) || normalizedCandidate.split(separator: "-").contains { $0 == needle }
        }
        return fitting.count == 1 ? fitting[0] : nil
    }

    private static func normalized(_ text: String) -> String {
        String(text.lowercased().map { $0 == " " || $0 == "_" ? "-" : $0 })
    }
}

/// "Did you mean …?" suggestions for mistyped keys, enum values, owners and segments.
public enum Suggestions {
    /// The candidate closest to `input` when it is close enough to be a plausible typo.
    public static func nearest(to input: String, in candidates: [String]) -> String? {
        let needle = normalized(input)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(needle, normalized(candidate))
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        guard let best else { return nil }
        // Short words tolerate one edit (so `zed` does not suggest `ben`); longer ones a third.
        let length = min(needle.count, best.candidate.count)
        let allowed = length <= 3 ? 1 : max(2, length / 3)
        return best.distance <= allowed ? best.candidate : nil
    }

    /// Lower-cases and treats spaces and underscores like hyphens, so `In Progress` is near `in-progress`.
    private static func normalized(_ text: String) -> [Character] {
        Array(text.lowercased().map { $0 == " " || $0 == "_" ? "-" : $0 })
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}

/// The naming rules of SPEC §10.3 for dated record files.
public enum FileNameRules {
    public static let escalationTriggers = [
        "health-red", "sponsor-left", "critical-bug", "competitor", "renewal-at-risk", "legal", "other",
    ]

    /// A finding when `fileName` does not follow its folder's rule, else nil.
    static func problem(kind: FileKind, fileName: String) -> Finding? {
        let stem = String(fileName.dropLast(".yaml".count))
        switch kind {
        case .signals:
            if datePrefix(stem) != nil, stem.count == 10 || isLabel(stem.dropFirst(10)) { return nil }
            return bad("signals files are named `<date>.yaml` or `<date>-<label>.yaml`, e.g. `2026-11-23.yaml`")
        case .voc:
            if datePrefix(stem) != nil, stem.count > 11, isLabel(stem.dropFirst(10)) { return nil }
            return bad("VoC files are named `<date>-<slug>.yaml`, e.g. `2026-11-23-export-bug.yaml`")
        case .escalation:
            if datePrefix(stem) != nil, stem.count > 11, escalationTriggers.contains(String(stem.dropFirst(11))),
                stem.dropFirst(10).first == "-"
            {
                return nil
            }
            return bad("escalation files are named `<date>-<trigger>.yaml` with a trigger of \(escalationTriggers.joined(separator: ", "))")
        case .qbr:
            if quarter(ofFileStem: stem) != nil { return nil }
            return bad("QBR files are named `<YYYY>-Q<1-4>.yaml`, e.g. `2026-Q4.yaml`")
        default:
            return nil
        }
    }

    /// The `YYYY-MM-DD` a record file name starts with (not checked for calendar validity).
    public static func datePrefix(_ stem: String) -> String? {
        let bytes = Array(stem.utf8.prefix(10))
        guard bytes.count == 10 else { return nil }
        for (index, byte) in bytes.enumerated() {
            let isDash = index == 4 || index == 7
            if isDash ? byte != UInt8(ascii: "-") : !(byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
                return nil
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `(year, quarter)` of a QBR file stem `YYYY-Qn`.
    public static func quarter(ofFileStem stem: String) -> (year: Int, quarter: Int)? {
        let parts = stem.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), parts[1].count == 2,
            parts[1].first == "Q", let quarter = Int(parts[1].dropFirst()), (1...4).contains(quarter)
        else { return nil }
        return (year, quarter)
    }

    /// `-label` with label `[a-z0-9-]+`.
    private static func isLabel(_ rest: Substring) -> Bool {
        guard rest.first == "-", rest.count > 1 else { return false }
        return rest.dropFirst().unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-"
        }
    }

    private static func bad(_ hint: String) -> Finding {
        Finding(rule: "bad-file-name", message: "file name does not follow the naming rule", hint: hint, showsExcerpt: false)
    }
}

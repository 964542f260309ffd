/// How report figures are written. Money is exact (SPEC §10.5: no rounding), so every format
/// carries the same digits; people's formats group thousands.
public enum ReportNumbers {
    /// The exact decimal: `96000`, `1234.5`. A fraction without a finite decimal expansion (never
    /// produced by sums of written amounts) is written to 6 places.
    public static func exact(_ value: Rational) -> String {
        var power: Int128 = 1
        for places in 0...30 {
            if power % value.denominator == 0 { return value.text(places: places) }
            power *= 10
        }
        return value.text(places: 6)
    }

    /// The exact decimal with thousands grouped: `96,000`, `1,234.5`, `-2,500`.
    public static func grouped(_ value: Rational) -> String {
        let text = exact(value)
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        var digits = String(parts[0])
        var result = ""
        while digits.count > 3 {
            result = "," + digits.suffix(3) + result
            digits.removeLast(3)
        }
        result = digits + result
        if parts.count == 2 { result += "." + parts[1] }
        return (negative ? "-" : "") + result
    }

    /// A percentage already rounded to one decimal, always with that decimal: `104.0`, `97.5`.
    public static func percent(_ value: Rational) -> String {
        let text = value.text(places: 1)
        return text.contains(".") ? text : text + ".0"
    }

    /// Days, which may be a half for a median of an even count: `21`, `21.5`.
    public static func days(_ value: Rational) -> String { value.text(places: 1) }

    /// `part` as a share of `whole` in percent, to one decimal; nil when `whole` is 0.
    public static func share(_ part: Rational, of whole: Rational) -> String? {
        guard whole > 0 else { return nil }
        return percent((part / whole * 100).rounded(places: 1))
    }
}

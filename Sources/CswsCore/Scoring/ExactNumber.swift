import Foundation

/// Decimal arithmetic for scores: SPEC §10.2 forbids binary floating point so that a raw risk of
/// exactly 79.5 rounds to 80 on every machine.
public enum ExactNumber {
    /// The decimal a YAML number was written as (`0.2` is exactly 0.2, not 0.2000000000000000111).
    public static func decimal(_ value: Double) -> Decimal {
        Decimal(string: String(describing: value)) ?? Decimal(value)
    }

    public static func decimal(_ node: DocumentNode?) -> Decimal? {
        guard let node else { return nil }
        switch node.value {
        case .integer(let whole): return Decimal(whole)
        case .number(let real) where real.isFinite: return decimal(real)
        default: return nil
        }
    }

    /// Rounds half up (away from zero) to `places` decimals.
    public static func rounded(_ value: Decimal, places: Int) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, places, .plain)
        return output
    }

    public static func clamped(_ value: Decimal, to range: ClosedRange<Decimal>) -> Decimal {
        min(max(value, range.lowerBound), range.upperBound)
    }

    /// The integer value of an already-rounded decimal.
    public static func integer(_ value: Decimal) -> Int {
        NSDecimalNumber(decimal: rounded(value, places: 0)).intValue
    }

    /// Plain decimal text without exponent: `79.5`, `0.92`, `100`.
    public static func text(_ value: Decimal) -> String {
        var copy = value
        return NSDecimalString(&copy, Locale(identifier: "en_US_POSIX"))
    }
}

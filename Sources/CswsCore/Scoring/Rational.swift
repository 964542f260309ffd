/// An exact fraction for score arithmetic (SPEC §10.2 allows decimal or exact rationals; never
/// Double). csws inputs are short decimals (0.35, 4.5, 276), so numerators and denominators stay
/// small; Int128 with reduction by the gcd after every step gives exact results without the cost
/// of Foundation's Decimal division, which dominated `csws score` on 10,000 customers.
public struct Rational: Sendable, Hashable, Comparable, CustomStringConvertible {
    public private(set) var numerator: Int128
    /// Always positive.
    public private(set) var denominator: Int128

    public init(_ numerator: Int128, _ denominator: Int128 = 1) {
        precondition(denominator != 0, "zero denominator")
        // Fast path: ordinary values fit in 64 bits, where division is much cheaper.
        if let small = Int64(exactly: numerator), let smallDenominator = Int64(exactly: denominator),
            small != .min, smallDenominator != .min
        {
            var (x, y) = (small.magnitude, smallDenominator.magnitude)
            while y != 0 { (x, y) = (y, x % y) }
            let divisor = Int64(x == 0 ? 1 : x)
            let sign: Int64 = smallDenominator < 0 ? -1 : 1
            self.numerator = Int128(sign * small / divisor)
            self.denominator = Int128(sign * smallDenominator / divisor)
            return
        }
        let sign: Int128 = denominator < 0 ? -1 : 1
        let divisor = Self.gcd(numerator.magnitude, denominator.magnitude)
        self.numerator = sign * numerator / Int128(divisor)
        self.denominator = sign * denominator / Int128(divisor)
    }

    public init(_ whole: Int) { self.init(Int128(whole), 1) }

    /// Parses a plain decimal literal (`-12`, `0.35`, `4.5e-1`); nil for anything else.
    public init?(decimalText text: String) {
        var digits: Int128 = 0
        var scale = 0
        var sawDot = false
        var sawDigit = false
        var negative = false
        var exponent = 0
        var characters = Substring(text)
        if characters.first == "-" || characters.first == "+" {
            negative = characters.first == "-"
            characters = characters.dropFirst()
        }
        if let e = characters.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(characters[characters.index(after: e)...]), abs(value) < 30 else { return nil }
            exponent = value
            characters = characters[..<e]
        }
        for character in characters {
            if character == "." {
                guard !sawDot else { return nil }
                sawDot = true
            } else if let digit = character.wholeNumberValue, character.isASCII {
                guard digits < Int128(10).power(30) else { return nil }
                digits = digits * 10 + Int128(digit)
                sawDigit = true
                if sawDot { scale += 1 }
            } else {
                return nil
            }
        }
        guard sawDigit else { return nil }
        scale -= exponent
        if negative { digits = -digits }
        if scale >= 0 {
            guard scale < 36 else { return nil }
            self.init(digits, Int128(10).power(scale))
        } else {
            guard -scale < 30 else { return nil }
            self.init(digits * Int128(10).power(-scale), 1)
        }
    }

    /// The exact decimal a YAML number was written as (Swift prints the shortest round-trip text).
    public init?(_ double: Double) {
        guard double.isFinite else { return nil }
        self.init(decimalText: String(describing: double))
    }

    public static let zero = Rational(0)
    public static let one = Rational(1)
    public static let hundred = Rational(100)

    public static func + (lhs: Rational, rhs: Rational) -> Rational {
        if lhs.denominator == rhs.denominator, let sum = checkedAdd(lhs.numerator, rhs.numerator) {
            return Rational(sum, lhs.denominator)
        }
        if let left = checkedMultiply(lhs.numerator, rhs.denominator),
            let right = checkedMultiply(rhs.numerator, lhs.denominator),
            let numerator = checkedAdd(left, right),
            let denominator = checkedMultiply(lhs.denominator, rhs.denominator)
        {
            return Rational(numerator, denominator)
        }
        return lhs.coarse + rhs.coarse
    }

    public static func - (lhs: Rational, rhs: Rational) -> Rational { lhs + -rhs }

    public static func * (lhs: Rational, rhs: Rational) -> Rational {
        // Cross-reduce first so the products stay small.
        let a = Int128(gcd(lhs.numerator.magnitude, rhs.denominator.magnitude))
        let b = Int128(gcd(rhs.numerator.magnitude, lhs.denominator.magnitude))
        if let numerator = checkedMultiply(lhs.numerator / a, rhs.numerator / b),
            let denominator = checkedMultiply(lhs.denominator / b, rhs.denominator / a)
        {
            return Rational(numerator, denominator)
        }
        return lhs.coarse * rhs.coarse
    }

    /// Only absurd inputs (dozens of significant digits) can overflow Int128; then csws keeps
    /// going, deterministically, with nine decimals and a magnitude capped at 10^18.
    private var coarse: Rational {
        let limit = Int128(10).power(18)
        let scale = Int128(10).power(9)
        if denominator <= scale && numerator.magnitude <= limit.magnitude { return self }
        let whole = numerator / denominator
        if whole.magnitude >= limit.magnitude { return Rational(whole < 0 ? -limit : limit, 1) }
        let fraction = (numerator % denominator) * scale / denominator
        return Rational(whole * scale + fraction, scale)
    }

    private static func checkedMultiply(_ a: Int128, _ b: Int128) -> Int128? {
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : result
    }

    private static func checkedAdd(_ a: Int128, _ b: Int128) -> Int128? {
        let (result, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : result
    }

    /// Callers check for a zero divisor first (a zero denominator makes a signal missing,
    /// SPEC §10.2); should one slip through, the result is 0 rather than a crash.
    public static func / (lhs: Rational, rhs: Rational) -> Rational {
        guard rhs.numerator != 0 else { return .zero }
        return lhs * Rational(rhs.denominator, rhs.numerator)
    }

    public static prefix func - (value: Rational) -> Rational { Rational(-value.numerator, value.denominator) }

    public static func += (lhs: inout Rational, rhs: Rational) { lhs = lhs + rhs }

    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        if lhs.denominator == rhs.denominator { return lhs.numerator < rhs.numerator }
        // Fast path: cross-multiply in 64 bits when nothing overflows.
        if let a = Int64(exactly: lhs.numerator), let b = Int64(exactly: rhs.denominator),
            let c = Int64(exactly: rhs.numerator), let d = Int64(exactly: lhs.denominator)
        {
            let (left, leftOverflow) = a.multipliedReportingOverflow(by: b)
            let (right, rightOverflow) = c.multipliedReportingOverflow(by: d)
            if !leftOverflow && !rightOverflow { return left < right }
        }
        let difference = lhs - rhs
        return difference.numerator < 0
    }

    public func clamped(to range: ClosedRange<Rational>) -> Rational {
        min(max(self, range.lowerBound), range.upperBound)
    }

    /// Rounded half up (away from zero) to `places` decimals, as a fraction over 10^places.
    public func rounded(places: Int = 0) -> Rational {
        let scale = Int128(10).power(places)
        guard let scaled = Rational.checkedMultiply(numerator, scale) else { return coarse.rounded(places: places) }
        let twice = 2 * scaled.magnitude + denominator.magnitude
        let magnitude = Int128(twice / (2 * denominator.magnitude))
        return Rational(numerator < 0 ? -magnitude : magnitude, scale)
    }

    /// The value rounded half up to a whole number.
    public var roundedInteger: Int { Int(rounded().numerator) }

    /// Plain decimal text rounded half up to at most `places` decimals, trailing zeros dropped:
    /// `79.5`, `0.9167`, `100`.
    public func text(places: Int) -> String {
        // Fast path in 64-bit integers, which covers every ordinary score value.
        if let numerator = Int64(exactly: numerator), let denominator = Int64(exactly: denominator),
            numerator.magnitude < 1 << 42, denominator < 1 << 61, places <= 6
        {
            var scale: Int64 = 1
            for _ in 0..<places { scale *= 10 }
            let scaled = (2 * Int64(numerator.magnitude) * scale + denominator) / (2 * denominator)
            // Digits written straight into the string's storage: reports format millions of these.
            var fraction = scaled % scale
            var fractionDigits = places
            while fractionDigits > 0 && fraction % 10 == 0 {
                fraction /= 10
                fractionDigits -= 1
            }
            let negative = numerator < 0 && scaled != 0
            return String(unsafeUninitializedCapacity: 48) { buffer in
                var count = 0
                if negative {
                    buffer[count] = UInt8(ascii: "-")
                    count += 1
                }
                func put(_ value: Int64, width: Int) {
                    var digits = 0
                    var rest = value
                    repeat {
                        digits += 1
                        rest /= 10
                    } while rest > 0
                    digits = max(digits, width)
                    rest = value
                    for position in stride(from: count + digits - 1, through: count, by: -1) {
                        buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                        rest /= 10
                    }
                    count += digits
                }
                put(scaled / scale, width: 1)
                if fractionDigits > 0 {
                    buffer[count] = UInt8(ascii: ".")
                    count += 1
                    put(fraction, width: fractionDigits)
                }
                return count
            }
        }
        let value = rounded(places: places)
        let scale = Int128(10).power(places)
        let scaled = value.numerator * (scale / value.denominator)
        let whole = scaled.magnitude / scale.magnitude
        var fraction = String(scaled.magnitude % scale.magnitude)
        fraction = String(repeating: "0", count: max(0, places - fraction.count)) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        let sign = scaled < 0 ? "-" : ""
        return sign + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
    }

    public var description: String { text(places: 6) }

    static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x == 0 ? 1 : x
    }
}

extension Int128 {
    func power(_ exponent: Int) -> Int128 {
        var result: Int128 = 1
        for _ in 0..<exponent { result *= self }
        return result
    }
}

extension Rational: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}

extension Rational {
    /// A YAML number as the exact decimal it was written as; nil for anything else.
    public init?(_ node: DocumentNode?) {
        guard let node else { return nil }
        switch node.value {
        case .integer(let whole): self.init(whole)
        case .number(let real): self.init(real)
        default: return nil
        }
    }
}

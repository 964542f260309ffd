import Foundation

/// `multipleOf`, exact for decimals: binary floating point says 0.0075 is not a multiple of 0.0001, so
/// non-integer cases go through `Decimal` built from the numbers' shortest decimal spelling.
struct MultipleOfRule: Sendable {
    let divisor: Double
    private let wholeDivisor: Int?
    private let decimalDivisor: Decimal?

    init?(_ divisor: Double) {
        guard divisor.isFinite, divisor > 0 else { return nil }
        self.divisor = divisor
        wholeDivisor = Int(exactly: divisor)
        decimalDivisor = Self.decimal(divisor)
    }

    func admits(_ value: DocumentNode.Value) -> Bool {
        switch value {
        case .integer(let whole):
            if let wholeDivisor { return whole % wholeDivisor == 0 }
            return admits(Double(whole), exactDecimal: Decimal(whole))
        case .number(let real):
            guard real.isFinite else { return false }
            if let wholeDivisor, let whole = Int(exactly: real) { return whole % wholeDivisor == 0 }
            return admits(real, exactDecimal: Self.decimal(real))
        default:
            return true
        }
    }

    private func admits(_ value: Double, exactDecimal: Decimal?) -> Bool {
        let quotient = value / divisor
        guard quotient.isFinite else { return false }
        // Beyond Decimal's 38 digits the binary quotient is as good as it gets.
        if abs(quotient) < 1e30, let exactDecimal, let decimalDivisor {
            var exactQuotient = exactDecimal / decimalDivisor
            var rounded = Decimal()
            NSDecimalRound(&rounded, &exactQuotient, 0, .plain)
            return rounded == exactQuotient
        }
        return quotient.rounded() == quotient
    }

    private static func decimal(_ value: Double) -> Decimal? {
        guard value.isFinite, abs(value) < 1e100, value == 0 || abs(value) > 1e-100 else { return nil }
        return Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX"))
    }
}

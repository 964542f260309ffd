import Testing

@testable import CswsCore

/// The report's arithmetic on small portfolios computed by hand (SPEC §10.5).
@Suite("Report arithmetic")
struct ReportArithmeticTests {
    static let asOf = CalendarDate("2026-11-23")!

    static func ledger(_ id: String, arr: Rational, churned: Bool = false, _ events: [(String, RevenueEvent.Kind, Rational)]) -> RevenueLedger {
        RevenueLedger(
            customer: id, arr: arr, churned: churned,
            events: events.map { RevenueEvent(date: CalendarDate($0.0)!, kind: $0.1, amount: $0.2) }, asOf: asOf)
    }

    @Test("an expansion: 100,000 grown by 20,000 → NRR 120.0, GRR 100.0")
    func expansion() {
        let revenue = RevenueLedger.summarize([
            Self.ledger("a", arr: 120000, [("2024-01-15", .new, 100000), ("2026-05-01", .expansion, 20000)]),
        ], asOf: Self.asOf)
        #expect(revenue.startARR == 100000)
        #expect(revenue.expansion == 20000)
        #expect(revenue.nrr == 120)
        #expect(revenue.grr == 100)
    }

    @Test("a contraction: 80,000 cut by 10,000 beside a flat 20,000 → NRR = GRR = 90.0")
    func contraction() {
        let revenue = RevenueLedger.summarize([
            Self.ledger("a", arr: 70000, [("2025-01-01", .new, 80000), ("2026-02-01", .contraction, 10000)]),
            Self.ledger("b", arr: 20000, [("2025-06-01", .new, 20000), ("2026-06-01", .renewal, 20000)]),
        ], asOf: Self.asOf)
        #expect(revenue.startARR == 100000)
        #expect(revenue.contraction == 10000)
        #expect(revenue.nrr == 90)
        #expect(revenue.grr == 90)
    }

    @Test("a churn with arr left at its last value: current ARR counts as 0")
    func churnKeepsLastARR() {
        // Start: 30,000 (churned, its arr still says 30,000) + 60,000 = 90,000; churn 30,000;
        // expansion 6,000. NRR = (90,000 + 6,000 − 30,000) / 90,000 = 73.33 → 73.3; GRR = 66.67 → 66.7.
        let revenue = RevenueLedger.summarize([
            Self.ledger("gone", arr: 30000, churned: true, [("2024-03-01", .new, 30000), ("2026-08-31", .churn, 30000)]),
            Self.ledger("kept", arr: 66000, [("2023-03-01", .new, 60000), ("2026-09-01", .expansion, 6000)]),
        ], asOf: Self.asOf)
        #expect(revenue.startARR == 90000)
        #expect(revenue.churn == 30000)
        #expect(revenue.nrr == Rational(733, 10))
        #expect(revenue.grr == Rational(667, 10))
    }

    @Test("a customer won inside the period is new ARR, not expansion; its later expansion counts nowhere")
    func newInsidePeriod() {
        let revenue = RevenueLedger.summarize([
            Self.ledger("old", arr: 50000, [("2024-01-01", .new, 50000)]),
            Self.ledger("won", arr: 45000, [("2026-01-10", .new, 40000), ("2026-07-01", .expansion, 5000)]),
        ], asOf: Self.asOf)
        #expect(revenue.startARR == 50000)
        #expect(revenue.newARR == 40000)
        #expect(revenue.expansion == 0)
        #expect(revenue.nrr == 100)
    }

    @Test("a ledger that does not add up is left out of every figure and listed")
    func inconsistentLedger() {
        let revenue = RevenueLedger.summarize([
            Self.ledger("good", arr: 10000, [("2024-01-01", .new, 10000)]),
            Self.ledger("bad", arr: 5000, [("2026-03-01", .new, 25000)]),
        ], asOf: Self.asOf)
        #expect(revenue.excluded == ["bad"])
        #expect(revenue.startARR == 10000)
        #expect(revenue.newARR == 0)
        #expect(revenue.nrr == 100)
    }

    @Test("events after as-of are ignored; the period starts the day after as-of − 365")
    func periodEdges() {
        let onStart = Self.ledger("a", arr: 11000, [("2025-11-23", .expansion, 1000), ("2020-01-01", .new, 10000)])
        let dayAfter = Self.ledger("b", arr: 11000, [("2025-11-24", .expansion, 1000), ("2020-01-01", .new, 10000)])
        let future = Self.ledger("c", arr: 10000, [("2026-11-24", .expansion, 999), ("2020-01-01", .new, 10000)])
        #expect(onStart.startARR == 11000)
        #expect(dayAfter.startARR == 10000)
        #expect(future.startARR == 10000)
        let revenue = RevenueLedger.summarize([onStart, dayAfter, future], asOf: Self.asOf)
        #expect(revenue.from == CalendarDate("2025-11-24"))
        #expect(revenue.expansion == 1000)
        #expect(RevenueLedger.summarize([], asOf: Self.asOf).nrr == nil)
    }

    @Test("ARR at a month-end reads the ledger backwards from today")
    func arrAtDate() {
        let ledger = Self.ledger("a", arr: 0, churned: true, [
            ("2025-01-01", .new, 40000), ("2026-03-01", .expansion, 10000), ("2026-09-30", .churn, 50000),
        ])
        #expect(ledger.arr(at: CalendarDate("2025-12-31")!) == 40000)
        #expect(ledger.arr(at: CalendarDate("2026-08-31")!) == 50000)
        #expect(ledger.arr(at: CalendarDate("2026-09-30")!) == 0)
    }

    @Test("median time to first value", arguments: [
        ([21], Rational(21)), ([30, 10], Rational(20)), ([10, 21, 30], Rational(21)),
        ([5, 8, 13, 30], Rational(21, 2)), ([7, 7, 9, 40, 1, 2], Rational(7)),
    ])
    func median(values: [Int], expected: Rational) {
        #expect(PortfolioReportBuilder.median(values) == expected)
    }

    @Test("the six month-ends before as-of's month, across a year end and a leap February")
    func monthEnds() {
        #expect(PortfolioReportBuilder.monthEnds(before: CalendarDate("2026-11-23")!).map(\.description)
            == ["2026-05-31", "2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31"])
        #expect(PortfolioReportBuilder.monthEnds(before: CalendarDate("2024-04-01")!).map(\.description)
            == ["2023-10-31", "2023-11-30", "2023-12-31", "2024-01-31", "2024-02-29", "2024-03-31"])
    }

    @Test("money is exact, grouped for people; percentages keep one decimal")
    func numbers() {
        #expect(ReportNumbers.exact(Rational(decimalText: "1234567.125")!) == "1234567.125")
        #expect(ReportNumbers.grouped(Rational(decimalText: "1234567.125")!) == "1,234,567.125")
        #expect(ReportNumbers.grouped(-2500) == "-2,500")
        #expect(ReportNumbers.grouped(999) == "999")
        #expect(ReportNumbers.percent(104) == "104.0")
        #expect(ReportNumbers.percent(Rational(975, 10)) == "97.5")
        #expect(ReportNumbers.share(1, of: 3) == "33.3")
        #expect(ReportNumbers.share(1, of: 0) == nil)
    }

    @Test("SHA-256 of the FIPS 180-4 examples", arguments: [
        ("", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
        ("abc", "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE="),
        (String(repeating: "a", count: 1000), "Qe3s5C1j6Nm/UVqbppMuHCDLyfWl0TRkWttdsblzfqM="),
    ])
    func sha256(input: String, expected: String) {
        #expect(SHA256.base64Digest(of: input) == expected)
    }
}

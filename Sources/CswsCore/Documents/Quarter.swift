/// A calendar quarter, `2026-Q4` (SPEC §10.3: QBR quarters are calendar quarters).
public struct Quarter: Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    /// 1...4
    public let number: Int

    public init?(year: Int, number: Int) {
        guard (1...4).contains(number), (1...9999).contains(year) else { return nil }
        self.year = year
        self.number = number
    }

    /// `2026-Q4`; nil for anything else (`2026-Q5`, `2026Q4`).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), parts[1].count == 2, parts[1].first == "Q",
            let number = Int(parts[1].dropFirst())
        else { return nil }
        self.init(year: year, number: number)
    }

    /// The quarter holding `date`.
    public init(containing date: CalendarDate) {
        year = date.year
        number = date.quarter
    }

    public var start: CalendarDate { CalendarDate(year: year, month: (number - 1) * 3 + 1, day: 1)! }

    public var end: CalendarDate {
        let month = number * 3
        return CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))!
    }

    public var next: Quarter { number == 4 ? Quarter(year: year + 1, number: 1)! : Quarter(year: year, number: number + 1)! }

    public func contains(_ date: CalendarDate) -> Bool { date >= start && date <= end }

    public var description: String { "\(year)-Q\(number)" }
}

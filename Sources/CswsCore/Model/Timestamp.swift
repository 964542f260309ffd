import Foundation

/// An ISO 8601 timestamp with offset (`2026-11-18T09:30:00-06:00`), as seconds since the epoch.
public struct Timestamp: Sendable, Comparable {
    public let secondsSinceEpoch: Int
    /// The offset it was written with, in seconds east of UTC.
    public let offsetSeconds: Int

    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, let date = CalendarDate(String(decoding: bytes[0..<10], as: UTF8.self)),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == UInt8(ascii: " ")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let hour = number(11..<13), bytes[13] == UInt8(ascii: ":"), let minute = number(14..<16),
            bytes[16] == UInt8(ascii: ":"), let second = number(17..<19)
        else { return nil }
        var index = 19
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") {
            guard index + 1 == bytes.count else { return nil }
        } else {
            guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"),
                index + 6 == bytes.count, let offsetHours = number(index + 1..<index + 3),
                bytes[index + 3] == UInt8(ascii: ":"), let offsetMinutes = number(index + 4..<index + 6)
            else { return nil }
            offset = (offsetHours * 3600 + offsetMinutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        }
        offsetSeconds = offset
        secondsSinceEpoch = date.dayNumber * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offset
    }

    init(secondsSinceEpoch: Int, offsetSeconds: Int) {
        self.secondsSinceEpoch = secondsSinceEpoch
        self.offsetSeconds = offsetSeconds
    }

    public func adding(hours: Int) -> Timestamp {
        Timestamp(secondsSinceEpoch: secondsSinceEpoch + hours * 3600, offsetSeconds: offsetSeconds)
    }

    /// The calendar day in the timestamp's own offset.
    public var localDate: CalendarDate {
        let local = secondsSinceEpoch + offsetSeconds
        return CalendarDate(dayNumber: local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.secondsSinceEpoch < rhs.secondsSinceEpoch }

    /// `2026-11-23T09:30:00+01:00`: whole seconds, in the timestamp's own offset.
    public var text: String {
        let local = secondsSinceEpoch + offsetSeconds
        let secondsOfDay = ((local % 86_400) + 86_400) % 86_400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let offset = abs(offsetSeconds)
        return "\(localDate)T\(two(secondsOfDay / 3600)):\(two(secondsOfDay % 3600 / 60)):\(two(secondsOfDay % 60))"
            + (offsetSeconds < 0 ? "-" : "+") + "\(two(offset / 3600)):\(two(offset % 3600 / 60))"
    }

    /// Now, in the machine's time zone.
    public static func now() -> Timestamp {
        let seconds = Int(Date().timeIntervalSince1970)
        return Timestamp(secondsSinceEpoch: seconds, offsetSeconds: TimeZone.current.secondsFromGMT())
    }
}

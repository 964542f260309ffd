/// The `format` values csws asserts. Any other format name is an annotation only and always passes.
enum SchemaFormat: String, Sendable {
    case date
    case dateTime = "date-time"
    case email
}

/// What is wrong with a would-be date, so a message can say more than "invalid".
enum DateProblem: Equatable, Sendable {
    case notADate
    /// Digits without leading zeros, e.g. `2026-3-7`; carries the zero-padded form when that is a real date.
    case unpadded(suggestion: String?)
    case monthOutOfRange(Int)
    case dayOutOfRange(year: Int, month: Int, day: Int)
    /// A timestamp where only a day belongs; carries the date part.
    case hasTime(datePart: String)
}

/// What is wrong with a would-be timestamp.
enum DateTimeProblem: Equatable, Sendable {
    case notATimestamp
    case invalidDate(DateProblem)
    /// Only a date, no time of day.
    case dateOnly
    /// A valid date and time of day without `Z` or `±hh:mm`.
    case missingOffset
    /// A date and time written loosely (a space for `T`, no seconds); carries the strict spelling of
    /// what was written, and whether an offset still has to be added.
    case looselyWritten(strict: String, needsOffset: Bool)
    case invalidTime
    case invalidOffset
}

/// RFC 3339 dates and timestamps and RFC 5321 email addresses, checked byte by byte (no Foundation
/// formatter: those accept far too much, e.g. non-ASCII digits or a missing offset).
enum FormatCheckers {
    static func isValid(_ text: String, as format: SchemaFormat) -> Bool {
        switch format {
        case .date: return isValidDate(text)
        case .dateTime: return isValidDateTime(text)
        case .email: return isValidEmail(text)
        }
    }

    // MARK: date

    static func isValidDate(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { fullDate($0[...]) != nil }
    }

    /// `YYYY-MM-DD` with a real calendar day; returns (year, month, day).
    static func fullDate<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> (year: Int, month: Int, day: Int)? where Bytes.Index == Int {
        guard bytes.count == 10 else { return nil }
        let base = bytes.startIndex
        guard bytes[base + 4] == UInt8(ascii: "-"), bytes[base + 7] == UInt8(ascii: "-"),
              let year = digits(bytes, base, 4), let month = digits(bytes, base + 5, 2),
              let day = digits(bytes, base + 8, 2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return (year, month, day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Why `text` is not a date (nil when it is one).
    static func dateProblem(_ text: String) -> DateProblem? {
        let bytes = Array(text.utf8)
        if fullDate(bytes[...]) != nil { return nil }
        if bytes.count > 10, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == UInt8(ascii: " "),
           fullDate(bytes[0..<10]) != nil {
            return .hasTime(datePart: String(decoding: bytes[0..<10], as: UTF8.self))
        }
        // Three dash-separated ASCII numbers: say which part is wrong.
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(isASCIIDigit) }),
              parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
            return .notADate
        }
        if !(1...12).contains(month) { return .monthOutOfRange(month) }
        if day < 1 || day > daysIn(month: month, year: year) { return .dayOutOfRange(year: year, month: month, day: day) }
        return .unpadded(suggestion: "\(parts[0])-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)")
    }

    // MARK: date-time

    static func isValidDateTime(_ text: String) -> Bool {
        dateTimeProblem(text) == nil
    }

    /// Why `text` is not an RFC 3339 date-time with offset (nil when it is one).
    static func dateTimeProblem(_ text: String) -> DateTimeProblem? {
        var text = text
        return text.withUTF8 { dateTimeProblem(bytes: $0) }
    }

    private static func dateTimeProblem(bytes: UnsafeBufferPointer<UInt8>) -> DateTimeProblem? {
        let problem = strictDateTimeProblem(bytes: bytes)
        if problem == .notATimestamp { return looseDateTime(bytes: bytes) ?? problem }
        return problem
    }

    /// `2026-11-23 09:30`, `2026-11-23T09:30+01:00`: a date and a time of day that only miss the
    /// strict form.
    private static func looseDateTime(bytes: UnsafeBufferPointer<UInt8>) -> DateTimeProblem? {
        guard bytes.count >= 16, fullDate(bytes[0..<10]) != nil,
              [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(bytes[10]),
              bytes[13] == UInt8(ascii: ":"), let hour = digits(bytes, 11, 2), let minute = digits(bytes, 14, 2),
              hour <= 23, minute <= 59 else { return nil }
        var index = 16
        var second = 0
        if index + 3 <= bytes.count, bytes[index] == UInt8(ascii: ":"), let written = digits(bytes, index + 1, 2) {
            second = written
            index += 3
        }
        guard second <= 59 else { return nil }
        let date = String(decoding: bytes[0..<10], as: UTF8.self)
        let local = date + "T" + String(format2: hour) + ":" + String(format2: minute) + ":" + String(format2: second)
        let rest = String(String(decoding: bytes[index...], as: UTF8.self).drop { $0 == " " })
        if rest.isEmpty { return .looselyWritten(strict: local, needsOffset: true) }
        if rest == "Z" || rest == "z" { return .looselyWritten(strict: local + "Z", needsOffset: false) }
        let offset = Array(rest.utf8)
        guard offset.count == 6, offset[0] == UInt8(ascii: "+") || offset[0] == UInt8(ascii: "-"), offset[3] == UInt8(ascii: ":"),
              let offsetHour = digits(offset, 1, 2), let offsetMinute = digits(offset, 4, 2),
              offsetHour <= 23, offsetMinute <= 59 else { return nil }
        return .looselyWritten(strict: local + rest, needsOffset: false)
    }

    private static func strictDateTimeProblem(bytes: UnsafeBufferPointer<UInt8>) -> DateTimeProblem? {
        guard bytes.count >= 10 else { return .notATimestamp }
        guard fullDate(bytes[0..<10]) != nil else {
            if bytes.count == 10 || (bytes.count > 10 && (bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"))),
               let problem = dateProblem(String(decoding: bytes[0..<10], as: UTF8.self)), problem != .notADate {
                return .invalidDate(problem)
            }
            return .notATimestamp
        }
        if bytes.count == 10 { return .dateOnly }
        guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") else { return .notATimestamp }
        // partial-time: HH:MM:SS[.fraction]
        guard bytes.count >= 19, bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let hour = digits(bytes, 11, 2), let minute = digits(bytes, 14, 2), let second = digits(bytes, 17, 2) else {
            return .notATimestamp
        }
        guard hour <= 23, minute <= 59, second <= 60 else { return .invalidTime }
        var index = 19
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, isASCIIDigit(bytes[index]) { index += 1 }
            if index == fractionStart { return .notATimestamp }
        }
        guard index < bytes.count else { return .missingOffset }
        var offsetMinutes = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            guard bytes.count - index == 6, bytes[index + 3] == UInt8(ascii: ":"),
                  let offsetHour = digits(bytes, index + 1, 2), let offsetMinute = digits(bytes, index + 4, 2) else {
                return .invalidOffset
            }
            guard offsetHour <= 23, offsetMinute <= 59 else { return .invalidOffset }
            offsetMinutes = sign * (offsetHour * 60 + offsetMinute)
            index += 6
        default:
            return .notATimestamp
        }
        guard index == bytes.count else { return .notATimestamp }
        if second == 60 {
            // A leap second exists only as the last second of a UTC day: 23:59:60Z.
            let utcMinuteOfDay = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            if utcMinuteOfDay != 23 * 60 + 59 { return .invalidTime }
        }
        return nil
    }

    // MARK: email

    /// RFC 5321 mailbox: dot-atom or quoted local part, then a host name or an address literal.
    /// Non-ASCII characters are accepted where RFC 6531 allows them, since not every name is ASCII.
    static func isValidEmail(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isValidEmail(bytes: $0) }
    }

    private static func isValidEmail(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        var index = 0
        if bytes[0] == UInt8(ascii: "\"") {
            index = 1
            var closed = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") {
                    closed = true
                    index += 1
                    break
                }
                guard byte >= 0x20, byte != 0x7F else { return false }
                index += 1
            }
            guard closed, index < bytes.count, bytes[index] == UInt8(ascii: "@") else { return false }
        } else {
            guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0,
                  bytes[0] != UInt8(ascii: "."), bytes[at - 1] != UInt8(ascii: ".") else { return false }
            var previousWasDot = false
            for byte in bytes[0..<at] {
                if byte == UInt8(ascii: ".") {
                    if previousWasDot { return false }
                    previousWasDot = true
                    continue
                }
                previousWasDot = false
                guard isAtomByte(byte) else { return false }
            }
            index = at
        }
        let domain = UnsafeBufferPointer(rebasing: bytes[(index + 1)...])
        guard !domain.isEmpty else { return false }
        if domain.first == UInt8(ascii: "[") {
            guard domain.last == UInt8(ascii: "]") else { return false }
            let literal = String(decoding: domain.dropFirst().dropLast(), as: UTF8.self)
            if literal.hasPrefix("IPv6:") { return isValidIPv6(String(literal.dropFirst(5))) }
            return isValidIPv4(literal)
        }
        return isValidHostName(bytes: domain)
    }

    private static func isAtomByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case 0x80...0xFF:
            return true
        default:
            return "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
        }
    }

    static func isValidHostName(_ host: String) -> Bool {
        var host = host
        return host.withUTF8 { isValidHostName(bytes: $0) }
    }

    private static func isValidHostName(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        for label in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.count <= 63, label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else {
                return false
            }
            for byte in label {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                     UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), 0x80...0xFF:
                    continue
                default:
                    return false
                }
            }
        }
        return true
    }

    static func isValidIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard (1...3).contains(part.count), part.utf8.allSatisfy(isASCIIDigit), let value = Int(part), value <= 255 else {
                return false
            }
            return part.count == 1 || part.first != "0"
        }
    }

    static func isValidIPv6(_ text: String) -> Bool {
        var address = text
        // An embedded IPv4 tail stands for the last two groups.
        if let lastColon = address.lastIndex(of: ":") {
            let tail = address[address.index(after: lastColon)...]
            if tail.contains(".") {
                guard isValidIPv4(String(tail)) else { return false }
                address = address[...lastColon] + "0:0"
            }
        }
        func isGroupList(_ text: Substring) -> [Substring]? {
            if text.isEmpty { return [] }
            let groups = text.split(separator: ":", omittingEmptySubsequences: false)
            let valid = groups.allSatisfy { (1...4).contains($0.count) && $0.unicodeScalars.allSatisfy(\.properties.isASCIIHexDigit) }
            return valid ? groups : nil
        }
        let halves = address.components(separatedBy: "::")
        switch halves.count {
        case 1:
            return isGroupList(Substring(address))?.count == 8
        case 2:
            guard let left = isGroupList(Substring(halves[0])), let right = isGroupList(Substring(halves[1])) else { return false }
            return left.count + right.count <= 7
        default:
            return false
        }
    }

    // MARK: digits

    static func isASCIIDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// The number written by `count` ASCII digits at `start`, or nil when any is not a digit.
    static func digits<Bytes: Collection<UInt8>>(_ bytes: Bytes, _ start: Int, _ count: Int) -> Int? where Bytes.Index == Int {
        var value = 0
        for index in start..<(start + count) {
            let byte = bytes[index]
            guard isASCIIDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}

private extension String {
    /// Two digits, zero-padded.
    init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}

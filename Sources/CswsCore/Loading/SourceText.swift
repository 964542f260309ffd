/// Position arithmetic over a file's raw bytes: libyaml and our own scanners report byte offsets,
/// people read lines and columns.
enum SourceText {
    /// The 1-based line and column (in Unicode scalars) of the byte at `offset`.
    static func location(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> SourceLocation {
        var line = 1
        var column = 1
        // A byte-order mark is invisible to people (and to libyaml's columns): skip it.
        var index = bytes.starts(with: TextPrecheck.byteOrderMark) ? 3 : 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte == 0x0D {
                // A lone CR ends a line too; CR LF counts once (at the LF).
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                } else {
                    line += 1
                    column = 1
                }
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return SourceLocation(line: line, column: column)
    }

    /// The text of 1-based `line` without its line break, decoding invalid UTF-8 with replacement
    /// characters; nil past the end.
    public static func line(_ number: Int, of bytes: [UInt8]) -> String? {
        var current = 1
        var start = 0
        var index = 0
        while index < bytes.count, current < number {
            if bytes[index] == 0x0A { current += 1; start = index + 1 }
            index += 1
        }
        guard current == number, start <= bytes.count else { return nil }
        var end = start
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        var slice = bytes[start..<end]
        if slice.last == 0x0D { slice = slice.dropLast() }
        if number == 1, slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
        return String(decoding: slice, as: UTF8.self)
    }
}

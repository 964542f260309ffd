/// Checks that run on a file's raw bytes before the YAML parser sees them, so that every kind of
/// malformed input gets a precise, cheap diagnostic instead of a confusing parser error.
enum TextPrecheck {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Findings that make the text unparseable (binary, invalid UTF-8, control bytes, conflict
    /// markers). Empty means the bytes may go to the YAML parser.
    static func problems(in bytes: UnsafeBufferPointer<UInt8>) -> [Finding] {
        let scan = scanEncoding(bytes)
        if let offset = scan.problemOffset {
            // Only a file that is not clean text can be binary; looking costs a pass, so only then.
            if looksBinary(bytes) {
                return [Finding(
                    rule: "binary-file", message: "this is a binary file, not YAML text",
                    hint: "move it out of the customer folder (for example into notes/), or restore the YAML file from git",
                    showsExcerpt: false)]
            }
            let location = SourceText.location(ofByte: offset, in: bytes)
            let byte = bytes[offset]
            let isControl = byte < 0x80
            let description = isControl
                ? "a control character (byte 0x\(hex(byte))) is not allowed in YAML text"
                : "invalid UTF-8 (byte 0x\(hex(byte)))"
            return [Finding(
                rule: isControl ? "control-character" : "invalid-utf8", message: description, at: location,
                hint: isControl
                    ? "delete the invisible character at this position"
                    : "save the file as UTF-8 in your editor (it may have been saved as Latin-1 or Windows-1252)")]
        }
        return scan.mayHaveConflictMarkers ? conflictMarkers(in: bytes) : []
    }

    /// A NUL among the first 8 KiB together with many other non-text bytes means a binary file; a
    /// stray NUL in otherwise normal text is reported where it is.
    private static func looksBinary(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let sample = min(bytes.count, 8192)
        var nulCount = 0
        var nonText = 0
        for index in 0..<sample {
            let byte = bytes[index]
            if byte == 0 { nulCount += 1 }
            if byte < 0x09 || (byte > 0x0D && byte < 0x20) || byte == 0x7F { nonText += 1 }
        }
        return nulCount > 0 && nonText * 10 > sample
    }

    /// One pass over the bytes: the offset of the first byte that is not valid UTF-8 or is a
    /// C0/DEL control other than tab, LF and CR, and whether any line starts with a character that
    /// could begin a conflict marker (so the marker scan runs only when it can find something).
    private static func scanEncoding(_ bytes: UnsafeBufferPointer<UInt8>)
        -> (problemOffset: Int?, mayHaveConflictMarkers: Bool)
    {
        var index = 0
        let count = bytes.count
        let firstTextByte = bytes.starts(with: byteOrderMark) ? 3 : 0
        var markerCandidate = count > firstTextByte && isMarkerStart(bytes[firstTextByte])
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == 0x0A {
                    if index + 1 < count, isMarkerStart(bytes[index + 1]) { markerCandidate = true }
                } else if (byte < 0x20 && byte != 0x09 && byte != 0x0D) || byte == 0x7F {
                    return (index, markerCandidate)
                }
                index += 1
                continue
            }
            let length: Int
            let minimum: UInt32
            var scalar: UInt32
            switch byte {
            case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(byte & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(byte & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(byte & 0x07)
            default: return (index, markerCandidate)
            }
            guard index + length <= count else { return (index, markerCandidate) }
            for continuation in 1..<length {
                let next = bytes[index + continuation]
                guard next & 0xC0 == 0x80 else { return (index, markerCandidate) }
                scalar = scalar << 6 | UInt32(next & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
                return (index, markerCandidate)
            }
            index += length
        }
        return (nil, markerCandidate)
    }

    private static func isMarkerStart(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: "=") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "|")
    }

    /// Every git conflict marker line (`<<<<<<<`, `|||||||`, `=======`, `>>>>>>>` at a line start).
    static func conflictMarkers(in bytes: UnsafeBufferPointer<UInt8>) -> [Finding] {
        var findings: [Finding] = []
        var lineStart = bytes.starts(with: byteOrderMark) ? 3 : 0
        var line = 1
        let count = bytes.count
        while lineStart < count {
            var lineEnd = lineStart
            while lineEnd < count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let first = bytes[lineStart]
            if first == UInt8(ascii: "<") || first == UInt8(ascii: "=") || first == UInt8(ascii: ">")
                || first == UInt8(ascii: "|"), isMarker(bytes, from: lineStart, to: lineEnd)
            {
                let kind: String
                switch first {
                case UInt8(ascii: "<"): kind = "start of a conflict (our version follows)"
                case UInt8(ascii: "="): kind = "middle of a conflict (their version follows)"
                case UInt8(ascii: "|"): kind = "common ancestor section of a conflict"
                default: kind = "end of a conflict"
                }
                findings.append(Finding(
                    rule: "conflict-marker", message: "git conflict marker: \(kind)",
                    at: SourceLocation(line: line, column: 1), width: 7,
                    hint: "keep the lines you want, delete the marker lines, then run `csws sync` to finish the merge"))
            }
            lineStart = lineEnd + 1
            line += 1
        }
        return findings
    }

    private static func isMarker(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        guard end - start >= 7 else { return false }
        let first = bytes[start]
        for offset in 1..<7 where bytes[start + offset] != first { return false }
        if end - start == 7 { return true }
        let next = bytes[start + 7]
        // `=======` stands alone; the others are followed by a space and a label.
        if first == UInt8(ascii: "=") { return next == 0x0D }
        return next == 0x20 || next == 0x0D
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

import CSV
import Foundation

/// One problem of an import, as `FILE.csv:ROW: COLUMN: message` (SPEC §10.7): rows numbered as a
/// spreadsheet shows them (the header is row 1).
public struct ImportProblem: Sendable, CustomStringConvertible {
    public var file: String
    public var row: Int
    public var column: String?
    public var message: String
    public var hint: String?

    public var description: String {
        "\(file):\(row): " + (column.map { "\($0): " } ?? "") + message + (hint.map { " (\($0))" } ?? "")
    }
}

/// Why an import changes nothing: every problem found, in row order.
public struct ImportRejection: Error, Sendable {
    public var problems: [ImportProblem]
}

/// A CSV file as CRMs and spreadsheets write it (RFC 4180, UTF-8 with or without a BOM, LF or
/// CRLF, quoted commas, quotes and line breaks), read with CSV.swift, columns matched to fields.
public struct CSVInput: Sendable {
    public struct Row: Sendable {
        /// The spreadsheet row number.
        public var number: Int
        /// Field → cell, trimmed; empty cells left out.
        public var cells: [String: String]
    }

    public var file: String
    public var rows: [Row]

    public static let maximumSize = 10 * 1024 * 1024

    /// Reads `path`, maps its header to `fields` (`map`: column → field, `ignore`: columns to skip),
    /// and returns the rows, or every problem with the file and its header.
    public static func read(
        path: String, fields: [String], map: [String: String], ignore: [String]
    ) -> Result<CSVInput, ImportRejection> {
        let name = (path as NSString).lastPathComponent
        func fail(_ row: Int, _ message: String, column: String? = nil, hint: String? = nil) -> Result<CSVInput, ImportRejection> {
            .failure(ImportRejection(problems: [ImportProblem(file: name, row: row, column: column, message: message, hint: hint)]))
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            return fail(1, "cannot read the file")
        }
        if (attributes[.size] as? Int ?? 0) > maximumSize { return fail(1, "the file is larger than 10 MB", hint: "split it") }
        if data.contains(0) { return fail(1, "this is not a text file (it contains NUL bytes)", hint: "export the sheet as CSV") }
        guard var text = String(data: data, encoding: .utf8) else {
            return fail(1, "the file is not UTF-8", hint: "save it as CSV UTF-8")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if text.filter({ $0 == "\"" }).count % 2 == 1 {
            let lastQuoteLine = text[..<(text.lastIndex(of: "\"") ?? text.endIndex)].filter { $0 == "\n" || $0 == "\r\n" }.count + 1
            return fail(lastQuoteLine, "a quoted field is not closed", hint: "every opening \" needs a closing \"")
        }
        var records: [[String]] = []
        do {
            let reader = try CSVReader(string: text, hasHeaderRow: false)
            while let record = reader.next() { records.append(record) }
            if let error = reader.error { return fail(records.count + 1, "cannot read the CSV: \(error)") }
        } catch {
            return fail(1, "cannot read the CSV: \(error)")
        }
        guard let header = records.first, header.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            return fail(1, "no header row", hint: "the first row names the columns")
        }

        // Header → fields: trimmed, case-insensitive; --map renames, --ignore skips.
        var problems: [ImportProblem] = []
        let mapped = Dictionary(map.map { ($0.key.trimmingCharacters(in: .whitespaces).lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        let ignored = Set(ignore.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        var columns: [String?] = []
        var seen: [String: Int] = [:]
        for (index, raw) in header.enumerated() {
            let column = raw.trimmingCharacters(in: .whitespaces)
            let key = column.lowercased()
            if let first = seen[key] {
                problems.append(ImportProblem(file: name, row: 1, column: column, message: "duplicate column (also column \(first + 1))"))
            }
            seen[key] = index
            if ignored.contains(key) || column.isEmpty {
                columns.append(nil)
            } else if let field = mapped[key] ?? (fields.contains(key) ? key : nil) {
                columns.append(field)
            } else {
                let suggestion = Suggestions.nearest(to: key, in: fields)
                problems.append(ImportProblem(
                    file: name, row: 1, column: column, message: "unknown column",
                    hint: (suggestion.map { "did you mean `\($0)`? " } ?? "") + "map it with --map \"\(column)=FIELD\" or skip it with --ignore \"\(column)\""))
                columns.append(nil)
            }
        }
        for field in map.values where !fields.contains(field) {
            problems.append(ImportProblem(file: name, row: 1, column: nil, message: "--map names an unknown field `\(field)`",
                                          hint: "fields: " + fields.joined(separator: ", ")))
        }
        var rows: [Row] = []
        for (index, record) in records.enumerated().dropFirst() {
            let number = index + 1
            if record.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            if record.count > header.count {
                problems.append(ImportProblem(file: name, row: number, column: nil, message: "\(record.count) cells but the header has \(header.count)"))
                continue
            }
            var cells: [String: String] = [:]
            for (position, cell) in record.enumerated() {
                guard let field = columns[position] else { continue }
                let value = cell.trimmingCharacters(in: .whitespacesAndNewlines)
                if !value.isEmpty { cells[field] = value }
            }
            rows.append(Row(number: number, cells: cells))
        }
        return problems.isEmpty ? .success(CSVInput(file: name, rows: rows)) : .failure(ImportRejection(problems: problems))
    }
}

/// Cell values as the import reads them: plain decimals, ISO dates (or `11/2/2026` with a date
/// format), booleans, slugs.
public enum CellValue {
    public enum DateFormat: String, Sendable, CaseIterable {
        case mdy, dmy
    }

    /// A plain decimal (`120000`, `120000.50`); nil otherwise.
    public static func number(_ text: String) -> Rational? {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        return Rational(decimalText: text)
    }

    /// Why a cell is not a plain number, with the fix.
    public static func numberHint(_ text: String) -> String {
        if text.contains(where: { "$€£¥".contains($0) }) || text.contains(",") {
            let plain = text.filter { $0.isNumber || $0 == "." || $0 == "-" }
            return "write plain numbers, without currency signs or thousands separators: \(plain)"
        }
        return "write a plain number like 120000 or 120000.50"
    }

    public static func date(_ text: String, format: DateFormat?) -> CalendarDate? {
        if let date = CalendarDate(text) { return date }
        guard let format else { return nil }
        let parts = text.split(separator: "/")
        guard parts.count == 3, let first = Int(parts[0]), let second = Int(parts[1]), let year = Int(parts[2]), parts[2].count == 4 else { return nil }
        return format == .mdy ? CalendarDate(year: year, month: first, day: second) : CalendarDate(year: year, month: second, day: first)
    }

    public static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: return nil
        }
    }
}

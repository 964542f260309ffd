import CSQLite
import CSV
import Foundation

/// Writes the export tables as CSV files, JSON Lines files (a folder, one file per table) or one
/// SQLite database, replacing an earlier export so a reader sees the old one or the new one.
public enum ExportWriter {
    public enum Format: String, Sendable, CaseIterable {
        case csv, jsonl, sqlite
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public var hint: String?
    }

    public static func write(_ tables: [ExportTable], format: Format, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw Failure(description: "cannot write \(path): the folder \(folder) does not exist", hint: "create it, or pass another -o")
        }
        try refuseToReplaceSomethingElse(path, format: format)
        let temporary = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            switch format {
            case .sqlite: try SQLiteExport.write(tables, to: temporary)
            case .csv, .jsonl:
                try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
                for table in tables {
                    let file = temporary + "/\(table.name).\(format.rawValue)"
                    if format == .csv { try writeCSV(table, to: file) } else { try writeJSONLines(table, to: file) }
                }
                _ = FileManager.default.createFile(atPath: temporary + "/" + marker, contents: Data("csws export\n".utf8))
            }
            try replace(path, with: temporary)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            if let failure = error as? Failure { throw failure }
            throw Failure(description: "cannot write \(path): \(error)", hint: "check the disk and the folder's permissions")
        }
    }

    /// Marks a folder as a csws export, so a later export may replace it (and nothing else).
    static let marker = ".csws-export"

    static func refuseToReplaceSomethingElse(_ path: String, format: Format) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return }
        switch format {
        case .sqlite:
            let header = FileHandle(forReadingAtPath: path).flatMap { try? $0.read(upToCount: 16) }
            guard !isFolder.boolValue, header == Data("SQLite format 3\u{0}".utf8) || header?.isEmpty == true else {
                throw Failure(description: "\(path) exists and is not an SQLite database", hint: "pass another -o; csws replaces only an earlier export")
            }
        case .csv, .jsonl:
            guard isFolder.boolValue, FileManager.default.fileExists(atPath: path + "/" + marker) else {
                throw Failure(description: "\(path) exists and is not an earlier csws export", hint: "pass a new folder to -o; csws replaces only its own exports")
            }
        }
    }

    /// Renames the new export into place. A folder cannot be swapped in one step: the old one is
    /// renamed aside first, so `path` is briefly absent but never half-written.
    static func replace(_ path: String, with temporary: String) throws {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        if exists && isFolder.boolValue {
            let aside = path + ".old-\(getpid())"
            guard rename(path, aside) == 0 else { throw Failure(description: "cannot replace \(path): \(String(cString: strerror(errno)))") }
            guard rename(temporary, path) == 0 else {
                _ = rename(aside, path)
                throw Failure(description: "cannot replace \(path): \(String(cString: strerror(errno)))")
            }
            try? FileManager.default.removeItem(atPath: aside)
        } else {
            guard rename(temporary, path) == 0 else { throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
        }
    }

    static func writeCSV(_ table: ExportTable, to file: String) throws {
        guard let stream = OutputStream(toFileAtPath: file, append: false) else {
            throw Failure(description: "cannot write \(file)")
        }
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: table.columns.map(\.name))
        for row in table.rows { try writer.write(row: row.map(\.text)) }
        writer.stream.close()
    }

    static func writeJSONLines(_ table: ExportTable, to file: String) throws {
        var text = ""
        for row in table.rows {
            let members: [(String, JSONValue)] = zip(table.columns, row).map { column, value in
                switch value {
                case .null: return (column.name, .null)
                case .integer(let whole): return (column.name, .int(whole))
                case .real(let number): return (column.name, .raw(ReportNumbers.exact(number)))
                case .text(let string): return (column.name, .string(string))
                }
            }
            text += JSONValue.object(members).serialized + "\n"
        }
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8)) else {
            throw Failure(description: "cannot write \(file)")
        }
    }
}

/// The SQLite database of an export, through the system SQLite library: one transaction, one
/// prepared statement per table, an index on `customer`.
enum SQLiteExport {
    static func write(_ tables: [ExportTable], to path: String) throws {
        var database: OpaquePointer?
        guard sqlite3_open_v2(path, &database, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
            defer { sqlite3_close(database) }
            throw ExportWriter.Failure(description: "cannot create \(path): \(message(database))")
        }
        defer { sqlite3_close(database) }
        // The file is renamed into place only when complete, so SQLite's journal buys nothing here.
        try execute(database, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN")
        for table in tables {
            let columns = table.columns.map { "\"\($0.name)\" \($0.type.rawValue)" }
                + (table.primaryKey.isEmpty ? [] : ["PRIMARY KEY (" + table.primaryKey.map { "\"\($0)\"" }.joined(separator: ", ") + ")"])
            try execute(database, "CREATE TABLE \"\(table.name)\" (" + columns.joined(separator: ", ") + ")")
            var statement: OpaquePointer?
            // A forced export of a workspace with duplicate ids keeps the first of each.
            let insert = "INSERT OR IGNORE INTO \"\(table.name)\" VALUES (" + Array(repeating: "?", count: table.columns.count).joined(separator: ", ") + ")"
            guard sqlite3_prepare_v2(database, insert, -1, &statement, nil) == SQLITE_OK else {
                throw ExportWriter.Failure(description: "cannot prepare \(table.name): \(message(database))")
            }
            defer { sqlite3_finalize(statement) }
            for row in table.rows {
                for (index, value) in row.enumerated() {
                    let position = Int32(index + 1)
                    switch value {
                    case .null: sqlite3_bind_null(statement, position)
                    case .integer(let whole): sqlite3_bind_int64(statement, position, Int64(whole))
                    case .real(let number): sqlite3_bind_double(statement, position, Double(ReportNumbers.exact(number)) ?? 0)
                    case .text(let text): sqlite3_bind_text(statement, position, text, -1, transient)
                    }
                }
                guard sqlite3_step(statement) == SQLITE_DONE else {
                    throw ExportWriter.Failure(description: "cannot insert into \(table.name): \(message(database))")
                }
                sqlite3_reset(statement)
            }
            if table.columns.first?.name == "customer" {
                try execute(database, "CREATE INDEX \"\(table.name)_customer\" ON \"\(table.name)\" (\"customer\")")
            }
        }
        try execute(database, "COMMIT")
        // On disk before the rename makes it the export.
        let descriptor = open(path, O_RDONLY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
    }

    /// SQLite copies bound text (SQLITE_TRANSIENT).
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    static func execute(_ database: OpaquePointer?, _ sql: String) throws {
        guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else {
            throw ExportWriter.Failure(description: "SQLite: \(message(database)) (\(sql.prefix(60)))")
        }
    }

    static func message(_ database: OpaquePointer?) -> String {
        sqlite3_errmsg(database).map { String(cString: $0) } ?? "unknown error"
    }
}

import ArgumentParser
import CswsCore
import Foundation

/// Options every command accepts, before or after the subcommand name.
struct GlobalOptions: ParsableArguments {
    @Option(name: [.customShort("C"), .customLong("workspace")], help: "The workspace folder (default: walk up from the current folder to csws.yaml).")
    var workspace: String?

    @Option(name: .customLong("as-of"), help: "The date everything is computed for, YYYY-MM-DD (default: CSWS_TODAY or today).")
    var asOf: String?

    @Option(help: "Colour output: auto (only on a terminal; NO_COLOR respected), always, never.")
    var color: ColorChoice = .auto

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    /// Options that take a value, as they may be written before the subcommand.
    private static let valued: Set<String> = ["-C", "--workspace", "--as-of", "--color"]

    static func movedToEnd(_ arguments: [String]) -> [String] {
        var kept: [String] = []
        var moved: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                kept += arguments[index...]
                break
            }
            if valued.contains(argument), index + 1 < arguments.count {
                moved += [argument, arguments[index + 1]]
                index += 2
                continue
            }
            if let name = argument.split(separator: "=", maxSplits: 1).first, argument.contains("="),
                valued.contains(String(name))
            {
                moved.append(argument)
            } else {
                kept.append(argument)
            }
            index += 1
        }
        return kept + moved
    }

    /// The workspace: `-C`, else the nearest folder holding csws.yaml above the current one.
    func resolveWorkspace() throws -> Workspace {
        let start = workspace ?? FileManager.default.currentDirectoryPath
        do {
            return try Workspace.discover(from: start)
        } catch {
            throw Failure(
                "\(error)", hint: "run `csws init` to create a workspace, or pass `-C <folder>`",
                code: .ioError)
        }
    }

    func resolveAsOf() throws -> CalendarDate {
        if let asOf {
            guard let date = CalendarDate(asOf) else {
                throw ValidationError("--as-of must be a date YYYY-MM-DD; found `\(asOf)`")
            }
            return date
        }
        if let fromEnvironment = ProcessInfo.processInfo.environment["CSWS_TODAY"], !fromEnvironment.isEmpty {
            guard let date = CalendarDate(fromEnvironment) else {
                throw ValidationError("CSWS_TODAY must be a date YYYY-MM-DD; found `\(fromEnvironment)`")
            }
            return date
        }
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// A path given on the command line, made absolute. Like `git -C`, a relative path is taken
    /// from the `-C` folder when one is given.
    func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let current = FileManager.default.currentDirectoryPath
        let base = workspace.map { $0.hasPrefix("/") ? $0 : current + "/" + $0 } ?? current
        return base + "/" + path
    }

    /// Whether to colour what goes to standard output.
    var usesColor: Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto: return Terminal.isColorTerminal(fileDescriptor: 1)
        }
    }
}

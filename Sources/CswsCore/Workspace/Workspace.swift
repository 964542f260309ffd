import Foundation

/// A csws workspace: the folder holding `csws.yaml`, found by walking up from a starting folder.
public struct Workspace: Sendable {
    public static let settingsFileName = "csws.yaml"

    /// Absolute, symlink-free path of the workspace root.
    public let root: String

    public init(root: String) {
        self.root = Self.canonical(root)
    }

    public enum DiscoveryError: Error, CustomStringConvertible {
        case notFound(String)
        case notADirectory(String)

        public var description: String {
            switch self {
            case .notFound(let start):
                return "no csws workspace (a folder with csws.yaml) at \(start) or any folder above it"
            case .notADirectory(let path):
                return "\(path) is not a folder"
            }
        }
    }

    /// Walks up from `start` to the first folder holding `csws.yaml`.
    public static func discover(from start: String) throws -> Workspace {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: start, isDirectory: &isDirectory) else {
            throw DiscoveryError.notFound(start)
        }
        guard isDirectory.boolValue else { throw DiscoveryError.notADirectory(start) }
        var current = canonical(start)
        while true {
            if FileManager.default.fileExists(atPath: current + "/" + settingsFileName) {
                return Workspace(root: current)
            }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { throw DiscoveryError.notFound(start) }
            current = parent
        }
    }

    public func absolute(_ relativePath: String) -> String {
        relativePath.isEmpty ? root : root + "/" + relativePath
    }

    /// The path relative to the root for an absolute path inside the workspace, else nil.
    public func relative(_ absolutePath: String) -> String? {
        let path = Self.canonical(absolutePath)
        if path == root { return "" }
        guard path.hasPrefix(root + "/") else { return nil }
        return String(path.dropFirst(root.count + 1))
    }

    static func canonical(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        guard let resolved = realpath(absolute, nil) else {
            return (absolute as NSString).standardizingPath
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// True when `id` is a valid customer id (a slug).
    public static func isSlug(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard let first = bytes.first, bytes.count <= 63 else { return false }
        func isLowerAlnum(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
        return isLowerAlnum(first) && bytes.dropFirst().allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
    }
}

import CLibgit2

/// A commit (or other object) id, as libgit2's `git_oid` with its hex form.
public struct GitObjectID: Hashable, Sendable, CustomStringConvertible {
    let raw: [UInt8]

    init(_ oid: git_oid) {
        var copy = oid
        raw = withUnsafeBytes(of: &copy.id) { Array($0) }
    }

    var oid: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { buffer in
            for (index, byte) in raw.enumerated() where index < buffer.count { buffer[index] = byte }
        }
        return oid
    }

    public var description: String { raw.map { String($0, radix: 16).leftPadded(2) }.joined() }

    /// The first 7 hex digits, as git shows them.
    public var short: String { String(description.prefix(7)) }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

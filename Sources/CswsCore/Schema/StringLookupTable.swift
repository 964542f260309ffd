import Foundation

/// An immutable string → Int table for the hot path (property names, enum strings). Keys live as bytes
/// in one pool, hashed without a per-process seed and compared eight bytes at a time: no `String` is
/// copied or retained per lookup, and the comparison is code point by code point as JSON Schema wants
/// (`String ==` would equate canonically equivalent strings). `Dictionary`'s seeded SipHash and
/// retains dominated validation profiles.
struct StringLookupTable: Sendable {
    private struct Entry {
        var offset: Int32
        var length: Int32
        var value: Int32
    }

    /// In insertion order, duplicates dropped.
    let keys: [String]
    private let pool: [UInt8]
    private let entries: [Entry]
    /// Slot → index into `entries`, or -1 when empty. Power-of-two size, at most half full.
    private let slots: [Int32]
    private let mask: Int

    init(_ pairs: [(key: String, value: Int)]) {
        var capacity = 4
        while capacity < pairs.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        var keys: [String] = []
        var pool: [UInt8] = []
        var entries: [Entry] = []
        for pair in pairs {
            let bytes = Array(pair.key.utf8)
            var slot = bytes.withUnsafeBufferPointer { Self.hash($0) } & (capacity - 1)
            var duplicate = false
            while slots[slot] >= 0 {
                let entry = entries[Int(slots[slot])]
                if Array(pool[Int(entry.offset)..<Int(entry.offset + entry.length)]) == bytes {
                    duplicate = true
                    break
                }
                slot = (slot + 1) & (capacity - 1)
            }
            if duplicate { continue }
            slots[slot] = Int32(entries.count)
            entries.append(Entry(offset: Int32(pool.count), length: Int32(bytes.count), value: Int32(pair.value)))
            pool += bytes
            keys.append(pair.key)
        }
        // Room for the eight-byte loads of the comparison to run past the last key.
        pool += [UInt8](repeating: 0, count: 8)
        self.keys = keys
        self.pool = pool
        self.entries = entries
        self.slots = slots
        self.mask = capacity - 1
    }

    var isEmpty: Bool { entries.isEmpty }

    func value(for key: String) -> Int? {
        if entries.isEmpty { return nil }
        return key.utf8.withContiguousStorageIfAvailable { value(forBytes: $0) }
            ?? Array(key.utf8).withUnsafeBufferPointer { value(forBytes: $0) }
    }

    func value(forBytes bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = Self.hash(bytes) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return nil }
            let entry = entries[index]
            if Int(entry.length) == bytes.count && matches(bytes, at: Int(entry.offset)) { return Int(entry.value) }
            slot = (slot + 1) & mask
        }
    }

    /// Compares eight bytes at a time: keys are short, and a `memcmp` call costs more than it saves.
    @inline(__always)
    private func matches(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard let given = bytes.baseAddress.map(UnsafeRawPointer.init) else { return true }
        return pool.withUnsafeBufferPointer { pool in
            let stored = UnsafeRawPointer(pool.baseAddress! + offset)
            var position = 0
            while position + 8 <= bytes.count {
                if stored.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                    != given.loadUnaligned(fromByteOffset: position, as: UInt64.self) { return false }
                position += 8
            }
            while position < bytes.count {
                if stored.load(fromByteOffset: position, as: UInt8.self) != given.load(fromByteOffset: position, as: UInt8.self) {
                    return false
                }
                position += 1
            }
            return true
        }
    }

    /// Mixes the length with the first and last eight bytes: enough to tell property names apart
    /// (a collision only costs a comparison), at a cost independent of the key's length.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash = UInt64(bytes.count) &* multiplier
        if bytes.count >= 8 {
            let raw = UnsafeRawPointer(bytes.baseAddress!)
            hash = (hash ^ raw.loadUnaligned(as: UInt64.self)) &* multiplier
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)) &* multiplier
        } else {
            var word: UInt64 = 0
            for (position, byte) in bytes.enumerated() { word |= UInt64(byte) << (8 * UInt64(position)) }
            hash = (hash ^ word) &* multiplier
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    /// Code-point equality of two strings, by bytes.
    static func sameBytes(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        return lhs.utf8.withContiguousStorageIfAvailable { left in
            rhs.utf8.withContiguousStorageIfAvailable { right in
                left.isEmpty || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0
            }
        }.flatMap { $0 } ?? lhs.utf8.elementsEqual(rhs.utf8)
    }
}

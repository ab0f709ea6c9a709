// Counts by a 64-bit key that is already a hash (a form's folded FNV-1a, a word id): open
// addressing with linear probing. The standard dictionary SipHashes every key; the estimate
// counts every word of a document, and the corrector reads a count for every unknown word.

/// Positive counts by 64-bit key; a key never added counts 0.
struct CountTable: Sendable {
    private var keys: [UInt64]
    private var counts: [Int32]
    private var shift: UInt64
    /// Keys with a count.
    private(set) var count = 0

    /// An empty table.
    init() {
        keys = [UInt64](repeating: 0, count: 16)
        counts = [Int32](repeating: 0, count: 16)
        shift = 64 - 4
    }

    @inline(__always)
    private func home(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// The count of `key` (0: never added).
    @inline(__always)
    func count(of key: UInt64) -> Int32 {
        let mask = keys.count - 1
        var i = home(key)
        while true {
            let n = counts[i]
            if n == 0 { return 0 }
            if keys[i] == key { return n }
            i = (i + 1) & mask
        }
    }

    /// Adds `n` (positive) to `key`'s count.
    @inline(__always)
    mutating func add(_ key: UInt64, _ n: Int32 = 1) {
        let mask = keys.count - 1
        var i = home(key)
        while counts[i] != 0 {
            if keys[i] == key {
                counts[i] &+= n
                return
            }
            i = (i + 1) & mask
        }
        keys[i] = key
        counts[i] = n
        count += 1
        if count * 2 > keys.count { grow() }
    }

    /// Calls `body` with every key and its count (in no particular order).
    func forEachKey(_ body: (UInt64, Int32) -> Void) {
        for i in counts.indices where counts[i] != 0 { body(keys[i], counts[i]) }
    }

    /// Forgets every key, keeping the room.
    mutating func removeAll() {
        guard count > 0 else { return }
        for i in counts.indices { counts[i] = 0 }
        count = 0
    }

    private mutating func grow() {
        let (oldKeys, oldCounts) = (keys, counts)
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        counts = [Int32](repeating: 0, count: oldKeys.count * 2)
        shift -= 1
        count = 0
        for i in oldCounts.indices where oldCounts[i] != 0 { add(oldKeys[i], oldCounts[i]) }
    }
}

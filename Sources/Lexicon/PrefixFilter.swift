// Which byte strings begin some word of the lexicon: lets a search that builds a word left to
// right drop a branch as soon as its first bytes begin no word.

/// A Bloom filter over every prefix of every word of a lexicon (ASCII letters folded), keyed by
/// the FNV-1a hash the lexicon's word table uses, so a caller extends one hash byte by byte.
/// `mayBegin` is false only when no word begins with the bytes hashed; true may be wrong
/// (about 1 % of the time), so a whole word is still looked up. Blocked: both of a prefix's
/// bits are in one 64-bit word, so a probe costs one memory access (the 4 MiB of bits, 16 a
/// letter of the lexicon rounded up to a power of two, do not stay in cache, and the
/// learned-variant search probes millions of times).
public struct PrefixFilter: Sendable {
    @usableFromInline let bits: [UInt64]
    @usableFromInline let mask: UInt64

    /// The hash of no bytes (extend it with `extend`).
    public static let empty: UInt64 = 0xCBF2_9CE4_8422_2325

    /// `hash` extended by one byte, as `ByteHash.folded` would (the byte already folded).
    @inlinable @inline(__always)
    public static func extend(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    /// The prefixes of every entry of `lexicon`; 16 bits a prefix, two probes each.
    package init(_ lexicon: Lexicon) {
        var letters = 0
        for id in 0..<lexicon.wordCount { letters += lexicon.spelling(Int32(id)).count }
        var size = 1 << 16
        while size < letters * 16 { size <<= 1 }
        var words = [UInt64](repeating: 0, count: size / 64)
        let mask = UInt64(size / 64 - 1)
        for id in 0..<lexicon.wordCount {
            var h = Self.empty
            for b in lexicon.spelling(Int32(id)) {
                h = Self.extend(h, asciiLower(b))
                let (word, bits) = Self.probes(h, mask)
                words[word] |= bits
            }
        }
        self.bits = words
        self.mask = mask
    }

    /// The 64-bit word a prefix's bits are in (`mask`: words − 1), and its two bits there.
    @inlinable @inline(__always)
    static func probes(_ hash: UInt64, _ mask: UInt64) -> (Int, UInt64) {
        let mixed = hash ^ hash >> 29
        return (Int(truncatingIfNeeded: (mixed >> 12) & mask), 1 << (mixed & 63) | 1 << (mixed >> 6 & 63))
    }

    /// Whether some word may begin with the bytes whose hash is `hash`.
    @inlinable @inline(__always)
    public func mayBegin(_ hash: UInt64) -> Bool {
        let (word, bits) = Self.probes(hash, mask)
        return self.bits.withUnsafeBufferPointer { $0[word] & bits == bits }
    }
}

extension Lexicon {
    /// The filter of this lexicon's word prefixes, built on first use (shared by threads).
    package var prefixFilter: PrefixFilter { prefixFilterStore.once { PrefixFilter(self) } }
}

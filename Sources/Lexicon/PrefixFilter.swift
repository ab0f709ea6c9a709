// Which byte strings begin some word of the lexicon: lets a search that builds a word left to
// right drop a branch as soon as its first bytes begin no word.

/// A Bloom filter over every prefix of every word of a lexicon (ASCII letters folded), keyed by
/// the FNV-1a hash the lexicon's word table uses, so a caller extends one hash byte by byte.
/// `mayBegin` is false only when no word begins with the bytes hashed; true may be wrong
/// (about 1 % of the time), so a whole word is still looked up.
package struct PrefixFilter: Sendable {
    @usableFromInline let bits: [UInt64]
    @usableFromInline let mask: UInt64

    /// The hash of no bytes (extend it with `extend`).
    package static let empty: UInt64 = 0xCBF2_9CE4_8422_2325

    /// `hash` extended by one byte, as `ByteHash.folded` would (the byte already folded).
    @inlinable @inline(__always)
    package static func extend(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    /// The prefixes of every entry of `lexicon`; 16 bits a prefix, two probes each.
    package init(_ lexicon: Lexicon) {
        var letters = 0
        for id in 0..<lexicon.wordCount { letters += lexicon.spelling(Int32(id)).count }
        var size = 1 << 16
        while size < letters * 16 { size <<= 1 }
        var words = [UInt64](repeating: 0, count: size / 64)
        let mask = UInt64(size - 1)
        for id in 0..<lexicon.wordCount {
            var h = Self.empty
            for b in lexicon.spelling(Int32(id)) {
                h = Self.extend(h, asciiLower(b))
                let (a, b) = Self.probes(h, mask)
                words[Int(a >> 6)] |= 1 << (a & 63)
                words[Int(b >> 6)] |= 1 << (b & 63)
            }
        }
        self.bits = words
        self.mask = mask
    }

    @inlinable @inline(__always)
    static func probes(_ hash: UInt64, _ mask: UInt64) -> (UInt64, UInt64) {
        (hash & mask, (hash >> 32 ^ hash >> 13) & mask)
    }

    /// Whether some word may begin with the bytes whose hash is `hash`.
    @inlinable @inline(__always)
    package func mayBegin(_ hash: UInt64) -> Bool {
        let (a, b) = Self.probes(hash, mask)
        return bits.withUnsafeBufferPointer {
            $0[Int(a >> 6)] & (1 << (a & 63)) != 0 && $0[Int(b >> 6)] & (1 << (b & 63)) != 0
        }
    }
}

extension Lexicon {
    /// The filter of this lexicon's word prefixes, built on first use (shared by threads).
    package var prefixFilter: PrefixFilter {
        prefixFilterStore.withLock { stored in
            if let filter = stored { return filter }
            let filter = PrefixFilter(self)
            stored = filter
            return filter
        }
    }
}

// Hashes over bytes used by every table in the lexicon file; the builder and the reader share them.

@usableFromInline
package enum ByteHash {
    /// FNV-1a over `count` bytes at `base`, ASCII letters folded to lower case.
    @inlinable @inline(__always)
    package static func folded(_ base: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for i in 0..<count {
            var b = base[i]
            if ASCII.isUpper(b) { b |= 0x20 }
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
        }
        return h
    }

    @inlinable @inline(__always)
    package static func folded(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBufferPointer { folded($0.baseAddress!, $0.count) }
    }

    /// A 64-bit mix of two word ids for the bigram table.
    @inlinable @inline(__always)
    package static func pair(_ a: UInt32, _ b: UInt32) -> UInt64 {
        var x = (UInt64(a) << 32 | UInt64(b)) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        x = x &* 0xBF58_476D_1CE4_E5B9
        return x ^ (x >> 32)
    }
}

@inlinable @inline(__always)
package func asciiLower(_ b: UInt8) -> UInt8 { ASCII.lower(b) }

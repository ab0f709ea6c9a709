// ASCII byte classes, for the byte-level hot paths of every stage.

/// Classes of ASCII bytes; every other byte (UTF-8 lead and continuation bytes) is in none.
@usableFromInline
package enum ASCII {
    /// A–Z.
    @inlinable @inline(__always)
    package static func isUpper(_ b: UInt8) -> Bool { b &- 65 < 26 }

    /// a–z.
    @inlinable @inline(__always)
    package static func isLower(_ b: UInt8) -> Bool { b &- 97 < 26 }

    /// A–Z or a–z.
    @inlinable @inline(__always)
    package static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 97 < 26 }

    /// 0–9.
    @inlinable @inline(__always)
    package static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }

    /// Space, tab, line feed or carriage return.
    @inlinable @inline(__always)
    package static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// The byte with A–Z folded to a–z.
    @inlinable @inline(__always)
    package static func lower(_ b: UInt8) -> UInt8 { b &- 65 < 26 ? b | 0x20 : b }
}

// Checks a PNG's chunk structure (lengths, CRCs, IEND) before libpng sees it: libpng
// reports a truncated or damaged file by printing to stderr, and we report it ourselves.

enum PNGStructure {
    private static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// True when every chunk lies inside the data with a matching CRC and IEND is reached.
    static func isWellFormed(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 8, bytes.starts(with: signature) else { return false }
        var offset = 8
        while offset + 12 <= bytes.count {
            let length =
                Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8
                | Int(bytes[offset + 3])
            let typeStart = offset + 4
            let dataEnd = typeStart + 4 + length
            guard length <= 0x7FFF_FFFF, dataEnd + 4 <= bytes.count else { return false }
            let stored =
                UInt32(bytes[dataEnd]) << 24 | UInt32(bytes[dataEnd + 1]) << 16 | UInt32(bytes[dataEnd + 2]) << 8
                | UInt32(bytes[dataEnd + 3])
            guard crc32(bytes, typeStart..<dataEnd) == stored else { return false }
            if bytes[typeStart] == 0x49, bytes[typeStart + 1] == 0x45, bytes[typeStart + 2] == 0x4E,
                bytes[typeStart + 3] == 0x44
            {
                return true  // IEND
            }
            offset = dataEnd + 4
        }
        return false
    }

    private static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: [UInt8], _ range: Range<Int>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { t in
            bytes.withUnsafeBufferPointer { b in
                for i in range { crc = t[Int((crc ^ UInt32(b[i])) & 0xFF)] ^ (crc >> 8) }
            }
        }
        return crc ^ 0xFFFF_FFFF
    }
}

// Walks a TIFF's chain of image directories before libtiff sees it: every directory, and
// every strip or tile its pages point to, must lie inside the data, and the chain must end.
// Leptonica's multi-page reader loops forever on a file cut inside its second page (it
// re-opens the data at the same offset again and again); a file that passes here is read
// page by page, at most `pageCount` times.

enum TIFFStructure {
    /// A multi-page file may hold at most this many pages.
    static let pageLimit = 10_000

    /// The number of pages and the first page's largest bits per sample (tag 258), in one walk;
    /// nil when the structure is broken (a directory or a page's data outside the file, a
    /// directory chain that loops, more than `pageLimit` pages).
    static func check(_ bytes: [UInt8]) -> (pageCount: Int, bitsPerSample: Int?)? {
        guard let pages = pages(bytes) else { return nil }
        return (pages.count, pages.first?[258]?.max())
    }

    /// The tags this check reads: bits per sample, strip offsets and byte counts, tile offsets and byte counts.
    private static let tags: Set<UInt16> = [258, 273, 279, 324, 325]

    /// Each page's checked tags, or nil when the structure is broken.
    private static func pages(_ bytes: [UInt8]) -> [[Int: [Int]]]? {
        guard bytes.count >= 8 else { return nil }
        let little: Bool
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        let reader = Reader(bytes: bytes, little: little)
        guard let magic = reader.u16(2) else { return nil }
        if magic == 43 { return bigTIFFPages(reader) }
        guard magic == 42, var offset = reader.u32(4).map(Int.init) else { return nil }
        var seen: Set<Int> = []
        var pages: [[Int: [Int]]] = []
        while offset != 0 {
            guard offset > 0, offset < bytes.count, seen.insert(offset).inserted, pages.count < pageLimit,
                let count = reader.u16(offset).map(Int.init),
                offset + 2 + count * 12 + 4 <= bytes.count
            else { return nil }
            var entries: [Int: [Int]] = [:]
            for i in 0..<count {
                let entry = offset + 2 + i * 12
                guard let tag = reader.u16(entry), let type = reader.u16(entry + 2),
                    let n = reader.u32(entry + 4).map(Int.init)
                else { return nil }
                guard tags.contains(tag) else { continue }
                guard let values = reader.values(type: type, count: n, field: entry + 8, wide: false) else {
                    return nil
                }
                entries[Int(tag)] = values
            }
            guard reader.dataInside(entries, size: bytes.count) else { return nil }
            pages.append(entries)
            guard let next = reader.u32(offset + 2 + count * 12) else { return nil }
            offset = Int(next)
        }
        return pages.isEmpty ? nil : pages
    }

    private static func bigTIFFPages(_ reader: Reader) -> [[Int: [Int]]]? {
        guard reader.u16(4) == 8, reader.u16(6) == 0, var offset = reader.u64(8) else { return nil }
        var seen: Set<Int> = []
        var pages: [[Int: [Int]]] = []
        while offset != 0 {
            guard offset > 0, offset < reader.bytes.count, seen.insert(offset).inserted, pages.count < pageLimit,
                let count = reader.u64(offset), count < 1 << 20, offset + 8 + count * 20 + 8 <= reader.bytes.count
            else { return nil }
            var entries: [Int: [Int]] = [:]
            for i in 0..<count {
                let entry = offset + 8 + i * 20
                guard let tag = reader.u16(entry), let type = reader.u16(entry + 2), let n = reader.u64(entry + 4)
                else { return nil }
                guard tags.contains(tag) else { continue }
                guard let values = reader.values(type: type, count: n, field: entry + 12, wide: true) else {
                    return nil
                }
                entries[Int(tag)] = values
            }
            guard reader.dataInside(entries, size: reader.bytes.count) else { return nil }
            pages.append(entries)
            guard let next = reader.u64(offset + 8 + count * 20) else { return nil }
            offset = next
        }
        return pages.isEmpty ? nil : pages
    }

    private struct Reader {
        let bytes: [UInt8]
        let little: Bool

        // Offsets come from the file and may be anything up to Int.max: compared by
        // subtraction, never added to before they are known to lie inside the data.
        func u16(_ at: Int) -> UInt16? {
            guard at >= 0, at <= bytes.count - 2 else { return nil }
            let a = UInt16(bytes[at])
            let b = UInt16(bytes[at + 1])
            return little ? a | b << 8 : a << 8 | b
        }

        func u32(_ at: Int) -> UInt32? {
            guard let a = u16(at), let b = u16(at + 2) else { return nil }
            return little ? UInt32(a) | UInt32(b) << 16 : UInt32(a) << 16 | UInt32(b)
        }

        func u64(_ at: Int) -> Int? {
            guard let a = u32(at), let b = u32(at + 4) else { return nil }
            let value = little ? UInt64(a) | UInt64(b) << 32 : UInt64(a) << 32 | UInt64(b)
            return value < UInt64(Int.max) ? Int(value) : nil
        }

        /// The values of a SHORT, LONG or LONG8 field: inline when they fit in the entry, else at
        /// the offset it holds (which must lie inside the file).
        func values(type: UInt16, count: Int, field: Int, wide: Bool) -> [Int]? {
            let size: Int
            switch type {
            case 3: size = 2
            case 4: size = 4
            case 16: size = 8
            default: return nil
            }
            guard count >= 1, count <= bytes.count, field >= 0, field <= bytes.count else { return nil }
            let inline = wide ? 8 : 4
            var start = field
            if count * size > inline {
                guard let pointer = wide ? u64(field) : u32(field).map(Int.init) else { return nil }
                start = pointer
            }
            guard start >= 0, start <= bytes.count, count * size <= bytes.count - start else { return nil }
            var result: [Int] = []
            result.reserveCapacity(count)
            for i in 0..<count {
                let at = start + i * size
                let value: Int?
                switch size {
                case 2: value = u16(at).map(Int.init)
                case 4: value = u32(at).map(Int.init)
                default: value = u64(at)
                }
                guard let value else { return nil }
                result.append(value)
            }
            return result
        }

        /// Every strip (or tile) of a page lies inside the file, and there is at least one.
        func dataInside(_ entries: [Int: [Int]], size: Int) -> Bool {
            let pairs = [(273, 279), (324, 325)]
            var found = false
            for (offsetsTag, countsTag) in pairs {
                guard let offsets = entries[offsetsTag] else { continue }
                guard let counts = entries[countsTag], counts.count == offsets.count else { return false }
                for (start, length) in zip(offsets, counts)
                where start < 0 || length < 0 || start > size || length > size - start {
                    return false
                }
                found = true
            }
            return found
        }
    }
}

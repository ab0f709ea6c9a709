// Compiles the text lists in dictionaries/ (words, bigrams, OCR confusions) into the binary en.lexicon.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Builds the lexicon file from word, bigram and confusion lists (TSV).
public struct LexiconBuilder {
    /// A word as the lists give it.
    public struct Word {
        /// Its spelling in the source.
        public var spelling: [UInt8]
        /// Its count in the source.
        public var count: Double
        /// Where it came from.
        public var flags: LexiconFormat.Flags
        /// A word.
        public init(spelling: [UInt8], count: Double, flags: LexiconFormat.Flags = []) {
            self.spelling = spelling
            self.count = count
            self.flags = flags
        }
    }

    /// Words by folded spelling.
    public var words: [Word] = []
    /// Bigram counts by word pair.
    public var bigrams: [(first: [UInt8], second: [UInt8], count: Double)] = []
    /// OCR confusions, as read.
    public var confusions: [(seen: [UInt8], meant: [UInt8], cost: Float)] = []
    /// Words at least this frequent (relative) are indexed for candidate search.
    public var indexThreshold: Double = 1.8e-7
    /// How many times the bigram counts exceed the word counts' scale (lists counted on corpora
    /// of different sizes); bigram counts are divided by it. 1 when they share one scale (a
    /// rebuilt lexicon, a trained model's additions).
    public var bigramScale: Double = 1

    /// An empty builder.
    public init() {}

    /// The words, bigrams and confusions of a built lexicon, as counts again (relative
    /// frequencies times the total it was built with), to build it anew with additions.
    public init(rebuilding lexicon: Lexicon) {
        let total = pow(10, Double(lexicon.totalCountLog10))
        words.reserveCapacity(lexicon.wordCount)
        for id in 0..<Int32(lexicon.wordCount) {
            var flags = lexicon.flags(id)
            flags.remove(.indexed)
            words.append(
                Word(
                    spelling: Array(lexicon.spelling(id)), count: pow(10, Double(lexicon.logProbability(id))) * total,
                    flags: flags))
        }
        lexicon.forEachBigram { first, second, logP in
            bigrams.append(
                (
                    Array(lexicon.spelling(first)), Array(lexicon.spelling(second)),
                    pow(10, Double(logP)) * words[Int(first)].count
                ))
        }
        confusions = lexicon.confusions.map { ($0.seen, $0.meant, $0.cost) }
    }

    /// A malformed input line.
    public enum BuildError: Error, CustomStringConvertible {
        case badLine(file: String, line: Int, text: String)
        /// The problem, naming the line.
        public var description: String {
            switch self {
            case .badLine(let file, let line, let text): return "\(file):\(line): cannot read '\(text)'"
            }
        }
    }

    /// `word<TAB>count[<TAB>sources]` lines; sources containing `d` mark domain words.
    public mutating func addWords(tsv: [UInt8], name: String = "words.tsv", flags: LexiconFormat.Flags = []) throws {
        for (number, fields) in try Self.rows(tsv, name: name, minimumFields: 1) {
            let count = fields.count > 1 ? Double(String(decoding: fields[1], as: UTF8.self)) : 1
            guard let count, !fields[0].isEmpty else {
                throw BuildError.badLine(file: name, line: number, text: String(decoding: fields[0], as: UTF8.self))
            }
            var f = flags
            if fields.count > 2, fields[2].contains(UInt8(ascii: "d")) { f.insert(.domain) }
            words.append(Word(spelling: Array(fields[0]), count: count, flags: f))
        }
    }

    /// `first second<TAB>count` lines.
    public mutating func addBigrams(tsv: [UInt8], name: String = "bigrams.tsv") throws {
        for (number, fields) in try Self.rows(tsv, name: name, minimumFields: 2) {
            let pair = fields[0].split(separator: UInt8(ascii: " "))
            guard pair.count == 2, let count = Double(String(decoding: fields[1], as: UTF8.self)) else {
                throw BuildError.badLine(file: name, line: number, text: String(decoding: fields[0], as: UTF8.self))
            }
            bigrams.append((Array(pair[0]), Array(pair[1]), count))
        }
    }

    /// The bigram counts' scale against the word counts', estimated from the lists: on one scale a
    /// word's continuations add up to its own count, and a list that keeps only the commonest
    /// pairs holds most of a function word's continuations. So the 95th percentile of (listed
    /// continuations ÷ the word's count), over words with at least 100 listed continuations,
    /// estimates it (symspellpy's lists: 50.5; median 28, maximum 56). 1 without such words.
    public func estimatedBigramScale() -> Double {
        var counts: [[UInt8]: Double] = [:]
        for word in words { counts[word.spelling.map(asciiLower), default: 0] += word.count }
        var continuations: [[UInt8]: (mass: Double, pairs: Int)] = [:]
        for b in bigrams {
            let first = b.first.map(asciiLower)
            continuations[first, default: (0, 0)].mass += b.count
            continuations[first, default: (0, 0)].pairs += 1
        }
        let ratios = continuations.compactMap { first, c -> Double? in
            guard c.pairs >= 100, let count = counts[first], count > 0 else { return nil }
            return c.mass / count
        }.sorted()
        guard !ratios.isEmpty else { return 1 }
        return max(1, ratios[Int(Double(ratios.count - 1) * 0.95)])
    }

    /// `seen<TAB>meant<TAB>log10 cost` lines: OCR printed `seen` where the page had `meant`.
    public mutating func addConfusions(tsv: [UInt8], name: String = "confusions.tsv") throws {
        for (number, fields) in try Self.rows(tsv, name: name, minimumFields: 3) {
            guard let cost = Float(String(decoding: fields[2], as: UTF8.self)), fields[0].count <= 3,
                fields[1].count <= 3,
                !(fields[0].isEmpty && fields[1].isEmpty)
            else {
                throw BuildError.badLine(file: name, line: number, text: String(decoding: fields[0], as: UTF8.self))
            }
            confusions.append((Array(fields[0]), Array(fields[1]), cost))
        }
    }

    /// Tab-separated rows, skipping blank lines and `#` comments; `\e` in a field is the empty string.
    static func rows(_ tsv: [UInt8], name: String, minimumFields: Int) throws -> [(Int, [ArraySlice<UInt8>])] {
        var result: [(Int, [ArraySlice<UInt8>])] = []
        for (index, line) in tsv.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.first == UInt8(ascii: "#") { continue }
            var fields = line.split(separator: 0x09, omittingEmptySubsequences: false)
            fields = fields.map { $0.elementsEqual("\\e".utf8) ? [] : $0 }
            guard fields.count >= minimumFields else {
                throw BuildError.badLine(file: name, line: index + 1, text: String(decoding: line, as: UTF8.self))
            }
            result.append((index + 1, fields))
        }
        return result
    }

    /// The compiled lexicon file.
    public func build() -> [UInt8] {
        // One entry per folded spelling: counts add up, the most frequent spelling stays.
        var byKey: [[UInt8]: Int] = [:]
        var entries: [(spelling: [UInt8], count: Double, best: Double, flags: LexiconFormat.Flags)] = []
        for word in words {
            let key = word.spelling.map(asciiLower)
            if let i = byKey[key] {
                entries[i].count += word.count
                entries[i].flags.formUnion(word.flags)
                if word.count > entries[i].best {
                    entries[i].spelling = word.spelling
                    entries[i].best = word.count
                }
            } else {
                byKey[key] = entries.count
                entries.append((word.spelling, word.count, word.count, word.flags))
            }
        }
        let total = entries.reduce(0) { $0 + $1.count }
        var header = LexiconFormat.Header()
        header.wordCount = UInt32(entries.count)
        header.poolSize = UInt32(entries.reduce(0) { $0 + $1.spelling.count })
        header.wordTableCapacity = UInt32(Self.powerOfTwo(atLeast: entries.count * 2))
        header.totalCountLog10x1000 = UInt32((log10(max(total, 1)) * 1000).rounded())

        // Bigrams: log10 P(second | first) = log10(count / count(first)).
        var bigramRows: [(UInt32, UInt32, Float)] = []
        var seenPairs = Set<UInt64>()
        for b in bigrams {
            guard let i = byKey[b.first.map(asciiLower)], let j = byKey[b.second.map(asciiLower)] else { continue }
            let key = UInt64(i) << 32 | UInt64(j)
            guard seenPairs.insert(key).inserted else { continue }
            let count = b.count / bigramScale
            let p = min(1, count / max(entries[i].count, count))
            bigramRows.append((UInt32(i), UInt32(j), Float(log10(p))))
        }
        header.bigramCount = UInt32(bigramRows.count)
        header.bigramTableCapacity = UInt32(Self.powerOfTwo(atLeast: bigramRows.count * 3 / 2 + 1))

        // Symmetric-delete index over the words frequent enough to be proposed.
        precondition(entries.count <= LexiconFormat.maxWords, "more words than postings can address")
        var postingsByBucket: [[UInt32]] = []
        var indexed = 0
        var deleteKeys: [(UInt64, UInt32)] = []
        for (index, entry) in entries.enumerated()
        where entry.count / total >= indexThreshold || entry.flags.contains(.domain) || entry.flags.contains(.user) {
            guard entry.spelling.count <= 24 else { continue }
            entries[index].flags.insert(.indexed)
            indexed += 1
            var deletes = Set<[UInt8]>()
            LexiconFormat.deletes(of: entry.spelling.map(asciiLower), into: &deletes)
            for d in deletes { deleteKeys.append((ByteHash.folded(d), UInt32(index))) }
        }
        header.indexedWordCount = UInt32(indexed)
        let bucketCount = Self.powerOfTwo(atLeast: max(deleteKeys.count / 3, 1))
        postingsByBucket = Array(repeating: [], count: bucketCount)
        for (hash, id) in deleteKeys {
            postingsByBucket[Int(hash & UInt64(bucketCount - 1))].append(
                id | LexiconFormat.fingerprint(hash) << LexiconFormat.postingIDBits)
        }
        header.deleteBucketCount = UInt32(bucketCount)
        header.deletePostingCount = UInt32(deleteKeys.count)
        header.confusionCount = UInt32(confusions.count)

        let sections = LexiconFormat.Sections(header)
        var out = [UInt8](repeating: 0, count: sections.end)
        out.withUnsafeMutableBytes { raw in
            func put32(_ value: UInt32, at offset: Int) {
                raw.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self)
            }
            let h = header
            for (i, v) in [
                h.magic, h.version, h.wordCount, h.poolSize, h.wordTableCapacity, h.bigramTableCapacity,
                h.bigramCount, h.deleteBucketCount, h.deletePostingCount, h.confusionCount,
                h.indexedWordCount, h.totalCountLog10x1000,
            ].enumerated() { put32(v, at: i * 4) }
            var poolOffset = 0
            for (i, entry) in entries.enumerated() {
                let at = sections.entries + i * LexiconFormat.entrySize
                put32(UInt32(poolOffset), at: at)
                raw.storeBytes(of: UInt16(entry.spelling.count).littleEndian, toByteOffset: at + 4, as: UInt16.self)
                raw[at + 6] = LexiconFormat.CaseClass.of(entry.spelling).rawValue
                raw[at + 7] = entry.flags.rawValue
                raw.storeBytes(
                    of: Float(log10(entry.count / total)).bitPattern.littleEndian, toByteOffset: at + 8, as: UInt32.self
                )
                for (k, b) in entry.spelling.enumerated() { raw[sections.pool + poolOffset + k] = b }
                poolOffset += entry.spelling.count
                // Word table: linear probing on the folded hash.
                let mask = Int(h.wordTableCapacity) - 1
                var slot = Int(ByteHash.folded(entry.spelling) & UInt64(mask))
                while raw.load(fromByteOffset: sections.wordTable + slot * 4, as: UInt32.self) != 0 {
                    slot = (slot + 1) & mask
                }
                put32(UInt32(i + 1), at: sections.wordTable + slot * 4)
            }
            let bigramMask = Int(h.bigramTableCapacity) - 1
            for (a, b, p) in bigramRows {
                var slot = Int(ByteHash.pair(a, b) & UInt64(bigramMask))
                while raw.load(fromByteOffset: sections.bigrams + slot * LexiconFormat.bigramSize, as: UInt32.self) != 0
                { slot = (slot + 1) & bigramMask }
                let at = sections.bigrams + slot * LexiconFormat.bigramSize
                put32(a + 1, at: at)
                put32(b, at: at + 4)
                put32(p.bitPattern, at: at + 8)
            }
            var posting = 0
            for (bucket, ids) in postingsByBucket.enumerated() {
                put32(UInt32(posting), at: sections.deleteStart + bucket * 4)
                for id in ids.sorted() {
                    put32(id, at: sections.postings + posting * 4)
                    posting += 1
                }
            }
            put32(UInt32(posting), at: sections.deleteStart + bucketCount * 4)
            for (i, c) in confusions.enumerated() {
                let at = sections.confusions + i * LexiconFormat.confusionSize
                raw[at] = UInt8(c.seen.count)
                raw[at + 1] = UInt8(c.meant.count)
                for (k, b) in c.seen.enumerated() { raw[at + 2 + k] = b }
                for (k, b) in c.meant.enumerated() { raw[at + 5 + k] = b }
                put32(c.cost.bitPattern, at: at + 8)
            }
        }
        return out
    }

    static func powerOfTwo(atLeast n: Int) -> Int {
        var p = 1
        while p < n { p <<= 1 }
        return p
    }
}

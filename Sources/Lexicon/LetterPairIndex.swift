// Which words of the lexicon share letter pairs with a form: a way to words several edits
// away (`stakeboikbers`: stakeholders), which the symmetric-delete index, bounded at two edits, cannot
// reach.

/// An inverted index from letter pairs (a–z, case folded, with the word's start and end as a
/// 27th letter: `^o`, `op`, …, `s$`) to the lexicon's words from `minimumLogProbability`
/// (and the domain and user words), `minimumLength` to `maximumLength` letters, letters only,
/// each pair's list by word length. Built on first use, shared by threads: for this lexicon
/// 16,133 words, 132,762 postings.
public final class LetterPairIndex: Sendable {
    /// The shortest word indexed.
    public static let minimumLength = 4
    /// The longest word indexed.
    public static let maximumLength = 30
    /// The rarest words indexed (log10 relative frequency, 3 in a million): a word several
    /// edits from what OCR printed pays three generic edits at least, which a rarer word's
    /// probability does not repay against keeping the form (README: the far-word search).
    public static let minimumLogProbability: Float = -5.5
    static let letters = 27
    /// Entry ids, by position: the words of each length together, in the lexicon's order.
    let ids: [Int32]
    /// Each position's number of distinct letter pairs, and the fewest of any word by length.
    let pairCounts: [UInt8]
    let fewestPairs: [UInt8]
    /// The first position of each length (and one past the last: `lengthStart[32]`).
    let lengthStart: [Int32]
    /// (pair, length) → positions: `postings[starts[pair · 32 + length]..<starts[… + 1]]`, so
    /// a search reads only the lengths it allows.
    let starts: [Int32]
    let postings: [Int32]

    /// Positions indexed.
    public var count: Int { ids.count }

    /// The index of `lexicon`'s candidate words.
    package init(_ lexicon: Lexicon) {
        let floor = Self.minimumLogProbability
        // The words indexed, by length (each length's in the lexicon's order).
        var byLength = [[Int32]](repeating: [], count: 32)
        for index in 0..<lexicon.wordCount {
            let id = Int32(index)
            let spelling = lexicon.spelling(id)
            let flags = lexicon.flags(id)
            guard (Self.minimumLength...Self.maximumLength).contains(spelling.count),
                lexicon.logProbability(id) >= floor || flags.contains(.domain) || flags.contains(.user),
                spelling.allSatisfy(ASCII.isLetter)
            else { continue }
            byLength[spelling.count].append(id)
        }
        var ids: [Int32] = []
        var pairCounts: [UInt8] = []
        var fewestPairs = [UInt8](repeating: .max, count: 32)
        var lengthStart = [Int32](repeating: 0, count: 33)
        var seen = [Bool](repeating: false, count: Self.letters * Self.letters)
        var listed: [Int] = []
        var lists = [[Int32]](repeating: [], count: Self.letters * Self.letters * 32)
        for length in 0..<32 {
            lengthStart[length] = Int32(ids.count)
            for id in byLength[length] {
                let spelling = lexicon.spelling(id)
                let position = Int32(ids.count)
                listed.removeAll(keepingCapacity: true)
                Self.forEachPair(spelling) { pair in
                    guard !seen[pair] else { return }
                    seen[pair] = true
                    listed.append(pair)
                    lists[pair * 32 + length].append(position)
                }
                for pair in listed { seen[pair] = false }
                ids.append(id)
                pairCounts.append(UInt8(listed.count))
                fewestPairs[length] = min(fewestPairs[length], UInt8(listed.count))
            }
        }
        lengthStart[32] = Int32(ids.count)
        var starts = [Int32](repeating: 0, count: lists.count + 1)
        var flat: [Int32] = []
        flat.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for (key, list) in lists.enumerated() {
            starts[key] = Int32(flat.count)
            flat += list
        }
        starts[lists.count] = Int32(flat.count)
        self.ids = ids
        self.pairCounts = pairCounts
        self.fewestPairs = fewestPairs
        self.lengthStart = lengthStart
        self.starts = starts
        self.postings = flat
    }

    /// Calls `body` with each letter pair of `word` (folded; other bytes count as the boundary).
    @inline(__always)
    static func forEachPair(_ word: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) {
        var previous = letters - 1
        for b in word {
            let letter = ASCII.isLetter(b) ? Int(asciiLower(b) &- 0x61) : letters - 1
            body(previous * letters + letter)
            previous = letter
        }
        body(previous * letters + letters - 1)
    }

    /// Scratch for `similar`: a count a position (zero between searches), the word's pairs.
    /// One per thread.
    public final class Scratch {
        let marked: UnsafeMutableBufferPointer<UInt8>
        var pairs: [Int32] = []

        /// Scratch for `index`.
        public init(for index: LetterPairIndex) {
            marked = .allocate(capacity: max(index.count, 1))
            marked.initialize(repeating: 0)
        }

        deinit { marked.deallocate() }
    }

    /// A word's distinct letter pairs as flags (729 possible: twelve 64-bit words).
    typealias PairSet = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// The words sharing the most letter pairs with `word` (at least `minimumDice` of the
    /// Dice coefficient 2·shared / (pairs of word + pairs of entry)), at most `limit`, most
    /// shared first, then those `preferred` (a document's own words), then the lexicon's order;
    /// lengths within `lengthSlack` of the word's. Then up to `preferredExtra` more preferred
    /// words (most shared first, then the lexicon's order) that the first `limit` lack.
    /// Each of the word's distinct pairs reads its list for the lengths allowed, counting per
    /// word.
    public func similar(
        _ word: UnsafeBufferPointer<UInt8>, limit: Int, minimumDice: Float, lengthSlack: Int,
        preferring preferred: (Int32) -> Bool = { _ in false }, preferredExtra: Int = 0, scratch: Scratch,
        into out: inout [Int32]
    ) {
        out.removeAll(keepingCapacity: true)
        let lowest = max(word.count - lengthSlack, Self.minimumLength)
        let highest = min(word.count + lengthSlack, Self.maximumLength)
        guard lowest <= highest, limit > 0 else { return }
        var query: PairSet = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        scratch.pairs.removeAll(keepingCapacity: true)
        withUnsafeMutableBytes(of: &query) { raw in
            let seen = raw.bindMemory(to: UInt64.self)
            Self.forEachPair(word) { pair in
                let bit = UInt64(1) << UInt64(pair & 63)
                guard seen[pair >> 6] & bit == 0 else { return }
                seen[pair >> 6] |= bit
                scratch.pairs.append(Int32(pair))
            }
        }
        let queryPairs = scratch.pairs.count
        let marked = scratch.marked
        postings.withUnsafeBufferPointer { postings in
            starts.withUnsafeBufferPointer { starts in
                for pair in scratch.pairs {
                    let key = Int(pair) * 32
                    for k in Int(starts[key + lowest])..<Int(starts[key + highest + 1]) {
                        marked[Int(postings[k])] &+= 1
                    }
                }
            }
        }
        // A word found has at least the fewest pairs of any word of its length, so fewer shared
        // than `least` never reach the floor: most words found share one or two, and the counts
        // of the lengths allowed (one run of positions) are read 32 at a time, zeroed as read.
        let fewest = fewestPairs[lowest...highest].min() ?? 0
        let least = max(Int((minimumDice * Float(queryPairs + Int(fewest)) / 2).rounded(.up)), 1)
        // Ranked by one key: shared pairs, then preferred, then the lexicon's order.
        var best: [(shared: Int, key: Int64, id: Int32)] = []
        best.reserveCapacity(limit + 1)
        var worst = 0  // best's last shared count, once full
        // The best preferred words, `limit + preferredExtra` of them: those `best` lacks are added.
        var bestPreferred: [(key: Int64, id: Int32)] = []
        let preferredLimit = preferredExtra > 0 ? limit + preferredExtra : 0
        let first = Int(lengthStart[lowest])
        let end = Int(lengthStart[highest + 1])
        let floor = SIMD32<UInt8>(repeating: UInt8(min(least, 255)))
        let counts = marked.baseAddress!
        pairCounts.withUnsafeBufferPointer { pairCounts in
            ids.withUnsafeBufferPointer { ids in
                func consider(_ p: Int) {
                    let n = Int(counts[p])
                    counts[p] = 0
                    guard n >= least, Float(2 * n) >= minimumDice * Float(queryPairs + Int(pairCounts[p])) else {
                        return
                    }
                    let id = ids[p]
                    let isPreferred = preferred(id)
                    if preferredLimit > 0 && isPreferred {
                        let key = Int64(n) << 33 | Int64(UInt32.max - UInt32(id))
                        if bestPreferred.count < preferredLimit || key > bestPreferred[preferredLimit - 1].key {
                            if bestPreferred.count == preferredLimit { bestPreferred.removeLast() }
                            var at = bestPreferred.count
                            while at > 0 && bestPreferred[at - 1].key < key { at -= 1 }
                            bestPreferred.insert((key, id), at: at)
                        }
                    }
                    guard n >= worst else { return }
                    let key = Int64(n) << 33 | (isPreferred ? 1 << 32 : 0) | Int64(UInt32.max - UInt32(id))
                    if best.count == limit {
                        guard key > best[limit - 1].key else { return }
                        best.removeLast()
                    }
                    var at = best.count
                    while at > 0 && best[at - 1].key < key { at -= 1 }
                    best.insert((n, key, id), at: at)
                    if best.count == limit { worst = best[limit - 1].shared }
                }
                var p = first
                while p + 32 <= end {
                    let raw = UnsafeMutableRawPointer(counts + p)
                    let block = raw.loadUnaligned(as: SIMD32<UInt8>.self)
                    // Any lane at the floor (the mask's lanes as four words: `any` is not inlined).
                    let lanes = unsafeBitCast(block .>= floor, to: SIMD4<UInt64>.self)
                    if lanes[0] | lanes[1] | lanes[2] | lanes[3] != 0 {
                        for q in p..<(p + 32) { consider(q) }
                    } else {
                        raw.storeBytes(of: SIMD32<UInt8>(), as: SIMD32<UInt8>.self)
                    }
                    p += 32
                }
                while p < end {
                    consider(p)
                    p += 1
                }
            }
        }
        for entry in best { out.append(entry.id) }
        var extra = 0
        for entry in bestPreferred where extra < preferredExtra && !out.contains(entry.id) {
            out.append(entry.id)
            extra += 1
        }
    }
}

extension Lexicon {
    /// The letter-pair index of this lexicon's candidate words, built on first use (shared by threads).
    package var letterPairIndex: LetterPairIndex { letterPairIndexStore.once { LetterPairIndex(self) } }
}

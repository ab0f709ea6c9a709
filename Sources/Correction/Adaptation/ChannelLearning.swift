// The document's own confusions: character-level alignments of (what OCR printed, what the
// corrector made of it) pairs, counted as operations of one to three characters (a deletion
// or insertion keeps the letter before it as context: OCR dropped `n` after `i` is `i`→`in`),
// and re-estimated as channel costs with the base table as the prior.
import Lexicon

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One operation learned from a document: OCR printed `seen` where the word had `meant`.
public struct LearnedConfusion: Sendable, Equatable, Codable {
    /// What OCR printed.
    public var seen: String
    /// What the page had.
    public var meant: String
    /// How often the document's confident corrections made it.
    public var count: Int
    /// log10 cost before (base table or generic edits) and after learning.
    public var baseCost: Float
    /// The cost (positive log10) the document's counts give it.
    public var cost: Float
}

/// Unsupervised re-estimation of the channel from a document: the confident corrections aligned with what OCR printed, their operations counted and smoothed toward the base table.
public struct ChannelLearning {
    /// Pseudo-count of the base channel: how many occurrences of a letter sequence the base
    /// cost weighs as (the smoothing of P(seen | meant) toward the base).
    public static let priorWeight = 20.0
    /// A learned cost is never below this: no OCR operation is free.
    public static let floorCost: Float = 0.3
    /// An operation must be seen this often to be learned.
    public static let minimumCount = 2

    /// Operations of one to three characters on each side aligning `observed` to `corrected`
    /// (both case-folded); nil when the two differ by more than short operations.
    public static func operations(_ observed: [UInt8], _ corrected: [UInt8]) -> [(seen: [UInt8], meant: [UInt8])]? {
        let o = observed.map(asciiLower)
        let c = corrected.map(asciiLower)
        let n = o.count
        let m = c.count
        guard n > 0, m > 0, n <= 48, m <= 48 else { return nil }
        let w = m + 1
        var d = [Int](repeating: 0, count: (n + 1) * w)
        for j in 0...m { d[j] = j }
        for i in 1...n {
            d[i * w] = i
            for j in 1...m {
                d[i * w + j] = min(
                    d[(i - 1) * w + j - 1] + (o[i - 1] == c[j - 1] ? 0 : 1), d[(i - 1) * w + j] + 1,
                    d[i * w + j - 1] + 1)
            }
        }
        // Backtrace, marking which positions of each side are matched.
        var i = n
        var j = m
        var pairs: [(Int, Int)] = []  // matched (i, j), from the end
        while i > 0 || j > 0 {
            if i > 0, j > 0, o[i - 1] == c[j - 1], d[i * w + j] == d[(i - 1) * w + j - 1] {
                pairs.append((i - 1, j - 1))
                i -= 1
                j -= 1
            } else if i > 0, j > 0, d[i * w + j] == d[(i - 1) * w + j - 1] + 1 {
                i -= 1
                j -= 1
            } else if i > 0, d[i * w + j] == d[(i - 1) * w + j] + 1 {
                i -= 1
            } else {
                j -= 1
            }
        }
        pairs.reverse()
        // The gaps between matched letters are the operations.
        var result: [(seen: [UInt8], meant: [UInt8])] = []
        var pi = 0
        var pj = 0
        for (mi, mj) in pairs + [(n, m)] {
            if mi > pi || mj > pj {
                var seen = Array(o[pi..<mi])
                var meant = Array(c[pj..<mj])
                guard seen.count <= 3, meant.count <= 3 else { return nil }
                if seen.isEmpty || meant.isEmpty {
                    // Give an insertion or deletion its neighbouring letter as context.
                    if pi > 0 && pj > 0 {
                        seen.insert(o[pi - 1], at: 0)
                        meant.insert(c[pj - 1], at: 0)
                    } else if mi < n && mj < m {
                        seen.append(o[mi])
                        meant.append(c[mj])
                    } else {
                        return nil
                    }
                }
                if seen.count == meant.count && seen.count > 1 {
                    // Letters misread side by side (`hs` for `in`) are each their own confusion.
                    for k in seen.indices { result.append(([seen[k]], [meant[k]])) }
                } else {
                    result.append((seen, meant))
                }
            }
            pi = mi + 1
            pj = mj + 1
        }
        return result
    }

    /// Each (observed, corrected) pair's operations, as indices into the operations met so far:
    /// EM's rounds make mostly the same corrections, and each pair is aligned once.
    public final class OperationMemo {
        /// observed + [0] + corrected → its operations' indices (nil: not short operations).
        private var pairs: [[UInt8]: [Int32]?] = [:]
        private var index: [[UInt8]: Int32] = [:]
        /// Every operation met, in the order first met.
        private(set) var operations: [(seen: [UInt8], meant: [UInt8])] = []

        /// An empty memo.
        public init() {}

        /// The indices of the operations aligning `observed` to `corrected`.
        func operations(_ observed: [UInt8], _ corrected: [UInt8]) -> [Int32]? {
            let key = observed + [0] + corrected
            if let known = pairs[key] { return known }
            let found = ChannelLearning.operations(observed, corrected)?.map { op -> Int32 in
                let opKey = op.seen + [0] + op.meant
                if let i = index[opKey] { return i }
                let i = Int32(operations.count)
                index[opKey] = i
                operations.append(op)
                return i
            }
            pairs[key] = found
            return found
        }
    }

    /// How often the corrections make each operation, by its index in `memo`.
    static func operationCounts(
        _ corrections: [(observed: [UInt8], corrected: [UInt8])], memo: OperationMemo
    ) -> [Int] {
        var counts: [Int] = []
        for (observed, corrected) in corrections {
            guard let ops = memo.operations(observed, corrected) else { continue }
            if counts.count < memo.operations.count {
                counts += repeatElement(0, count: memo.operations.count - counts.count)
            }
            for op in ops { counts[Int(op)] += 1 }
        }
        return counts
    }

    /// Counts of operations over the confident corrections, and the re-estimated costs.
    /// `truthSide` is the document's text as corrected (case-folded letters; words separated
    /// by spaces): how often each `meant` sequence occurs there is the denominator. `memo`
    /// keeps the pairs' alignments for the next call (EM's next round).
    public static func learn(
        corrections: [(observed: [UInt8], corrected: [UInt8])], truthSide: [UInt8], priorWeight: Double = priorWeight,
        memo: OperationMemo = OperationMemo(), baseCost: (_ seen: [UInt8], _ meant: [UInt8]) -> Float
    ) -> [LearnedConfusion] {
        let counts = operationCounts(corrections, memo: memo)
        var learned: [LearnedConfusion] = []
        let grams = ShortSequenceCounts(truthSide)
        for (i, count) in counts.enumerated() where count >= minimumCount {
            let entry = memo.operations[i]
            let found = grams.count(of: entry.meant) ?? occurrenceCount(of: entry.meant, in: truthSide)
            let occurrences = max(found, count)
            let base = baseCost(entry.seen, entry.meant)
            let pBase = pow10(-Double(base))
            let p = (Double(count) + priorWeight * pBase) / (Double(occurrences) + priorWeight)
            let cost = max(Float(-log10(p)), floorCost)
            // Cheaper than before; or, where generic edits are already cheap (a noisy document),
            // made often enough to build the document's variants (`she` for `the`: t read as s).
            guard cost < base - 0.05 || cost <= CandidateSearch.learnedVariantCost else { continue }
            learned.append(
                LearnedConfusion(
                    seen: String(decoding: entry.seen, as: UTF8.self),
                    meant: String(decoding: entry.meant, as: UTF8.self),
                    count: count, baseCost: base, cost: cost))
        }
        // Most frequent first; ties by the strings, so the order never depends on hashing.
        learned.sort { ($0.count, $1.seen, $1.meant) > ($1.count, $0.seen, $0.meant) }
        return learned
    }

    /// The base table's confusions (lower-case letters) that no learned confusion covers and
    /// that the document's confident corrections make less often than the table says: each
    /// re-estimated as `learn` does, and raised to that cost by at most `rise`. Where the
    /// learned confusions explain a scan's errors, the table's others are that much less likely
    /// (`os` is `on` in a scan that reads n as s, not `as` by the table's o for a).
    public static func unseen(
        table: [Confusion], corrections: [(observed: [UInt8], corrected: [UInt8])], truthSide: [UInt8],
        learned: [LearnedConfusion], rise: Float, priorWeight: Double = priorWeight, memo: OperationMemo
    ) -> [LearnedConfusion] {
        guard rise > 0.01 else { return [] }
        let counts = operationCounts(corrections, memo: memo)
        var byKey: [[UInt8]: Int] = [:]
        for (i, count) in counts.enumerated() where count > 0 {
            byKey[memo.operations[i].seen + [0] + memo.operations[i].meant] = count
        }
        let covered = Set(learned.map { Array($0.seen.utf8) + [0] + Array($0.meant.utf8) })
        let grams = ShortSequenceCounts(truthSide)
        func letters(_ s: [UInt8]) -> Bool { !s.isEmpty && s.allSatisfy { $0 >= 0x61 && $0 <= 0x7A } }
        var raised: [LearnedConfusion] = []
        for c in table where letters(c.seen) && letters(c.meant) {
            let key = c.seen + [0] + c.meant
            guard !covered.contains(key) else { continue }
            let count = byKey[key] ?? 0
            let occurrences = max(grams.count(of: c.meant) ?? occurrenceCount(of: c.meant, in: truthSide), count)
            let pBase = pow10(-Double(c.cost))
            let p = (Double(count) + priorWeight * pBase) / (Double(occurrences) + priorWeight)
            let cost = Float(-log10(p))
            guard cost > c.cost + 0.05 else { continue }
            raised.append(
                LearnedConfusion(
                    seen: String(decoding: c.seen, as: UTF8.self), meant: String(decoding: c.meant, as: UTF8.self),
                    count: count, baseCost: c.cost, cost: min(cost, c.cost + rise)))
        }
        return raised
    }

    /// The share of the corrections' operations that no learned confusion covers: the document's
    /// errors that only generic edits explain (nil: fewer than `genericShareEvidence` operations).
    public static func genericShare(
        corrections: [(observed: [UInt8], corrected: [UInt8])], learned: [LearnedConfusion], memo: OperationMemo
    ) -> Double? {
        let known = Set(learned.map { Array($0.seen.utf8) + [0] + Array($0.meant.utf8) })
        var isLearned: [Int32: Bool] = [:]  // each operation looked up once
        var all = 0
        var generic = 0
        for (observed, corrected) in corrections {
            guard let ops = memo.operations(observed, corrected) else { continue }
            for op in ops {
                all += 1
                if isLearned[op] == nil {
                    let entry = memo.operations[Int(op)]
                    isLearned[op] = known.contains(entry.seen + [0] + entry.meant)
                }
                if isLearned[op] == false { generic += 1 }
            }
        }
        return all >= genericShareEvidence ? Double(generic) / Double(all) : nil
    }

    /// Below this generic share the learned confusions explain a scan's errors, and the table's
    /// others grow dearer (`unseen`): the systematic scans' shares are below 0.3 (0.004 on the
    /// 1 M harsh words); a scan of varied errors (letters lost, doubled, misread: 0.5) and the
    /// rendered bad pages (0.65, 0.82) keep the table, whose confusions are their errors.
    public static let systematicShare = 0.3

    /// Operations needed before their generic share is trusted.
    public static let genericShareEvidence = 50

    static func occurrenceCount(of needle: [UInt8], in haystack: [UInt8]) -> Int {
        guard !needle.isEmpty, needle.count <= haystack.count else { return 0 }
        var count = 0
        let first = needle[0]
        let k = needle.count
        var i = 0
        let last = haystack.count - k
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < k && haystack[i + j] == needle[j] { j += 1 }
                if j == k { count += 1 }
            }
            i += 1
        }
        return count
    }

    @inline(__always)
    static func pow10(_ x: Double) -> Double { exp(x * 2.302585092994046) }
}

/// How often each sequence of one to three letters or spaces occurs in a case-folded text
/// (overlapping, as `ChannelLearning.occurrenceCount` counts), from one pass over it.
struct ShortSequenceCounts {
    private static let symbols = 27
    private var table: [Int32]

    /// 0–25 for a lower-case letter, 26 for a space; nil for any other byte.
    @inline(__always)
    private static func symbol(_ b: UInt8) -> Int? {
        if b >= 0x61 && b <= 0x7A { return Int(b - 0x61) }
        return b == 0x20 ? 26 : nil
    }

    /// Where the counts of a sequence of `codes` are kept.
    @inline(__always)
    private static func slot(_ codes: (Int, Int?, Int?)) -> Int {
        let n = symbols
        switch codes {
        case (let a, nil, _): return a
        case (let a, let b?, nil): return n + a * n + b
        case (let a, let b?, let c?): return n + n * n + (a * n + b) * n + c
        }
    }

    init(_ text: [UInt8]) {
        let n = Self.symbols
        table = [Int32](repeating: 0, count: n + n * n + n * n * n)
        let codes = text.map(Self.symbol)
        for i in codes.indices {
            guard let a = codes[i] else { continue }
            table[Self.slot((a, nil, nil))] += 1
            guard i + 1 < codes.count, let b = codes[i + 1] else { continue }
            table[Self.slot((a, b, nil))] += 1
            guard i + 2 < codes.count, let c = codes[i + 2] else { continue }
            table[Self.slot((a, b, c))] += 1
        }
    }

    /// The occurrences of `sequence`; nil when it is not one to three letters or spaces.
    func count(of sequence: [UInt8]) -> Int? {
        guard (1...3).contains(sequence.count) else { return nil }
        var codes: [Int] = []
        for b in sequence {
            guard let c = Self.symbol(b) else { return nil }
            codes.append(c)
        }
        let key = (codes[0], codes.count > 1 ? codes[1] : nil, codes.count > 2 ? codes[2] : nil)
        return Int(table[Self.slot(key)])
    }
}

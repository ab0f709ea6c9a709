// The OCR channel: how likely OCR printed `observed` for `candidate`, as a positive cost in
// log10 units, by a weighted edit distance whose cheap edits are OCR's confusions (rn→m, li→h…).
import Lexicon

/// The generic edit costs of the channel (edits not in the confusion table).
public struct ErrorModelCosts: Sendable {
    /// Generic edits not in the confusion table (log10 units, positive).
    public var substitution: Float = 2.3
    /// Inserting a byte OCR did not print.
    public var insertion: Float = 2.5
    /// Deleting a byte OCR printed.
    public var deletion: Float = 2.5
    /// Swapping two adjacent bytes.
    public var transposition: Float = 2.5
    /// The base costs.
    public init() {}
}

/// The OCR channel: the cost (positive log10) of OCR printing one string for another, by a weighted edit distance whose cheap edits are OCR's confusions.
public final class ErrorModel {
    /// The generic costs in force: the base ones, or a document's (`setCosts`).
    @exclusivity(unchecked) public private(set) var costs: ErrorModelCosts
    /// The costs it was made with.
    public let baseCosts: ErrorModelCosts
    /// Confusions grouped by the last byte of what OCR printed (`seen`): the base table's, and
    /// with a document's learned confusions while they are set.
    @exclusivity(unchecked) private var bySeenLast: [[Confusion]]
    private let baseBySeenLast: [[Confusion]]
    /// The same, packed for the DP's inner loop: the confusions of group g (`group(_:_:)`: the
    /// last bytes of `seen` and `meant`) are `packed[groupStart[g]..<groupStart[g + 1]]`.
    @exclusivity(unchecked) private var packed: [PackedConfusion] = []
    @exclusivity(unchecked) private var groupStart = [Int32](repeating: 0, count: ErrorModel.groups + 1)
    private let maxLength = 48
    // Scratch this object owns, reused by every call (no copy-on-write or exclusivity checks).
    private let table: UnsafeMutableBufferPointer<Float>
    private let osaPeq = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 256)
    /// Candidates farther than this many plain edits (Damerau, adjacent transpositions)
    /// are not scored; nil scores every candidate.
    @exclusivity(unchecked) public var editLimit: Int? = LexiconFormat.maxEditDistance
    /// One plain edit more where the lengths differ: a confusion of two letters for one
    /// (`rl` read as `d`) counts as two plain edits.
    @exclusivity(unchecked) public var lengthChangeEdit = false

    /// Whether the optimal-string-alignment distance of `a` and `b` (case-folded) is at most `k`:
    /// Hyyrö's bit-parallel algorithm (2003, with transpositions), one machine word per column
    /// of `b`. `peq` is 256 zeroed words of scratch, left zeroed.
    package static func withinOSA(
        _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, _ k: Int,
        _ peq: UnsafeMutableBufferPointer<UInt64>
    ) -> Bool {
        let m = a.count
        let n = b.count
        if abs(n - m) > k { return false }
        if n == 0 || m == 0 { return max(n, m) <= k }
        if m > 64 { return true }
        for i in 0..<m { peq[Int(asciiLower(a[i]))] |= 1 << UInt64(i) }
        defer { for i in 0..<m { peq[Int(asciiLower(a[i]))] = 0 } }
        let top: UInt64 = 1 << UInt64(m - 1)
        var vp: UInt64 = m == 64 ? .max : (1 << UInt64(m)) - 1
        var vn: UInt64 = 0
        var d0: UInt64 = 0
        var pmPrevious: UInt64 = 0
        var score = m
        for j in 0..<n {
            let pm = peq[Int(asciiLower(b[j]))]
            let tr = ((~d0 & pm) << 1) & pmPrevious
            d0 = (((pm & vp) &+ vp) ^ vp) | pm | vn | tr
            let hp = vn | ~(d0 | vp)
            let hn = d0 & vp
            if hp & top != 0 {
                score += 1
            } else if hn & top != 0 {
                score -= 1
            }
            // The distance can fall by at most one a column: past reach, stop.
            if score - (n - j - 1) > k { return false }
            let x = hp << 1 | 1
            vn = x & d0
            vp = (hn << 1) | ~(x | d0)
            pmPrevious = pm
        }
        return score <= k
    }

    /// A channel with the base table's `confusions` (log10 probabilities, as the lexicon stores them).
    public init(confusions: [Confusion], costs: ErrorModelCosts = ErrorModelCosts()) {
        self.costs = costs
        self.baseCosts = costs
        var groups = [[Confusion]](repeating: [], count: 256)
        for c in confusions where !c.seen.isEmpty {
            var c = c
            c.seen = c.seen.map(asciiLower)
            c.meant = c.meant.map(asciiLower)
            c.cost = -c.cost  // stored as log10 (negative); used as a positive cost
            groups[Int(c.seen[c.seen.count - 1])].append(c)
        }
        bySeenLast = groups
        baseBySeenLast = groups
        table = .allocate(capacity: (maxLength + 1) * (maxLength + 1))
        table.initialize(repeating: 0)
        osaPeq.initialize(repeating: 0)
        pack()
    }

    deinit {
        table.deallocate()
        osaPeq.deallocate()
    }

    /// One confusion as the inner loop reads it: up to three bytes each side, packed last byte
    /// lowest, so a match is two masked compares against the packed tails of the two words.
    struct PackedConfusion {
        var seen: UInt32
        var meant: UInt32
        var seenMask: UInt32
        var meantMask: UInt32
        var seenCount: Int32
        var meantCount: Int32
        var cost: Float

        init?(_ c: Confusion) {
            guard (1...3).contains(c.seen.count), (1...3).contains(c.meant.count) else { return nil }
            seen = Self.tail(c.seen)
            meant = Self.tail(c.meant)
            seenCount = Int32(c.seen.count)
            meantCount = Int32(c.meant.count)
            seenMask = Self.mask(c.seen.count)
            meantMask = Self.mask(c.meant.count)
            cost = c.cost
        }

        static func tail(_ bytes: [UInt8]) -> UInt32 {
            var v: UInt32 = 0
            for b in bytes { v = v << 8 | UInt32(b) }
            return v
        }

        static func mask(_ count: Int) -> UInt32 { count >= 4 ? .max : (1 << (8 * UInt32(count))) - 1 }
    }

    /// Rebuilds `packed` from `bySeenLast` (confusions of more than three bytes a side are
    /// never in a table: the builder and the learner stop at three).
    private func pack() {
        var groups = [[PackedConfusion]](repeating: [], count: Self.groups)
        for b in 0..<256 {
            for c in bySeenLast[b] {
                guard let packed = PackedConfusion(c) else { continue }
                groups[Self.group(c.seen[c.seen.count - 1], c.meant[c.meant.count - 1])].append(packed)
            }
        }
        var flat: [PackedConfusion] = []
        var starts = [Int32](repeating: 0, count: Self.groups + 1)
        for g in 0..<Self.groups {
            starts[g] = Int32(flat.count)
            flat += groups[g]
        }
        starts[Self.groups] = Int32(flat.count)
        packed = flat
        groupStart = starts
    }

    /// Confusions are grouped by the low five bits of their last byte on each side: a cell of
    /// the DP (the observed and the candidate letter it aligns) reads only its group, ~0.1
    /// confusions instead of every one ending in the observed letter (the masked compares still
    /// check every byte: bytes that share five bits share a group, never a match).
    static let groups = 1 << 10
    @inline(__always)
    static func group(_ seenLast: UInt8, _ meantLast: UInt8) -> Int { Int(seenLast & 31) << 5 | Int(meantLast & 31) }

    /// Sets the generic costs for one document (`baseCosts` to go back).
    public func setCosts(_ costs: ErrorModelCosts) {
        self.costs = costs
        generation &+= 1
    }

    /// Counts the changes of the costs and learned confusions (a cache of costs compares it).
    @exclusivity(unchecked) public private(set) var generation: UInt64 = 0

    /// Adds a document's learned confusions (costs positive) to the base table's; a learned
    /// operation that the table has too takes the cheaper cost. `raised`: table confusions the
    /// document makes less often, at their dearer cost. Empty: the base table alone.
    public func setLearned(_ learned: [Confusion], raised: [Confusion] = []) {
        generation &+= 1
        var groups = baseBySeenLast
        for c in learned where !c.seen.isEmpty {
            let key = Int(c.seen[c.seen.count - 1])
            if let i = groups[key].firstIndex(where: { $0.seen == c.seen && $0.meant == c.meant }) {
                groups[key][i].cost = min(groups[key][i].cost, c.cost)
            } else {
                groups[key].append(c)
            }
        }
        for c in raised where !c.seen.isEmpty {
            let key = Int(c.seen[c.seen.count - 1])
            if let i = groups[key].firstIndex(where: { $0.seen == c.seen && $0.meant == c.meant }) {
                groups[key][i].cost = max(groups[key][i].cost, c.cost)
            }
        }
        bySeenLast = groups
        pack()
    }

    /// The part of `observed` and `candidate` the channel aligns: what the two share at the
    /// start and the end costs nothing (one shared letter is kept on each side for confusions
    /// that reach across it). Nil when their lengths differ by more than three.
    @inline(__always)
    static func differingMiddle(
        _ observed: UnsafeBufferPointer<UInt8>, _ candidate: UnsafeBufferPointer<UInt8>
    ) -> (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>)? {
        var lo = 0
        var hiO = observed.count
        var hiC = candidate.count
        while lo < hiO && lo < hiC && asciiLower(observed[lo]) == asciiLower(candidate[lo]) { lo += 1 }
        while hiO > lo && hiC > lo && asciiLower(observed[hiO - 1]) == asciiLower(candidate[hiC - 1]) {
            hiO -= 1
            hiC -= 1
        }
        lo = max(lo - 1, 0)
        hiO = min(hiO + 1, observed.count)
        hiC = min(hiC + 1, candidate.count)
        if abs(hiO - hiC) > 3 { return nil }
        return (UnsafeBufferPointer(rebasing: observed[lo..<hiO]), UnsafeBufferPointer(rebasing: candidate[lo..<hiC]))
    }

    /// Whether `o` and `c` (as `differingMiddle` gives them) are at most `k` plain edits apart.
    @inline(__always)
    func withinLimit(_ o: UnsafeBufferPointer<UInt8>, _ c: UnsafeBufferPointer<UInt8>, _ k: Int) -> Bool {
        Self.withinOSA(o, c, k, osaPeq)
    }

    /// The cost of reading `candidate` as `observed` (both compared case-folded), or
    /// `.infinity` when it exceeds `bound`.
    public func cost(observed: UnsafeBufferPointer<UInt8>, candidate: UnsafeBufferPointer<UInt8>, bound: Float) -> Float
    {
        guard let (o, c) = Self.differingMiddle(observed, candidate) else { return .infinity }
        let n = o.count
        let m = c.count
        if let limit = editLimit,
            !Self.withinOSA(o, c, limit + (lengthChangeEdit && n != m ? 1 : 0), osaPeq)
        {
            return .infinity
        }
        if n > maxLength || m > maxLength { return .infinity }
        let width = m + 1
        let s = costs
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * (maxLength + 1)) { tails in
            // tails[i]: the last three bytes of o[..<i], folded, last byte lowest; then the m + 1
            // of c (n + m + 2 ≤ 2 · (maxLength + 1)).
            var t: UInt32 = 0
            tails[0] = 0
            for i in 0..<n {
                t = t << 8 | UInt32(asciiLower(o[i]))
                tails[i + 1] = t & 0xFF_FFFF
            }
            t = 0
            let cTails = tails.baseAddress! + n + 1
            cTails[0] = 0
            for j in 0..<m {
                t = t << 8 | UInt32(asciiLower(c[j]))
                cTails[j + 1] = t & 0xFF_FFFF
            }
            let d = table
            // Through locals: a class's array property read in a closure is an access the
            // runtime tracks (swift_beginAccess, 10 % of a harsh text's instructions).
            let (packed, groupStart) = (self.packed, self.groupStart)
            return packed.withUnsafeBufferPointer { confusions -> Float in
                groupStart.withUnsafeBufferPointer { starts -> Float in
                    d[0] = 0
                    for j in 1...max(m, 1) where j <= m { d[j] = Float(j) * s.insertion }
                    if n == 0 { return d[m] <= bound ? d[m] : .infinity }
                    for i in 1...n {
                        let oTail = tails[i]
                        let oi = UInt8(truncatingIfNeeded: oTail)
                        let row = i * width
                        let above = row - width
                        d[row] = Float(i) * s.deletion
                        var rowMin = d[row]
                        let rowGroup = Int(oi & 31) << 5
                        for j in 1...max(m, 1) where j <= m {
                            let cTail = cTails[j]
                            let cj = UInt8(truncatingIfNeeded: cTail)
                            let group = rowGroup | Int(cj & 31)
                            let first = Int(starts[group])
                            let last = Int(starts[group + 1])
                            var best = d[above + j - 1] + (oi == cj ? 0 : s.substitution)
                            best = min(best, d[above + j] + s.deletion, d[row + j - 1] + s.insertion)
                            // An adjacent transposition: o ends in xy where c ends in yx.
                            if i > 1 && j > 1 && oi != cj && oTail & 0xFFFF == (cTail & 0xFF) << 8 | (cTail >> 8 & 0xFF)
                            {
                                best = min(best, d[above - width + j - 2] + s.transposition)
                            }
                            var k = first
                            while k < last {
                                let conf = confusions[k]
                                k += 1
                                guard oTail & conf.seenMask == conf.seen, cTail & conf.meantMask == conf.meant else {
                                    continue
                                }
                                let sl = Int(conf.seenCount)
                                let ml = Int(conf.meantCount)
                                guard sl <= i, ml <= j else { continue }
                                best = min(best, d[(i - sl) * width + j - ml] + conf.cost)
                            }
                            d[row + j] = best
                            rowMin = min(rowMin, best)
                        }
                        // Every path to the end goes through this row: past the bound, stop.
                        if rowMin > bound + 0.0001 && i < n { return .infinity }
                    }
                    let result = d[n * width + m]
                    return result <= bound ? result : .infinity
                }
            }
        }
    }

    /// The cost of reading `candidate` as `observed`, or `.infinity` beyond `bound`.
    public func cost(observed: String, candidate: String, bound: Float = .infinity) -> Float {
        let o = Array(observed.utf8)
        let c = Array(candidate.utf8)
        return o.withUnsafeBufferPointer { ob in
            c.withUnsafeBufferPointer { cost(observed: ob, candidate: $0, bound: bound) }
        }
    }
}

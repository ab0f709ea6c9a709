// Character and word error rates by edit distance, shared by the golden tests and the benchmark (`repair-bench wer`).
import Normalization
import Platform

/// Edit operations over a reference length: a character or word error rate.
public struct ErrorRate: Sendable, Equatable, CustomStringConvertible {
    /// Edit operations (insertions, deletions, substitutions).
    public var errors: Int
    /// Length of the reference (characters or words).
    public var total: Int
    /// errors / total (0 for an empty reference with no errors).
    public var rate: Double { total == 0 ? (errors == 0 ? 0 : 1) : Double(errors) / Double(total) }
    /// The rate as a percentage with two decimals.
    public var description: String { String(format2(rate * 100)) + " %" }
    /// `errors` over `total`.
    public init(errors: Int, total: Int) {
        self.errors = errors
        self.total = total
    }

    /// Adds another text's errors and length.
    public mutating func add(_ other: ErrorRate) {
        errors += other.errors
        total += other.total
    }
}

/// CER and WER of a text against its truth, as `repair-bench` and the golden tests measure them.
public enum Evaluation {
    /// Character error rate of `hypothesis` against `reference`: both in NFC, over characters
    /// (grapheme clusters), with all runs of white space read as one space.
    public static func characterErrorRate(_ hypothesis: String, reference: String) -> ErrorRate {
        let h = Array(squeezeSpaces(ICU.normalize(hypothesis, form: .nfc)))
        let r = Array(squeezeSpaces(ICU.normalize(reference, form: .nfc)))
        return ErrorRate(errors: editDistance(h, r), total: r.count)
    }

    /// Word error rate: edit distance over white-space separated words (in NFC).
    public static func wordErrorRate(_ hypothesis: String, reference: String) -> ErrorRate {
        let h = words(ICU.normalize(hypothesis, form: .nfc))
        let r = words(ICU.normalize(reference, form: .nfc))
        return ErrorRate(errors: editDistance(h, r), total: r.count)
    }

    /// The whitespace-separated words of `text`.
    public static func words(_ text: String) -> [Substring] {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
    }

    static func squeezeSpaces(_ text: String) -> String { words(text).joined(separator: " ") }

    /// A minimum-edit alignment of hypothesis words to reference words, from the end: each pair
    /// is a match or substitution (both indices), a deleted hypothesis word or an inserted
    /// reference word (the other nil). `alignment` reversed.
    public static func alignWords(_ hypothesis: [Substring], _ reference: [Substring]) -> [(
        hypothesis: Int?, reference: Int?
    )] {
        alignment(hypothesis, reference).reversed().map { ($0.a, $0.b) }
    }

    /// A complete alignment of `a` to `b`, first element first: each step is a match or
    /// substitution (both indices), an element of `a` alone or of `b` alone.
    ///
    /// Minimal when the two fit the cell budget: banded (Ukkonen), only cells within `k` of the
    /// diagonals computed, `k` doubling from 16 until the distance is at most `k` — then the
    /// alignment is the full table's, step for step; work O((n + m) · d) for distance d. Longer
    /// pairs are first cut at anchors — elements that occur once in each, on their longest
    /// common increasing run (as patience diff) — and each piece aligned so; a piece with no
    /// anchor that still does not fit is halved. Then the alignment is valid, perhaps not minimal.
    public static func alignment<T: Hashable>(_ a: [T], _ b: [T]) -> [(a: Int?, b: Int?)] {
        let (x, y) = numbered(a, b)
        var steps: [(a: Int?, b: Int?)] = []
        steps.reserveCapacity(max(a.count, b.count))
        align(x[...], y[...], into: &steps)
        return steps
    }

    /// Whether an `n` × `m` pair is aligned exactly: its narrowest band fits `cellBudget` cells.
    public static func fitsExactly(_ n: Int, _ m: Int) -> Bool {
        n < cellBudget && m < cellBudget && (n + 1) * (2 * 16 + abs(m - n) + 1) <= cellBudget
    }

    static func align(_ x: ArraySlice<Int32>, _ y: ArraySlice<Int32>, into steps: inout [(a: Int?, b: Int?)]) {
        if x.isEmpty {
            for j in y.indices { steps.append((nil, j)) }
            return
        }
        if y.isEmpty {
            for i in x.indices { steps.append((i, nil)) }
            return
        }
        if fitsExactly(x.count, y.count) {
            exactAlignment(x, y, into: &steps)
            return
        }
        let anchors = Self.anchors(x, y)
        guard !anchors.isEmpty else {
            windowedAlignment(x, y, into: &steps)
            return
        }
        var i = x.startIndex
        var j = y.startIndex
        for (ai, aj) in anchors {
            align(x[i..<ai], y[j..<aj], into: &steps)
            steps.append((ai, aj))
            i = ai + 1
            j = aj + 1
        }
        align(x[i...], y[j...], into: &steps)
    }

    /// A long pair with no anchor (a text repeated, so no three words in a row occur once):
    /// aligned a window at a time, each window's alignment kept to its last match before the
    /// window's middle, the next window starting there. Exact where the texts drift apart by
    /// less than half a window between matches; complete and in order always.
    static func windowedAlignment(
        _ x: ArraySlice<Int32>, _ y: ArraySlice<Int32>, into steps: inout [(a: Int?, b: Int?)]
    ) {
        var i = x.startIndex
        var j = y.startIndex
        var local: [(a: Int?, b: Int?)] = []
        while i < x.endIndex, j < y.endIndex, !fitsExactly(x.endIndex - i, y.endIndex - j) {
            let xs = x[i..<min(i + alignmentWindow, x.endIndex)]
            let ys = y[j..<min(j + alignmentWindow, y.endIndex)]
            local.removeAll(keepingCapacity: true)
            diagonalAlignment(xs, ys, into: &local)
            // Up to the last match before the middle of either side (all of it past the end of one).
            var keep = 0
            for (k, step) in local.enumerated() {
                if let a = step.a, a >= i + alignmentWindow / 2 { break }
                if let b = step.b, b >= j + alignmentWindow / 2 { break }
                if let a = step.a, let b = step.b, x[a] == y[b] { keep = k + 1 }
            }
            // No match in the first half: half the window's steps (each takes one element or two).
            if keep == 0 { keep = max(1, local.count / 2) }
            for step in local[..<keep] {
                steps.append(step)
                if let a = step.a { i = a + 1 }
                if let b = step.b { j = b + 1 }
            }
        }
        align(x[i...], y[j...], into: &steps)
    }

    /// The elements `windowedAlignment` aligns at once.
    static let alignmentWindow = 2048

    /// A minimal alignment by furthest-reaching diagonals (as `diagonalDistance`), every
    /// round's reach kept for the traceback: time O((n + m) · d), memory O(d²) — for the
    /// windows of a long pair, whose distance is small against their length squared. Among
    /// minimal steps, as `exactAlignment`: a match, then a gap, then a substitution.
    static func diagonalAlignment(
        _ xs: ArraySlice<Int32>, _ ys: ArraySlice<Int32>, into steps: inout [(a: Int?, b: Int?)]
    ) {
        let a = Array(xs)
        let b = Array(ys)
        let n = a.count
        let m = b.count
        let (di, dj) = (xs.startIndex, ys.startIndex)
        guard n > 0, m > 0 else {
            for i in 0..<n { steps.append((i + di, nil)) }
            for j in 0..<m { steps.append((nil, j + dj)) }
            return
        }
        // Round d's reach on diagonals −d…d, at d² + k + d.
        let unreached = Int32.min / 2
        var rounds: [Int32] = []
        var start = 0
        while start < n && start < m && a[start] == b[start] { start += 1 }
        rounds.append(Int32(start))
        var current: [Int32] = []
        var distance = 0
        while abs(m - n) > distance || Int(rounds[distance * distance + (m - n) + distance]) < n {
            let d = distance + 1
            current.removeAll(keepingCapacity: true)
            rounds.withUnsafeBufferPointer { rounds in
                let below = rounds.baseAddress! + (d - 1) * (d - 1) + (d - 1)  // round d − 1, diagonal 0
                func reach(_ k: Int) -> Int { k < 1 - d || k > d - 1 ? Int(unreached) : Int(below[k]) }
                for k in -d...d {
                    var i = max(max(reach(k) + 1, reach(k + 1) + 1), reach(k - 1))
                    i = min(i, n, m - k)
                    guard k >= -n, k <= m, i >= max(0, -k) else {
                        current.append(unreached)
                        continue
                    }
                    while i < n && i + k < m && a[i] == b[i + k] { i += 1 }
                    current.append(Int32(i))
                }
            }
            rounds.append(contentsOf: current)
            distance = d
        }
        // Back from the end: matches on the diagonal cost nothing; else the round below,
        // by an edit from a point that round reaches.
        var reversed: [(a: Int?, b: Int?)] = []
        reversed.reserveCapacity(max(n, m))
        rounds.withUnsafeBufferPointer { rounds in
            func reach(_ d: Int, _ k: Int) -> Int { k < -d || k > d ? Int(unreached) : Int(rounds[d * d + k + d]) }
            var (i, j, d) = (n, m, distance)
            while i > 0 || j > 0 {
                let k = j - i
                while d > 0 && reach(d - 1, k) >= i { d -= 1 }
                if i > 0 && j > 0 && a[i - 1] == b[j - 1] {
                    reversed.append((i - 1, j - 1))
                    (i, j) = (i - 1, j - 1)
                } else if i > 0 && reach(d - 1, k + 1) >= i - 1 {
                    reversed.append((i - 1, nil))
                    i -= 1
                    d -= 1
                } else if j > 0 && reach(d - 1, k - 1) >= i {
                    reversed.append((nil, j - 1))
                    j -= 1
                    d -= 1
                } else {
                    reversed.append((i - 1, j - 1))
                    (i, j, d) = (i - 1, j - 1, d - 1)
                }
            }
        }
        for step in reversed.reversed() { steps.append((step.a.map { $0 + di }, step.b.map { $0 + dj })) }
    }

    /// Three elements in a row that occur once in each slice, paired (by their first), on
    /// their longest run increasing in both. Not single elements: a word a misreading made
    /// once (`Insert`), unique on both sides but pages apart, anchored the pieces askew.
    static func anchors(_ x: ArraySlice<Int32>, _ y: ArraySlice<Int32>) -> [(Int, Int)] {
        guard x.count >= 3, y.count >= 3 else { return [] }
        var inX: [Triple: Int] = [:]  // three in a row → index of the first, or -1 when repeated
        for i in x.startIndex...(x.endIndex - 3) {
            let t = Triple(x[i], x[i + 1], x[i + 2])
            inX[t] = inX[t] == nil ? i : -1
        }
        var inY: [Triple: Int] = [:]
        for j in y.startIndex...(y.endIndex - 3) {
            let t = Triple(y[j], y[j + 1], y[j + 2])
            inY[t] = inY[t] == nil ? j : -1
        }
        var pairs: [(Int, Int)] = []
        for i in x.startIndex...(x.endIndex - 3) {
            let t = Triple(x[i], x[i + 1], x[i + 2])
            if let xi = inX[t], xi >= 0, let yj = inY[t], yj >= 0 { pairs.append((xi, yj)) }
        }
        // Longest increasing subsequence by the y index (patience sorting).
        var tails: [Int] = []  // index into pairs of the smallest tail of each length
        var previous = [Int](repeating: -1, count: pairs.count)
        for (k, pair) in pairs.enumerated() {
            var lo = 0
            var hi = tails.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if pairs[tails[mid]].1 < pair.1 { lo = mid + 1 } else { hi = mid }
            }
            if lo > 0 { previous[k] = tails[lo - 1] }
            if lo == tails.count { tails.append(k) } else { tails[lo] = k }
        }
        var result: [(Int, Int)] = []
        var k = tails.last ?? -1
        while k >= 0 {
            result.append(pairs[k])
            k = previous[k]
        }
        return result.reversed()
    }

    /// Three numbered elements in a row.
    struct Triple: Hashable {
        let a: Int32, b: Int32, c: Int32
        init(_ a: Int32, _ b: Int32, _ c: Int32) { (self.a, self.b, self.c) = (a, b, c) }
    }

    /// The banded table's traceback over two slices that fit the budget (indices kept).
    static func exactAlignment(
        _ xs: ArraySlice<Int32>, _ ys: ArraySlice<Int32>, into steps: inout [(a: Int?, b: Int?)]
    ) {
        let x = Array(xs)
        let y = Array(ys)
        let table = BandedTable(x, y)
        var reversed: [(a: Int?, b: Int?)] = []
        reversed.reserveCapacity(max(x.count, y.count))
        var i = x.count
        var j = y.count
        while i > 0 || j > 0 {
            // Among the minimal steps: a match, then a gap, then a substitution — the differences
            // then sit to the right, where a reader looks for them (`main-` for `maintains`).
            let here = table[i, j]
            if i > 0 && j > 0 && x[i - 1] == y[j - 1] && here == table[i - 1, j - 1] {
                reversed.append((i - 1, j - 1))
                i -= 1
                j -= 1
            } else if i > 0 && here == table[i - 1, j] &+ 1 {
                reversed.append((i - 1, nil))
                i -= 1
            } else if j > 0 && here == table[i, j - 1] &+ 1 {
                reversed.append((nil, j - 1))
                j -= 1
            } else {
                reversed.append((i - 1, j - 1))
                i -= 1
                j -= 1
            }
        }
        let (di, dj) = (xs.startIndex, ys.startIndex)
        for step in reversed.reversed() { steps.append((step.a.map { $0 + di }, step.b.map { $0 + dj })) }
    }

    /// At most this many cells (128 MB) are kept for one alignment — a band of 160 words
    /// around 100,000; a band that would need more is not tried.
    public static let cellBudget = 32_000_000

    /// The two sequences as numbers (equal elements, equal numbers): the table compares each
    /// pair many times.
    static func numbered<T: Hashable>(_ a: [T], _ b: [T]) -> ([Int32], [Int32]) {
        var ids: [T: Int32] = [:]
        func id(_ x: T) -> Int32 {
            if let known = ids[x] { return known }
            let new = Int32(ids.count)
            ids[x] = new
            return new
        }
        return (a.map(id), b.map(id))
    }

    /// Edit distances of all prefixes, within a band around the diagonals; cells outside it
    /// read as "infinite".
    struct BandedTable {
        let n: Int, m: Int
        /// The band: columns j with lowest ≤ j − i ≤ highest.
        var lowest = 0, highest = 0
        var rows: [Int32] = []
        var distance = 0
        static let infinite = Int32.max / 2

        init(_ a: [Int32], _ b: [Int32]) {
            n = a.count
            m = b.count
            var k = 16
            while true {
                lowest = min(0, m - n) - k
                highest = max(0, m - n) + k
                distance = fill(a, b, width: highest - lowest + 1)
                if distance <= k || k >= max(n, m) { return }
                k *= 2
                if (n + 1) * (2 * k + abs(m - n) + 1) > Evaluation.cellBudget { return }
            }
        }

        /// Fills the band, every row kept (4 bytes a cell) for the traceback.
        private mutating func fill(_ a: [Int32], _ b: [Int32], width: Int) -> Int {
            rows = [Int32](repeating: Self.infinite, count: (n + 1) * width)
            let (low, high, n, m) = (lowest, highest, n, m)
            return rows.withUnsafeMutableBufferPointer { cells -> Int in
                for i in 0...n {
                    let row = i * width
                    let previous = (i - 1) * width
                    let from = max(0, i + low)
                    let to = min(m, i + high)
                    guard from <= to else { continue }
                    for j in from...to {
                        let c = j - i - low
                        if i == 0 {
                            cells[row + c] = Int32(j)
                            continue
                        }
                        if j == 0 {
                            cells[row + c] = Int32(i)
                            continue
                        }
                        // (i-1, j-1) is column c of the previous row; (i-1, j) is c + 1; (i, j-1) is c - 1.
                        let diagonal = cells[previous + c] &+ (a[i - 1] == b[j - 1] ? 0 : 1)
                        let up = c + 1 < width ? cells[previous + c + 1] &+ 1 : Self.infinite
                        let left = c > 0 ? cells[row + c - 1] &+ 1 : Self.infinite
                        cells[row + c] = min(min(diagonal, up), min(left, Self.infinite))
                    }
                }
                return Int(cells[n * width + (m - n - low)])
            }
        }

        /// The distance of prefixes a[..<i] and b[..<j] ("infinite" outside the band).
        subscript(i: Int, j: Int) -> Int32 {
            let c = j - i - lowest
            guard i >= 0, j >= 0, c >= 0, c <= highest - lowest else { return Self.infinite }
            return rows[i * (highest - lowest + 1) + c]
        }
    }

    /// The reference words that `hypothesis` reproduces exactly, by index, on a minimum-edit alignment.
    public static func matchedReferenceWords(_ hypothesis: [Substring], _ reference: [Substring]) -> Set<Int> {
        Set(
            alignWords(hypothesis, reference).compactMap { pair in
                guard let h = pair.hypothesis, let r = pair.reference, hypothesis[h] == reference[r] else { return nil }
                return r
            })
    }

    /// Words a stage fixed and harmed: reference words matched after but not before, and the reverse.
    public static func fixedAndHarmed(before: String, after: String, reference: String) -> (fixed: Int, harmed: Int) {
        let r = words(reference)
        let b = matchedReferenceWords(words(before), r)
        let a = matchedReferenceWords(words(after), r)
        return (a.subtracting(b).count, b.subtracting(a).count)
    }

    /// Levenshtein distance, exact by furthest-reaching diagonals (`diagonalDistance`); for a
    /// pair too far apart for its step budget (unrelated texts of a million words), the
    /// anchored alignment's steps (an upper bound).
    public static func editDistance<T: Hashable>(_ a: [T], _ b: [T]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let (x, y) = numbered(a, b)
        if let d = diagonalDistance(x, y, budget: distanceBudget) { return d }
        return alignment(a, b).reduce(0) { total, s in
            total + (s.a != nil && s.b != nil && a[s.a!] == b[s.b!] ? 0 : 1)
        }
    }

    /// The most steps `editDistance` takes before it settles for the alignment's count (256 M,
    /// about half a second; 1.5 M characters at 1 % CER take about 0.2 G).
    public static let distanceBudget = 8 * cellBudget

    /// The exact Levenshtein distance by furthest-reaching points on each diagonal (Ukkonen
    /// 1985, Myers 1986): for d = 0, 1, 2, … the row each diagonal reaches with d edits, slid
    /// along equal elements. Work O((n + m) · d) at worst, about n + d² on texts that agree
    /// in long runs (a book against its OCR); nil when it would pass `budget` steps (at once
    /// when the lengths differ by more than its square root).
    package static func diagonalDistance(_ a: [Int32], _ b: [Int32], budget: Int) -> Int? {
        let n = a.count
        let m = b.count
        // At least |m − n| rounds over as many diagonals each: hopeless past the budget.
        guard (m - n).magnitude * (m - n).magnitude <= budget else { return nil }
        // Diagonal k = j − i, stored at k + n + 1 (one spare cell on each side); two rounds.
        let offset = n + 1
        let width = n + m + 3
        let unreached = Int32.min / 2
        let cells = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * width)
        defer { cells.deallocate() }
        cells.initialize(repeating: unreached, count: 2 * width)
        var reach = cells + offset
        var next = cells + width + offset
        var work = 0
        return a.withUnsafeBufferPointer { a -> Int? in
            b.withUnsafeBufferPointer { b -> Int? in
                guard let a = a.baseAddress, let b = b.baseAddress else { return max(n, m) }
                var start = 0
                while start < n && start < m && a[start] == b[start] { start += 1 }
                work = start
                reach[0] = Int32(start)
                if n == m && start == n { return 0 }
                for d in 1...(n + m) {
                    let low = max(-n, -d)
                    let high = min(m, d)
                    for k in low...high {
                        // A substitution on k, a deletion from k + 1, an insertion from k − 1.
                        var i = Int(max(max(reach[k] &+ 1, reach[k + 1] &+ 1), reach[k - 1]))
                        i = min(i, n, m - k)
                        guard i >= max(0, -k) else {
                            next[k] = unreached
                            continue
                        }
                        let from = i
                        while i < n && i + k < m && a[i] == b[i + k] { i += 1 }
                        work += 1 + i - from
                        next[k] = Int32(i)
                        if k == m - n && i == n { return d }
                    }
                    swap(&reach, &next)
                    if work > budget { return nil }
                }
                return n + m
            }
        }
    }
}

/// Two decimals without Foundation.
func format2(_ value: Double) -> String { decimal(value, places: 2) }

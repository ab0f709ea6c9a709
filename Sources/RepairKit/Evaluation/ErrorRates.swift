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

    /// Whether an `n` × `m` pair is aligned exactly: its narrowest band fits `budget` cells.
    public static func fitsExactly(_ n: Int, _ m: Int, budget: Int = cellBudget) -> Bool {
        n < budget && m < budget && (n + 1) * (2 * 16 + abs(m - n) + 1) <= budget
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
            let i = x.startIndex + x.count / 2
            let j = y.startIndex + y.count / 2
            align(x[..<i], y[..<j], into: &steps)
            align(x[i...], y[j...], into: &steps)
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

    /// Elements that occur once in each slice, paired, on their longest run increasing in both.
    static func anchors(_ x: ArraySlice<Int32>, _ y: ArraySlice<Int32>) -> [(Int, Int)] {
        var inX: [Int32: Int] = [:]  // element → index, or -1 when repeated
        for i in x.indices { inX[x[i]] = inX[x[i]] == nil ? i : -1 }
        var inY: [Int32: Int] = [:]
        for j in y.indices { inY[y[j]] = inY[y[j]] == nil ? j : -1 }
        var pairs: [(Int, Int)] = []
        for i in x.indices {
            if let xi = inX[x[i]], xi >= 0, let yj = inY[x[i]], yj >= 0 { pairs.append((xi, yj)) }
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

    /// The banded table's traceback over two slices that fit the budget (indices kept).
    static func exactAlignment(
        _ xs: ArraySlice<Int32>, _ ys: ArraySlice<Int32>, into steps: inout [(a: Int?, b: Int?)]
    ) {
        let x = Array(xs)
        let y = Array(ys)
        let table = BandedTable(x, y, keepRows: true)
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
    /// around 100,000 — and eight times as many computed for a distance; a band that would
    /// need more is not tried.
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

        init(_ a: [Int32], _ b: [Int32], keepRows: Bool) {
            n = a.count
            m = b.count
            var k = 16
            // A traceback keeps every row (4 bytes a cell); a distance alone keeps two.
            let budget = keepRows ? Evaluation.cellBudget : 8 * Evaluation.cellBudget
            while true {
                lowest = min(0, m - n) - k
                highest = max(0, m - n) + k
                distance = fill(a, b, width: highest - lowest + 1, keepRows: keepRows)
                if distance <= k || k >= max(n, m) { return }
                k *= 2
                if (n + 1) * (2 * k + abs(m - n) + 1) > budget { return }
            }
        }

        /// Fills the band; keeps every row when `keepRows` (for a traceback), else two.
        private mutating func fill(_ a: [Int32], _ b: [Int32], width: Int, keepRows: Bool) -> Int {
            let rowCount = keepRows ? n + 1 : 2
            rows = [Int32](repeating: Self.infinite, count: rowCount * width)
            let (low, high, n, m) = (lowest, highest, n, m)
            return rows.withUnsafeMutableBufferPointer { cells -> Int in
                for i in 0...n {
                    let row = (keepRows ? i : i & 1) * width
                    let previous = (keepRows ? i - 1 : (i - 1) & 1) * width
                    let from = max(0, i + low)
                    let to = min(m, i + high)
                    if !keepRows { for c in 0..<width { cells[row + c] = Self.infinite } }
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
                let last = (keepRows ? n : n & 1) * width + (m - n - low)
                return Int(cells[last])
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

    /// Levenshtein distance: banded, two rows (see `alignWords`); past `cellBudget` cells, the
    /// widest band's distance (an upper bound).
    public static func editDistance<T: Hashable>(_ a: [T], _ b: [T]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        guard fitsExactly(a.count, b.count, budget: 8 * cellBudget) else {
            // Too long for one table: the anchored alignment's steps (an upper bound).
            return alignment(a, b).reduce(0) { total, s in
                total + (s.a != nil && s.b != nil && a[s.a!] == b[s.b!] ? 0 : 1)
            }
        }
        let (x, y) = numbered(a, b)
        return BandedTable(x, y, keepRows: false).distance
    }
}

/// Two decimals without Foundation.
func format2(_ value: Double) -> String { decimal(value, places: 2) }

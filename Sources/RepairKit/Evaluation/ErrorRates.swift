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
    /// reference word (the other nil). Unaligned words before the first pair are left out.
    ///
    /// Banded (Ukkonen): only cells within `k` of the diagonals are computed, `k` doubling from
    /// 16 until the distance is at most `k` — then the alignment is the full table's, step for
    /// step. Work is O((n + m) · d) for distance d; past `cellBudget` cells the widest band
    /// tried gives the alignment (a valid one, perhaps not minimal).
    public static func alignWords(_ hypothesis: [Substring], _ reference: [Substring]) -> [(
        hypothesis: Int?, reference: Int?
    )] {
        let (h, r) = numbered(hypothesis, reference)
        let table = BandedTable(h, r, keepRows: true)
        var pairs: [(hypothesis: Int?, reference: Int?)] = []
        var i = hypothesis.count
        var j = reference.count
        while i > 0 && j > 0 {
            let here = table[i, j]
            if here == table[i - 1, j - 1] &+ (h[i - 1] == r[j - 1] ? 0 : 1) {
                pairs.append((i - 1, j - 1))
                i -= 1
                j -= 1
            } else if here == table[i - 1, j] &+ 1 {
                pairs.append((i - 1, nil))
                i -= 1
            } else {
                pairs.append((nil, j - 1))
                j -= 1
            }
        }
        return pairs
    }

    /// A complete minimum-edit alignment of `a` to `b`, first element first: each step is a
    /// match or substitution (both indices), an element of `a` alone (deleted from `b`'s view) or
    /// of `b` alone. Banded as `alignWords`; past `cellBudget` a valid alignment, perhaps not minimal.
    public static func alignment<T: Hashable>(_ a: [T], _ b: [T]) -> [(a: Int?, b: Int?)] {
        if a.isEmpty { return b.indices.map { (nil, $0) } }
        if b.isEmpty { return a.indices.map { ($0, nil) } }
        let (x, y) = numbered(a, b)
        let table = BandedTable(x, y, keepRows: true)
        var steps: [(a: Int?, b: Int?)] = []
        steps.reserveCapacity(max(a.count, b.count))
        var i = a.count
        var j = b.count
        while i > 0 || j > 0 {
            // Among the minimal steps: a match, then a gap, then a substitution — the differences
            // then sit to the right, where a reader looks for them (`main-` for `maintains`).
            let here = table[i, j]
            if i > 0 && j > 0 && x[i - 1] == y[j - 1] && here == table[i - 1, j - 1] {
                steps.append((i - 1, j - 1))
                i -= 1
                j -= 1
            } else if i > 0 && here == table[i - 1, j] &+ 1 {
                steps.append((i - 1, nil))
                i -= 1
            } else if j > 0 && here == table[i, j - 1] &+ 1 {
                steps.append((nil, j - 1))
                j -= 1
            } else {
                steps.append((i - 1, j - 1))
                i -= 1
                j -= 1
            }
        }
        steps.reverse()
        return steps
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
        let (x, y) = numbered(a, b)
        return BandedTable(x, y, keepRows: false).distance
    }
}

/// Two decimals without Foundation.
func format2(_ value: Double) -> String { decimal(value, places: 2) }

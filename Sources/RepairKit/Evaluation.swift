// Character and word error rates by edit distance, shared by the golden tests and the benchmark (`repair-bench wer`).
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
}

/// CER and WER of a text against its truth, as `repair-bench` and the golden tests measure them.
public enum Evaluation {
    /// Character error rate of `hypothesis` against `reference`, over Unicode scalars,
    /// with all runs of white space read as one space.
    public static func characterErrorRate(_ hypothesis: String, reference: String) -> ErrorRate {
        let h = Array(squeezeSpaces(hypothesis).unicodeScalars)
        let r = Array(squeezeSpaces(reference).unicodeScalars)
        return ErrorRate(errors: editDistance(h, r), total: r.count)
    }

    /// Word error rate: edit distance over white-space separated words.
    public static func wordErrorRate(_ hypothesis: String, reference: String) -> ErrorRate {
        let h = words(hypothesis)
        let r = words(reference)
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
    public static func alignWords(_ hypothesis: [Substring], _ reference: [Substring]) -> [(
        hypothesis: Int?, reference: Int?
    )] {
        let n = hypothesis.count
        let m = reference.count
        var d = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in 0...n { d[i][0] = i }
        for j in 0...m { d[0][j] = j }
        if n > 0 && m > 0 {
            for i in 1...n {
                for j in 1...m {
                    d[i][j] = min(
                        d[i - 1][j - 1] + (hypothesis[i - 1] == reference[j - 1] ? 0 : 1), d[i - 1][j] + 1,
                        d[i][j - 1] + 1)
                }
            }
        }
        var pairs: [(hypothesis: Int?, reference: Int?)] = []
        var i = n
        var j = m
        while i > 0 && j > 0 {
            if d[i][j] == d[i - 1][j - 1] + (hypothesis[i - 1] == reference[j - 1] ? 0 : 1) {
                pairs.append((i - 1, j - 1))
                i -= 1
                j -= 1
            } else if d[i][j] == d[i - 1][j] + 1 {
                pairs.append((i - 1, nil))
                i -= 1
            } else {
                pairs.append((nil, j - 1))
                j -= 1
            }
        }
        return pairs
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

    /// Levenshtein distance with two rows.
    public static func editDistance<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// Two decimals without Foundation.
func format2(_ value: Double) -> String { decimal(value, places: 2) }

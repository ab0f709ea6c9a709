// The banded aligner against the full table it replaces: the same alignment step for step
// whenever the distance fits the band, and linear work on long, similar texts; past the cell
// budget, the anchored alignment is still complete and in order.
import RepairKit
import Testing

@Suite("Banded alignment")
struct BandedAlignmentTests {
    /// The full-table alignment (the slow reference): every cell, the same traceback.
    static func referenceAlignment(_ h: [Substring], _ r: [Substring]) -> [[Int?]] {
        let n = h.count
        let m = r.count
        var d = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in 0...n { d[i][0] = i }
        for j in 0...m { d[0][j] = j }
        if n > 0 && m > 0 {
            for i in 1...n {
                for j in 1...m {
                    d[i][j] = min(d[i - 1][j - 1] + (h[i - 1] == r[j - 1] ? 0 : 1), d[i - 1][j] + 1, d[i][j - 1] + 1)
                }
            }
        }
        var pairs: [[Int?]] = []
        var i = n
        var j = m
        // Complete; among minimal steps a match, then a gap, then a substitution.
        while i > 0 || j > 0 {
            if i > 0 && j > 0 && h[i - 1] == r[j - 1] && d[i][j] == d[i - 1][j - 1] {
                pairs.append([i - 1, j - 1])
                i -= 1
                j -= 1
            } else if i > 0 && d[i][j] == d[i - 1][j] + 1 {
                pairs.append([i - 1, nil])
                i -= 1
            } else if j > 0 && d[i][j] == d[i][j - 1] + 1 {
                pairs.append([nil, j - 1])
                j -= 1
            } else {
                pairs.append([i - 1, j - 1])
                i -= 1
                j -= 1
            }
        }
        pairs.append([d[n][m]])
        return pairs
    }

    static func words(_ count: Int, vocabulary: Int, generator: inout SplitMix64) -> [Substring] {
        (0..<count).map { _ in Substring("w\(generator.next() % UInt64(vocabulary))") }
    }

    @Test("random pairs, near and far: the banded alignment and distance equal the full table's")
    func differential() {
        var generator = SplitMix64(state: 11)
        for round in 0..<400 {
            let n = Int(generator.next() % 90)
            let reference = Self.words(n, vocabulary: 6, generator: &generator)
            var hypothesis = reference
            // Near (a few edits) or far (unrelated words, other lengths).
            if round % 3 == 0 {
                hypothesis = Self.words(Int(generator.next() % 90), vocabulary: 6, generator: &generator)
            } else {
                for _ in 0..<Int(generator.next() % 12) where !hypothesis.isEmpty {
                    let at = Int(generator.next() % UInt64(hypothesis.count))
                    switch generator.next() % 3 {
                    case 0: hypothesis.remove(at: at)
                    case 1: hypothesis.insert(Substring("x"), at: at)
                    default: hypothesis[at] = Substring("y")
                    }
                }
            }
            var expected = Self.referenceAlignment(hypothesis, reference)
            let distance = expected.removeLast()[0]!
            let got = Evaluation.alignWords(hypothesis, reference).map { [$0.hypothesis, $0.reference] }
            #expect(got == expected, "round \(round)")
            #expect(Evaluation.editDistance(hypothesis, reference) == distance, "round \(round)")
        }
    }

    @Test("20,000 words with one in 400 changed: a narrow band, the right distance")
    func longTexts() {
        var generator = SplitMix64(state: 5)
        let reference = Self.words(20_000, vocabulary: 5000, generator: &generator)
        var hypothesis = reference
        for k in stride(from: 0, to: hypothesis.count, by: 400) { hypothesis[k] = Substring("changed") }
        let pairs = Evaluation.alignWords(hypothesis, reference)
        #expect(pairs.count == 20_000)
        #expect(pairs.filter { hypothesis[$0.hypothesis!] != reference[$0.reference!] }.count == 50)
        #expect(Evaluation.editDistance(hypothesis, reference) == 50)
    }

    @Test("past the cell budget (60,000 words lost from 200,000): anchored, complete, in order, the true distance")
    func pastTheBudget() {
        var generator = SplitMix64(state: 7)
        let reference = Self.words(200_000, vocabulary: 1_000_000, generator: &generator)
        let hypothesis = Array(reference[..<50_000] + reference[110_000...])
        #expect(!Evaluation.fitsExactly(hypothesis.count, reference.count))
        let steps = Evaluation.alignment(hypothesis, reference)
        #expect(steps.compactMap(\.a) == Array(hypothesis.indices))
        #expect(steps.compactMap(\.b) == Array(reference.indices))
        #expect(Evaluation.editDistance(hypothesis, reference) == 60_000)
    }
}

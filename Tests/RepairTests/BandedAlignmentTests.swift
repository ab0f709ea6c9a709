// The banded aligner against the full table it replaces: the same alignment step for step
// whenever the distance fits the band, and linear work on long, similar texts; past the cell
// budget, the anchored and windowed alignments are still complete and in order, and the
// distance (by furthest-reaching diagonals) exact.
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

    /// Every step of `steps` in order on both sides, and how many are not matches.
    static func operations(_ steps: [(a: Int?, b: Int?)], _ a: [Substring], _ b: [Substring]) -> Int? {
        guard steps.compactMap(\.a) == Array(a.indices), steps.compactMap(\.b) == Array(b.indices) else { return nil }
        return steps.filter { $0.a == nil || $0.b == nil || a[$0.a!] != b[$0.b!] }.count
    }

    @Test(
        "a text repeated 150 times (no three words in a row once), 1,547 words lost and 750 changed: the exact distance, and an alignment that takes no more"
    )
    func repeatedText() {
        var generator = SplitMix64(state: 3)
        let copy = Self.words(1000, vocabulary: 300, generator: &generator)
        let reference = Array((0..<150).map { _ in copy }.joined())
        var hypothesis: [Substring] = []
        var edits = 0
        for (k, word) in reference.enumerated() {
            if k % 97 == 0 {
                edits += 1
            } else if k % 200 == 50 {
                hypothesis.append("changed")
                edits += 1
            } else {
                hypothesis.append(word)
            }
        }
        #expect(!Evaluation.fitsExactly(hypothesis.count, reference.count))
        #expect(Evaluation.editDistance(hypothesis, reference) == edits)
        #expect(Self.operations(Evaluation.alignment(hypothesis, reference), hypothesis, reference) == edits)
    }

    @Test("the distance by diagonals equals the full table's on random pairs, near and far")
    func diagonalDistance() {
        var generator = SplitMix64(state: 23)
        for round in 0..<300 {
            let reference = Self.words(Int(generator.next() % 120), vocabulary: 4, generator: &generator)
            var hypothesis =
                round % 2 == 0
                ? Self.words(Int(generator.next() % 120), vocabulary: 4, generator: &generator) : reference
            for _ in 0..<Int(generator.next() % 20) where round % 2 == 1 && !hypothesis.isEmpty {
                let at = Int(generator.next() % UInt64(hypothesis.count))
                if generator.next() % 2 == 0 { hypothesis.remove(at: at) } else { hypothesis[at] = "y" }
            }
            let expected = Self.referenceAlignment(hypothesis, reference).last![0]!
            var ids: [Substring: Int32] = [:]
            let number = { (w: Substring) -> Int32 in
                if let id = ids[w] { return id }
                ids[w] = Int32(ids.count)
                return ids[w]!
            }
            let (x, y) = (hypothesis.map(number), reference.map(number))
            #expect(Evaluation.diagonalDistance(x, y, budget: .max) == expected, "round \(round)")
        }
        // Past its budget: no answer (the caller takes a bound).
        let far = (Array(repeating: Int32(1), count: 3000), Array(repeating: Int32(2), count: 3000))
        #expect(Evaluation.diagonalDistance(far.0, far.1, budget: 1_000_000) == nil)
    }
}

import Foundation
// `repair eval`'s comparison: CER/WER as defined in README, the alignment against a full
// dynamic-programming reference, the confusion runs, fixed and harmed words.
import RepairKit
import TestSupport
import Testing

@Suite("Evaluation reports")
struct TextComparisonTests {
    @Test("CER and WER by the definitions: NFC, white space as one space, characters and words")
    func definitions() {
        let c = TextComparison(truth: "the modern world\n", hypothesis: "the rnodern  world")
        #expect(c.wer == ErrorRate(errors: 1, total: 3))
        #expect(c.cer == ErrorRate(errors: 2, total: 16))
        #expect((c.insertions, c.deletions, c.substitutions) == (1, 0, 1))
        #expect(c.confusions == [TextComparison.Count(truth: "m", hypothesis: "rn", count: 1)])
        #expect(c.wordErrors == [TextComparison.Count(truth: "modern", hypothesis: "rnodern", count: 1)])
        // é composed and decomposed are the same character after NFC.
        let accents = TextComparison(
            truth: "caf\u{E9} r\u{E9}sum\u{E9}", hypothesis: "cafe\u{301} re\u{301}sume\u{301}")
        #expect(accents.cer.errors == 0 && accents.wer.errors == 0)
        // A lost word and a spurious one.
        let words = TextComparison(truth: "a b c d", hypothesis: "a c d e")
        #expect(words.wer == ErrorRate(errors: 2, total: 4))
        #expect(words.steps.filter { $0.hypothesis == nil }.map(\.truth) == [1])
        #expect(words.steps.filter { $0.truth == nil }.map(\.hypothesis) == [3])
    }

    @Test("the same figures as repair-bench's Evaluation on every fixture pair")
    func agreesWithBench() throws {
        let pairs = try Paths.texts(in: Paths.texts, suffix: ".ocr.txt")
        #expect(pairs.count >= 10)
        for (name, ocr) in pairs {
            let truth = try String(contentsOf: Paths.texts.appendingPathComponent(name + ".truth.txt"), encoding: .utf8)
            let c = TextComparison(truth: truth, hypothesis: ocr)
            #expect(c.cer == Evaluation.characterErrorRate(ocr, reference: truth), "\(name)")
            #expect(c.wer == Evaluation.wordErrorRate(ocr, reference: truth), "\(name)")
            #expect(c.insertions + c.deletions + c.substitutions == c.cer.errors, "\(name)")
        }
    }

    @Test("the alignment is complete, in order, and minimal: against a full table on random texts")
    func alignmentAgainstFullTable() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let a = (0..<Int.random(in: 0...40, using: &rng)).map { _ in "abc".randomElement(using: &rng)! }
            let b = (0..<Int.random(in: 0...40, using: &rng)).map { _ in "abcd".randomElement(using: &rng)! }
            let steps = Evaluation.alignment(a, b)
            #expect(steps.compactMap(\.a) == Array(a.indices))
            #expect(steps.compactMap(\.b) == Array(b.indices))
            let cost = steps.reduce(0) { total, s in
                total + ((s.a != nil && s.b != nil && a[s.a!] == b[s.b!]) ? 0 : 1)
            }
            #expect(cost == Self.fullDistance(a, b))
        }
    }

    static func fullDistance(_ a: [Character], _ b: [Character]) -> Int {
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where i <= a.count {
            var next = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                next[j] = min(row[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), row[j] + 1, next[j - 1] + 1)
            }
            row = next
        }
        return row[b.count]
    }

    @Test("with the text before repair: the words fixed and the words harmed")
    func fixedAndHarmed() {
        let c = TextComparison(
            truth: "the modern arid world", hypothesis: "the modern and world", before: "tbe rnodern arid world")
        #expect(c.fixed == 2)
        #expect(c.harmed == 1)
        #expect(c.beforeWER == ErrorRate(errors: 2, total: 4))
    }

    @Test("the HTML report escapes both texts and marks the differing characters on both sides")
    func html() {
        let c = TextComparison(truth: "a <b> modern & old", hypothesis: "a <b> rnodern & old")
        let page = EvaluationReport.html(EvaluationSummary(files: [c]))
        #expect(page.contains("&lt;b&gt;") && !page.contains("<b> modern"))
        #expect(page.contains("<span class=\"lost\"><mark>m</mark>odern</span>"))
        #expect(page.contains("<span class=\"spurious\"><mark>rn</mark>odern</span>"))
        #expect(!page.contains("<script") && !page.contains("http"))
    }
}

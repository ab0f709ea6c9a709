import Correction
import DocumentModel
import Foundation
// One long text corrected on several threads comes out as on one: the same text, the same
// edits in the same order, the same adaptation record.
import RepairKit
import TestSupport
import Testing

@Suite("A long text on several threads")
struct ParallelCorrectionTests {
    @Test("every OCR text pair, four times damaged anew: 3 threads give what 1 gives, adapted and not")
    func sameAsOneThread() throws {
        let pairs = try Paths.texts(in: Paths.texts, suffix: ".ocr.txt")
        let one = pairs.map(\.text).joined(separator: "\n\n")
        // Each copy damaged anew (a scan's systematic misreadings, another seed each time).
        let text = (1...4).map { SyntheticDamage.systematic(one, seed: UInt64($0)) }.joined(separator: "\n\n")
        let normalized = try RepairPipeline(options: PipelineOptions(correct: false)).repair(text: text)
        for adapt in [true, false] {
            var results: [Document] = []
            for jobs in [1, 3] {
                let stage = CorrectionStage(
                    corrector: Corrector(lexicon: Shared.lexicon), adapt: adapt, jobs: jobs,
                    makeCorrector: { Corrector(lexicon: Shared.lexicon) }, parallelBytes: 0)
                results.append(stage.correct(normalized))
            }
            let (a, b) = (results[0], results[1])
            #expect(a.edits.count > 1000)
            #expect(a.plainText == b.plainText)
            #expect(a.edits == b.edits)
            #expect(a.adaptation == b.adaptation)
            #expect((a.adaptation?.confusions.count ?? 0) > 0 || !adapt)
        }
    }

    @Test("a long text through the pipeline and the command line: --jobs 2 prints what --jobs 1 prints")
    func commandLine() throws {
        let pairs = try Paths.texts(in: Paths.texts, suffix: ".ocr.txt")
        let one = pairs.map(\.text).joined(separator: "\n\n")
        var text = ""
        var seed: UInt64 = 1
        while text.utf8.count < CorrectionStage.defaultParallelBytes + 20_000 {
            text += SyntheticDamage.systematic(one, seed: seed) + "\n\n"
            seed += 1
        }
        let folder = Paths.temporaryDirectory()
        let input = folder.appendingPathComponent("long.txt").path
        try text.write(toFile: input, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: folder) }
        let single = try Command.repair(["--jobs", "1", input])
        let double = try Command.repair(["--jobs", "2", input])
        #expect(single.status == 0 && double.status == 0)
        #expect(single.stdout.utf8.count > 100_000)
        #expect(single.stdout == double.stdout)
    }
}

// What `repair train` counts as the collection's words: every word of the truth, and the parts
// of its hyphenated compounds, which a noisy document's corrector reads as words of their own.
import Foundation
import RepairKit
import Testing

@Suite("repair train's vocabulary")
struct TrainerVocabularyTests {
    @Test("a compound's parts are counted as the collection's words, beside the compound")
    func compoundParts() throws {
        let truth = "The multi-stakeholder model of governance serves every member.\n"
        var trainer = ModelTrainer(pipeline: PipelineOptions())
        trainer.validate = 0
        let result = try trainer.train(texts: [(truth, truth)], base: try RepairPipeline().lexicon())
        let path = NSTemporaryDirectory() + "/repair-vocabulary-\(getpid()).model"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(result.model).write(to: URL(fileURLWithPath: path))
        let vocabulary = try TrainedModel.load(path: path).vocabulary
        func count(_ word: String) -> Int? { vocabulary.first { $0.seen == Array(word.utf8) }?.count }
        #expect(count("multi-stakeholder") == 1)
        #expect(count("stakeholder") == 1)
        #expect(count("multi") == 1)
        #expect(count("governance") == 1)
    }
}

@Suite("repair train's calibration")
struct TrainerCalibrationTests {
    @Test("each fold's held-out words are repaired within their whole document, and every word is held out once")
    func heldOutWithinTheDocument() throws {
        let truth = """
            The signatories commit to an open and secure internet for everyone.

            Governments and companies share the responsibility for human rights online.

            An independent review will report on the international commitments each year.

            Citizens in every nation need access to information and to the internet.
            """
        // Every second n printed as s: the document's own confusion, learned from all of it.
        var flip = false
        let ocr = String(
            truth.map { c -> Character in
                guard c == "n" else { return c }
                flip.toggle()
                return flip ? "s" : "n"
            })
        var trainer = ModelTrainer(pipeline: PipelineOptions())
        trainer.validate = 0.5
        let result = try trainer.train(texts: [(ocr, truth)], base: try RepairPipeline().lexicon())
        let words = Evaluation.words(truth)
        #expect(result.candidates.count == ModelTrainer.vocabularyWeights.count * ModelTrainer.marginShifts.count)
        #expect(result.candidates.allSatisfy { $0.wer.total == words.count })
        // Untrained, the held-out halves fare as the whole document does when repaired at once.
        let whole = Evaluation.wordErrorRate(try RepairPipeline().repair(text: ocr).plainText, reference: truth)
        let untrained = try #require(result.info.validationWER?.untrained)
        #expect(Int((Double(untrained) * Double(words.count)).rounded()) == whole.errors)
    }
}

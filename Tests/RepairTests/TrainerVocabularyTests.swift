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

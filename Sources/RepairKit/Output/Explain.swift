// --explain: a document's edits as JSON Lines, one object per edit.
import DocumentModel
import Foundation
import Lexicon

/// The `--explain` record: the document's adaptation, then every edit, as JSON Lines.
public enum Explain {
    /// The record of `document` as JSON Lines.
    public static func jsonLines(_ document: Document, model: TrainedModel? = nil) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out: [UInt8] = []
        if let model {
            // Which trained model the corrector used, and what it was trained on.
            struct ModelRecord: Encodable {
                var path: String
                var pairs: Int
                var truth_words: Int
                var words_added: Int
                var confusions_learned: Int
                var margin_shift: Float
                var vocabulary_weight: Float
                var training_hash: String
                var creator: String
            }
            struct Line: Encodable {
                var source: String
                var model: ModelRecord
            }
            let i = model.info
            let record = ModelRecord(
                path: model.path, pairs: i.pairs, truth_words: i.truthWords, words_added: i.wordsAdded,
                confusions_learned: i.confusionsLearned, margin_shift: i.marginShift,
                vocabulary_weight: i.vocabularyWeight, training_hash: String(i.trainingHash, radix: 16),
                creator: i.creator)
            if let data = try? encoder.encode(Line(source: document.source, model: record)) {
                out += data
                out.append(0x0A)
            }
        }
        if let adaptation = document.adaptation {
            // First, the document-level record: why the document was treated as it was.
            struct Line: Encodable {
                var source: String
                var adaptation: AdaptationRecord
            }
            if let data = try? encoder.encode(Line(source: document.source, adaptation: adaptation)) {
                out += data
                out.append(0x0A)
            }
        }
        for edit in document.edits {
            struct Line: Encodable {
                var source: String
                var edit: Edit
            }
            if let data = try? encoder.encode(Line(source: document.source, edit: edit)) {
                out += data
                out.append(0x0A)
            }
        }
        return out
    }
}

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
                var truthWords: Int
                var wordsAdded: Int
                var confusionsLearned: Int
                var marginShift: Float
                var vocabularyWeight: Float
                var trainingHash: String
                var creator: String
            }
            struct Line: Encodable {
                var source: String
                var model: ModelRecord
            }
            let i = model.info
            let record = ModelRecord(
                path: model.path, pairs: i.pairs, truthWords: i.truthWords, wordsAdded: i.wordsAdded,
                confusionsLearned: i.confusionsLearned, marginShift: i.marginShift,
                vocabularyWeight: i.vocabularyWeight, trainingHash: String(i.trainingHash, radix: 16),
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

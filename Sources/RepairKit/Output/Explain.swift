// --explain: a document's edits as JSON Lines, one object per edit.
import DocumentModel
import Foundation

/// The `--explain` record: the document's adaptation, then every edit, as JSON Lines.
public enum Explain {
    /// The record of `document` as JSON Lines.
    public static func jsonLines(_ document: Document) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out: [UInt8] = []
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

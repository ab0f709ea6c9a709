// The correction stage over a document: the Corrector on each line, OCR confidences as
// evidence, every change an Edit.
import Correction
import DocumentModel

public struct CorrectionStage {
    public let corrector: Corrector

    public init(corrector: Corrector) { self.corrector = corrector }

    public func correct(_ document: Document) -> Document {
        var result = document
        for p in result.pages.indices {
            for b in result.pages[p].blocks.indices {
                for q in result.pages[p].blocks[b].paragraphs.indices {
                    for l in result.pages[p].blocks[b].paragraphs[q].lines.indices {
                        let line = result.pages[p].blocks[b].paragraphs[q].lines[l]
                        let confidences = Self.wordConfidences(line)
                        let (text, edits) = corrector.correct(line.text, confidence: confidences.isEmpty ? nil : { confidences[$0] })
                        guard !edits.isEmpty else { continue }
                        result.pages[p].blocks[b].paragraphs[q].lines[l].text = text
                        let location = Edit.Location(page: p, block: b, paragraph: q, line: l)
                        for e in edits {
                            result.edits.append(Edit(stage: "correct", rule: e.rule, location: location, before: e.before, after: e.after,
                                                     detail: "gain \(e.gain); candidates: " + e.candidates.joined(separator: ", ")))
                        }
                    }
                }
            }
        }
        return result
    }

    /// Byte offset in the line's text → OCR confidence of the word that starts there.
    static func wordConfidences(_ line: Line) -> [Int: Float] {
        guard !line.words.isEmpty else { return [:] }
        let text = Array(line.text.utf8)
        var result: [Int: Float] = [:]
        var cursor = 0
        for word in line.words {
            let w = Array(word.text.utf8)
            guard !w.isEmpty, cursor + w.count <= text.count else { continue }
            var i = cursor
            while i + w.count <= text.count && !text[i..<(i + w.count)].elementsEqual(w) { i += 1 }
            if i + w.count > text.count { continue }
            // The confidence belongs to the first letter of the word (after any punctuation OCR glued on).
            var start = i
            while start < i + w.count && !((text[start] | 0x20) &- 97 < 26) { start += 1 }
            result[start] = word.confidence
            cursor = i + w.count
        }
        return result
    }
}

// The punctuation stage over a document.
import DocumentModel
import Lexicon

/// The punctuation stage: PunctuationRepair on each line, every change an Edit.
public struct PunctuationStage {
    /// Confidence (0...100) from which Tesseract is taken to have read a mark as printed.
    static let confidentMark: Float = 90

    /// Byte offsets of printed marks: marks OCR read as words of their own with high
    /// confidence and at least half the line's typical word height (not speckle), and a
    /// sentence mark ending a word read with high confidence ("initiative.": it read the mark too).
    static func printedMarks(_ line: Line) -> Set<Int> {
        guard !line.words.isEmpty else { return [] }
        let heights = line.words.map(\.box.height).sorted()
        let typical = heights[heights.count / 2]
        var result = Set<Int>()
        for (word, i) in line.placedWords() {
            let isMark = !word.text.unicodeScalars.contains {
                $0.properties.isAlphabetic || $0.properties.numericType != nil
            }
            guard word.confidence >= confidentMark else { continue }
            if isMark && word.box.height * 2 >= typical { result.insert(i) }
            if !isMark, let last = word.text.utf8.last,
                last == UInt8(ascii: ".") || last == UInt8(ascii: "?") || last == UInt8(ascii: "!")
            {
                result.insert(i + word.text.utf8.count - 1)
            }
        }
        return result
    }

    /// The repair applied to each line.
    public let repair: PunctuationRepair
    /// A stage whose rules consult `lexicon`.
    public init(lexicon: Lexicon) { repair = PunctuationRepair(lexicon: lexicon) }

    /// Every line repaired (or those at `only`'s locations).
    public func repair(_ document: Document, only: Set<Edit.Location>? = nil) -> Document {
        var result = document
        repair(&result, only: only)
        return result
    }

    /// Every line repaired in place (or those at `only`'s locations).
    public func repair(_ document: inout Document, only: Set<Edit.Location>? = nil) {
        document.rewriteLines { line, location in
            if let only, !only.contains(location) { return nil }
            return repair(line, at: location)
        }
    }

    /// One line repaired: its new text and the edits, or nil when nothing changed.
    public func repair(_ line: Line, at location: Edit.Location) -> (text: String, edits: [Edit])? {
        let printed = Self.printedMarks(line)
        let (text, edits) = repair.repair(line.text, printed: printed.isEmpty ? nil : { printed.contains($0) })
        guard !edits.isEmpty else { return nil }
        return (
            text,
            edits.map { e in
                Edit(
                    stage: "punctuation", rule: e.rule, location: location, before: e.before, after: e.after,
                    span: e.range)
            }
        )
    }
}

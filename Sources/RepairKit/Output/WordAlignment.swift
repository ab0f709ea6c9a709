// Puts the repaired words back where OCR saw them. The text stages change words (corrected,
// joined across a line end, split, speckle dropped) but keep each paragraph's OCR words; an
// alignment of the repaired tokens to those words, by dynamic programming over 1:1, 2:1
// (joined) and 1:2 (split) steps with a character-level cost, gives every repaired word the
// box and confidence of the OCR word(s) it came from.
import DocumentModel

/// A repaired word with what OCR said about the place it stands in.
public struct PlacedWord: Sendable, Equatable {
    /// The repaired word as it stands in the output text.
    public var text: String
    /// The box of the OCR word(s) it came from — of the first piece when a word was
    /// hyphenated across lines; nil when it has none (inserted, text input).
    public var box: Box?
    /// The boxes of the pieces of a word printed on two lines (hyphenated); else empty.
    public var pieces: [Box] = []
    /// OCR's confidence (the lowest of its words'), 0...100.
    public var confidence: Float?
    /// What OCR read there, when it differs from `text`.
    public var ocrText: String?
}

/// The repaired text's words matched to OCR's words, so hOCR and JSON can give each repaired word OCR's box and reading.
public enum WordAlignment {
    /// The paragraph's repaired words, each placed on the OCR words it came from.
    public static func place(_ paragraph: Paragraph) -> [PlacedWord] {
        let tokens = paragraph.lines.flatMap {
            $0.text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        }
        let words = paragraph.lines.flatMap(\.words)
        guard !words.isEmpty else { return tokens.map { PlacedWord(text: $0) } }
        let steps = align(ocr: words.map(\.text), repaired: tokens)
        var placed: [PlacedWord] = []
        placed.reserveCapacity(tokens.count)
        for step in steps {
            let sources = words[step.ocr]
            // A word hyphenated across lines keeps the box of its first piece, and both pieces.
            let acrossLines =
                sources.count > 1 && zip(sources, sources.dropFirst()).contains { $1.box.left < $0.box.left }
            let box = acrossLines ? sources.first?.box : Box.bounds(sources.map(\.box))
            let pieces = acrossLines ? sources.map(\.box) : []
            let confidence = sources.map(\.confidence).min()
            let ocrText = sources.map(\.text).joined(separator: " ")
            let parts = tokens[step.repaired]
            if parts.count == 1 || box == nil {
                for part in parts {
                    placed.append(
                        PlacedWord(
                            text: part, box: box, pieces: pieces, confidence: confidence,
                            ocrText: ocrText == part || sources.isEmpty ? nil : ocrText))
                }
            } else {
                // One OCR word split in two: the box divided in proportion to the letters.
                let total = parts.reduce(0) { $0 + $1.count }
                var left = box!.left
                for (k, part) in parts.enumerated() {
                    let right =
                        k == parts.count - 1 ? box!.right : left + Int32(Int(box!.width) * part.count / max(total, 1))
                    placed.append(
                        PlacedWord(
                            text: part, box: Box(left: left, top: box!.top, right: right, bottom: box!.bottom),
                            confidence: confidence, ocrText: ocrText))
                    left = right
                }
            }
        }
        return placed
    }

    /// One step of an alignment: OCR words `ocr` became repaired tokens `repaired` (either
    /// side may be empty: a dropped word, an inserted one).
    public struct Step: Sendable, Equatable {
        /// OCR's word.
        public var ocr: Range<Int>
        /// What the text stages made of it.
        public var repaired: Range<Int>
    }

    /// The cheapest alignment of OCR's words to the repaired tokens, in order. `band` (the
    /// default: 24 cells either side of the diagonal, more when the counts differ) bounds
    /// the search; `.max` searches everything (the reference the tests compare against).
    public static func align(ocr: [String], repaired: [String], band: Int? = nil) -> [Step] {
        let n = ocr.count
        let m = repaired.count
        let a = ocr.map { Array($0.unicodeScalars) }
        let b = repaired.map { Array($0.unicodeScalars) }
        let width = m + 1
        var cost = [Double](repeating: .infinity, count: (n + 1) * width)
        var move = [UInt8](repeating: 0, count: (n + 1) * width)  // 1 sub, 2 drop, 3 insert, 4 join, 5 split
        cost[0] = 0
        let gap = 0.9
        let pairPenalty = 0.1
        // Only cells near the diagonal: OCR and repair differ by a few joins, splits and
        // drops, so the path never strays far, and a page-long paragraph stays linear.
        let band = band ?? (24 + abs(n - m))
        for i in 0...n {
            let centre = n == 0 ? 0 : i * m / n
            let low = band >= centre ? 0 : centre - band
            let high = band >= m - centre ? m : centre + band
            for j in low...high {
                let here = cost[i * width + j]
                guard here < .infinity else { continue }
                func relax(_ ii: Int, _ jj: Int, _ c: Double, _ kind: UInt8) {
                    let k = ii * width + jj
                    if here + c < cost[k] {
                        cost[k] = here + c
                        move[k] = kind
                    }
                }
                if i < n && j < m { relax(i + 1, j + 1, distance(a[i], b[j]), 1) }
                if i < n { relax(i + 1, j, gap, 2) }
                if j < m { relax(i, j + 1, gap, 3) }
                // A join or a split must keep something of both parts: a speckle next to a word
                // is dropped, not joined to it.
                if i + 1 < n && j < m {
                    let whole = joined(a[i], a[i + 1])
                    let edits = Evaluation.editDistance(whole, b[j])
                    if edits < min(a[i].count, a[i + 1].count) {
                        relax(i + 2, j + 1, Double(edits) / Double(max(whole.count, b[j].count, 1)) + pairPenalty, 4)
                    }
                }
                if i < n && j + 1 < m {
                    let edits = Evaluation.editDistance(a[i], b[j] + b[j + 1])
                    if edits < min(b[j].count, b[j + 1].count) {
                        relax(
                            i + 1, j + 2,
                            Double(edits) / Double(max(a[i].count, b[j].count + b[j + 1].count, 1)) + pairPenalty, 5)
                    }
                }
            }
        }
        var steps: [Step] = []
        var i = n
        var j = m
        while i > 0 || j > 0 {
            switch move[i * width + j] {
            case 1:
                steps.append(Step(ocr: (i - 1)..<i, repaired: (j - 1)..<j))
                i -= 1
                j -= 1
            case 2:
                steps.append(Step(ocr: (i - 1)..<i, repaired: j..<j))
                i -= 1
            case 3:
                steps.append(Step(ocr: i..<i, repaired: (j - 1)..<j))
                j -= 1
            case 4:
                steps.append(Step(ocr: (i - 2)..<i, repaired: (j - 1)..<j))
                i -= 2
                j -= 1
            default:
                steps.append(Step(ocr: (i - 1)..<i, repaired: (j - 2)..<j))
                i -= 1
                j -= 2
            }
        }
        return steps.reversed()
    }

    /// A word hyphenated at a line end and the rest of it, as the text stages join them.
    static func joined(_ first: [Unicode.Scalar], _ second: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var head = first
        if let last = head.last, last == "-" || last == "\u{AD}" || last == "¬" || last == "\u{2010}" {
            head.removeLast()
        }
        return head + second
    }

    /// Edit distance relative to the longer word: 0 equal … 1 nothing in common.
    static func distance(_ x: [Unicode.Scalar], _ y: [Unicode.Scalar]) -> Double {
        if x == y { return 0 }
        return Double(Evaluation.editDistance(x, y)) / Double(max(x.count, y.count, 1))
    }

}

// Puts the repaired words back where OCR saw them. Every OCR word carries its byte range in
// its line's text, kept true by each stage that rewrote the text; a repaired word (a token
// between spaces) gets the box and confidence of the OCR words whose ranges it overlaps.
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

/// The repaired text's words placed on OCR's words, so hOCR and JSON can give each repaired
/// word OCR's box and reading.
public enum WordPlacement {
    /// The paragraph's repaired words, each placed on the OCR words it came from.
    public static func place(_ paragraph: Paragraph) -> [PlacedWord] {
        paragraph.lines.flatMap(place)
    }

    /// The line's repaired words, each placed on the OCR words whose ranges it overlaps.
    static func place(_ line: Line) -> [PlacedWord] {
        let bytes = Array(line.text.utf8)
        let tokens = tokenRanges(bytes)
        func text(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }
        let words = line.words.filter { $0.range.map { !$0.isEmpty && $0.upperBound <= bytes.count } ?? false }
            .sorted { $0.range!.lowerBound < $1.range!.lowerBound }
        func overlapping(_ t: Range<Int>) -> [Int] {
            words.indices.filter { words[$0].range!.overlaps(t) }
        }
        var placed: [PlacedWord] = []
        var t = 0
        while t < tokens.count {
            // The tokens and words that overlap one another, transitively: a group.
            var group = [t]
            var sources = overlapping(tokens[t])
            while let reach = sources.map({ words[$0].range!.upperBound }).max(), let next = group.last.map({ $0 + 1 }),
                next < tokens.count, tokens[next].lowerBound < reach
            {
                group.append(next)
                sources = Array(Set(sources + overlapping(tokens[next]))).sorted()
            }
            t = group.last! + 1
            if group.count > 1 && sources.count == 1 {
                placed += split(group.map { text(tokens[$0]) }, of: words[sources[0]])
                continue
            }
            for token in group {
                let own = group.count == 1 ? sources : overlapping(tokens[token])
                placed.append(place(text(tokens[token]), on: own.map { words[$0] }))
            }
        }
        return placed
    }

    /// A repaired word on the OCR words it came from (none: inserted).
    static func place(_ text: String, on sources: [OCRWord]) -> PlacedWord {
        guard !sources.isEmpty else { return PlacedWord(text: text) }
        // A word hyphenated across lines keeps the box of its first piece, and both pieces.
        let acrossLines = zip(sources, sources.dropFirst()).contains { $1.box.left < $0.box.left }
        let ocrText = sources.map(\.text).joined(separator: " ")
        return PlacedWord(
            text: text, box: acrossLines ? sources.first?.box : Box.bounds(sources.map(\.box)),
            pieces: acrossLines ? sources.map(\.box) : [], confidence: sources.map(\.confidence).min(),
            ocrText: ocrText == text ? nil : ocrText)
    }

    /// One OCR word split in two or more: its box divided in proportion to the letters.
    static func split(_ parts: [String], of word: OCRWord) -> [PlacedWord] {
        let total = parts.reduce(0) { $0 + $1.count }
        var left = word.box.left
        var placed: [PlacedWord] = []
        for (k, part) in parts.enumerated() {
            let right =
                k == parts.count - 1 ? word.box.right : left + Int32(Int(word.box.width) * part.count / max(total, 1))
            placed.append(
                PlacedWord(
                    text: part, box: Box(left: left, top: word.box.top, right: right, bottom: word.box.bottom),
                    confidence: word.confidence, ocrText: word.text))
            left = right
        }
        return placed
    }

    /// The byte ranges of the runs between spaces, tabs and newlines.
    static func tokenRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start: Int?
        for (i, b) in bytes.enumerated() {
            let space = b == 0x20 || b == 0x0A || b == 0x09
            if space, let s = start {
                result.append(s..<i)
                start = nil
            } else if !space && start == nil {
                start = i
            }
        }
        if let s = start { result.append(s..<bytes.count) }
        return result
    }
}

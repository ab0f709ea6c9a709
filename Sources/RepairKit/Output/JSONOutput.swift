// --format json: the repaired text, each paragraph with its words placed on the page (box,
// OCR confidence, what OCR read when it differs), and every edit with its rule and evidence.
import DocumentModel
import Foundation

enum JSONOutput {
    struct Record: Encodable {
        var source: String
        var text: String
        var pages: [PageRecord]
        var edits: [Edit]
        var adaptation: AdaptationRecord?
    }

    struct PageRecord: Encodable {
        var number: Int
        var width: Int32?
        var height: Int32?
        var paragraphs: [ParagraphRecord]
    }

    struct ParagraphRecord: Encodable {
        var text: String
        var box: [Int32]?
        var words: [WordRecord]?
    }

    struct WordRecord: Encodable {
        var text: String
        var box: [Int32]?
        /// Both pieces of a word hyphenated across lines.
        var pieces: [[Int32]]?
        var confidence: Float?
        var ocr: String?
    }

    static func render(_ document: Document) -> [UInt8] {
        let pages = document.pages.enumerated().map { number, page in
            let imaged = page.width > 0 && page.height > 0
            let paragraphs = page.paragraphs.compactMap { paragraph -> ParagraphRecord? in
                let text = paragraph.lines.map(\.text).joined(separator: "\n")
                guard !text.allSatisfy(\.isWhitespace) else { return nil }
                let hasWords = paragraph.lines.contains { !$0.words.isEmpty }
                let words =
                    hasWords
                    ? WordPlacement.place(paragraph).map {
                        WordRecord(
                            text: $0.text, box: $0.box.map(array),
                            pieces: $0.pieces.isEmpty ? nil : $0.pieces.map(array),
                            confidence: $0.confidence.map { ($0 * 10).rounded() / 10 }, ocr: $0.ocrText)
                    } : nil
                return ParagraphRecord(text: text, box: paragraph.box.map(array), words: words)
            }
            return PageRecord(
                number: number + 1, width: imaged ? page.width : nil, height: imaged ? page.height : nil,
                paragraphs: paragraphs)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        let record = Record(
            source: document.source, text: document.plainText, pages: pages, edits: document.edits,
            adaptation: document.adaptation)
        guard let data = try? encoder.encode(record) else { return [] }
        return Array(data) + [0x0A]
    }

    static func array(_ box: Box) -> [Int32] { [box.left, box.top, box.right, box.bottom] }
}

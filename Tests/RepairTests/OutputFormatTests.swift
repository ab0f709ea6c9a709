import Correction
import DocumentModel
import Foundation
// The repaired words are put back where OCR saw them: the alignment, JSON and hOCR.
import Lexicon
import TestSupport
import Testing

@testable import RepairKit

@Suite("Output formats")
struct OutputFormatTests {
    func word(_ text: String, _ left: Int32, _ top: Int32, confidence: Float = 90) -> OCRWord {
        OCRWord(
            text: text, confidence: confidence,
            box: Box(left: left, top: top, right: left + Int32(text.count) * 10, bottom: top + 20))
    }

    @Test("corrected, joined, split, dropped and inserted words are aligned to OCR's words")
    func alignment() {
        let steps = WordAlignment.align(
            ocr: ["Ihe", "govern-", "ment", "ofthe", "~", "Internet"],
            repaired: ["The", "government", "of", "the", "Internet", "today"])
        #expect(steps.map(\.ocr) == [0..<1, 1..<3, 3..<4, 4..<5, 5..<6, 6..<6])
        #expect(steps.map(\.repaired) == [0..<1, 1..<2, 2..<4, 4..<4, 4..<5, 5..<6])
    }

    @Test("the banded alignment finds what the full search finds, on long damaged paragraphs")
    func bandedEqualsFull() {
        var rng = SplitMix64(state: 0x5EED)
        func next() -> UInt64 { rng.next() }
        let vocabulary = [
            "the", "Internet", "government", "of", "human", "rights", "and", "open", "free", "multi-stakeholder",
            "approach", "IGF", "2018", "—",
        ]
        for _ in 0..<12 {
            let count = 80 + Int(next() % 120)
            let truth = (0..<count).map { _ in vocabulary[Int(next() % UInt64(vocabulary.count))] }
            var ocr: [String] = []
            for word in truth {
                switch next() % 20 {
                case 0: ocr.append(String(word.dropLast()))  // a letter lost
                case 1 where word.count > 5:  // hyphenated
                    ocr += [String(word.prefix(3)) + "-", String(word.dropFirst(3))]
                case 2:
                    ocr.append("~")
                    ocr.append(word)  // speckle
                case 3: ocr.append(word + "the")  // glued
                default: ocr.append(word)
                }
            }
            #expect(
                WordAlignment.align(ocr: ocr, repaired: truth)
                    == WordAlignment.align(ocr: ocr, repaired: truth, band: .max))
        }
    }

    @Test("each repaired word gets its OCR box and confidence; a word hyphenated across lines keeps both pieces")
    func placement() {
        let lines = [
            Line(text: "Ihe govern-", words: [word("Ihe", 100, 100, confidence: 60), word("govern-", 140, 100)]),
            Line(
                text: "ment ofthe ~ Internet",
                words: [
                    word("ment", 100, 130), word("ofthe", 150, 130, confidence: 70),
                    word("~", 210, 130, confidence: 20), word("Internet", 230, 130),
                ]),
        ]
        var paragraph = Paragraph(lines: lines)
        paragraph.lines = [Line(text: "The government of the Internet", words: lines.flatMap(\.words))]
        let placed = WordAlignment.place(paragraph)
        #expect(placed.map(\.text) == ["The", "government", "of", "the", "Internet"])
        #expect(
            placed[0].box == Box(left: 100, top: 100, right: 130, bottom: 120) && placed[0].confidence == 60
                && placed[0].ocrText == "Ihe")
        #expect(placed[1].box == Box(left: 140, top: 100, right: 210, bottom: 120))
        #expect(placed[1].pieces.count == 2 && placed[1].ocrText == "govern- ment")
        // "ofthe" split: the box divided by letters, OCR's reading kept on both.
        #expect(
            placed[2].box == Box(left: 150, top: 130, right: 170, bottom: 150) && placed[3].box?.left == 170
                && placed[3].box?.right == 200)
        #expect(placed[2].ocrText == "ofthe" && placed[3].confidence == 70)
        #expect(placed[4].ocrText == nil && placed[4].pieces.isEmpty)
        #expect(
            HOCROutput.printedLines(placed).map { $0.map(\.text) } == [
                ["The", "government"], ["of", "the", "Internet"],
            ])
    }

    @Test("text input has no boxes: JSON gives paragraphs without words; hOCR is an error naming the file")
    func textInput() throws {
        let document = try TextInput.document(bytes: Array("One two.\n\nThree.\n".utf8), path: "notes.txt")
        let json =
            try JSONSerialization.jsonObject(with: Data(OutputFormat.json.render(document, system: "t")))
            as? [String: Any]
        let pages = try #require(json?["pages"] as? [[String: Any]])
        let paragraphs = try #require(pages.first?["paragraphs"] as? [[String: Any]])
        #expect(paragraphs.map { $0["text"] as? String } == ["One two.", "Three."])
        #expect(paragraphs.allSatisfy { $0["words"] == nil })
        #expect(json?["text"] as? String == "One two.\n\nThree.\n")
        #expect(throws: RepairError.self) { try OutputFormat.hocr.render(document, system: "t") }
        #expect(HOCROutput.escape("a<b & \"c\"") == "a&lt;b &amp; &quot;c&quot;")
    }
}

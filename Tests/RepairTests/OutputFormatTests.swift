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

    /// The two OCR lines of the placement tests, as the OCR stage builds them.
    func ocrLines() -> [Line] {
        [
            Line(words: [word("Ihe", 100, 100, confidence: 60), word("govern-", 140, 100)]),
            Line(words: [
                word("ment", 100, 130), word("ofthe", 150, 130, confidence: 70),
                word("~", 210, 130, confidence: 20), word("Internet", 230, 130),
            ]),
        ]
    }

    @Test("each repaired word gets its OCR box and confidence; a word hyphenated across lines keeps both pieces")
    func placement() {
        // What the stages do, through Line's editing methods: the hyphen dropped and the lines
        // joined, a word corrected, a glued pair split, a speckle removed, a word inserted.
        var (line, second) = (ocrLines()[0], ocrLines()[1])
        line.replace([(10..<11, "")])
        line.append(second, separator: "")
        #expect(line.text == "Ihe government ofthe ~ Internet")
        line.replace([(0..<3, "The"), (15..<20, "of the"), (20..<22, "")])
        line.append(Line(text: "today"), separator: " ")
        #expect(line.text == "The government of the Internet today")
        let placed = WordPlacement.place(Paragraph(lines: [line]))
        #expect(placed.map(\.text) == ["The", "government", "of", "the", "Internet", "today"])
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
        // The speckle's word is gone (an empty range), the inserted word has no box.
        #expect(line.words[4].range?.isEmpty == true)
        #expect(placed[5].box == nil && placed[5].ocrText == nil)
        #expect(
            HOCROutput.printedLines(Array(placed.prefix(5))).map { $0.map(\.text) } == [
                ["The", "government"], ["of", "the", "Internet"],
            ])
    }

    @Test("a rewrite the stage cannot describe keeps every untouched word on its text (byte diff)")
    func rewriteKeepsWords() {
        var rng = SplitMix64(state: 0xD1FF)
        let vocabulary = ["the", "Internet", "“open”", "free", "multi-stakeholder", "IGF", "2018", "—", "ﬁnal", "a"]
        for _ in 0..<300 {
            let texts = (0..<(1 + Int(rng.next() % 30))).map { _ in vocabulary[Int(rng.next() % 10)] }
            let line = Line(words: texts.enumerated().map { word($1, Int32($0) * 100, 0) })
            // Changes a normalizing rule makes: a quote straightened, a ligature spelled out,
            // a double space, a dash spaced, a word dropped.
            var target = line.text
            switch rng.next() % 5 {
            case 0: target = target.replacingOccurrences(of: "“", with: "\"").replacingOccurrences(of: "”", with: "\"")
            case 1: target = target.replacingOccurrences(of: "ﬁ", with: "fi")
            case 2: target = target.replacingOccurrences(of: " free", with: "  free")
            case 3: target = target.replacingOccurrences(of: "—", with: "--")
            default: target = target.replacingOccurrences(of: "the ", with: "")
            }
            var rewritten = line
            rewritten.rewrite(to: target)
            #expect(rewritten.text == target)
            let bytes = Array(target.utf8)
            for w in rewritten.words {
                let r = try! #require(w.range)
                #expect(r.upperBound <= bytes.count)
                // A word no rule touched still reads as OCR read it.
                if !["“open”", "ﬁnal", "—", "the", "free"].contains(w.text) {
                    #expect(String(decoding: bytes[r], as: UTF8.self) == w.text, "\(w.text) in \(target)")
                }
            }
        }
    }

    @Test("a byte diff that cuts a character in two (found by FuzzNormalizer): words stay inside the new text")
    func rewriteAcrossCharacters() {
        // U+FFFD then controls the normalizer removes: the diff's pieces split multi-byte scalars.
        let texts = [
            "\u{FFFD}1" + String(repeating: "\u{14}", count: 50) + "4",
            "é\u{301}x\u{14}ü", "\u{FFFD}\u{FFFD}\u{1}\u{FFFC}",
        ]
        let targets = ["\u{FFFD}14", "éxü", "\u{FFFD}\u{FFFC}"]
        for (text, target) in zip(texts, targets) {
            var line = Line(words: [word(text, 0, 0)])
            line.rewrite(to: target)
            #expect(line.text == target)
            #expect(line.words[0].range == 0..<target.utf8.count, "\(target.debugDescription)")
        }
        // Through the normalizer, as the fuzzer found it.
        let raw = "\u{FFFD}1" + String(repeating: "\u{14}", count: 50) + "4" + String(repeating: "\u{14}", count: 20)
        let document = Document(
            source: "fuzz",
            pages: [Page(blocks: [Block(paragraphs: [Paragraph(lines: [Line(words: [word(raw, 0, 0)])])])])])
        for line in Normalizer(lexicon: nil).normalize(document).pages[0].paragraphs.flatMap(\.lines) {
            for w in line.words {
                #expect(w.range!.upperBound <= line.text.utf8.count, "\(line.text.debugDescription)")
            }
        }
    }

    @Test("on every fixture page, every OCR word's range lies in its line and the placed words spell the text")
    func fixturePages() throws {
        let pipeline = RepairPipeline()
        for name in Paths.pageNames() {
            let document = try pipeline.process(Paths.page(name + ".png"))
            for paragraph in document.pages.flatMap(\.paragraphs) {
                for line in paragraph.lines {
                    let count = line.text.utf8.count
                    #expect(line.words.allSatisfy { $0.range.map { $0.upperBound <= count } == true }, "\(name)")
                }
                let placed = WordPlacement.place(paragraph)
                let tokens = paragraph.lines.flatMap { $0.text.split(whereSeparator: \.isWhitespace).map(String.init) }
                #expect(placed.map(\.text) == tokens, "\(name)")
                // Nearly every repaired word stands on an OCR word.
                let boxed = placed.filter { $0.box != nil }.count
                #expect(boxed * 100 >= placed.count * 95, "\(name): \(boxed) of \(placed.count) words have a box")
            }
        }
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

import DocumentModel
import Foundation
// Dashes and quotes by the document's majority; a confidently printed mark is not speckle.
import Lexicon
import Punctuation
import RepairKit
import TestSupport
import Testing

@Suite("Document style and printed marks")
struct DocumentStyleTests {
    func text(_ paragraphs: [String]) -> String {
        DocumentStyle().repair(
            Document(
                source: "t",
                pages: [Page(blocks: [Block(paragraphs: paragraphs.map { Paragraph(lines: [Line(text: $0)]) })])])
        ).plainText
    }

    @Test("a spaced - or ~ between words becomes the document's dash; ranges and lone hyphens stay")
    func dashes() {
        #expect(
            text(["rights – all of them – matter", "freedoms ~ online - always", "2018 - 2020, well-known"])
                == "rights – all of them – matter\n\nfreedoms – online – always\n\n2018 - 2020, well-known\n")
        // No dash in the document: nothing to follow.
        #expect(text(["freedoms ~ online - always"]) == "freedoms ~ online - always\n")
    }

    @Test("quotes follow the document's majority and point the way their place says")
    func quotes() {
        #expect(
            text(["“Open” and “free”", "and \"secure\" and “stable“ internet"])
                == "“Open” and “free”\n\nand “secure” and “stable” internet\n")
        #expect(
            text(["\"Open\" and \"free\"", "and “secure” internet"])
                == "\"Open\" and \"free\"\n\nand \"secure\" internet\n")
    }

    @Test("a mark Tesseract read confidently at full height is kept; faint speckle goes")
    func printedMark() throws {
        let lexicon = try Lexicon.load(path: Paths.lexicon)
        func line(confidence: Float, height: Int32) -> Line {
            let words = [
                OCRWord(text: "youth", confidence: 95, box: Box(left: 0, top: 0, right: 100, bottom: 40)),
                OCRWord(
                    text: ":", confidence: confidence, box: Box(left: 110, top: 40 - height, right: 118, bottom: 40)),
                OCRWord(text: "Technical", confidence: 95, box: Box(left: 130, top: 0, right: 300, bottom: 40)),
            ]
            return Line(text: "youth : Technical", words: words)
        }
        func run(_ l: Line) -> String {
            PunctuationStage(lexicon: lexicon).repair(
                Document(source: "t", pages: [Page(blocks: [Block(paragraphs: [Paragraph(lines: [l])])])])
            ).plainText
        }
        #expect(run(line(confidence: 96, height: 30)) == "youth : Technical\n")
        #expect(run(line(confidence: 40, height: 30)) == "youth Technical\n")
        #expect(run(line(confidence: 96, height: 6)) == "youth Technical\n")
    }
}

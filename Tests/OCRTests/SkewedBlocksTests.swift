import DocumentModel
import Foundation
// A paragraph printed at another angle than the page is read again, rotated straight; pages
// printed at one angle are left as Tesseract read them.
import Lexicon
import TestSupport
import Testing

@testable import OCR

@Suite("Askew blocks and composed pages")
struct SkewedBlocksTests {
    func text(_ name: String, _ options: OCROptions = OCROptions()) throws -> String {
        let engine = try TesseractEngine(options: options)
        let pages = try engine.recognize(
            imageBytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: Paths.page(name + ".png")))))
        return pages.flatMap(\.paragraphs).flatMap(\.lines).map(\.text).joined(separator: "\n")
    }

    /// Each phrase occurs exactly once, and in the order given.
    func expectOnceInOrder(_ text: String, _ phrases: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        var last = text.startIndex
        for phrase in phrases {
            #expect(text.components(separatedBy: phrase).count == 2, "\(phrase)", sourceLocation: sourceLocation)
            guard let range = text.range(of: phrase) else { continue }
            #expect(range.lowerBound >= last, "\(phrase) out of order", sourceLocation: sourceLocation)
            last = range.upperBound
        }
    }

    @Test("a paragraph printed 2° askew is read straight: whole lines, in order")
    func straightened() throws {
        let lines = [
            "The adoption and implementation of the IPv6 protocol naturally involve all stakeholders from",
            "the international community. Therefore the coconstruction approach is appropriate to detect the",
            "striking points and come up with solutions emanating from the community in order to foster the",
        ]
        let straight = try text("igf-messages-mixed")
        for line in lines { #expect(straight.contains(line), "\(line)") }
        expectOnceInOrder(straight, lines)
        // Without the clean-up Tesseract reads the paragraph as fragments of neighbouring lines.
        let raw = try text("igf-messages-mixed", OCROptions(preprocess: false))
        #expect(!raw.contains(lines[1]) && !raw.contains("in order to foster the"))
    }

    @Test("a faint block, an askew paragraph and fine print on one page are each read once, in order")
    func composedPage() throws {
        let page = try text("dfi-article-mixed")
        expectOnceInOrder(
            page,
            [
                "While the internet has created innovation",  // plain
                "countries have erected firewalls",  // faint, uneven background
                "In addition to Canada and the U.S.",  // 2.5° askew
                "Marshall Islands",
                "said David Masson",  // 7 pt
                "Would you recommend this article?",
            ])
        // Tesseract's layout analysis alone skips the askew paragraph on this page.
        #expect(
            !(try text("dfi-article-mixed", OCROptions(recoverMissedText: false, preprocess: false))).contains(
                "Marshall Islands"))
    }

    @Test("two columns are read column after column, the askew paragraph once, at the end of its column")
    func columns() throws {
        let page = try text("igf-messages-columns")
        expectOnceInOrder(
            page,
            [
                "Seizing digital opportunities.",
                "including the right to privacy.",  // end of the first paragraph, left column
                "Finding the right balance",
                "Protecting individuals online.",
                "misuses of the Internet.",  // end of the left column
                "Tackling online hate speech.",
                "ensure the Internet of",
                "Increasing the general level",  // 2.5° askew, at the foot of the right column
                "of critical infrastructures.",
            ])
    }

    @Test("a page is set in columns when blocks of several lines stand side by side")
    func columnDetection() {
        func block(_ l: Int32, _ t: Int32, _ r: Int32, _ b: Int32, lines: Int = 3) -> Block {
            let line = Line(text: "x", words: [], box: nil)
            return Block(
                paragraphs: [Paragraph(lines: Array(repeating: line, count: lines), box: nil)],
                box: DocumentModel.Box(left: l, top: t, right: r, bottom: b))
        }
        let stacked = Page(
            width: 2000, height: 3000, blocks: [block(100, 100, 1900, 800), block(100, 900, 1900, 1500)])
        let sideBySide = Page(
            width: 2000, height: 3000, blocks: [block(100, 100, 950, 1500), block(1050, 120, 1900, 1200)])
        let marginNumber = Page(
            width: 2000, height: 3000, blocks: [block(100, 100, 1700, 1500), block(1800, 700, 1900, 740, lines: 1)])
        #expect(!TesseractEngine.hasColumns(stacked))
        #expect(TesseractEngine.hasColumns(sideBySide))
        #expect(!TesseractEngine.hasColumns(marginNumber))
    }

    @Test(
        "no block is straightened on a page printed at one angle",
        arguments: Paths.pageNames().filter { !$0.hasSuffix("-mixed") && !$0.hasSuffix("-columns") })
    func oneAngleUnchanged(page: String) throws {
        let options = { (preprocess: Bool) in
            OCROptions(recoverMissedText: false, chooseSegmentation: false, preprocess: preprocess)
        }
        #expect(try text(page, options(true)) == text(page, options(false)))
    }

    @Test("what the OCR stage decided is recorded as edits of stage ocr, pointing at the lines")
    func decisions() throws {
        func edits(_ name: String) throws -> [Edit] {
            let engine = try TesseractEngine()
            return try engine.recognize(
                imageBytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: Paths.page(name + ".png"))))
            ).flatMap(\.ocrEdits)
        }
        let straightened = try edits("igf-messages-mixed")
        #expect(straightened.map(\.rule) == ["straighten-block"])
        #expect(straightened.first?.detail.contains("askew by 2.0°") == true)
        #expect(straightened.first?.after.hasPrefix("The adoption and implementation of the IPv6") == true)
        let recovered = try edits("dfi-article-mixed")
        #expect(!recovered.isEmpty && recovered.allSatisfy { $0.stage == "ocr" && $0.rule == "recover-line" })
        #expect(recovered.contains { $0.after.contains("Marshall Islands") })
        #expect(try edits("dfi-article-hard").map(\.rule) == ["segmentation"])
        #expect(try edits("fol-declaration-clean").isEmpty)
    }

    @Test("boxes read in a straightened crop map back onto the page")
    func unrotation() {
        let size: (Int32, Int32) = (1000, 400)
        let u = SkewedBlocks.Unrotation(origin: (50, 80), size: size, degrees: 2)
        // The centre stays; a point right of it moves up the page by sin(2°) of its distance
        // (the crop was turned clockwise to straighten text that rose to the right).
        let (cx, cy) = u.point(500, 200)
        #expect(abs(cx - 550) < 1e-9 && abs(cy - 280) < 1e-9)
        let (x, y) = u.point(900, 200)
        #expect(abs(x - (550 + 400 * cos(2 * Double.pi / 180))) < 1e-6)
        #expect(abs(y - (280 - 400 * sin(2 * Double.pi / 180))) < 1e-6)
        let flat = SkewedBlocks.Unrotation(origin: (50, 80), size: size, degrees: 0)
        #expect(
            flat.box(DocumentModel.Box(left: 10, top: 20, right: 30, bottom: 40))
                == DocumentModel.Box(left: 60, top: 100, right: 80, bottom: 120))
    }
}

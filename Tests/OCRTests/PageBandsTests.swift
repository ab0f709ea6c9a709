import CTesseract
import DocumentModel
import Foundation
import RepairKit
import TestSupport
import Testing

@testable import OCR

/// A pristine page is read as two bands on two engines: the cut falls between lines near the
/// middle of the ink (never through columns), and the joined reading repairs to the page's text.
@Suite("Pages read in two bands")
struct PageBandsTests {
    /// A 1-bit page `width` wide with a text line (a solid bar) of height 20 at each top in
    /// `lines`, from `left` to `right`; `specks` single pixels scattered in the gaps.
    func page(width: Int32 = 1000, height: Int32, lines: [(top: Int32, left: Int32, right: Int32)], specks: Int = 0)
        -> Image
    {
        let pix = pixCreate(width, height, 1)!
        for line in lines { pixSetInRect(pix, boxCreate(line.left, line.top, line.right - line.left, 20)) }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<specks {
            pixSetPixel(
                pix, Int32.random(in: 0..<width, using: &random), Int32.random(in: 0..<height, using: &random), 1)
        }
        return Image(pix)!
    }

    func column(from top: Int32, count: Int, left: Int32 = 50, right: Int32 = 950) -> [(Int32, Int32, Int32)] {
        (0..<count).map { (top + Int32($0) * 30, left, right) }
    }

    @Test("the cut falls in the gap between lines nearest the row that halves the ink")
    func cutBetweenLines() throws {
        let image = page(height: 1200, lines: column(from: 100, count: 30))
        let cut = try #require(PageBands.cut(image))
        // Lines fill rows 100+30k ..< 120+30k; half the ink lies above line 15's top (550).
        #expect((cut - 100) % 30 >= 20, "\(cut) cuts a line")
        #expect(abs(cut - 545) <= 30, "\(cut)")
    }

    @Test("speckle in the gaps does not stop the cut")
    func speckledGaps() throws {
        let image = page(height: 1200, lines: column(from: 100, count: 30), specks: 2000)
        let cut = try #require(PageBands.cut(image))
        #expect((cut - 100) % 30 >= 20, "\(cut) cuts a line")
    }

    @Test("a short page, a page with no gap in its middle, and columns across the middle are read whole")
    func readWhole() {
        #expect(PageBands.cut(page(height: 400, lines: column(from: 50, count: 10))) == nil)
        let solid = page(height: 1200, lines: (0..<50).map { (100 + Int32($0) * 20, 50, 950) })
        #expect(PageBands.cut(solid) == nil)
        let columns = page(
            height: 1200, lines: column(from: 100, count: 30, right: 450) + column(from: 100, count: 30, left: 550))
        #expect(PageBands.cut(columns) == nil)
        // Columns that end above the middle (a full-width text below) do not stop the cut.
        let above = page(
            height: 1600,
            lines: column(from: 50, count: 6, right: 450) + column(from: 50, count: 6, left: 550)
                + column(from: 300, count: 40))
        #expect(PageBands.cut(above) != nil)
    }

    func line(_ top: Int32, _ left: Int32 = 100, _ right: Int32 = 900) -> Line {
        Line(
            words: [
                OCRWord(text: "word", confidence: 90, box: Box(left: left, top: top, right: right, bottom: top + 20))
            ],
            box: Box(left: left, top: top, right: right, bottom: top + 20))
    }

    func band(_ lines: [Line]) -> Page {
        let box = Box.bounds(lines.compactMap(\.box))
        return Page(
            width: 1000, height: 1000, blocks: [Block(paragraphs: [Paragraph(lines: lines, box: box)], box: box)])
    }

    @Test("a paragraph the cut went through is one paragraph again; a new paragraph stays apart")
    func join() {
        let top = band([line(100), line(130), line(160)])
        let through = PageBands.join(top, band([line(190), line(220, 100, 500)]))
        #expect(through.blocks.count == 1)
        #expect(through.paragraphs.count == 1)
        #expect(through.paragraphs[0].lines.count == 5)
        // Indented, after a short last line, or after a paragraph's gap: two paragraphs.
        #expect(PageBands.join(top, band([line(190, 160), line(220)])).paragraphs.count == 2)
        #expect(
            PageBands.join(band([line(100), line(130), line(160, 100, 400)]), band([line(190)])).paragraphs.count == 2)
        #expect(PageBands.join(top, band([line(230), line(260)])).paragraphs.count == 2)
    }

    @Test(
        "a pristine fixture page is cut, and its two bands repair to the text the whole page repairs to",
        arguments: ["dfi-article-clean", "fol-declaration-clean", "g7-action-plan-clean", "igf-messages-clean"])
    func fixturePage(name: String) throws {
        // The page as the engine thresholds it: pristine, with a cut.
        let engine = try TesseractEngine()
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Paths.page(name + ".png"))))
        let image = try #require(try PageImages.decode(bytes).pages.first)
        TessBaseAPISetImage2(engine.handle, image.pix)
        let binary = try #require(Image(TessBaseAPIGetThresholdedImage(engine.handle)))
        #expect(!TesseractEngine.looksDegraded(binary))
        #expect(PageBands.cut(binary) != nil)
        var texts: [String] = []
        var readings: [String] = []
        for split in [false, true] {
            var ocr = OCROptions()
            ocr.splitPages = split
            ocr.readingJobs = 2
            let path = Paths.page(name + ".png")
            texts.append(try RepairPipeline(options: PipelineOptions(ocr: ocr)).process(path).plainText)
            let alone = PipelineOptions(ocr: ocr, normalize: false, correct: false)
            readings.append(try RepairPipeline(options: alone).process(path).plainText)
        }
        #expect(!texts[0].isEmpty)
        // The repaired text is the same; Tesseract's reading of a band may differ in a letter
        // or a stray mark (measured: 2 words of 210 on one of the four pages, both repaired).
        #expect(texts[0] == texts[1])
        #expect(Evaluation.wordErrorRate(readings[1], reference: readings[0]).rate <= 0.01)
    }
}

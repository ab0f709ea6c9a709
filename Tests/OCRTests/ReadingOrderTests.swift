import DocumentModel
import Testing

@testable import OCR

/// Blocks the layout analysis tangled (a printed line cut in two, a block laid over another)
/// are put back row by row; columns, stacked paragraphs and slanted blocks stay as they were.
@Suite("Reading order of tangled blocks")
struct ReadingOrderTests {
    /// A line of `text`'s words, one after another from `left`, each 60 wide, in the row at `top`.
    func line(_ text: String, top: Int32, left: Int32, height: Int32 = 20) -> Line {
        let words = text.split(separator: " ").enumerated().map { k, word in
            let x = left + Int32(k) * 70
            return OCRWord(
                text: String(word), confidence: 80, box: Box(left: x, top: top, right: x + 60, bottom: top + height))
        }
        return Line(words: words, box: Box.bounds(words.map(\.box)))
    }

    /// A block of one paragraph per list of lines.
    func block(_ paragraphs: [[Line]]) -> Block {
        let paragraphs = paragraphs.map { Paragraph(lines: $0, box: Box.bounds($0.compactMap(\.box))) }
        return Block(paragraphs: paragraphs, box: Box.bounds(paragraphs.compactMap(\.box)))
    }

    func text(_ page: Page) -> [[String]] { page.paragraphs.map { $0.lines.map(\.text) } }

    @Test("a printed line cut into two blocks is one line again, in its paragraph, with a note")
    func lineCutInTwo() {
        let left = block([
            [line("of the free flow", top: 100, left: 50), line("protect human rights", top: 130, left: 50)]
        ])
        let right = block([[line("of information and that", top: 101, left: 400)]])
        let above = block([[line("Recalling our commitment", top: 40, left: 50)]])
        let page = ReadingOrder.mended(Page(width: 1000, height: 400, blocks: [above, right, left]))
        #expect(
            text(page) == [
                ["Recalling our commitment"],
                ["of the free flow of information and that", "protect human rights"],
            ])
        let notes = page.paragraphs.flatMap(\.lines).flatMap(\.ocrNotes)
        #expect(notes.map(\.rule) == ["reading-order"])
    }

    @Test("a block laid over another: their lines interleave by row, each row left to right")
    func interleaved() {
        let first = block([
            [line("noting with concern that", top: 100, left: 50), line("the Internet and", top: 130, left: 500)],
            [line("acceptable in accordance", top: 160, left: 500)],
        ])
        let second = block([
            [line("to restrictions whereby", top: 131, left: 50), line("beyond the few", top: 159, left: 50)]
        ])
        let page = ReadingOrder.mended(Page(width: 1000, height: 400, blocks: [first, second]))
        #expect(
            text(page) == [
                [
                    "noting with concern that", "to restrictions whereby the Internet and",
                    "beyond the few acceptable in accordance",
                ]
            ])
    }

    @Test("columns, stacked paragraphs and a slanted block are left as they were")
    func untouched() {
        let columns = Page(
            width: 1000, height: 400,
            blocks: [
                block([[line("a b c", top: 100, left: 50), line("d e f", top: 130, left: 50)]]),
                block([[line("g h i", top: 100, left: 600), line("j k l", top: 130, left: 600)]]),
            ])
        #expect(ReadingOrder.mended(columns) == columns)
        let stacked = Page(
            width: 1000, height: 400,
            blocks: [
                block([[line("a b c", top: 100, left: 50)]]), block([[line("d e f", top: 140, left: 50)]]),
            ])
        #expect(ReadingOrder.mended(stacked) == stacked)
        // Two lines of one block would share a row with a third line: not flat lines of text.
        let slanted = Page(
            width: 1000, height: 400,
            blocks: [
                block([[line("a b c", top: 100, left: 50, height: 40), line("d e f", top: 120, left: 300, height: 40)]]
                ),
                block([[line("g h i", top: 110, left: 700)]]),
            ])
        #expect(ReadingOrder.mended(slanted) == slanted)
    }
}

// List markers OCR misread become the document's bullet, only inside a run of list items.
import DocumentModel
import Punctuation
import RepairKit
import Testing

@Suite("Bullets")
struct BulletRepairTests {
    func document(_ paragraphs: [String]) -> Document {
        Document(
            source: "t",
            pages: [Page(blocks: [Block(paragraphs: paragraphs.map { Paragraph(lines: [Line(text: $0)]) })])])
    }
    func repaired(_ paragraphs: [String], bullet: String? = nil) -> [String] {
        BulletRepair(bullet: bullet).repair(document(paragraphs)).pages[0].paragraphs.map { $0.lines[0].text }
    }

    @Test("misread markers in a run of items become the document's bullet")
    func run() {
        #expect(
            repaired(["We resolve to:", "• protect rights,", "+ promote access,", "e support standards."])
                == ["We resolve to:", "• protect rights,", "• promote access,", "• support standards."])
    }

    @Test("a text whose items use - keeps -; only the stray marker changes")
    func plainBullets() {
        #expect(
            repaired(["- first item", "- second item", "+ third item"]) == [
                "- first item", "- second item", "- third item",
            ])
    }

    @Test("--bullet chooses the mark for every item") func chosen() {
        #expect(repaired(["- first item", "* second item"], bullet: "▪") == ["▪ first item", "▪ second item"])
    }

    @Test(
        "a lone line that starts like an item is not touched",
        arguments: [
            ["A paragraph.", "e is a letter in this sentence.", "Another paragraph."],
            ["Rights - and freedoms.", ": The declaration says"],
        ])
    func notARun(paragraphs: [String]) {
        #expect(repaired(paragraphs) == paragraphs)
    }
}

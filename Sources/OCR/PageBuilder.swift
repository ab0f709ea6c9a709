// Assembles Tesseract's word stream into the block/paragraph/line structure of a Page.
import DocumentModel

struct PageBuilder {
    private var page: Page
    private var blockBox: DocumentModel.Box?, paragraphBox: DocumentModel.Box?, lineBox: DocumentModel.Box?

    init(width: Int32, height: Int32) { page = Page(width: width, height: height, blocks: []) }

    mutating func startBlock(_ box: DocumentModel.Box?) { page.blocks.append(Block(paragraphs: [], box: box)) }

    mutating func startParagraph(_ box: DocumentModel.Box?) {
        if page.blocks.isEmpty { startBlock(nil) }
        page.blocks[page.blocks.count - 1].paragraphs.append(Paragraph(lines: [], box: box))
    }

    mutating func startLine(_ box: DocumentModel.Box?) {
        if page.blocks.isEmpty || page.blocks[page.blocks.count - 1].paragraphs.isEmpty { startParagraph(nil) }
        let b = page.blocks.count - 1
        let p = page.blocks[b].paragraphs.count - 1
        page.blocks[b].paragraphs[p].lines.append(Line(text: "", words: [], box: box))
    }

    mutating func add(_ word: OCRWord) {
        if page.blocks.isEmpty || page.blocks[page.blocks.count - 1].paragraphs.isEmpty
            || page.blocks[page.blocks.count - 1].paragraphs.last!.lines.isEmpty
        {
            startLine(nil)
        }
        let b = page.blocks.count - 1
        let p = page.blocks[b].paragraphs.count - 1
        let l = page.blocks[b].paragraphs[p].lines.count - 1
        page.blocks[b].paragraphs[p].lines[l].words.append(word)
    }

    /// The page with each line's text set to its words joined by single spaces; empty
    /// lines, paragraphs and blocks dropped.
    func build() -> Page {
        var result = page
        result.blocks = page.blocks.compactMap { block in
            var block = block
            block.paragraphs = block.paragraphs.compactMap { paragraph in
                var paragraph = paragraph
                paragraph.lines = paragraph.lines.compactMap { line in
                    line.words.isEmpty ? nil : Line(words: line.words, box: line.box)
                }
                return paragraph.lines.isEmpty ? nil : paragraph
            }
            return block.paragraphs.isEmpty ? nil : block
        }
        return result
    }
}

// Lines the layout analysis broke apart. On a poor scan Tesseract can cut one printed line
// into two blocks (its end read as a paragraph of its own) or lay a block over another (their
// lines interleaved), and the words then come out of order. On a page without columns, the
// blocks whose lines share a row are put back together: row by row, top to bottom, the
// pieces of a row left to right.
import DocumentModel

enum ReadingOrder {
    /// `page` with its tangled blocks joined; unchanged when it has columns or nothing is tangled.
    static func mended(_ page: Page) -> Page {
        guard page.blocks.count > 1, !TesseractEngine.hasColumns(page) else { return page }
        // Union-find over blocks: two blocks are tangled when a line of one shares a row with a
        // line of the other.
        var parent = Array(page.blocks.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        let lines = page.blocks.map { $0.paragraphs.flatMap(\.lines).compactMap(\.box) }
        for a in page.blocks.indices {
            for b in page.blocks.indices where b > a && root(a) != root(b) {
                if lines[a].contains(where: { x in lines[b].contains { y in sameRow(x, y) } }) {
                    parent[root(b)] = root(a)
                }
            }
        }
        let groups = Dictionary(grouping: page.blocks.indices, by: root)
        guard groups.count < page.blocks.count else { return page }
        var result = page
        result.blocks = []
        for b in page.blocks.indices {
            let group = groups[root(b)]!
            if group.count == 1 {
                result.blocks.append(page.blocks[b])
            } else if group.first == b {
                // Rows that would hold two lines of one block are not flat lines of text (a block
                // read rotated straight has slanted boxes): such a group stays as it was.
                if let block = joined(group.map { page.blocks[$0] }) {
                    result.blocks.append(block)
                } else {
                    result.blocks += group.map { page.blocks[$0] }
                }
            }
        }
        return result
    }

    /// Whether two line boxes share a row: they overlap in height by at least half the lower one.
    static func sameRow(_ a: DocumentModel.Box, _ b: DocumentModel.Box) -> Bool {
        let overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
        return overlap > 0 && overlap * 2 >= min(a.height, b.height)
    }

    /// One block from tangled ones: their lines gathered into rows, each row's pieces left to
    /// right. A row starts a paragraph when each of its pieces started one (or it is the first).
    /// Nil when a row would hold two lines of the same block.
    static func joined(_ blocks: [Block]) -> Block? {
        var pieces: [(line: Line, box: DocumentModel.Box, starts: Bool, block: Int)] = []
        var loose: [Line] = []  // lines without a box keep their place at the end
        for (b, block) in blocks.enumerated() {
            for paragraph in block.paragraphs {
                for (k, line) in paragraph.lines.enumerated() {
                    if let box = line.box { pieces.append((line, box, k == 0, b)) } else { loose.append(line) }
                }
            }
        }
        pieces.sort { ($0.box.top, $0.box.left) < ($1.box.top, $1.box.left) }
        var rows: [[Int]] = []
        var rowBoxes: [DocumentModel.Box] = []
        for (i, piece) in pieces.enumerated() {
            if let r = rowBoxes.indices.last(where: { sameRow(rowBoxes[$0], piece.box) }) {
                guard !rows[r].contains(where: { pieces[$0].block == piece.block }) else { return nil }
                rows[r].append(i)
                rowBoxes[r] = DocumentModel.Box.bounds([rowBoxes[r], piece.box])!
            } else {
                rows.append([i])
                rowBoxes.append(piece.box)
            }
        }
        var paragraphs: [Paragraph] = []
        for (r, row) in rows.enumerated() {
            let ordered = row.sorted { pieces[$0].box.left < pieces[$1].box.left }
            var line = Line(words: ordered.flatMap { pieces[$0].line.words }, box: rowBoxes[r])
            line.ocrNotes = ordered.flatMap { pieces[$0].line.ocrNotes }
            if ordered.count > 1 {
                line.ocrNotes.append(
                    Edit(
                        stage: "ocr", rule: "reading-order",
                        location: Edit.Location(page: 0, block: 0, paragraph: 0, line: 0),  // set when collected
                        before: ordered.map { pieces[$0].line.text }.joined(separator: " | "), after: line.text,
                        detail:
                            "\(ordered.count) pieces of one printed row that the layout analysis put in different blocks, joined left to right"
                    ))
            }
            if paragraphs.isEmpty || row.allSatisfy({ pieces[$0].starts }) {
                paragraphs.append(Paragraph(lines: [line], box: rowBoxes[r]))
            } else {
                let last = paragraphs.count - 1
                paragraphs[last].lines.append(line)
                paragraphs[last].box = DocumentModel.Box.bounds([paragraphs[last].box!, rowBoxes[r]])
            }
        }
        if !loose.isEmpty { paragraphs.append(Paragraph(lines: loose, box: nil)) }
        return Block(
            paragraphs: paragraphs, box: DocumentModel.Box.bounds(blocks.compactMap(\.box)))
    }
}

// A page read in two horizontal bands, one engine each: where to cut (a gap between lines
// near the middle of the ink) and how the bands' readings join (a paragraph the cut went
// through is one paragraph again).
import CTesseract
import DocumentModel

#if canImport(Glibc)
    import Glibc
#endif

enum PageBands {
    /// Pages with fewer rows of ink than this are read whole (a few lines: nothing to share).
    static let minimumInkRows = 400
    /// A row lies between lines when its ink is at most this share of a typical row of text
    /// (speckle leaves a few pixels in the gaps of a poor scan).
    static let gapInkShare = 0.15
    /// The cut is looked for in this middle part of the ink's height.
    static let middle = 0.3...0.7

    /// The row at which to cut the thresholded page `binary` into two bands read apart: in the
    /// gap between lines nearest the row that halves the ink, at its least inked row; nil (read
    /// it whole) when the page is short or no row near its middle lies between lines.
    static func cut(_ binary: Image) -> Int32? {
        guard var counts = Optional(pixCountPixelsByRow(binary.pix, nil)), counts != nil else { return nil }
        defer { numaDestroy(&counts) }
        let height = Int(numaGetCount(counts))
        var ink = [Int32](repeating: 0, count: height)
        for y in 0..<height { numaGetIValue(counts, Int32(y), &ink[y]) }
        guard let first = ink.firstIndex(where: { $0 > 0 }), let last = ink.lastIndex(where: { $0 > 0 }),
            last - first >= minimumInkRows
        else { return nil }
        // A typical row of text: the median of the rows with ink.
        let inked = ink[first...last].filter { $0 > 0 }.sorted()
        let limit = Int32(Double(inked[inked.count / 2]) * gapInkShare)
        // The row above which half the ink lies.
        let total = ink.reduce(0) { $0 + Int($1) }
        var sum = 0
        var half = first
        while half < last, (sum + Int(ink[half])) * 2 < total {
            sum += Int(ink[half])
            half += 1
        }
        let span = Double(last - first)
        let window = (first + Int(span * middle.lowerBound))...(first + Int(span * middle.upperBound))
        var best: (row: Int, distance: Int)?
        var y = window.lowerBound
        while y <= window.upperBound {
            guard ink[y] <= limit else {
                y += 1
                continue
            }
            var end = y
            while end + 1 <= window.upperBound, ink[end + 1] <= limit { end += 1 }
            if end > y {  // two rows at least
                let row = (y...end).min {
                    ink[$0] < ink[$1] || (ink[$0] == ink[$1] && abs($0 - (y + end) / 2) < abs($1 - (y + end) / 2))
                }!
                let distance = abs(row - half)
                if best.map({ distance < $0.distance }) ?? true { best = (row, distance) }
            }
            y = end + 1
        }
        guard let best, !columnsCross(binary, at: best.row, reach: Int(span * gutterReach)) else { return nil }
        return Int32(best.row)
    }

    /// How far above and below a cut a gutter between columns is looked for, as a share of
    /// the ink's height.
    static let gutterReach = 0.15

    /// Whether text set in columns crosses row `cut` (bands would read the columns' halves in
    /// turn): in the rows within `reach` of it, a strip in the middle three fifths of the
    /// ink's width, at least a hundredth of the page wide, holds no more ink than the speckle
    /// of a gap, with text on both sides.
    static func columnsCross(_ binary: Image, at cut: Int, reach: Int) -> Bool {
        let top = Int32(max(cut - reach, 0))
        let bottom = min(Int32(cut + reach), binary.height)
        var region: UnsafeMutablePointer<BOX>? = boxCreate(0, top, binary.width, bottom - top)
        defer { boxDestroy(&region) }
        guard var counts = Optional(pixCountByColumn(binary.pix, region)), counts != nil else { return true }
        defer { numaDestroy(&counts) }
        let width = Int(numaGetCount(counts))
        var ink = [Int32](repeating: 0, count: width)
        for x in 0..<width { numaGetIValue(counts, Int32(x), &ink[x]) }
        let inked = ink.filter { $0 > 0 }.sorted()
        guard !inked.isEmpty else { return false }
        let limit = Int32(Double(inked[inked.count / 2]) * gapInkShare)
        guard let first = ink.firstIndex(where: { $0 > limit }), let last = ink.lastIndex(where: { $0 > limit }) else {
            return false
        }
        let span = last - first
        let gutter = max(width / 100, 2)
        var run = 0
        for x in (first + span / 5)...(first + span * 4 / 5) {
            run = ink[x] <= limit ? run + 1 : 0
            if run >= gutter { return true }
        }
        return false
    }

    /// A band's reading (of the image cropped at row `top`) in the coordinates of `image`.
    static func placed(_ band: Page, at top: Int32, in image: Image) -> Page {
        var page = band.mappingBoxes {
            DocumentModel.Box(left: $0.left, top: $0.top + top, right: $0.right, bottom: $0.bottom + top)
        }
        page.width = image.width
        page.height = image.height
        return page
    }

    /// The page read as bands `top` and `bottom`, placed. Where the cut went through a
    /// paragraph — the bottom's first line follows the top's last at the paragraph's line
    /// pitch, starts at its left edge (no indent) and the top's last line is full — the two
    /// halves are one paragraph (and their blocks one block) again.
    static func join(_ top: Page, _ bottom: Page) -> Page {
        var page = top
        var rest = bottom.blocks
        if let b = page.blocks.indices.last, let p = page.blocks[b].paragraphs.indices.last,
            let upper = page.blocks[b].paragraphs[p].box, let last = page.blocks[b].paragraphs[p].lines.last?.box,
            let lower = rest.first?.paragraphs.first, let next = lower.lines.first?.box,
            continues(upper: upper, last: last, next: next, lines: page.paragraphs + bottom.paragraphs)
        {
            page.blocks[b].paragraphs[p].lines += lower.lines
            page.blocks[b].paragraphs[p].box = DocumentModel.Box.bounds([upper] + [lower.box].compactMap { $0 })
            page.blocks[b].paragraphs += rest[0].paragraphs.dropFirst()
            page.blocks[b].box = DocumentModel.Box.bounds([page.blocks[b].box, rest[0].box].compactMap { $0 })
            rest.removeFirst()
        }
        page.blocks += rest
        return page
    }

    /// Whether line `next` continues the paragraph `upper` whose last line is `last`, judged by
    /// the line pitch and letter height of the paragraphs around.
    static func continues(
        upper: DocumentModel.Box, last: DocumentModel.Box, next: DocumentModel.Box, lines paragraphs: [Paragraph]
    ) -> Bool {
        var pitches: [Int32] = []
        var heights: [Int32] = []
        for paragraph in paragraphs {
            let boxes = paragraph.lines.compactMap(\.box)
            heights += boxes.map(\.height)
            for (a, b) in zip(boxes, boxes.dropFirst()) where b.top > a.top { pitches.append(b.top - a.top) }
        }
        guard !pitches.isEmpty, !heights.isEmpty else { return false }
        let pitch = pitches.sorted()[pitches.count / 2]
        let letter = heights.sorted()[heights.count / 2]
        return next.top > last.top && (next.top - last.top) * 10 <= pitch * 13
            && abs(next.left - upper.left) <= letter && last.right >= upper.right - 2 * letter
    }
}

// Text that Tesseract's layout analysis skipped: ink of letter size that no recognized word
// covers is grouped into line regions, each recognized on its own (PSM 7 for a line, 6 for
// a block), and its words are put back where they stand on the page. Nothing a word
// already covers is read twice.
import CTesseract
import DocumentModel

struct CoverageRecovery {
    /// A region is worth reading when it holds this many letter-size components spanning
    /// this many word heights.
    static let minimumComponents = 6
    static let minimumWidthInLetters: Int32 = 3

    /// Regions of uncovered, letter-size ink in the image Tesseract thresholded (and the
    /// page's letter height), or nothing when the page gives nothing to measure against.
    static func uncoveredRegions(binary: Image, words: [OCRWord]) -> (
        regions: [DocumentModel.Box], letterHeight: Int32
    ) {
        guard words.count >= 5 else { return ([], 0) }
        let heights = words.map { Int($0.box.height) }.sorted()
        let h = max(heights[heights.count / 2], 8)  // a typical word's height
        var boxa: UnsafeMutablePointer<BOXA>? = pixConnCompBB(binary.pix, 8)
        guard let components = boxa else { return ([], 0) }
        defer { boxaDestroy(&boxa) }
        var uncovered: [DocumentModel.Box] = []
        let pad = Int32(h / 5)
        let wordBoxes = words.map(\.box)
        for i in 0..<boxaGetCount(components) {
            var x: Int32 = 0
            var y: Int32 = 0
            var w: Int32 = 0
            var hh: Int32 = 0
            boxaGetBoxGeometry(components, i, &x, &y, &w, &hh)
            // Letter-size: not speckle, not a rule or a picture.
            guard Int(hh) >= h * 3 / 10, Int(hh) <= h * 13 / 10, w >= 2, Int(w) <= h * 3 else { continue }
            let box = DocumentModel.Box(left: x, top: y, right: x + w, bottom: y + hh)
            let covered = wordBoxes.contains { b in
                box.left < b.right + pad && box.right > b.left - pad && box.top < b.bottom + pad
                    && box.bottom > b.top - pad
            }
            if !covered { uncovered.append(box) }
        }
        return (group(uncovered, lineHeight: Int32(h)), Int32(h))
    }

    /// Components grouped into line bands (by vertical overlap), then split where the
    /// horizontal gap is wider than a few letters; bands with too few letters dropped.
    static func group(_ components: [DocumentModel.Box], lineHeight h: Int32) -> [DocumentModel.Box] {
        let sorted = components.sorted { ($0.top + $0.bottom) < ($1.top + $1.bottom) }
        var bands: [[DocumentModel.Box]] = []
        for c in sorted {
            let centre = (c.top + c.bottom) / 2
            if let last = bands.last, let top = last.map(\.top).min(), let bottom = last.map(\.bottom).max(),
                centre >= top - h / 4, centre <= bottom + h / 4
            {
                bands[bands.count - 1].append(c)
            } else {
                bands.append([c])
            }
        }
        var regions: [DocumentModel.Box] = []
        for band in bands {
            var run: [DocumentModel.Box] = []
            for c in band.sorted(by: { $0.left < $1.left }) {
                if let right = run.map(\.right).max(), c.left - right > 4 * h {
                    if isText(run, h) { regions.append(bounds(run)) }
                    run = []
                }
                run.append(c)
            }
            if isText(run, h) { regions.append(bounds(run)) }
        }
        return regions
    }

    static func isText(_ run: [DocumentModel.Box], _ h: Int32) -> Bool {
        run.count >= minimumComponents && bounds(run).width >= minimumWidthInLetters * h
    }

    /// The bounds of a non-empty run of components.
    static func bounds(_ boxes: [DocumentModel.Box]) -> DocumentModel.Box { DocumentModel.Box.bounds(boxes)! }

    /// Puts recovered lines into the page: into the paragraph whose box holds the line's
    /// middle (in order of height), else as a block of its own after the last block above it.
    static func insert(_ lines: [Line], into page: inout Page) {
        for line in lines {
            guard let box = line.box else { continue }
            let middle = (box.top + box.bottom) / 2
            var placed = false
            outer: for b in page.blocks.indices {
                for p in page.blocks[b].paragraphs.indices {
                    guard let pb = page.blocks[b].paragraphs[p].box, middle >= pb.top, middle <= pb.bottom,
                        box.left < pb.right, box.right > pb.left
                    else { continue }
                    let index =
                        page.blocks[b].paragraphs[p].lines.firstIndex { ($0.box?.top ?? 0) > box.top }
                        ?? page.blocks[b].paragraphs[p].lines.count
                    page.blocks[b].paragraphs[p].lines.insert(line, at: index)
                    placed = true
                    break outer
                }
            }
            if !placed {
                let index = page.blocks.lastIndex { ($0.box?.top ?? 0) <= box.top }.map { $0 + 1 } ?? 0
                page.blocks.insert(Block(paragraphs: [Paragraph(lines: [line], box: box)], box: box), at: index)
            }
        }
    }
}

extension TesseractEngine {
    /// Re-reads the regions of letter-size ink no word covers and adds their lines; returns how many.
    @discardableResult
    func recoverMissedText(binary image: Image, page: inout Page) -> Int {
        let words = page.paragraphs.flatMap(\.lines).flatMap(\.words)
        let (regions, letter) = CoverageRecovery.uncoveredRegions(binary: image, words: words)
        guard !regions.isEmpty else { return 0 }
        var recovered: [Line] = []
        for region in regions {
            let pad = letter / 3
            let left = max(0, region.left - pad)
            let top = max(0, region.top - pad)
            let right = min(page.width, region.right + pad)
            let bottom = min(page.height, region.bottom + pad)
            let mode: PageSegmentation = region.height > letter * 16 / 10 ? .singleBlock : .singleLine
            TessBaseAPISetPageSegMode(handle, TessPageSegMode(UInt32(mode.rawValue)))
            TessBaseAPISetRectangle(handle, left, top, right - left, bottom - top)
            guard TessBaseAPIRecognize(handle, nil) == 0 else { continue }
            let part = readResults(width: page.width, height: page.height)
            for line in part.paragraphs.flatMap(\.lines) {
                // Never read twice what a word already covers.
                let fresh = line.words.filter { w in !words.contains { overlap($0.box, w.box) > 0.3 } }
                guard fresh.count == line.words.count, !fresh.isEmpty else { continue }
                var line = line
                line.ocrNotes.append(
                    Edit(
                        stage: "ocr", rule: "recover-line",
                        location: Edit.Location(page: 0, block: 0, paragraph: 0, line: 0),  // set when collected
                        before: "", after: line.text,
                        detail:
                            "letter-size ink no word covered at \(region.left),\(region.top)–\(region.right),\(region.bottom); read as \(mode == .singleLine ? "one line (PSM 7)" : "a block (PSM 6)")"
                    ))
                recovered.append(line)
            }
        }
        TessBaseAPISetPageSegMode(handle, TessPageSegMode(UInt32(options.pageSegmentation.rawValue)))
        CoverageRecovery.insert(recovered, into: &page)
        return recovered.count
    }

    /// Intersection over the smaller box's area.
    private func overlap(_ a: DocumentModel.Box, _ b: DocumentModel.Box) -> Double {
        let w = min(a.right, b.right) - max(a.left, b.left)
        let h = min(a.bottom, b.bottom) - max(a.top, b.top)
        guard w > 0, h > 0 else { return 0 }
        let smaller = min(Double(a.width) * Double(a.height), Double(b.width) * Double(b.height))
        return smaller > 0 ? Double(w) * Double(h) / smaller : 0
    }
}

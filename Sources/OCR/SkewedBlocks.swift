// Blocks printed at another angle than the page (a paragraph pasted in askew, a slipped
// insert): Tesseract's layout analysis assumes one skew per page and reads such a block as
// fragments of neighbouring lines, out of order. Each block's skew is measured on the
// thresholded image (Leptonica's sweep-and-search); blocks that differ from the page are
// cropped from the original image, rotated straight and read again as one block.
import CTesseract
import DocumentModel

#if canImport(Glibc)
    import Glibc
#endif

struct SkewedBlocks {
    /// A block is askew when its lines differ from the page's by at least this (degrees)…
    static let minimumDeviation: Float = 0.8
    /// …and Leptonica is this sure of its angle (its confidence: the ratio of the best
    /// projection score to the worst; text lines give 3–30, noise about 1).
    static let minimumConfidence: Float = 2.5

    /// A run of neighbouring askew blocks (one paragraph is often several blocks).
    struct Region {
        var blocks: Range<Int>
        var box: DocumentModel.Box
        var angle: Float  // degrees, the rotation that straightens it (Leptonica's sign)
    }

    /// Skew of the ink in `box` of a 1 bpp image: the angle that straightens it, in degrees,
    /// or nil when Leptonica cannot tell.
    static func skew(of binary: Image, in box: DocumentModel.Box? = nil) -> Float? {
        var clipped: Image?
        if let box {
            clipped = binary.clipped(to: box)
            guard clipped != nil else { return nil }
        }
        var angle: Float = 0
        var confidence: Float = 0
        // Sweep ±7° by 1/2° at 1/2 resolution, then a binary search: small blocks need the resolution.
        guard pixFindSkewSweepAndSearch((clipped ?? binary).pix, &angle, &confidence, 2, 2, 7, 0.5, 0.01) == 0,
            confidence >= minimumConfidence
        else { return nil }
        return angle
    }

    /// The runs of blocks whose skew differs from the page's.
    static func regions(binary: Image, page: Page) -> [Region] {
        let pageAngle = skew(of: binary) ?? 0
        var result: [Region] = []
        for (i, block) in page.blocks.enumerated() {
            guard let box = block.box, box.width > 0, box.height > 0,
                let angle = skew(of: binary, in: box), abs(angle - pageAngle) >= minimumDeviation
            else { continue }
            // Blocks one above the other with the same angle are one askew region (never
            // side by side: two columns are read one after the other).
            if var last = result.last, last.blocks.upperBound == i, abs(last.angle - angle) < minimumDeviation,
                stacked(last.box, box)
            {
                let n = Float(last.blocks.count)
                last.angle = (last.angle * n + angle) / (n + 1)
                last.blocks = last.blocks.lowerBound..<(i + 1)
                last.box = last.box.union(box)
                result[result.count - 1] = last
            } else {
                result.append(Region(blocks: i..<(i + 1), box: box, angle: angle))
            }
        }
        return result
    }

    /// Whether two boxes share at least half of the narrower one's width.
    static func stacked(_ a: DocumentModel.Box, _ b: DocumentModel.Box) -> Bool {
        let shared = min(a.right, b.right) - max(a.left, b.left)
        return shared * 2 >= min(a.width, b.width)
    }

    /// Maps boxes of a crop at (`origin`) rotated by `degrees` about its centre back onto the page.
    struct Unrotation {
        var originX: Double, originY: Double, centreX: Double, centreY: Double
        var cosine: Double, sine: Double

        init(origin: (Int32, Int32), size: (Int32, Int32), degrees: Float) {
            originX = Double(origin.0)
            originY = Double(origin.1)
            centreX = Double(size.0) / 2
            centreY = Double(size.1) / 2
            let radians = Double(degrees) * .pi / 180
            cosine = cos(radians)
            sine = sin(radians)
        }

        /// The point of the unrotated crop that the rotation carried to (x, y).
        func point(_ x: Int32, _ y: Int32) -> (Double, Double) {
            let dx = Double(x) - centreX
            let dy = Double(y) - centreY
            return (originX + centreX + dx * cosine + dy * sine, originY + centreY - dx * sine + dy * cosine)
        }

        func box(_ b: DocumentModel.Box) -> DocumentModel.Box {
            let corners = [
                point(b.left, b.top), point(b.right, b.top), point(b.left, b.bottom), point(b.right, b.bottom),
            ]
            return DocumentModel.Box(
                left: Int32(corners.map(\.0).min()!.rounded()), top: Int32(corners.map(\.1).min()!.rounded()),
                right: Int32(corners.map(\.0).max()!.rounded()), bottom: Int32(corners.map(\.1).max()!.rounded()))
        }

        func page(_ page: Page) -> Page { page.mappingBoxes(box) }
    }
}

extension TesseractEngine {
    /// Reads each run of blocks printed at another angle than the page again, cropped and
    /// rotated straight, as one block; keeps the new reading when it has clearly more
    /// confidently read letters. Returns how many regions were replaced.
    @discardableResult
    func straightenSkewedBlocks(_ pix: Image, binary: Image, page: inout Page)
        -> Int
    {
        let regions = SkewedBlocks.regions(binary: binary, page: page)
        guard !regions.isEmpty else { return 0 }
        let words = page.paragraphs.flatMap(\.lines).flatMap(\.words)
        let heights = words.map(\.box.height).sorted()
        let letter = heights.isEmpty ? 40 : max(heights[heights.count / 2], 8)
        var replaced = 0
        for region in regions.reversed() {
            // Room for the lines to turn inside the crop.
            let drift = Int32(Double(region.box.width) * abs(tan(Double(region.angle) * .pi / 180)) / 2)
            let left = max(0, region.box.left - letter)
            let top = max(0, region.box.top - letter - drift)
            let right = min(page.width, region.box.right + letter)
            let bottom = min(page.height, region.box.bottom + letter + drift)
            let cropBox = DocumentModel.Box(left: left, top: top, right: right, bottom: bottom)
            guard let image = pix.clipped(to: cropBox)?.rotated(degrees: region.angle) else { continue }
            TessBaseAPISetPageSegMode(handle, TessPageSegMode(UInt32(PageSegmentation.singleBlock.rawValue)))
            TessBaseAPISetImage2(handle, image.pix)
            if image.resolution < 70 { TessBaseAPISetSourceResolution(handle, 300) }
            let status = TessBaseAPIRecognize(handle, nil)
            TessBaseAPISetPageSegMode(handle, TessPageSegMode(UInt32(options.pageSegmentation.rawValue)))
            guard status == 0 else { continue }
            let unrotate = SkewedBlocks.Unrotation(
                origin: (left, top), size: (image.width, image.height), degrees: region.angle)
            let reading = unrotate.page(readResults(width: image.width, height: image.height))
            let before = Page(width: page.width, height: page.height, blocks: Array(page.blocks[region.blocks]))
            if score(reading) > score(before) * Self.clearlyBetter {
                var blocks = reading.blocks
                let text = reading.paragraphs.first?.lines.first?.text ?? ""
                let note = Edit(
                    stage: "ocr", rule: "straighten-block",
                    location: Edit.Location(page: 0, block: 0, paragraph: 0, line: 0),  // set when collected
                    before: before.paragraphs.first?.lines.first?.text ?? "", after: text,
                    detail:
                        "blocks \(region.blocks.lowerBound)–\(region.blocks.upperBound - 1) askew by \(Self.oneDecimal(region.angle))° against the page; read again rotated straight: \(format(score(reading))) confidently read letters against \(format(score(before)))"
                )
                if let b = blocks.indices.first(where: { !blocks[$0].paragraphs.isEmpty }),
                    !blocks[b].paragraphs[0].lines.isEmpty
                {
                    blocks[b].paragraphs[0].lines[0].ocrNotes.append(note)
                } else {
                    page.ocrEdits.append(note)
                }
                page.blocks.replaceSubrange(region.blocks, with: blocks)
                replaced += 1
            }
        }
        return replaced
    }
}

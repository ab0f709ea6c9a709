// The only owner of a TessBaseAPI: created, initialised and freed exactly once; one engine per thread.
import CTesseract
import DocumentModel
#if canImport(Glibc)
import Glibc
#endif

/// Tesseract's page segmentation modes that make sense for pages of text.
public enum PageSegmentation: Int32, Sendable, CaseIterable {
    case auto = 3            // the tesseract CLI's default: full layout analysis
    case singleColumn = 4
    case singleBlock = 6     // the C API's default
    case singleLine = 7
    case sparseText = 11
}

public struct OCROptions: Sendable {
    public var language: String
    public var pageSegmentation: PageSegmentation
    public var tessdataDirectory: String?
    /// Ask Tesseract for per-symbol alternatives (the corrector uses them as evidence).
    public var alternatives: Bool
    public var environment: [String: String]
    /// Re-read letter-size ink that no recognized word covers (lines the layout analysis skipped).
    public var recoverMissedText: Bool
    /// When the first reading looks poor (skipped text, a page mostly black after
    /// thresholding, many unsure words), also read the page as one column and as one block
    /// (not on a page of columns) and keep the reading with clearly more confidently read
    /// letters. Off when the user forces a segmentation.
    public var chooseSegmentation: Bool = true
    /// Image clean-up where it was measured to help: blocks printed at another angle than
    /// the page are read again rotated straight, and Sauvola-thresholded and median-filtered
    /// readings compete when the first reading looks poor. `--no-preprocess` turns it off.
    public var preprocess: Bool = true
    /// Whether a word (without surrounding punctuation) is in the dictionary. When given,
    /// competing readings are judged by the confidently read letters of known words only:
    /// a reading of noise has many letters but few words.
    public var knownWord: (@Sendable (Substring) -> Bool)?

    public init(language: String = "eng", pageSegmentation: PageSegmentation = .auto,
                tessdataDirectory: String? = nil, alternatives: Bool = true,
                environment: [String: String] = [:], recoverMissedText: Bool = true, chooseSegmentation: Bool = true,
                preprocess: Bool = true) {
        self.language = language; self.pageSegmentation = pageSegmentation
        self.tessdataDirectory = tessdataDirectory; self.alternatives = alternatives
        self.environment = environment; self.recoverMissedText = recoverMissedText
        self.chooseSegmentation = chooseSegmentation
        self.preprocess = preprocess
    }
}

/// A Tesseract engine bound to one language. Not thread-safe: use one per worker thread.
public final class TesseractEngine {
    private let handle: OpaquePointer
    public let options: OCROptions
    public let tessdataDirectory: String

    public init(options: OCROptions = OCROptions()) throws(OCRError) {
        let directory = try Tessdata.directory(for: options.language, explicit: options.tessdataDirectory,
                                               environment: options.environment)
        guard let api = TessBaseAPICreate() else { throw .engineInitFailed(language: options.language, directory: directory) }
        // Silence Tesseract before Init, which is where it prints the most.
        _ = TessBaseAPISetVariable(api, "debug_file", "/dev/null")
        OpenMP.limitCurrentThread()
        if TessBaseAPIInit3(api, directory, options.language) != 0 {
            // self is not initialised yet, so deinit will not run: free here, once.
            TessBaseAPIDelete(api)
            throw .engineInitFailed(language: options.language, directory: directory)
        }
        _ = TessBaseAPISetVariable(api, "debug_file", "/dev/null")
        if options.alternatives { _ = TessBaseAPISetVariable(api, "lstm_choice_mode", "2") }
        TessBaseAPISetPageSegMode(api, TessPageSegMode(UInt32(options.pageSegmentation.rawValue)))
        self.handle = api
        self.options = options
        self.tessdataDirectory = directory
    }

    deinit {
        TessBaseAPIEnd(handle)
        TessBaseAPIDelete(handle)
    }

    public static var version: String { String(cString: TessVersion()) }

    /// Recognizes every page of an image file's bytes (a multi-page TIFF has several).
    public func recognize(imageBytes: [UInt8]) throws(OCRError) -> [Page] {
        let images = try PageImages.decode(imageBytes)
        var pages: [Page] = []
        pages.reserveCapacity(images.pages.count)
        for pix in images.pages { pages.append(try recognize(pix: pix)) }
        return pages
    }

    private func recognize(pix original: UnsafeMutablePointer<PIX>) throws(OCRError) -> Page {
        OpenMP.limitCurrentThread()
        let pix = original
        TessBaseAPISetImage2(handle, pix)
        // Images without a resolution get Tesseract's warning and a guess; say 300 DPI.
        if pixGetXRes(pix) < 70 { TessBaseAPISetSourceResolution(handle, 300) }
        defer { TessBaseAPIClear(handle) }
        guard TessBaseAPIRecognize(handle, nil) == 0 else { throw .recognitionFailed }
        let width = pixGetWidth(pix), height = pixGetHeight(pix)
        var page = readResults(width: width, height: height)
        guard options.recoverMissedText || options.preprocess,
              TessBaseAPIGetThresholdedImageScaleFactor(handle) == 1 else { return page }
        // The image Tesseract thresholded for its layout analysis: where the ink is.
        var thresholded: UnsafeMutablePointer<PIX>? = TessBaseAPIGetThresholdedImage(handle)
        guard let binary = thresholded else { return page }
        defer { pixDestroy(&thresholded) }
        let recovered = options.recoverMissedText ? recoverMissedText(binary: binary, page: &page) : 0
        if options.chooseSegmentation, options.pageSegmentation == .auto,
           case let trouble = Self.trouble(page, binary: binary, recoveredLines: recovered), !trouble.isEmpty {
            let notes = page.ocrEdits
            page = chooseReading(pix: pix, reading: page, trouble: trouble)
            if page.ocrEdits.isEmpty { page.ocrEdits = notes }  // the first reading (and its recovered lines) stayed
        }
        if options.preprocess { straightenSkewedBlocks(pix: pix, binary: binary, page: &page) }
        page.ocrEdits = page.ocrEdits.map { Self.located($0, in: page) }
        return page
    }

    /// An OCR edit pointed at the line that holds its text now (the page changed after it was made).
    static func located(_ edit: Edit, in page: Page) -> Edit {
        guard !edit.after.isEmpty else { return edit }
        var edit = edit
        for (b, block) in page.blocks.enumerated() {
            for (p, paragraph) in block.paragraphs.enumerated() {
                if let l = paragraph.lines.firstIndex(where: { $0.text.hasPrefix(edit.after) || edit.after.hasPrefix($0.text) }) {
                    edit.location = Edit.Location(page: 0, block: b, paragraph: p, line: l)
                    return edit
                }
            }
        }
        return edit
    }

    /// Why a first reading looks poor; each cause calls for its own competing readings.
    struct Trouble: OptionSet {
        let rawValue: Int
        /// The layout analysis skipped text (the recovery found some): read without it too.
        static let skippedText = Trouble(rawValue: 1)
        /// Over a third of the thresholded page is black (a shadow, a dark background Otsu's
        /// global threshold could not separate; text pages are 4–16 % here): threshold locally.
        static let darkPage = Trouble(rawValue: 2)
        /// Over one word in ten read with confidence under 60 (speckle; clean pages 0 %, our
        /// hard scans 6–7 %): filter the image, threshold locally.
        static let unsureWords = Trouble(rawValue: 4)

        var description: String {
            [(Trouble.skippedText, "it skipped text"), (.darkPage, "over a third of the thresholded page is black"),
             (.unsureWords, "over one word in ten read with confidence under 60")]
                .filter { contains($0.0) }.map(\.1).joined(separator: "; ")
        }
    }

    static func trouble(_ page: Page, binary: UnsafeMutablePointer<PIX>, recoveredLines: Int) -> Trouble {
        var trouble: Trouble = []
        if recoveredLines > 0 { trouble.insert(.skippedText) }
        var black: Int32 = 0
        if pixCountPixels(binary, &black, nil) == 0,
           Double(black) > Double(pixGetWidth(binary)) * Double(pixGetHeight(binary)) / 3 {
            trouble.insert(.darkPage)
        }
        let words = page.paragraphs.flatMap(\.lines).flatMap(\.words)
        if words.count >= 20, words.filter({ $0.confidence < 60 }).count * 10 > words.count { trouble.insert(.unsureWords) }
        return trouble
    }

    /// The first reading looks poor: compare it with the readings its trouble calls for —
    /// one column and one block (they cannot skip text; never on a page of columns), the
    /// layout analysis on a Sauvola-thresholded image (shadows, uneven or faint backgrounds)
    /// and on a median-filtered image (speckle); keep the reading with clearly more
    /// confidently read letters.
    private func chooseReading(pix: UnsafeMutablePointer<PIX>, reading: Page, trouble: Trouble) -> Page {
        var best = reading, bestScore = score(reading)
        var chosen = "automatic layout"
        var alternatives: [(mode: PageSegmentation, threshold: String, name: String)] = []
        if trouble.contains(.skippedText) && !Self.hasColumns(reading) {
            alternatives += [(.singleColumn, "0", "one column (PSM 4)"), (.singleBlock, "0", "one block (PSM 6)")]
        }
        if options.preprocess { alternatives.append((.auto, "2", "automatic layout of a Sauvola-thresholded image")) }
        var grey: UnsafeMutablePointer<PIX>? = options.preprocess && trouble.contains(.unsureWords) ? pixConvertTo8(pix, 0) : nil
        var median: UnsafeMutablePointer<PIX>? = grey.flatMap { pixMedianFilter($0, 3, 3) }
        defer { pixDestroy(&grey); pixDestroy(&median) }
        var tries: [(image: UnsafeMutablePointer<PIX>, mode: PageSegmentation, threshold: String, name: String)] =
            alternatives.map { (pix, $0.mode, $0.threshold, $0.name) }
        if let median { tries.append((median, .auto, "0", "automatic layout of a median-filtered (3×3) image")) }
        for t in tries {
            TessBaseAPISetPageSegMode(handle, TessPageSegMode(UInt32(t.mode.rawValue)))
            _ = TessBaseAPISetVariable(handle, "thresholding_method", t.threshold)
            TessBaseAPISetImage2(handle, t.image)
            if pixGetXRes(t.image) < 70 { TessBaseAPISetSourceResolution(handle, 300) }
            guard TessBaseAPIRecognize(handle, nil) == 0 else { continue }
            let candidate = readResults(width: reading.width, height: reading.height)
            let candidateScore = score(candidate)
            if candidateScore > bestScore * 1.05 { best = candidate; bestScore = candidateScore; chosen = t.name }
        }
        _ = TessBaseAPISetVariable(handle, "thresholding_method", "0")
        TessBaseAPISetPageSegMode(handle, TessPageSegMode(UInt32(options.pageSegmentation.rawValue)))
        if best != reading {
            best.ocrEdits = [Edit(stage: "ocr", rule: "segmentation", location: Edit.Location(page: 0, block: 0, paragraph: 0, line: 0),
                                  before: "automatic layout (\(trouble.description); \(format(score(reading))) confidently read letters)",
                                  after: chosen, detail: "\(format(bestScore)) confidently read letters (letters × word confidence); the clearly best of the readings tried")]
        }
        return best
    }

    private func format(_ x: Double) -> String { String(Int(x.rounded())) }

    /// One decimal, without Foundation.
    static func oneDecimal(_ value: Float) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths < 0 ? "-" : "")\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    /// Reads each run of blocks printed at another angle than the page again, cropped and
    /// rotated straight, as one block; keeps the new reading when it has clearly more
    /// confidently read letters. Returns how many regions were replaced.
    @discardableResult
    private func straightenSkewedBlocks(pix: UnsafeMutablePointer<PIX>, binary: UnsafeMutablePointer<PIX>, page: inout Page) -> Int {
        let regions = SkewedBlocks.regions(binary: binary, page: page)
        guard !regions.isEmpty else { return 0 }
        let words = page.paragraphs.flatMap(\.lines).flatMap(\.words)
        let heights = words.map(\.box.height).sorted()
        let letter = heights.isEmpty ? 40 : max(heights[heights.count / 2], 8)
        var replaced = 0
        for region in regions.reversed() {
            // Room for the lines to turn inside the crop.
            let drift = Int32(Double(region.box.width) * abs(tan(Double(region.angle) * .pi / 180)) / 2)
            let left = max(0, region.box.left - letter), top = max(0, region.box.top - letter - drift)
            let right = min(page.width, region.box.right + letter), bottom = min(page.height, region.box.bottom + letter + drift)
            var cropBox: UnsafeMutablePointer<BOX>? = boxCreate(left, top, right - left, bottom - top)
            var crop: UnsafeMutablePointer<PIX>? = pixClipRectangle(pix, cropBox, nil)
            boxDestroy(&cropBox)
            guard crop != nil else { continue }
            var straight: UnsafeMutablePointer<PIX>? = pixRotate(crop, region.angle * .pi / 180, Int32(L_ROTATE_AREA_MAP),
                                                                 Int32(L_BRING_IN_WHITE), 0, 0)
            pixDestroy(&crop)
            guard let image = straight else { continue }
            defer { pixDestroy(&straight) }
            TessBaseAPISetPageSegMode(handle, TessPageSegMode(UInt32(PageSegmentation.singleBlock.rawValue)))
            TessBaseAPISetImage2(handle, image)
            if pixGetXRes(image) < 70 { TessBaseAPISetSourceResolution(handle, 300) }
            let status = TessBaseAPIRecognize(handle, nil)
            TessBaseAPISetPageSegMode(handle, TessPageSegMode(UInt32(options.pageSegmentation.rawValue)))
            guard status == 0 else { continue }
            let unrotate = SkewedBlocks.Unrotation(origin: (left, top), size: (pixGetWidth(image), pixGetHeight(image)), degrees: region.angle)
            let reading = unrotate.page(readResults(width: pixGetWidth(image), height: pixGetHeight(image)))
            let before = Page(width: page.width, height: page.height, blocks: Array(page.blocks[region.blocks]))
            if score(reading) > score(before) * 1.05 {
                page.blocks.replaceSubrange(region.blocks, with: reading.blocks)
                let text = reading.paragraphs.first?.lines.first?.text ?? ""
                page.ocrEdits.append(Edit(stage: "ocr", rule: "straighten-block", location: Edit.Location(page: 0, block: region.blocks.lowerBound, paragraph: 0, line: 0),
                                          before: before.paragraphs.first?.lines.first?.text ?? "", after: text,
                                          detail: "blocks \(region.blocks.lowerBound)–\(region.blocks.upperBound - 1) askew by \(Self.oneDecimal(region.angle))° against the page; read again rotated straight: \(format(score(reading))) confidently read letters against \(format(score(before)))"))
                replaced += 1
            }
        }
        return replaced
    }

    /// Whether two blocks of several lines stand side by side (overlapping in height by half
    /// the shorter one, not in width): the page is set in columns.
    static func hasColumns(_ page: Page) -> Bool {
        let boxes = page.blocks.filter { $0.paragraphs.reduce(0) { $0 + $1.lines.count } >= 2 }.compactMap(\.box)
        for (i, a) in boxes.enumerated() {
            for b in boxes[(i + 1)...] {
                let vertical = min(a.bottom, b.bottom) - max(a.top, b.top)
                let apart = a.right <= b.left || b.right <= a.left
                if apart && vertical * 2 >= min(a.height, b.height) { return true }
            }
        }
        return false
    }

    /// Confidently read letters: each word's letters weighted by its confidence — only the
    /// words the dictionary knows, when the options give one.
    func score(_ page: Page) -> Double { Self.score(page, knownWord: options.knownWord) }

    static func score(_ page: Page, knownWord: (@Sendable (Substring) -> Bool)? = nil) -> Double {
        var total = 0.0
        for word in page.paragraphs.flatMap(\.lines).flatMap(\.words) {
            let letters = word.text.unicodeScalars.filter { $0.properties.isAlphabetic }.count
            guard letters > 0 else { continue }
            if let knownWord {
                let core = word.text.drop { !$0.isLetter && !$0.isNumber }.reversed().drop { !$0.isLetter && !$0.isNumber }
                guard knownWord(Substring(String(core.reversed()))) else { continue }
            }
            total += Double(word.confidence) / 100 * Double(letters)
        }
        return total
    }

    /// Re-reads the regions of letter-size ink no word covers and adds their lines; returns how many.
    @discardableResult
    private func recoverMissedText(binary image: UnsafeMutablePointer<PIX>, page: inout Page) -> Int {
        let words = page.paragraphs.flatMap(\.lines).flatMap(\.words)
        let (regions, letter) = CoverageRecovery.uncoveredRegions(binary: image, words: words)
        guard !regions.isEmpty else { return 0 }
        var recovered: [Line] = []
        for region in regions {
            let pad = letter / 3
            let left = max(0, region.left - pad), top = max(0, region.top - pad)
            let right = min(page.width, region.right + pad), bottom = min(page.height, region.bottom + pad)
            let mode: PageSegmentation = region.height > letter * 16 / 10 ? .singleBlock : .singleLine
            TessBaseAPISetPageSegMode(handle, TessPageSegMode(UInt32(mode.rawValue)))
            TessBaseAPISetRectangle(handle, left, top, right - left, bottom - top)
            guard TessBaseAPIRecognize(handle, nil) == 0 else { continue }
            let part = readResults(width: page.width, height: page.height)
            for line in part.paragraphs.flatMap(\.lines) {
                // Never read twice what a word already covers.
                let fresh = line.words.filter { w in !words.contains { overlap($0.box, w.box) > 0.3 } }
                guard fresh.count == line.words.count, !fresh.isEmpty else { continue }
                recovered.append(line)
                page.ocrEdits.append(Edit(stage: "ocr", rule: "recover-line", location: Edit.Location(page: 0, block: 0, paragraph: 0, line: 0),
                                          before: "", after: line.text,
                                          detail: "letter-size ink no word covered at \(region.left),\(region.top)–\(region.right),\(region.bottom); read as \(mode == .singleLine ? "one line (PSM 7)" : "a block (PSM 6)")"))
            }
        }
        TessBaseAPISetPageSegMode(handle, TessPageSegMode(UInt32(options.pageSegmentation.rawValue)))
        CoverageRecovery.insert(recovered, into: &page)
        return recovered.count
    }

    /// Intersection over the smaller box's area.
    private func overlap(_ a: DocumentModel.Box, _ b: DocumentModel.Box) -> Double {
        let w = min(a.right, b.right) - max(a.left, b.left), h = min(a.bottom, b.bottom) - max(a.top, b.top)
        guard w > 0, h > 0 else { return 0 }
        let smaller = min(Double(a.width) * Double(a.height), Double(b.width) * Double(b.height))
        return smaller > 0 ? Double(w) * Double(h) / smaller : 0
    }

    /// The document structure of the last recognition.
    private func readResults(width: Int32, height: Int32) -> Page {
        guard let iterator = TessBaseAPIGetIterator(handle) else {
            return Page(width: width, height: height, blocks: [])  // a blank page
        }
        defer { TessResultIteratorDelete(iterator) }
        var page = PageBuilder(width: width, height: height)
        let pageIterator = TessResultIteratorGetPageIterator(iterator)
        repeat {
            guard let text = takeText(TessResultIteratorGetUTF8Text(iterator, RIL_WORD)), !text.isEmpty else { continue }
            if TessPageIteratorIsAtBeginningOf(pageIterator, RIL_BLOCK) != 0 { page.startBlock(box(pageIterator, RIL_BLOCK)) }
            if TessPageIteratorIsAtBeginningOf(pageIterator, RIL_PARA) != 0 { page.startParagraph(box(pageIterator, RIL_PARA)) }
            if TessPageIteratorIsAtBeginningOf(pageIterator, RIL_TEXTLINE) != 0 { page.startLine(box(pageIterator, RIL_TEXTLINE)) }
            let confidence = TessResultIteratorConfidence(iterator, RIL_WORD)
            let choices = options.alternatives ? symbolChoices(iterator) : []
            page.add(OCRWord(text: text, confidence: max(0, min(100, confidence)),
                             box: box(pageIterator, RIL_WORD) ?? DocumentModel.Box(left: 0, top: 0, right: 0, bottom: 0),
                             symbolChoices: choices))
        } while TessResultIteratorNext(iterator, RIL_WORD) != 0
        return page.build()
    }

    /// The alternatives of each symbol of the word at `iterator`, best first.
    private func symbolChoices(_ iterator: OpaquePointer) -> [[SymbolChoice]] {
        guard let symbol = TessResultIteratorCopy(iterator) else { return [] }
        defer { TessResultIteratorDelete(symbol) }
        let pageIterator = TessResultIteratorGetPageIterator(symbol)
        var result: [[SymbolChoice]] = []
        while true {
            var choices: [SymbolChoice] = []
            if let choice = TessResultIteratorGetChoiceIterator(symbol) {
                repeat {
                    if let c = TessChoiceIteratorGetUTF8Text(choice) {
                        choices.append(SymbolChoice(text: String(cString: c),
                                                    confidence: max(0, min(100, TessChoiceIteratorConfidence(choice)))))
                    }
                } while TessChoiceIteratorNext(choice) != 0
                TessChoiceIteratorDelete(choice)
            }
            result.append(choices)
            if TessPageIteratorIsAtFinalElement(pageIterator, RIL_WORD, RIL_SYMBOL) != 0 { break }
            if TessResultIteratorNext(symbol, RIL_SYMBOL) == 0 { break }
        }
        return result
    }

    private func box(_ iterator: OpaquePointer?, _ level: TessPageIteratorLevel) -> DocumentModel.Box? {
        var l: Int32 = 0, t: Int32 = 0, r: Int32 = 0, b: Int32 = 0
        guard TessPageIteratorBoundingBox(iterator, level, &l, &t, &r, &b) != 0 else { return nil }
        return DocumentModel.Box(left: l, top: t, right: r, bottom: b)
    }

    private func takeText(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { TessDeleteText(pointer) }
        return String(cString: pointer)
    }
}

// The only owner of a TessBaseAPI: created, initialised and freed exactly once; one engine per thread.
import CTesseract
import DocumentModel
import Lexicon
import Platform

#if canImport(Glibc)
    import Glibc
#endif

/// Tesseract's page segmentation modes that make sense for pages of text.
public enum PageSegmentation: Int32, Sendable, CaseIterable {
    case auto = 3  // the tesseract CLI's default: full layout analysis
    case singleColumn = 4
    case singleBlock = 6  // the C API's default
    case singleLine = 7
    case sparseText = 11
}

/// What the OCR stage does.
public struct OCROptions: Sendable {
    /// Tesseract language(s), e.g. "eng" or "eng+fra".
    public var language: String
    /// Tesseract's page segmentation mode.
    public var pageSegmentation: PageSegmentation
    /// The folder holding the traineddata (default: searched).
    public var tessdataDirectory: String?
    /// Ask Tesseract for per-symbol alternatives (the corrector uses them as evidence).
    public var alternatives: Bool
    /// The environment to read `TESSDATA_PREFIX` from.
    public var environment: [String: String]
    /// Re-read letter-size ink that no recognized word covers (lines the layout analysis skipped).
    public var recoverMissedText: Bool
    /// When the first reading looks poor (skipped text, a page mostly black after
    /// thresholding, many unsure words), also read it in the ways its trouble calls for
    /// (`chooseReading`) and keep the reading with clearly more confidently read letters. Off
    /// when the user forces a segmentation.
    public var chooseSegmentation: Bool = true
    /// Image clean-up where it was measured to help: blocks printed at another angle than
    /// the page are read again rotated straight, and Sauvola-thresholded and median-filtered
    /// readings compete when the first reading looks poor. `--no-preprocess` turns it off.
    public var preprocess: Bool = true
    /// The dictionary of the page's language. When given, competing readings are judged by
    /// the confidently read letters of the words it knows only: a reading of noise has many
    /// letters but few words.
    public var lexicon: Lexicon?
    /// Competing readings of a poor page run this many at once, each on an engine of its own
    /// (set it to the cores free for one page: a batch's workers have none to spare).
    public var readingJobs: Int = 1
    /// A page with a gap between lines near the middle of its ink is read as two bands, each
    /// on its own engine when `readingJobs` allows (read the same way with one job: the text
    /// never depends on the cores).
    public var splitPages: Bool = true

    /// The defaults, or as given.
    public init(
        language: String = "eng", pageSegmentation: PageSegmentation = .auto,
        tessdataDirectory: String? = nil, alternatives: Bool = true,
        environment: [String: String] = [:], recoverMissedText: Bool = true, chooseSegmentation: Bool = true,
        preprocess: Bool = true
    ) {
        self.language = language
        self.pageSegmentation = pageSegmentation
        self.tessdataDirectory = tessdataDirectory
        self.alternatives = alternatives
        self.environment = environment
        self.recoverMissedText = recoverMissedText
        self.chooseSegmentation = chooseSegmentation
        self.preprocess = preprocess
    }
}

/// A Tesseract engine bound to one language. Not thread-safe: use one per worker thread.
public final class TesseractEngine {
    let handle: OpaquePointer
    /// Engines that read competing readings beside this one: a pool, made when a page first needs
    /// them; the early reading takes one out while it runs.
    var helpers: [TesseractEngine] = []
    /// Its options.
    public let options: OCROptions
    /// The tessdata folder it loaded.
    public let tessdataDirectory: String

    /// An engine with `options`; one per thread (it holds one TessBaseAPI).
    public init(options: OCROptions = OCROptions()) throws(OCRError) {
        let directory = try Tessdata.directory(
            for: options.language, explicit: options.tessdataDirectory,
            environment: options.environment)
        guard let api = TessBaseAPICreate() else {
            throw .engineInitFailed(language: options.language, directory: directory)
        }
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

    /// An engine with `options`, and — when `options.readingJobs` gives a core to spare — the
    /// helper that reads a page's second band or its early competing reading, made at the same
    /// time on its own thread. Made later, beside the first reading, its loading (about 0.1 s)
    /// delayed every page of a single-file run.
    public static func withHelper(options: OCROptions) throws(OCRError) -> TesseractEngine {
        guard options.readingJobs > 1, options.splitPages || options.chooseSegmentation else {
            return try TesseractEngine(options: options)
        }
        var helperOptions = options
        helperOptions.readingJobs = 1
        let settings = Unchecked(helperOptions)
        let made = Locked<TesseractEngine?>(nil)
        let thread = try? JoinableThread {
            if let helper = try? TesseractEngine(options: settings.value) { made.withLock { $0 = helper } }
        }
        let engine: TesseractEngine
        do throws(OCRError) {
            engine = try TesseractEngine(options: options)
        } catch {
            thread?.join()
            throw error
        }
        thread?.join()
        if let helper = made.withLock({ $0 }) { engine.helpers.append(helper) }
        return engine
    }

    deinit {
        TessBaseAPIEnd(handle)
        TessBaseAPIDelete(handle)
    }

    /// The version of Tesseract linked in.
    public static var version: String { String(cString: TessVersion()) }

    /// Recognizes every page of an image file's bytes (a multi-page TIFF has several).
    public func recognize(imageBytes: [UInt8]) throws(OCRError) -> [Page] {
        let images = try PageImages.decode(imageBytes)
        var pages: [Page] = []
        pages.reserveCapacity(images.pages.count)
        for image in images.pages { pages.append(try recognize(image)) }
        return pages
    }

    private func recognize(_ image: Image, mayTurn: Bool = true) throws(OCRError) -> Page {
        OpenMP.limitCurrentThread()
        TessBaseAPISetImage2(handle, image.pix)
        // Images without a resolution get Tesseract's warning and a guess; say 300 DPI.
        if image.resolution < 70 { TessBaseAPISetSourceResolution(handle, 300) }
        defer { TessBaseAPIClear(handle) }
        // The image Tesseract thresholds for its layout analysis: where the ink is.
        guard let binary = Image(TessBaseAPIGetThresholdedImage(handle)) else { throw .recognitionFailed }
        let scaled = TessBaseAPIGetThresholdedImageScaleFactor(handle) != 1
        var page: Page
        var early: EarlyReading?
        defer { early?.cancel() }
        // A pristine page is read as two bands, on two engines when there are cores to spare;
        // a degraded one whole (its reading in bands was measured to differ, for better or worse).
        let degraded = Self.looksDegraded(binary)
        let cut =
            options.splitPages && options.pageSegmentation == .auto && !scaled && !degraded
            ? PageBands.cut(binary) : nil
        if let cut {
            // Two bands, on two engines when there are cores to spare.
            guard let read = read([(image, options.pageSegmentation, "0")], cut: cut).first, let read else {
                throw .recognitionFailed
            }
            page = read
            TessBaseAPISetImage2(handle, image.pix)
            if image.resolution < 70 { TessBaseAPISetSourceResolution(handle, 300) }
        } else {
            // With a core to spare and a page that does not look pristine, the reading every
            // kind of poor page calls for starts now, beside the first; it is cancelled if the
            // first reading looks fine.
            if mayTurn, competesEarly, degraded { early = startSauvolaReading(image) }
            guard TessBaseAPIRecognize(handle, nil) == 0 else { throw .recognitionFailed }
            page = readResults(width: image.width, height: image.height)
        }
        guard options.recoverMissedText || options.preprocess, !scaled else { return ReadingOrder.mended(page) }
        let recovered = options.recoverMissedText ? recoverMissedText(binary: binary, page: &page) : 0
        let trouble = Self.trouble(page, binary: binary, recoveredLines: recovered)
        if trouble.isEmpty { early?.cancel() }
        // A poor reading of a page scanned sideways or upside down: read it turned upright.
        if mayTurn, options.preprocess, !trouble.isEmpty, let turned = try uprightReading(image, page) {
            return turned
        }
        if options.chooseSegmentation, options.pageSegmentation == .auto, !trouble.isEmpty {
            let notes = page.ocrEdits
            page = chooseReading(image, reading: page, trouble: trouble, cut: cut, early: early)
            if page.ocrEdits.isEmpty { page.ocrEdits = notes }  // the first reading (and its recovered lines) stayed
        }
        if options.preprocess { straightenSkewedBlocks(image, binary: binary, page: &page) }
        page = ReadingOrder.mended(page)
        page.collectOCRNotes()
        return page
    }

    /// The page read again turned upright, when Leptonica's text-orientation test (ascender
    /// and descender counts) finds it sideways or upside down and
    /// the turned reading has clearly more confidently read letters of known words; nil
    /// otherwise. Its boxes are those of the turned page, and an OCR note says so.
    private func uprightReading(_ image: Image, _ page: Page) throws(OCRError) -> Page? {
        var up: Float = 0
        var left: Float = 0
        var orientation: Int32 = 0
        // On the image thresholded at mid-grey: Tesseract's own thresholding of a poor scan
        // keeps speckle that hides the ascenders from the test.
        guard let grey = image.grey(), let ink = Image(pixConvertTo1(grey.pix, 128)),
            pixOrientDetect(ink.pix, &up, &left, 0, 0) == 0,
            makeOrientDecision(up, left, 0, 0, &orientation, 0) == 0
        else { return nil }
        let quarters: Int32
        let name: String
        switch orientation {
        case Int32(L_TEXT_ORIENT_LEFT): (quarters, name) = (1, "turned 90° clockwise")
        case Int32(L_TEXT_ORIENT_DOWN): (quarters, name) = (2, "turned 180°")
        case Int32(L_TEXT_ORIENT_RIGHT): (quarters, name) = (3, "turned 90° counter-clockwise")
        default: return nil
        }
        guard let turned = image.turned(quarters: quarters) else { return nil }
        var reading = try recognize(turned, mayTurn: false)
        guard score(reading) > score(page) * Self.clearlyBetter else { return nil }
        reading.ocrEdits.insert(
            Edit(
                stage: "ocr", rule: "orientation", location: Edit.Location(page: 0, block: 0, paragraph: 0, line: 0),
                before: "as scanned (\(format(score(page))) confidently read letters)", after: name,
                detail:
                    "the text's ascenders and descenders say the page lies \(name == "turned 180°" ? "upside down" : "sideways") (up \(Self.oneDecimal(up)), left \(Self.oneDecimal(left))); read turned: \(format(score(reading))) confidently read letters; boxes are the turned page's"
            ), at: 0)
        return reading
    }

    /// One decimal.
    static func oneDecimal(_ value: Float) -> String { Platform.oneDecimal(Double(value)) }

    /// The document structure of the last recognition.
    func readResults(width: Int32, height: Int32) -> Page {
        guard let iterator = TessBaseAPIGetIterator(handle) else {
            return Page(width: width, height: height, blocks: [])  // a blank page
        }
        defer { TessResultIteratorDelete(iterator) }
        var page = PageBuilder(width: width, height: height)
        let pageIterator = TessResultIteratorGetPageIterator(iterator)
        repeat {
            guard let text = takeText(TessResultIteratorGetUTF8Text(iterator, RIL_WORD)), !text.isEmpty else {
                continue
            }
            if TessPageIteratorIsAtBeginningOf(pageIterator, RIL_BLOCK) != 0 {
                page.startBlock(box(pageIterator, RIL_BLOCK))
            }
            if TessPageIteratorIsAtBeginningOf(pageIterator, RIL_PARA) != 0 {
                page.startParagraph(box(pageIterator, RIL_PARA))
            }
            if TessPageIteratorIsAtBeginningOf(pageIterator, RIL_TEXTLINE) != 0 {
                page.startLine(box(pageIterator, RIL_TEXTLINE))
            }
            let confidence = TessResultIteratorConfidence(iterator, RIL_WORD)
            let choices = options.alternatives ? symbolChoices(iterator) : []
            page.add(
                OCRWord(
                    text: text, confidence: max(0, min(100, confidence)),
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
                        choices.append(
                            SymbolChoice(
                                text: String(cString: c),
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
        var l: Int32 = 0
        var t: Int32 = 0
        var r: Int32 = 0
        var b: Int32 = 0
        guard TessPageIteratorBoundingBox(iterator, level, &l, &t, &r, &b) != 0 else { return nil }
        return DocumentModel.Box(left: l, top: t, right: r, bottom: b)
    }

    private func takeText(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { TessDeleteText(pointer) }
        return String(cString: pointer)
    }
}

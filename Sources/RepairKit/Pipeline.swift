import Correction
import DocumentModel
// The pipeline the CLI and the library share: read -> OCR or text -> normalize -> correct.
import Lexicon
import Normalization
import OCR
import PDF
import Platform
import Punctuation
import Synchronization

/// What the pipeline does: options for each stage, and which stages run.
public struct PipelineOptions: Sendable {
    /// Options of the OCR stage (language, page segmentation, tessdata, image clean-up).
    public var ocr: OCROptions
    /// Decode text input from this encoding instead of UTF-8.
    public var encoding: String?
    /// Run the normalization stage (Unicode, hyphens, reflow).
    public var normalize: Bool
    /// Run the punctuation and correction stages.
    public var correct: Bool
    /// Repair OCR's punctuation noise (speckle marks, marks inside sentences, lone quotes).
    public var punctuation: Bool = true
    /// For a PDF: read each page from its text layer when it has one (`.auto`), always render
    /// and OCR it (`.always`), or never OCR (`.never`: pages without text come out empty).
    public var pdfOCR: PDFOCRMode = .auto
    /// Threads working on one input: a PDF's pages read at once (each with its own Tesseract
    /// engine), a long text's lines corrected at once (each with its own corrector).
    public var inputJobs: Int = 1
    /// For a PDF: the pages to read, numbered from 1 (nil: all). Numbers past the last page are ignored.
    public var pdfPages: Set<Int>?
    /// Adapt the corrector to each document: margins from its noise, confusions learned from it.
    public var adapt: Bool = true
    /// The text stages run again on their own output until a pass changes nothing, at most
    /// this often (`RepairPipeline.defaultPasses`); 1: once, faster, and a second run of repair
    /// may then change a few words more.
    public var maximumPasses: Int = RepairPipeline.defaultPasses
    /// The bullet list items get (default: the document's own majority marker, else •).
    public var bullet: String?
    /// Options of the normalization stage.
    public var normalization: NormalizationOptions
    /// Options of the corrector (margins, user words).
    public var correction: CorrectorOptions
    /// Folder holding en.lexicon (default: found by Dictionaries.searchPath).
    public var dictionaryDirectory: String?
    /// A trained model (`repair train`, `Dictionaries.loadModel`): its lexicon (the base one
    /// with the collection's words, bigrams and the scanner's confusions) replaces en.lexicon,
    /// and its calibration shifts the corrector's margins. Per-document adaptation runs on top.
    public var model: TrainedModel?
    /// The environment to read `REPAIR_DICTIONARIES` and `TESSDATA_PREFIX` from (empty: neither).
    public var environment: [String: String]

    /// Options with every stage on, or as given.
    public init(
        ocr: OCROptions = OCROptions(), encoding: String? = nil, normalize: Bool = true, correct: Bool = true,
        normalization: NormalizationOptions = NormalizationOptions(), correction: CorrectorOptions = CorrectorOptions(),
        dictionaryDirectory: String? = nil, environment: [String: String] = [:]
    ) {
        self.ocr = ocr
        self.encoding = encoding
        self.normalize = normalize
        self.correct = correct
        self.normalization = normalization
        self.correction = correction
        self.dictionaryDirectory = dictionaryDirectory
        self.environment = environment
    }
}

/// Page numbers from a list such as "1-3,7" (nil when it is not one).
public func parsePageList(_ list: String) -> Set<Int>? {
    var pages = Set<Int>()
    for part in list.split(separator: ",", omittingEmptySubsequences: false) {
        let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...2).contains(bounds.count), let first = bounds[0], first >= 1,
            let last = bounds[bounds.count - 1], last >= first, last - first < 1_000_000
        else { return nil }
        pages.formUnion(first...last)
    }
    return pages.isEmpty ? nil : pages
}

/// When a PDF page goes through the OCR stage.
public enum PDFOCRMode: String, Sendable, CaseIterable {
    /// Pages with a text layer are read from it; the others are rendered and OCR'd.
    case auto
    /// Every page is rendered and OCR'd.
    case always
    /// No page is OCR'd.
    case never
}

/// What an input file is, decided by its name and then its first bytes.
public enum InputKind: Sendable, Equatable {
    case image
    case text
    case pdf

    static let imageExtensions: Set<String> = [
        "png", "jpg", "jpeg", "tif", "tiff", "bmp", "gif", "webp",
        "pnm", "pbm", "pgm", "ppm", "jp2",
    ]
    static let textExtensions: Set<String> = ["txt", "text", "md"]
    static let pdfExtensions: Set<String> = ["pdf"]

    /// The kind of the input at `path`: its extension decides, else its first bytes ("-" is text).
    public static func of(path: String, bytes: [UInt8]) -> InputKind {
        if path == "-" { return .text }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            let ext = name[name.index(after: dot)...].lowercased()
            if imageExtensions.contains(ext) { return .image }
            if textExtensions.contains(ext) { return .text }
            if pdfExtensions.contains(ext) { return .pdf }
        }
        if bytes.starts(with: Array("%PDF-".utf8)) { return .pdf }
        return PageImages.formatName(of: bytes) != nil ? .image : .text
    }
}

/// Runs the stages on one input at a time. Holds one Tesseract engine, created on first
/// use: make one pipeline per worker thread.
public final class RepairPipeline {
    /// The options every input is processed with.
    public let options: PipelineOptions
    private var engine: TesseractEngine?

    /// A pipeline with `options`; the engine and the lexicon are loaded on first use.
    public init(options: PipelineOptions = PipelineOptions()) { self.options = options }

    /// The input as the first stage produced it: OCR's pages for an image, paragraphs for text.
    public func read(_ path: String) throws(RepairError) -> Document {
        let bytes = try FileIO.read(path)
        switch InputKind.of(path: path, bytes: bytes) {
        case .text:
            return try TextInput.document(bytes: bytes, path: path, encoding: options.encoding)
        case .image:
            do {
                var pages = try ocrEngine().recognize(imageBytes: bytes)
                var edits: [Edit] = []
                for p in pages.indices {
                    edits += pages[p].ocrEdits.map {
                        var e = $0
                        e.location.page = p
                        return e
                    }
                    pages[p].ocrEdits = []
                }
                return Document(source: path, pages: pages, edits: edits)
            } catch {
                throw RepairError(path: path, reason: .ocr(error))
            }
        case .pdf:
            return try readPDF(bytes, path: path)
        }
    }

    /// A PDF's pages in order: each from its text layer, or rendered and read by the OCR stage
    /// (`PipelineOptions.pdfOCR` decides).
    func readPDF(_ bytes: [UInt8], path: String) throws(RepairError) -> Document {
        let file: PDFFile
        do throws(PDFError) {
            file = try PDFFile(bytes: bytes)
        } catch {
            throw RepairError(path: path, reason: .pdf(error))
        }
        let indices = (0..<file.pageCount).filter { options.pdfPages?.contains($0 + 1) ?? true }
        let results: [Result<[Page], RepairError>]
        let workers = min(options.inputJobs, indices.count)
        if workers <= 1 {
            results = indices.map { index in
                Result { () throws(RepairError) -> [Page] in
                    try Self.readPDFPage(file, index, path: path, options: options) { () throws(OCRError) in
                        try ocrEngine()
                    }
                }
            }
        } else {
            results = try readPDFPagesInParallel(bytes, indices: indices, workers: workers, path: path)
        }
        var pages: [Page] = []
        var edits: [Edit] = []
        for result in results {
            for var page in try result.get() {
                edits += page.ocrEdits.map {
                    var e = $0
                    e.location.page = pages.count
                    return e
                }
                page.ocrEdits = []
                pages.append(page)
            }
        }
        return Document(source: path, pages: pages, edits: edits)
    }

    /// One page of a PDF: from its text layer, or rendered and read by the OCR stage.
    static func readPDFPage(
        _ file: PDFFile, _ index: Int, path: String, options: PipelineOptions,
        engine: () throws(OCRError) -> TesseractEngine
    ) throws(RepairError) -> [Page] {
        let image: GreyImage
        do throws(PDFError) {
            let size = try file.pixelSize(page: index)
            if options.pdfOCR != .always, let lines = try file.textLines(page: index) {
                return [PDFFile.page(lines: lines, width: size.width, height: size.height)]
            }
            if options.pdfOCR == .never {
                return [Page(width: Int32(size.width), height: Int32(size.height), blocks: [])]
            }
            image = try file.render(page: index)
        } catch {
            throw RepairError(path: path, reason: .pdf(error))
        }
        do {
            return try engine().recognize(imageBytes: image.pgm)
        } catch {
            throw RepairError(path: path, reason: .ocr(error))
        }
    }

    /// The pages read by `workers` threads, each with its own poppler document and Tesseract
    /// engine, taking the next page as they finish; the results in page order.
    private func readPDFPagesInParallel(_ bytes: [UInt8], indices: [Int], workers: Int, path: String)
        throws(RepairError) -> [Result<[Page], RepairError>]
    {
        var ocr = options.ocr
        if ocr.lexicon == nil, ocr.language.split(separator: "+").contains("eng") { ocr.lexicon = try? lexicon() }
        let engineOptions = ocr
        let options = self.options
        let next = Atomic<Int>(0)
        let slots = Locked([Result<[Page], RepairError>?](repeating: nil, count: indices.count))
        let work: @Sendable () -> Void = {
            let opened = Result { () throws(PDFError) -> PDFFile in try PDFFile(bytes: bytes) }
            var engine: TesseractEngine?
            while true {
                let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard k < indices.count else { break }
                let result = Result { () throws(RepairError) -> [Page] in
                    let file: PDFFile
                    do throws(PDFError) { file = try opened.get() } catch {
                        throw RepairError(path: path, reason: .pdf(error))
                    }
                    return try Self.readPDFPage(file, indices[k], path: path, options: options) {
                        () throws(OCRError) -> TesseractEngine in
                        if let engine { return engine }
                        let created = try TesseractEngine(options: engineOptions)
                        engine = created
                        return created
                    }
                }
                slots.withLock { $0[k] = result }
            }
        }
        let threads = (0..<workers).compactMap { _ in try? JoinableThread(work) }
        if threads.isEmpty { work() }
        for thread in threads { thread.join() }
        return slots.withLock { $0 }.map {
            $0 ?? .failure(RepairError(path: path, reason: .unreadable("page not read")))
        }
    }

    /// The input read and repaired by every enabled stage.
    public func process(_ path: String) throws(RepairError) -> Document {
        let document = try read(path)
        return try repair(document)
    }

    /// A string of text (OCR output, say) repaired by every enabled text stage.
    public func repair(text: String, source: String = "<string>") throws(RepairError) -> Document {
        try repair(TextInput.document(bytes: Array(text.utf8), path: source))
    }

    /// The text stages on a document already read, run again on their own output until they
    /// change nothing (at most `PipelineOptions.maximumPasses` times), so that repair run on its
    /// own output changes nothing either. The adaptation record is the first pass's: the
    /// document as read.
    public func repair(_ document: Document) throws(RepairError) -> Document {
        var document = document
        var passes = 0
        var adaptation: AdaptationRecord?
        var punctuated: Set<Edit.Location>?
        while passes < (options.correct ? max(options.maximumPasses, 1) : 1) {
            let before = document.edits.count
            let ranPunctuation = try repairOnce(&document, first: passes == 0, punctuated: punctuated)
            passes += 1
            if passes == 1 { adaptation = document.adaptation }
            if document.edits.count == before { break }
            // The punctuation stage is a function of each line alone: after a pass that ran it,
            // only the lines changed since need it again.
            punctuated = ranPunctuation ? Set(document.edits[before...].map(\.location)) : nil
        }
        document.adaptation = adaptation
        document.adaptation?.passes = passes
        return document
    }

    /// The text stages run at most this often on one document by default. A pass decides with
    /// what the document's text shows (its noise, its words, its confusions), and its corrections
    /// change that: a second pass finds what they made clear, and the last one finds nothing (one
    /// pass on clean text, two or three on a page of OCR, four on the 1 M-token harsh file).
    public static let defaultPasses = 4

    /// The text stages once: normalization (`first` pass only: in a later pass it changed
    /// nothing on the 31 inputs of `repair-bench accuracy`, 415 short pages of other genres and
    /// the 1 M-token harsh file), the noise estimate, punctuation, correction; and whether the
    /// punctuation stage ran. With `punctuated`, the pass before ran it on every line but those,
    /// and it repairs only those.
    ///
    /// The document is changed in place: a copy would copy its edits, hundreds of thousands on
    /// a long noisy text.
    func repairOnce(_ document: inout Document, first: Bool = true, punctuated changed: Set<Edit.Location>? = nil)
        throws(RepairError) -> Bool
    {
        if options.normalize && first {
            document = Normalizer(lexicon: try lexicon(), options: options.normalization).normalize(document)
        }
        guard options.correct else { return false }
        let shared = try self.lexicon()
        let settings = correctorOptions()
        let correction = CorrectionStage(
            corrector: try corrector(), adapt: options.adapt, jobs: options.inputJobs,
            makeCorrector: { Corrector(lexicon: shared, options: settings) })
        // The document's noise decides whether its marks are OCR's or printed: a document whose
        // unknown words are mostly real (another genre) keeps its punctuation. A noisy one that
        // prints notation (formulas, code) keeps its quote style and list marks; the punctuation
        // stage leaves the marks inside its runs of notation (`PunctuationRepair`).
        let estimate = options.adapt ? correction.estimate(document) : nil
        var punctuation: PunctuationStage?
        let notation = estimate?.noise.printsNotation == true
        if options.punctuation && estimate.map({ $0.looksNoisy }) != false {
            if !notation && options.normalization.quotes == .keep && options.normalization.dashes == .keep {
                document = DocumentStyle().repair(document)
            }
            let stage = PunctuationStage(lexicon: try lexicon())
            punctuation = stage
            // Each line on its own: a long text's lines on the input's threads.
            let worker = { (_: Int) in stage }
            document.rewriteLines(
                jobs: options.inputJobs, minimumBytes: CorrectionStage.defaultParallelBytes, worker: worker
            ) { stage, line, location in
                if let changed, !changed.contains(location) { return nil }
                return stage.repair(line, at: location)
            }
            if !notation { document = BulletRepair(bullet: options.bullet).repair(document) }
        }
        correction.correct(&document, estimate: estimate, punctuation: punctuation)
        return punctuation != nil
    }

    private lazy var sharedLexicon = LazyLexicon(
        directory: options.dictionaryDirectory, environment: options.environment, model: options.model)
    private var loadedCorrector: Corrector?

    /// The shared lexicon (loaded on first use).
    public func lexicon() throws(RepairError) -> Lexicon { try sharedLexicon.get() }

    private func corrector() throws(RepairError) -> Corrector {
        if let loadedCorrector { return loadedCorrector }
        let corrector = Corrector(lexicon: try lexicon(), options: correctorOptions())
        loadedCorrector = corrector
        return corrector
    }

    /// The corrector's options: the pipeline's, with a trained model's forms, confusions and margins.
    private func correctorOptions() -> CorrectorOptions {
        var correction = options.correction
        if let model = options.model {
            let shift = model.info.marginShift
            correction.unknownMargin = max(correction.unknownMargin + shift, 0)
            correction.realWordMargin = max(correction.realWordMargin + shift, 0)
            correction.trainedForms = model.forms
            correction.trainedConfusions = model.confusions.map {
                Confusion(seen: $0.seen, meant: $0.meant, cost: $0.cost)
            }
            correction.trainedVocabulary = model.vocabulary.map { word in
                (model.lexicon.lookup(String(decoding: word.seen, as: UTF8.self)), Int32(clamping: word.count))
            }
        }
        return correction
    }

    private func ocrEngine() throws(OCRError) -> TesseractEngine {
        if let engine { return engine }
        var ocr = options.ocr
        // Competing readings are judged by the words the dictionary knows, when it speaks the
        // page's language (the lexicon is English). Loaded when a page first needs a judge:
        // most pages never do.
        if ocr.lexicon == nil, ocr.language.split(separator: "+").contains("eng") {
            ocr.lexicon = try? lexicon()
        }
        // One page at a time here: its competing readings may use the input's threads.
        ocr.readingJobs = max(ocr.readingJobs, options.inputJobs)
        let created = try TesseractEngine.withHelper(options: ocr)
        engine = created
        return created
    }
}

/// The compiled lexicon of one pipeline, loaded once on first use, by whichever stage asks
/// first: normalization, correction, or the OCR stage judging competing readings.
final class LazyLexicon: Sendable {
    private let loaded: Locked<Result<Lexicon, RepairError>?> = Locked(nil)
    private let directory: String?
    private let environment: [String: String]
    private let model: TrainedModel?

    init(directory: String?, environment: [String: String], model: TrainedModel? = nil) {
        self.directory = directory
        self.environment = environment
        self.model = model
    }

    func get() throws(RepairError) -> Lexicon {
        let result = loaded.withLock { cached -> Result<Lexicon, RepairError> in
            if let cached { return cached }
            if let model { return .success(model.lexicon) }
            let result: Result<Lexicon, RepairError>
            do throws(RepairError) {
                result = .success(try Dictionaries.load(explicit: directory, environment: environment))
            } catch {
                result = .failure(error)
            }
            cached = result
            return result
        }
        return try result.get()
    }
}

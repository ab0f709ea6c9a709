// Competing readings of a page whose first reading looks poor: why it looks poor, which
// readings each cause calls for, and the judge (confidently read letters of known words).
import CTesseract
import DocumentModel
import Lexicon
import Platform
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

extension TesseractEngine {
    /// A reading replaces another only with this many times its score (its confidently read
    /// letters): a tie keeps the first reading, so small differences never flip a page.
    static let clearlyBetter = 1.05

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
            [
                (Trouble.skippedText, "it skipped text"), (.darkPage, "over a third of the thresholded page is black"),
                (.unsureWords, "over one word in ten read with confidence under 60"),
            ]
            .filter { contains($0.0) }.map(\.1).joined(separator: "; ")
        }
    }

    static func trouble(_ page: Page, binary: Image, recoveredLines: Int) -> Trouble {
        var trouble: Trouble = []
        if recoveredLines > 0 { trouble.insert(.skippedText) }
        var black: Int32 = 0
        if pixCountPixels(binary.pix, &black, nil) == 0,
            Double(black) > Double(binary.width) * Double(binary.height) / 3
        {
            trouble.insert(.darkPage)
        }
        let words = page.paragraphs.flatMap(\.lines).flatMap(\.words)
        if words.count >= 20, words.filter({ $0.confidence < 60 }).count * 10 > words.count {
            trouble.insert(.unsureWords)
        }
        return trouble
    }

    /// The first reading looks poor: compare it with the readings its trouble calls for — the
    /// layout analysis on a Sauvola-thresholded image (shadows, uneven or faint backgrounds)
    /// and on a median-filtered image (speckle); without image clean-up, one column and one
    /// block (they cannot skip text; never on a page of columns). Keep the reading with
    /// clearly more confidently read letters. The readings run at once on `readingJobs` engines.
    func chooseReading(
        _ image: Image, reading: Page, trouble: Trouble, cut: Int32? = nil, early: EarlyReading? = nil
    ) -> Page {
        var best = reading
        var bestScore = score(reading)
        var chosen = "automatic layout"
        var alternatives: [(mode: PageSegmentation, threshold: String, name: String)] = []
        // One column and one block only without image clean-up: where the Sauvola reading runs
        // too, they never won on a fixture page (measured: dfi-article-hard 937 and 930 against
        // Sauvola's 972; dfi-article-mixed 1077 and 1480 against the first reading's 1607) and
        // cost a reading each.
        if trouble.contains(.skippedText) && !options.preprocess && !Self.hasColumns(reading) {
            alternatives += [(.singleColumn, "0", "one column (PSM 4)"), (.singleBlock, "0", "one block (PSM 6)")]
        }
        if options.preprocess { alternatives.append((.auto, "2", Self.sauvolaName)) }
        let grey = options.preprocess && trouble.contains(.unsureWords) ? image.grey() : nil
        let median = grey?.medianFiltered()
        var tries: [(image: Image, mode: PageSegmentation, threshold: String, name: String)] =
            alternatives.map { (image, $0.mode, $0.threshold, $0.name) }
        if let median { tries.append((median, .auto, "0", "automatic layout of a median-filtered (3×3) image")) }
        // The Sauvola reading may have started beside the first one; the others run now.
        let started = early.flatMap { early in tries.firstIndex { $0.name == Self.sauvolaName }.map { ($0, early) } }
        let rest = tries.indices.filter { $0 != started?.0 }
        let read = read(
            rest.map { (tries[$0].image, tries[$0].mode, tries[$0].threshold) }, cut: cut, earlyRunning: started != nil)
        var readings = [Page?](repeating: nil, count: tries.count)
        for (k, i) in rest.enumerated() { readings[i] = read[k] }
        if let (i, early) = started { readings[i] = early.finish() }
        for (t, candidate) in zip(tries, readings) {
            guard let candidate else { continue }
            let candidateScore = score(candidate)
            if candidateScore > bestScore * Self.clearlyBetter {
                best = candidate
                bestScore = candidateScore
                chosen = t.name
            }
        }
        if best != reading {
            best.ocrEdits = [
                Edit(
                    stage: "ocr", rule: "segmentation",
                    location: Edit.Location(page: 0, block: 0, paragraph: 0, line: 0),
                    before:
                        "automatic layout (\(trouble.description); \(format(score(reading))) confidently read letters)",
                    after: chosen,
                    detail:
                        "\(format(bestScore)) confidently read letters (letters × word confidence); the clearly best of the readings tried"
                )
            ]
        }
        return best
    }

    static let sauvolaName = "automatic layout of a Sauvola-thresholded image"

    /// Whether the Sauvola reading starts beside the first one: a core to spare, and the page
    /// would get competing readings if the first looks poor.
    var competesEarly: Bool {
        options.readingJobs > 1 && options.preprocess && options.chooseSegmentation
            && options.pageSegmentation == .auto
    }

    /// Whether a thresholded page shows a scan's damage before it is read: over a third of it
    /// black, or specks (components of at most 3×3 pixels) among its marks. A pristine page
    /// (our clean fixtures: no speck at all) rarely reads poorly; every fixture page whose
    /// first reading looked poor is dark or has specks (7–92 % of its components).
    static func looksDegraded(_ binary: Image) -> Bool {
        var black: Int32 = 0
        if pixCountPixels(binary.pix, &black, nil) == 0,
            Double(black) > Double(binary.width) * Double(binary.height) / 3
        {
            return true
        }
        guard var boxes = Optional(pixConnCompBB(binary.pix, 8)), boxes != nil else { return true }
        defer { boxaDestroy(&boxes) }
        let count = boxaGetCount(boxes)
        var specks: Int32 = 0
        for i in 0..<count {
            var x: Int32 = 0
            var y: Int32 = 0
            var w: Int32 = 0
            var h: Int32 = 0
            if boxaGetBoxGeometry(boxes, i, &x, &y, &w, &h) == 0, w <= 3, h <= 3 { specks += 1 }
        }
        return Double(specks) >= Self.speckShare * Double(max(count, 1))
    }

    /// The share of specks among a page's components from which it counts as degraded (in
    /// Tesseract's thresholded image: clean fixture pages 0 %, degraded ones 7–92 %).
    static let speckShare = 0.03

    /// The Sauvola reading of `image` started on a helper engine (made on that thread the first
    /// time, so the first reading does not wait for it); nil when the copy of the image fails.
    func startSauvolaReading(_ image: Image) -> EarlyReading? {
        guard let copy = Image(pixCopy(nil, image.pix)) else { return nil }
        var helperOptions = options
        helperOptions.readingJobs = 1
        // The engine is taken from the pool while it reads, and comes back (or a new one joins).
        return EarlyReading(engine: helpers.popLast(), options: helperOptions, image: copy) { [weak self] engine in
            self?.helpers.append(engine)
        }
    }

    /// The page read once per entry (image, segmentation, thresholding method), in order; nil
    /// where Tesseract failed. With `cut`, each is read as two bands (rows above and below it)
    /// joined. Up to `options.readingJobs` readings or bands at once, this engine and its helpers
    /// (made on their own threads the first time) each reading its own copy of the image
    /// (Leptonica's reference counts are not atomic). With `earlyRunning`, one of the threads
    /// is taken by the early reading (and its engine by it).
    func read(
        _ tries: [(image: Image, mode: PageSegmentation, threshold: String)], cut: Int32? = nil,
        earlyRunning: Bool = false
    ) -> [Page?] {
        let bands: [Range<Int32>?] = tries.isEmpty ? [] : cut.map { [0..<$0, $0..<tries[0].image.height] } ?? [nil]
        let tasks = tries.indices.flatMap { t in bands.map { (t, $0) } }
        let workers = min(options.readingJobs - (earlyRunning ? 1 : 0), tasks.count)
        var pieces: [Page?]
        if workers <= 1 {
            pieces = tasks.map { readOnce(tries[$0.0].image, tries[$0.0].mode, tries[$0.0].threshold, rows: $0.1) }
        } else {
            let images = tasks.map { Image(pixCopy(nil, tries[$0.0].image.pix)) }
            var helperOptions = options
            helperOptions.readingJobs = 1
            // Worker w reads on engines[w]: this one, a helper of the pool, or one it makes.
            let pool: [TesseractEngine?] = [self] + helpers.prefix(workers - 1).map { $0 }
            let engines = Unchecked(UnsafeMutableBufferPointer<TesseractEngine?>.allocate(capacity: workers))
            _ = engines.value.initialize(from: pool + [TesseractEngine?](repeating: nil, count: workers - pool.count))
            defer {
                _ = engines.value.deinitialize()
                engines.value.deallocate()
            }
            let made = Locked<[TesseractEngine]>([])
            let settings = Unchecked(helperOptions)
            pieces = concurrently(items: tasks.count, workers: workers) { w, k in
                if engines.value[w] == nil, let engine = try? TesseractEngine(options: settings.value) {
                    engines.value[w] = engine
                    made.withLock { $0.append(engine) }
                }
                guard let engine = engines.value[w], let image = images[k] else { return nil }
                let (t, rows) = tasks[k]
                return engine.readOnce(image, tries[t].mode, tries[t].threshold, rows: rows)
            }
            helpers += made.withLock { $0 }
        }
        guard bands.count > 1 else { return pieces }
        return tries.indices.map { t in
            guard let top = pieces[2 * t], let bottom = pieces[2 * t + 1] else { return nil }
            return PageBands.join(top, bottom)
        }
    }

    /// The page read with `mode` and Tesseract's `thresholding_method` (0 Otsu, 2 Sauvola); the
    /// engine's settings restored afterwards.
    func readOnce(
        _ image: Image, _ mode: PageSegmentation, _ threshold: String, rows: Range<Int32>? = nil,
        cancel: CancelFlag? = nil
    ) -> Page? {
        // A band is read cropped: with layout analysis, Tesseract's rectangle confuses its LSTM
        // recognizer (tesseract-ocr/tesseract#845; a clean band read "ILI A DO EOE I III").
        if let rows {
            guard
                let band = image.clipped(
                    to: DocumentModel.Box(left: 0, top: rows.lowerBound, right: image.width, bottom: rows.upperBound)),
                let page = readOnce(band, mode, threshold, cancel: cancel)
            else { return nil }
            return PageBands.placed(page, at: rows.lowerBound, in: image)
        }
        OpenMP.limitCurrentThread()
        TessBaseAPISetPageSegMode(handle, TessPageSegMode(UInt32(mode.rawValue)))
        _ = TessBaseAPISetVariable(handle, "thresholding_method", threshold)
        defer {
            _ = TessBaseAPISetVariable(handle, "thresholding_method", "0")
            TessBaseAPISetPageSegMode(handle, TessPageSegMode(UInt32(options.pageSegmentation.rawValue)))
        }
        TessBaseAPISetImage2(handle, image.pix)
        if image.resolution < 70 { TessBaseAPISetSourceResolution(handle, 300) }
        guard let cancel else {
            guard TessBaseAPIRecognize(handle, nil) == 0 else { return nil }
            return readResults(width: image.width, height: image.height)
        }
        // Tesseract asks the monitor after each word whether to stop.
        let monitor = TessMonitorCreate()
        defer { TessMonitorDelete(monitor) }
        TessMonitorSetCancelThis(monitor, Unmanaged.passUnretained(cancel).toOpaque())
        TessMonitorSetCancelFunc(monitor) { this, _ in
            Unmanaged<CancelFlag>.fromOpaque(this!).takeUnretainedValue().raised.load(ordering: .relaxed)
        }
        guard TessBaseAPIRecognize(handle, monitor) == 0, !cancel.raised.load(ordering: .relaxed) else { return nil }
        return readResults(width: image.width, height: image.height)
    }

    func format(_ x: Double) -> String { String(Int(x.rounded())) }

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
    func score(_ page: Page) -> Double { Self.score(page, lexicon: options.lexicon) }

    static func score(_ page: Page, lexicon: Lexicon? = nil) -> Double {
        var total = 0.0
        for word in page.paragraphs.flatMap(\.lines).flatMap(\.words) {
            let letters = word.text.unicodeScalars.filter { $0.properties.isAlphabetic }.count
            guard letters > 0 else { continue }
            if let lexicon {
                let core = word.text.drop { !$0.isLetter && !$0.isNumber }.reversed().drop {
                    !$0.isLetter && !$0.isNumber
                }
                guard lexicon.contains(String(core.reversed())) else { continue }
            }
            total += Double(word.confidence) / 100 * Double(letters)
        }
        return total
    }
}

/// Raised to stop a reading in progress.
final class CancelFlag: Sendable {
    let raised = Atomic<Bool>(false)
}

/// A competing reading started on a helper engine before it is known to be needed: `finish`
/// waits for it, `cancel` stops it (Tesseract stops at the next word) and waits.
final class EarlyReading {
    private let flag = CancelFlag()
    private var thread: JoinableThread?
    private let result = Locked<(page: Page?, engine: TesseractEngine?)>((nil, nil))
    private var done = false
    private let adopt: (TesseractEngine) -> Void

    /// Starts reading `image` on `engine`, or on one made with `options` on the new thread;
    /// `adopt` gets the engine back once the reading is over.
    init(
        engine: TesseractEngine?, options: OCROptions, image: Image, adopt: @escaping (TesseractEngine) -> Void
    ) {
        self.adopt = adopt
        let state = Unchecked((engine, options, image, flag, result))
        let work: @Sendable () -> Void = {
            let (given, options, image, flag, result) = state.value
            guard let engine = given ?? (try? TesseractEngine(options: options)) else { return }
            let page = flag.raised.load(ordering: .relaxed) ? nil : engine.readOnce(image, .auto, "2", cancel: flag)
            result.withLock { $0 = (page, engine) }
        }
        thread = try? JoinableThread(work)
        if thread == nil { work() }
    }

    /// The reading, once done (nil when Tesseract failed).
    func finish() -> Page? {
        join()
        return result.withLock { $0.page }
    }

    /// Stops the reading if it still runs; nothing when it was finished already.
    func cancel() {
        guard !done else { return }
        flag.raised.store(true, ordering: .relaxed)
        join()
    }

    private func join() {
        guard !done else { return }
        thread?.join()
        done = true
        if let made = result.withLock({ $0.engine }) { adopt(made) }
    }
}

// Competing readings of a page whose first reading looks poor: why it looks poor, which
// readings each cause calls for, and the judge (confidently read letters of known words).
import CTesseract
import DocumentModel
import Lexicon

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

    /// The first reading looks poor: compare it with the readings its trouble calls for —
    /// one column and one block (they cannot skip text; never on a page of columns), the
    /// layout analysis on a Sauvola-thresholded image (shadows, uneven or faint backgrounds)
    /// and on a median-filtered image (speckle); keep the reading with clearly more
    /// confidently read letters.
    func chooseReading(_ image: Image, reading: Page, trouble: Trouble) -> Page {
        var best = reading
        var bestScore = score(reading)
        var chosen = "automatic layout"
        var alternatives: [(mode: PageSegmentation, threshold: String, name: String)] = []
        if trouble.contains(.skippedText) && !Self.hasColumns(reading) {
            alternatives += [(.singleColumn, "0", "one column (PSM 4)"), (.singleBlock, "0", "one block (PSM 6)")]
        }
        if options.preprocess { alternatives.append((.auto, "2", "automatic layout of a Sauvola-thresholded image")) }
        let grey = options.preprocess && trouble.contains(.unsureWords) ? image.grey() : nil
        let median = grey?.medianFiltered()
        var tries: [(image: Image, mode: PageSegmentation, threshold: String, name: String)] =
            alternatives.map { (image, $0.mode, $0.threshold, $0.name) }
        if let median { tries.append((median, .auto, "0", "automatic layout of a median-filtered (3×3) image")) }
        for t in tries {
            TessBaseAPISetPageSegMode(handle, TessPageSegMode(UInt32(t.mode.rawValue)))
            _ = TessBaseAPISetVariable(handle, "thresholding_method", t.threshold)
            TessBaseAPISetImage2(handle, t.image.pix)
            if t.image.resolution < 70 { TessBaseAPISetSourceResolution(handle, 300) }
            guard TessBaseAPIRecognize(handle, nil) == 0 else { continue }
            let candidate = readResults(width: reading.width, height: reading.height)
            let candidateScore = score(candidate)
            if candidateScore > bestScore * Self.clearlyBetter {
                best = candidate
                bestScore = candidateScore
                chosen = t.name
            }
        }
        _ = TessBaseAPISetVariable(handle, "thresholding_method", "0")
        TessBaseAPISetPageSegMode(handle, TessPageSegMode(UInt32(options.pageSegmentation.rawValue)))
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

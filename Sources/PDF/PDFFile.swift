// PDF input through poppler-glib's C API: the pages in order, each either read from its text
// layer (words with their boxes) or rendered to a grey image for the OCR stage.
import CPoppler
import DocumentModel

#if canImport(Glibc)
    import Glibc
#endif

/// poppler keeps process-wide state (its global parameters, the cairo backend's FreeType
/// library), so documents are opened, read and rendered one call at a time across threads;
/// the OCR of rendered pages, the slow part, still runs in parallel.
private let popplerLock = PopplerLock()

private final class PopplerLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t> = {
        let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(m, nil)
        return m
    }()

    func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}

/// Why a PDF, or one of its pages, could not be read.
public enum PDFError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a PDF, or damaged beyond reading (poppler's reason).
    case unreadable(String)
    /// Encrypted with a password.
    case encrypted
    /// A page that could not be rendered.
    case pageFailed(page: Int, reason: String)

    /// The problem in words.
    public var description: String {
        switch self {
        case .unreadable(let why): return "not a readable PDF (\(why))"
        case .encrypted: return "the PDF is encrypted with a password"
        case .pageFailed(let page, let why): return "page \(page) of the PDF cannot be rendered (\(why))"
        }
    }
}

/// A grey image of a rendered page: one byte a pixel, rows top to bottom.
public struct GreyImage: Sendable {
    /// The pixels, `width` × `height`.
    public var pixels: [UInt8]
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// The image as a binary PGM file (what the OCR stage decodes).
    public var pgm: [UInt8] { Array("P5\n\(width) \(height)\n255\n".utf8) + pixels }
}

/// A PDF document opened from bytes. One per thread: poppler documents are not shared.
public final class PDFFile {
    private let document: OpaquePointer
    private let data: OpaquePointer

    /// Pages are rendered, and text-layer boxes given, at this resolution.
    public static let dotsPerInch = 300.0
    /// A rendered page may hold at most this many pixels.
    public static let megapixelLimit = 150

    /// Opens the PDF in `bytes`.
    public init(bytes: [UInt8]) throws(PDFError) {
        // poppler rebuilds a damaged cross-reference table and opens a cut-off file without a
        // word: a complete PDF ends with %%EOF (in its last kilobyte, give or take trailing bytes).
        guard Self.endsWithEOF(bytes) else { throw .unreadable("truncated: no %%EOF at the end") }
        guard let data = bytes.withUnsafeBytes({ g_bytes_new($0.baseAddress, gsize($0.count)) }) else {
            throw .unreadable("out of memory")
        }
        var error: UnsafeMutablePointer<GError>?
        let opened = popplerLock.withLock { poppler_document_new_from_bytes(data, nil, &error) }
        guard let document = opened else {
            g_bytes_unref(data)
            defer { if error != nil { g_error_free(error) } }
            if let e = error, e.pointee.domain == poppler_error_quark(),
                e.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue)
            {
                throw .encrypted
            }
            let why = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            throw .unreadable(why)
        }
        self.document = document
        self.data = data
        guard pageCount > 0 else { throw .unreadable("it has no pages") }
    }

    /// Whether "%%EOF" stands in the last 2 kB.
    static func endsWithEOF(_ bytes: [UInt8]) -> Bool {
        let marker = Array("%%EOF".utf8)
        let tail = bytes.suffix(2048)
        guard tail.count >= marker.count else { return false }
        var i = tail.endIndex - marker.count
        while i >= tail.startIndex {
            if tail[i..<(i + marker.count)].elementsEqual(marker) { return true }
            i -= 1
        }
        return false
    }

    deinit {
        popplerLock.withLock { g_object_unref(UnsafeMutableRawPointer(document)) }
        g_bytes_unref(data)
    }

    /// The number of pages.
    public var pageCount: Int { popplerLock.withLock { Int(poppler_document_get_n_pages(document)) } }

    /// `body` on the page, under the lock every poppler call takes.
    private func withPage<T>(_ index: Int, _ body: (OpaquePointer) throws(PDFError) -> T) throws(PDFError) -> T {
        try popplerLock.withLock { () throws(PDFError) -> T in
            guard let page = poppler_document_get_page(document, Int32(index)) else {
                throw .pageFailed(page: index + 1, reason: "no such page")
            }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            return try body(page)
        }
    }

    /// The page's size in pixels at `dotsPerInch`.
    public func pixelSize(page index: Int) throws(PDFError) -> (width: Int, height: Int) {
        try withPage(index) { page in
            var width = 0.0
            var height = 0.0
            poppler_page_get_size(page, &width, &height)
            let scale = Self.dotsPerInch / 72
            return (Int((width * scale).rounded(.up)), Int((height * scale).rounded(.up)))
        }
    }

    /// The page's text layer as lines of words with boxes in pixels at `dotsPerInch`, or nil
    /// when the page has no text (a scan).
    public func textLines(page index: Int) throws(PDFError) -> [Line]? {
        try withPage(index) { page in
            guard let raw = poppler_page_get_text(page) else { return nil }
            defer { g_free(raw) }
            let text = String(cString: raw)
            guard text.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { return nil }
            var rectangles: UnsafeMutablePointer<PopplerRectangle>?
            var count: guint = 0
            guard poppler_page_get_text_layout(page, &rectangles, &count) != 0, let rects = rectangles else {
                return nil
            }
            defer { g_free(rects) }
            let scale = Self.dotsPerInch / 72
            func box(_ r: PopplerRectangle) -> Box {
                Box(
                    left: Int32((r.x1 * scale).rounded(.down)), top: Int32((r.y1 * scale).rounded(.down)),
                    right: Int32((r.x2 * scale).rounded(.up)), bottom: Int32((r.y2 * scale).rounded(.up)))
            }
            // One rectangle per character of the text, in order.
            var lines: [Line] = []
            var words: [OCRWord] = []
            var word = ""
            var wordBox: Box?
            func endWord() {
                if !word.isEmpty, let b = wordBox { words.append(OCRWord(text: word, confidence: 100, box: b)) }
                word = ""
                wordBox = nil
            }
            func endLine() {
                endWord()
                if !words.isEmpty { lines.append(Line(words: words, box: Box.bounds(words.map(\.box)))) }
                words = []
            }
            for (i, scalar) in text.unicodeScalars.enumerated() {
                if scalar == "\n" {
                    endLine()
                } else if scalar.properties.isWhitespace {
                    endWord()
                } else if i < Int(count) {
                    word.unicodeScalars.append(scalar)
                    let b = box(rects[i])
                    wordBox = wordBox.map { $0.union(b) } ?? b
                }
            }
            endLine()
            return lines.isEmpty ? nil : lines
        }
    }

    /// The page rendered in grey at `dotsPerInch` on white.
    public func render(page index: Int) throws(PDFError) -> GreyImage {
        let (width, height) = try pixelSize(page: index)
        guard width > 0, height > 0, width * height <= Self.megapixelLimit * 1_000_000 else {
            throw .pageFailed(page: index + 1, reason: "\(width)×\(height) pixels at \(Int(Self.dotsPerInch)) DPI")
        }
        return try withPage(index) { (page) throws(PDFError) -> GreyImage in
            guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else {
                throw .pageFailed(page: index + 1, reason: "no image surface")
            }
            defer { cairo_surface_destroy(surface) }
            guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let cr = cairo_create(surface) else {
                throw .pageFailed(page: index + 1, reason: "no image surface")
            }
            cairo_set_source_rgb(cr, 1, 1, 1)
            cairo_paint(cr)
            cairo_scale(cr, Self.dotsPerInch / 72, Self.dotsPerInch / 72)
            poppler_page_render(page, cr)
            let status = cairo_status(cr)
            cairo_destroy(cr)
            cairo_surface_flush(surface)
            guard status == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(surface) else {
                throw .pageFailed(page: index + 1, reason: String(cString: cairo_status_to_string(status)))
            }
            let stride = Int(cairo_image_surface_get_stride(surface))
            var pixels = [UInt8](repeating: 255, count: width * height)
            pixels.withUnsafeMutableBufferPointer { out in
                for y in 0..<height {
                    let row = data + y * stride
                    for x in 0..<width {
                        // RGB24: a native-endian 32-bit word 0x00RRGGBB, so B, G, R, x in memory here.
                        let b = Int(row[4 * x])
                        let g = Int(row[4 * x + 1])
                        let r = Int(row[4 * x + 2])
                        out[y * width + x] = UInt8((299 * r + 587 * g + 114 * b + 500) / 1000)
                    }
                }
            }
            return GreyImage(pixels: pixels, width: width, height: height)
        }
    }
}

extension PDFFile {
    /// A page of text-layer lines: paragraphs where the gap between lines is larger than
    /// usual or the text goes back up (a new column).
    public static func page(lines: [Line], width: Int, height: Int) -> Page {
        let heights = lines.compactMap { $0.box?.height }.sorted()
        let typical = heights.isEmpty ? 0 : heights[heights.count / 2]
        var paragraphs: [Paragraph] = []
        var current: [Line] = []
        for line in lines {
            if let previous = current.last?.box, let box = line.box,
                box.top - previous.bottom > typical * 3 / 5 || box.top < previous.top
            {
                paragraphs.append(Paragraph(lines: current, box: Box.bounds(current.compactMap(\.box))))
                current = []
            }
            current.append(line)
        }
        if !current.isEmpty { paragraphs.append(Paragraph(lines: current, box: Box.bounds(current.compactMap(\.box)))) }
        return Page(
            width: Int32(width), height: Int32(height),
            blocks: paragraphs.isEmpty
                ? [] : [Block(paragraphs: paragraphs, box: Box.bounds(paragraphs.compactMap(\.box)))])
    }
}

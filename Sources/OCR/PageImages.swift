// Decodes image bytes with Leptonica, from memory, into pages; every failure is an OCRError.
import CJPEGCheck
import CTesseract

#if canImport(Glibc)
    import Glibc
#endif

/// The decoded pages of one image file.
public final class PageImages {
    let pages: [Image]

    private init(pages: [Image]) { self.pages = pages }

    /// A page may hold at most this many pixels (an A4 page at 600 DPI holds 35 million).
    static let megapixelLimit = 150

    /// The image format's name if `bytes` start with a signature Leptonica knows, else nil.
    public static func formatName(of bytes: [UInt8]) -> String? {
        let format = detectFormat(bytes)
        return format == Int32(IFF_UNKNOWN) ? nil : name(of: format)
    }

    package static func decode(_ bytes: [UInt8]) throws(OCRError) -> PageImages {
        quietLeptonica
        guard !bytes.isEmpty else { throw .emptyFile }
        let format = detectFormat(bytes)
        guard format != Int32(IFF_UNKNOWN) else { throw .notAnImage }
        let formatName = name(of: format)
        guard isDecodable(format) else { throw .unsupportedImageFormat(formatName) }

        var headerFormat: Int32 = 0
        var width: Int32 = 0
        var height: Int32 = 0
        var bitsPerSample: Int32 = 0
        var samplesPerPixel: Int32 = 0
        var colormap: Int32 = 0
        let headerStatus = bytes.withUnsafeBufferPointer { buffer in
            pixReadHeaderMem(
                buffer.baseAddress, buffer.count, &headerFormat, &width, &height,
                &bitsPerSample, &samplesPerPixel, &colormap)
        }
        // Leptonica reads 1, 2, 4, 8 and 16 bits per sample; floating-point or 32-bit samples it cannot.
        let tiff = isTIFF(format) ? TIFFStructure.check(bytes) : nil
        if let bits = tiff?.bitsPerSample, bits > 16 {
            throw .unsupportedImageFormat("\(formatName) with \(bits)-bit samples")
        }
        guard headerStatus == 0, width > 0, height > 0 else { throw .corruptImage(format: formatName) }
        try checkSize(width: width, height: height)
        if format == Int32(IFF_PNG) && !PNGStructure.isWellFormed(bytes) { throw .corruptImage(format: formatName) }
        if format == Int32(IFF_JFIF_JPEG) && !hasJPEGEnd(bytes) { throw .corruptImage(format: formatName) }
        // libjpeg prints its warnings itself when Leptonica decodes: a JPEG it would warn about
        // is refused here first, in silence.
        if format == Int32(IFF_JFIF_JPEG)
            && bytes.withUnsafeBufferPointer({ repair_jpeg_check($0.baseAddress, $0.count, nil, 0) }) != 0
        {
            throw .corruptImage(format: formatName)
        }

        var pages: [Image] = []
        if isTIFF(format) {
            // Page by page, as many times as the file has pages: every page must decode, and
            // the chain must hold as many (Leptonica's own loop never ends on some damaged files).
            guard let count = tiff?.pageCount else { throw .corruptImage(format: formatName) }
            var offset = 0
            for index in 0..<count {
                let pix = bytes.withUnsafeBufferPointer {
                    pixReadMemFromMultipageTiff($0.baseAddress, $0.count, &offset)
                }
                guard let page = Image(pix), (offset == 0) == (index == count - 1) else {
                    throw .corruptImage(format: formatName)
                }
                pages.append(page)
            }
        } else if let page = Image(bytes.withUnsafeBufferPointer({ pixReadMem($0.baseAddress, $0.count) })) {
            pages.append(page)
        }
        guard !pages.isEmpty else { throw .corruptImage(format: formatName) }
        for page in pages { try checkSize(width: page.width, height: page.height) }
        return PageImages(pages: pages)
    }

    private static func checkSize(width: Int32, height: Int32) throws(OCRError) {
        let limit = megapixelLimit * 1_000_000
        if Int(width) * Int(height) > limit || width > 65_000 || height > 65_000 {
            throw .imageTooLarge(width: Int(width), height: Int(height), limit: megapixelLimit)
        }
    }

    private static func detectFormat(_ bytes: [UInt8]) -> Int32 {
        // Leptonica reads a fixed-size prefix; give it a padded copy so short files are safe.
        var prefix = [UInt8](repeating: 0, count: 64)
        for i in 0..<min(bytes.count, prefix.count) { prefix[i] = bytes[i] }
        var format: Int32 = Int32(IFF_UNKNOWN)
        _ = prefix.withUnsafeBufferPointer { findFileFormatBuffer($0.baseAddress, &format) }
        return format
    }

    private static func isTIFF(_ f: Int32) -> Bool {
        [
            IFF_TIFF, IFF_TIFF_PACKBITS, IFF_TIFF_RLE, IFF_TIFF_G3, IFF_TIFF_G4, IFF_TIFF_LZW,
            IFF_TIFF_ZIP, IFF_TIFF_JPEG,
        ].map { Int32($0) }.contains(f)
    }

    private static func isDecodable(_ f: Int32) -> Bool {
        isTIFF(f)
            || [IFF_BMP, IFF_JFIF_JPEG, IFF_PNG, IFF_PNM, IFF_GIF, IFF_WEBP, IFF_JP2].map { Int32($0) }.contains(f)
    }

    private static func name(of f: Int32) -> String {
        if isTIFF(f) { return "TIFF" }
        switch f {
        case Int32(IFF_BMP): return "BMP"
        case Int32(IFF_JFIF_JPEG): return "JPEG"
        case Int32(IFF_PNG): return "PNG"
        case Int32(IFF_PNM): return "PNM"
        case Int32(IFF_GIF): return "GIF"
        case Int32(IFF_WEBP): return "WebP"
        case Int32(IFF_JP2): return "JPEG 2000"
        case Int32(IFF_PS): return "PostScript"
        case Int32(IFF_LPDF): return "PDF"
        case Int32(IFF_SPIX): return "SPIX"
        default: return "unknown"
        }
    }

    /// Leptonica and libtiff print to stderr unless told not to; their errors come back
    /// to us as NULLs. libtiff is loaded with Leptonica, so its handlers are found at run time.
    private static let quietLeptonica: Void = {
        _ = setMsgSeverity(Int32(L_SEVERITY_NONE))
        leptSetStderrHandler { _ in }
        typealias SetHandler = @convention(c) (OpaquePointer?) -> OpaquePointer?
        for name in ["TIFFSetErrorHandler", "TIFFSetWarningHandler"] {
            if let symbol = dlsym(nil, name) { _ = unsafeBitCast(symbol, to: SetHandler.self)(nil) }
        }
    }()

    /// A JPEG ends with an EOI marker; libjpeg reports its absence by printing a warning.
    static func hasJPEGEnd(_ bytes: [UInt8]) -> Bool {
        var i = bytes.count - 2
        while i >= max(0, bytes.count - 4096) {
            if bytes[i] == 0xFF && bytes[i + 1] == 0xD9 { return true }
            i -= 1
        }
        return false
    }
}

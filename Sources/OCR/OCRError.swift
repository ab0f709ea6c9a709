// The OCR layer's one error type: every failure of Tesseract or Leptonica ends here.

/// Why an image could not be read.
public enum OCRError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptyFile
    case notAnImage
    case unsupportedImageFormat(String)
    case imageTooLarge(width: Int, height: Int, limit: Int)
    case corruptImage(format: String)
    case tessdataNotFound(language: String, searched: [String])
    case engineInitFailed(language: String, directory: String)
    case recognitionFailed

    /// The problem in words.
    public var description: String {
        switch self {
        case .emptyFile: return "empty file"
        case .notAnImage: return "not an image (no known image signature)"
        case .unsupportedImageFormat(let f) where f == "PDF":
            return "unsupported image format: PDF (the pipeline reads PDFs; the OCR stage reads images)"
        case .unsupportedImageFormat(let f) where f == "PostScript":
            return "unsupported image format: PostScript (render its pages to images first, e.g. with Ghostscript)"
        case .unsupportedImageFormat(let f): return "unsupported image format: \(f)"
        case .imageTooLarge(let w, let h, let limit):
            return "image too large: \(w)×\(h) pixels (limit \(limit) megapixels)"
        case .corruptImage(let f): return "corrupt or truncated \(f) image"
        case .tessdataNotFound(let lang, let searched):
            let parts = lang.split(separator: "+").map { "\($0).traineddata" }.joined(separator: ", ")
            return
                "tessdata for language '\(lang)' not found (\(parts) in: \(searched.joined(separator: ", "))); install tesseract-ocr-\(lang.split(separator: "+").first ?? "eng")"
        case .engineInitFailed(let lang, let dir):
            return "Tesseract could not load language '\(lang)' from \(dir)"
        case .recognitionFailed: return "Tesseract failed to recognize the page"
        }
    }
}

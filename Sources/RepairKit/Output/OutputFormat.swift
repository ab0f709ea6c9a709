// What `repair` writes for a document: its text, a JSON record of it (words placed on the
// page, every edit), or hOCR (the OCR layout with the repaired words in it).
import DocumentModel

/// The formats a document is written in: plain text, JSON (text, words, edits), hOCR or ALTO.
public enum OutputFormat: String, Sendable, CaseIterable {
    case text, json, hocr, alto

    /// The extension of a batch output file.
    public var fileExtension: String {
        switch self {
        case .text: "txt"
        case .json: "json"
        case .hocr: "hocr"
        case .alto: "xml"
        }
    }

    /// The document in this format. `system` names the producer (hOCR's ocr-system).
    public func render(_ document: Document, system: String) throws(RepairError) -> [UInt8] {
        switch self {
        case .text: return Array(document.plainText.utf8)
        case .json: return JSONOutput.render(document)
        case .hocr:
            try Self.requireLayout(document, format: "hOCR")
            return HOCROutput.render(document, system: system)
        case .alto:
            try Self.requireLayout(document, format: "ALTO")
            return ALTOOutput.render(document, system: system)
        }
    }

    /// hOCR and ALTO describe a page's layout: a document from text has none.
    static func requireLayout(_ document: Document, format: String) throws(RepairError) {
        guard document.pages.contains(where: { $0.width > 0 && $0.height > 0 }) else {
            throw RepairError(
                path: document.source, reason: .unsupported("\(format) needs a page image; this input is text"))
        }
    }
}

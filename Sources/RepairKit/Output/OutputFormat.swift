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
        case .text: Array(document.plainText.utf8)
        case .json: JSONOutput.render(document)
        case .hocr: try HOCROutput.render(document, system: system)
        case .alto: try ALTOOutput.render(document, system: system)
        }
    }
}

// Text input: bytes checked as UTF-8 (or converted from --encoding), split into paragraphs at blank lines.
import DocumentModel
import Normalization

/// Text files as documents: decoding (UTF-8, a BOM's UTF-16/32, or an ICU encoding), binary data refused, paragraphs split at blank lines.
public enum TextInput {
    /// The offset of the first byte that is not part of well-formed UTF-8, or nil.
    public static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// Decodes `bytes` (UTF-8 unless `encoding` names another) into a one-page document:
    /// blank lines separate paragraphs; the lines of a paragraph are kept as given.
    public static func document(bytes: [UInt8], path: String, encoding: String? = nil) throws(RepairError) -> Document {
        let text = try decode(bytes: bytes, path: path, encoding: encoding)
        return Document(source: path, pages: [Page(blocks: [Block(paragraphs: paragraphs(of: text))])])
    }

    /// Decodes `bytes` (UTF-8 unless `encoding` names another, or a byte-order mark announces
    /// UTF-16/32); invalid bytes and NUL bytes are errors.
    public static func decode(bytes: [UInt8], path: String, encoding: String? = nil) throws(RepairError) -> String {
        var utf8 = bytes
        // UTF-16 and UTF-32 announce themselves with a byte-order mark: decoded without --encoding.
        let encoding = encoding ?? byteOrderMarkEncoding(bytes)
        if let encoding, !isUTF8Name(encoding) {
            do { utf8 = try ICU.convertToUTF8(bytes, from: encoding) } catch {
                switch error {
                case .unknownEncoding: throw RepairError(path: path, reason: .unknownEncoding(encoding))
                default:
                    throw RepairError(
                        path: path, reason: .invalidEncoding(encoding: encoding, detail: error.description))
                }
            }
        }
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { utf8.removeFirst(3) }  // a byte-order mark is not text
        if let offset = firstInvalidUTF8Offset(utf8) {
            throw RepairError(path: path, reason: .invalidUTF8(offset: offset + (utf8.count < bytes.count ? 3 : 0)))
        }
        if let nul = utf8.firstIndex(of: 0) {
            throw RepairError(
                path: path, reason: .binary(offset: nul + (utf8.count < bytes.count ? bytes.count - utf8.count : 0)))
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// The encoding a UTF-16 or UTF-32 byte-order mark names (the mark is dropped by the converter).
    static func byteOrderMarkEncoding(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32LE" }
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32BE" }
        if bytes.starts(with: [0xFF, 0xFE]) { return "UTF-16LE" }
        if bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16BE" }
        return nil
    }

    static func paragraphs(of text: String) -> [Paragraph] {
        var paragraphs: [Paragraph] = []
        var lines: [Line] = []
        // Split on bytes: Swift reads "\r\n" as one Character.
        for raw in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let line = raw.last == 0x0D ? raw.dropLast() : raw
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                if !lines.isEmpty {
                    paragraphs.append(Paragraph(lines: lines))
                    lines = []
                }
            } else {
                lines.append(Line(text: String(decoding: line, as: UTF8.self)))
            }
        }
        if !lines.isEmpty { paragraphs.append(Paragraph(lines: lines)) }
        return paragraphs
    }

    private static func isUTF8Name(_ name: String) -> Bool {
        let folded = name.lowercased().filter { $0 != "-" && $0 != "_" }
        return folded == "utf8"
    }
}

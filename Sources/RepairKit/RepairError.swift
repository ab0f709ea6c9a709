// The pipeline's one error type: which file, and what is wrong with it.
import OCR
import PDF

/// The one error type of the library: the file, and what is wrong with it.
public struct RepairError: Error, Sendable, CustomStringConvertible {
    /// What is wrong with the file.
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        case noSuchFile
        case isDirectory
        case unreadable(String)
        case tooLarge(bytes: Int, limit: Int)
        case invalidUTF8(offset: Int)
        /// Text with a NUL byte: binary data, not text (grep's judgement).
        case binary(offset: Int)
        case unknownEncoding(String)
        case invalidEncoding(encoding: String, detail: String)
        case ocr(OCRError)
        /// A PDF that cannot be read, or a page of it that cannot be rendered.
        case pdf(PDFError)
        case cannotWrite(String)
        case dictionary(String)
        /// The input cannot be given in the output asked for.
        case unsupported(String)

        /// The problem in words, without the path.
        public var description: String {
            switch self {
            case .noSuchFile: return "no such file"
            case .isDirectory: return "is a directory"
            case .unreadable(let why): return "cannot read: \(why)"
            case .tooLarge(let bytes, let limit): return "file too large (\(bytes) bytes; limit \(limit) bytes)"
            case .invalidUTF8(let offset):
                return "not valid UTF-8 (first bad byte at offset \(offset))"
            case .binary(let offset): return "binary data at byte \(offset), not text"
            case .unknownEncoding(let name): return "unknown encoding '\(name)'"
            case .invalidEncoding(let encoding, let detail): return "not valid \(encoding) (\(detail))"
            case .ocr(let error): return error.description
            case .pdf(let error): return error.description
            case .cannotWrite(let why): return "cannot write: \(why)"
            case .dictionary(let why): return "dictionary: \(why)"
            case .unsupported(let why): return why
            }
        }
    }

    /// The input (or output) the error is about; "-" for standard input.
    public var path: String
    /// What is wrong with it.
    public var reason: Reason

    /// An error about `path`.
    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// The one line the command prints: `<path>: <what is wrong>`.
    public var description: String { "\(path): \(reason)" }
}

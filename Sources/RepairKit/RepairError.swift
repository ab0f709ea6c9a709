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
        case model(String)
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
            case .model(let why): return why
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

    /// The one line the command prints: `<path>: <what is wrong>`, with control characters in
    /// the path written as escapes (a file name with a line break is still one line).
    public var description: String { "\(Self.printable(path)): \(reason)" }

    /// `path` with its control characters escaped: \n, \r, \t, else \xHH.
    public static func printable(_ path: String) -> String {
        guard path.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return path }
        var out = ""
        for scalar in path.unicodeScalars {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0..<0x20, 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

// The one Swift file that calls ICU (through CICUShim): normalization forms and charset conversion.
import CICUShim

/// An ICU call that failed.
public enum ICUError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownEncoding(String)
    case failed(String)
    /// The failure in words.
    public var description: String {
        switch self {
        case .unknownEncoding(let name): return "unknown encoding '\(name)'"
        case .failed(let name): return "ICU error \(name)"
        }
    }
}

/// The ICU functions the stages use, through the CICUShim target.
public enum ICU {
    /// A Unicode normal form.
    public enum Form: Int32, Sendable {
        case nfc = 0
        case nfkc = 1
        case nfd = 2
        case nfkd = 3
    }

    /// The version of ICU linked in.
    public static var version: String { String(cString: repair_icu_version()) }

    /// `text` in normalization form `form`.
    public static func normalize(_ text: String, form: Form) -> String {
        var source = Array(text.utf8)
        if source.isEmpty { return text }
        var errorCode: Int32 = 0
        let quick = source.withUnsafeBufferPointer {
            repair_icu_is_normalized(form.rawValue, $0.baseAddress, Int32($0.count), &errorCode)
        }
        if quick == 1 { return text }
        let result = callGrowing(initial: source.count + source.count / 2 + 16) { dst, capacity, error in
            source.withUnsafeMutableBufferPointer {
                repair_icu_normalize(form.rawValue, $0.baseAddress, Int32($0.count), dst, capacity, error)
            }
        }
        switch result {
        case .success(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .failure: return text  // Swift strings are valid UTF-8; ICU has nothing to refuse
        }
    }

    /// Whether `text` is already in `form`.
    public static func isNormalized(_ text: String, form: Form) -> Bool {
        var source = Array(text.utf8)
        var errorCode: Int32 = 0
        return source.withUnsafeMutableBufferPointer {
            repair_icu_is_normalized(form.rawValue, $0.baseAddress, Int32($0.count), &errorCode)
        } == 1
    }

    /// `bytes` in the named encoding converted to UTF-8; the first invalid sequence is an error.
    public static func convertToUTF8(_ bytes: [UInt8], from encoding: String) throws(ICUError) -> [UInt8] {
        var source = bytes
        let result = callGrowing(initial: bytes.count * 3 + 16) { dst, capacity, error in
            source.withUnsafeMutableBufferPointer {
                repair_icu_convert_to_utf8(encoding, $0.baseAddress, Int32($0.count), dst, capacity, error)
            }
        }
        switch result {
        case .success(let bytes): return bytes
        case .failure(let name):
            if name == "U_FILE_ACCESS_ERROR" || name == "U_ILLEGAL_ARGUMENT_ERROR" { throw .unknownEncoding(encoding) }
            throw .failed(name)
        }
    }

    private enum Outcome {
        case success([UInt8])
        case failure(String)
    }

    /// Calls an ICU-style function, growing the output buffer once when it reports a larger need.
    private static func callGrowing(
        initial: Int,
        _ call: (UnsafeMutablePointer<UInt8>?, Int32, UnsafeMutablePointer<Int32>) -> Int32
    ) -> Outcome {
        var capacity = max(initial, 16)
        for _ in 0..<2 {
            var output = [UInt8](repeating: 0, count: capacity)
            var errorCode: Int32 = 0
            let needed = output.withUnsafeMutableBufferPointer { call($0.baseAddress, Int32(capacity), &errorCode) }
            if needed < 0 { return .failure(String(cString: repair_icu_error_name(errorCode))) }
            if Int(needed) <= capacity {
                output.removeLast(capacity - Int(needed))
                return .success(output)
            }
            capacity = Int(needed) + 1
        }
        return .failure("U_BUFFER_OVERFLOW_ERROR")
    }
}

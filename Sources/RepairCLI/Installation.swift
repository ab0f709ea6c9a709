// Where this executable's files are, and what the command line adds to the library's errors.
import RepairKit

#if canImport(Glibc)
    import Glibc
#endif

enum Installation {
    /// dictionaries/ beside or above the executable (a checkout's .build/<config>/repair), or
    /// share/repair/ of the prefix it is installed in; nil when neither holds the lexicon.
    static func dictionaryDirectory() -> String? {
        let exe = executableDirectory()
        var candidates: [String] = []
        var dir = exe
        for _ in 0..<6 {
            candidates.append(dir + "/dictionaries")
            let parent = dir.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            if parent.isEmpty || parent == dir { break }
            dir = parent
        }
        candidates.append(exe + "/../share/repair")
        return candidates.first { access($0 + "/" + Dictionaries.fileName, R_OK) == 0 }
    }

    static func executableDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return "." }
        let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    }
}

extension RepairError {
    /// The library's line, and the flag that would help.
    var commandLineDescription: String {
        switch reason {
        case .invalidUTF8: return description + "; pass --encoding to read another encoding"
        case .dictionary(let why) where why.contains("not found"): return description + "; pass --dictionary-dir"
        case .ocr(.tessdataNotFound): return description + " or pass --tessdata-dir"
        default: return description
        }
    }
}

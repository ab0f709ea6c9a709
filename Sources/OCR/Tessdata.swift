// Where Tesseract's language models are: --tessdata-dir, then TESSDATA_PREFIX, then Debian's locations.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where Tesseract's language data is found.
public enum Tessdata {
    /// Debian/Ubuntu install the models here (Tesseract 5, then 4).
    public static let systemDirectories = [
        "/usr/share/tesseract-ocr/5/tessdata",
        "/usr/share/tesseract-ocr/4.00/tessdata",
        "/usr/share/tessdata",
        "/usr/local/share/tessdata",
    ]

    /// The first directory that holds every `<lang>.traineddata` of `language` ("eng+deu").
    /// An explicit directory is the only one searched.
    public static func directory(
        for language: String, explicit: String?,
        environment: [String: String]
    ) throws(OCRError) -> String {
        let candidates: [String]
        if let explicit {
            candidates = [explicit]
        } else if let prefix = environment["TESSDATA_PREFIX"], !prefix.isEmpty {
            // Tesseract 5 reads TESSDATA_PREFIX as the tessdata folder itself; 3.x as its parent.
            candidates =
                [prefix, prefix.hasSuffix("/") ? prefix + "tessdata" : prefix + "/tessdata"] + systemDirectories
        } else {
            candidates = systemDirectories
        }
        let languages = language.split(separator: "+").map(String.init)
        guard !languages.isEmpty, languages.allSatisfy(isPlausibleLanguageName) else {
            throw .tessdataNotFound(language: language, searched: candidates)
        }
        for dir in candidates where languages.allSatisfy({ isReadableFile("\(dir)/\($0).traineddata") }) {
            return dir
        }
        throw .tessdataNotFound(language: language, searched: candidates)
    }

    /// Language codes are file names: letters, digits and underscores only (no paths).
    static func isPlausibleLanguageName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy {
                ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95
            }
    }

    static func isReadableFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, R_OK) == 0
    }
}

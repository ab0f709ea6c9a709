import Correction
// Finds and loads the compiled lexicon once per process: --dictionary-dir, $REPAIR_DICTIONARIES,
// then dictionaries/ beside or above the executable (a checkout's .build/<config>/repair),
// then share/repair/ of an installed prefix.
import Lexicon
import Punctuation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

public enum Dictionaries {
    public static let fileName = "en.lexicon"

    /// The folders searched, in order.
    public static func searchPath(explicit: String?, environment: [String: String]) -> [String] {
        if let explicit { return [explicit] }
        var dirs: [String] = []
        if let env = environment["REPAIR_DICTIONARIES"], !env.isEmpty { dirs.append(env) }
        var dir = executableDirectory()
        for _ in 0..<6 {
            dirs.append(dir + "/dictionaries")
            let parent = dir.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            if parent.isEmpty || parent == dir { break }
            dir = parent
        }
        dirs.append(executableDirectory() + "/../share/repair")
        dirs.append("/usr/local/share/repair")
        dirs.append("/usr/share/repair")
        return dirs
    }

    private static let cache = Mutex<[String: Lexicon]>([:])

    /// The lexicon, loaded once per process and shared by every pipeline.
    public static func load(explicit: String?, environment: [String: String]) throws(RepairError) -> Lexicon {
        let dirs = searchPath(explicit: explicit, environment: environment)
        guard let dir = dirs.first(where: { access($0 + "/" + fileName, R_OK) == 0 }) else {
            throw RepairError(
                path: explicit ?? fileName,
                reason: .dictionary("\(fileName) not found in \(dirs.joined(separator: ", ")); pass --dictionary-dir"))
        }
        let path = dir + "/" + fileName
        if let cached = cache.withLock({ $0[path] }) { return cached }
        do {
            let lexicon = try Lexicon.load(path: path)
            cache.withLock { $0[path] = lexicon }
            return lexicon
        } catch {
            throw RepairError(path: path, reason: .dictionary(error.description))
        }
    }

    static func executableDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return "." }
        let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    }
}

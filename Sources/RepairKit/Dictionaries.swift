import Correction
// Finds and loads the compiled lexicon once per process: the folder the options name, else
// $REPAIR_DICTIONARIES, the checkout's dictionaries/, then share/repair/ of an installed prefix.
import Lexicon
import Platform
import Punctuation

#if canImport(Glibc)
    import Glibc
#endif

/// Where the compiled lexicon is, and the one copy per process every pipeline shares.
public enum Dictionaries {
    /// The compiled lexicon's file name.
    public static let fileName = "en.lexicon"

    /// The folders searched, in order: `explicit` alone when given; else $REPAIR_DICTIONARIES,
    /// the checkout this library was built from (a package that depends on it by path or by
    /// version finds the committed dictionaries there), then the installed prefixes.
    public static func searchPath(explicit: String?, environment: [String: String]) -> [String] {
        if let explicit { return [explicit] }
        var dirs: [String] = []
        if let env = environment["REPAIR_DICTIONARIES"], !env.isEmpty { dirs.append(env) }
        dirs.append(checkoutDirectory + "/dictionaries")
        dirs.append("/usr/local/share/repair")
        dirs.append("/usr/share/repair")
        return dirs
    }

    /// The package root this file was compiled in (Sources/RepairKit/Dictionaries.swift).
    static var checkoutDirectory: String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }

    private static let cache = Locked<[String: Lexicon]>([:])
    private static let models = Locked<[String: TrainedModel]>([:])

    /// A trained model (`repair train`), loaded once per process.
    public static func loadModel(_ path: String) throws(RepairError) -> TrainedModel {
        if let cached = models.withLock({ $0[path] }) { return cached }
        do {
            let model = try TrainedModel.load(path: path)
            models.withLock { $0[path] = model }
            return model
        } catch {
            let text = error.description
            throw RepairError(
                path: path, reason: .model(text.hasPrefix(path + ": ") ? String(text.dropFirst(path.count + 2)) : text))
        }
    }

    /// The lexicon, loaded once per process and shared by every pipeline.
    public static func load(explicit: String?, environment: [String: String]) throws(RepairError) -> Lexicon {
        let dirs = searchPath(explicit: explicit, environment: environment)
        guard let dir = dirs.first(where: { access($0 + "/" + fileName, R_OK) == 0 }) else {
            throw RepairError(
                path: explicit ?? fileName,
                reason: .dictionary("\(fileName) not found in \(dirs.joined(separator: ", "))"))
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
}

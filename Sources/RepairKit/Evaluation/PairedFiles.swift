// Which files of two (or three) folders belong together: the same relative folder and the same
// name once the suffixes OCR collections use are taken off (page1.truth.txt, page1.ocr.txt,
// page1.txt and page1.png.txt are all "page1").
import Foundation

/// Texts matched by name across folders, for `repair eval` and `repair train`.
public enum PairedFiles {
    /// Suffixes taken off a file name, from the end, to give the name files are matched by.
    public static let suffixes: Set<String> = [
        "txt", "text", "truth", "gt", "ocr", "hyp", "repaired", "png", "tif", "tiff", "jpg", "jpeg", "pdf", "md",
    ]

    /// The name `path` (relative to its folder) is matched by.
    public static func key(_ relative: String) -> String {
        var parts = relative.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var name = parts.removeLast()
        while let dot = name.lastIndex(of: "."), dot != name.startIndex,
            suffixes.contains(name[name.index(after: dot)...].lowercased())
        {
            name = String(name[..<dot])
        }
        return (parts + [name]).joined(separator: "/")
    }

    /// The regular files under `folder` (symbolic links followed; each real folder walked
    /// once), by relative path, sorted.
    public static func files(under folder: String) -> [String] {
        var result: [String] = []
        var seen = Set<[UInt64]>()
        func walk(_ dir: String, _ prefix: String) {
            var info = stat()
            guard stat(dir, &info) == 0, seen.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted else {
                return
            }
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
            for name in names.sorted() where !name.hasPrefix(".") {
                let path = dir + "/" + name
                guard stat(path, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    walk(path, prefix + name + "/")
                } else if (info.st_mode & S_IFMT) == S_IFREG {
                    result.append(prefix + name)
                }
            }
        }
        walk(folder, "")
        return result.sorted()
    }

    /// Whether `path` is a folder.
    public static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The files of `folder` by matching name; a name two files share: the first (sorted) wins
    /// and the others are reported.
    public static func byKey(_ folder: String, accept: (String) -> Bool = { _ in true }) -> (
        files: [String: String], duplicates: [String]
    ) {
        var files: [String: String] = [:]
        var duplicates: [String] = []
        for relative in Self.files(under: folder) where accept(relative) {
            let k = key(relative)
            if files[k] == nil {
                files[k] = folder + "/" + relative
            } else {
                duplicates.append(folder + "/" + relative)
            }
        }
        return (files, duplicates)
    }
}

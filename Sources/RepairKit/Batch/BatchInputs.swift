// What a batch works on: files found under folders (recursively) and given directly,
// sorted, each with the output path that mirrors it under the output folder.
#if canImport(Glibc)
    import Glibc
#endif

/// One input of a batch and where its output goes.
public struct BatchItem: Sendable, Equatable {
    /// The input's path.
    public var input: String
    /// Path of the output relative to the output folder: `<relative path>.txt`.
    public var relativeOutput: String
}

/// The inputs of a batch: files named, and the images and text files under folders (each real folder once).
public enum BatchInputs {
    /// Files a folder walk picks up: images and text.
    static let extensions: Set<String> = InputKind.imageExtensions.union(InputKind.textExtensions).union(
        InputKind.pdfExtensions)

    /// Every input, sorted by output path; a folder contributes the files under it whose
    /// extension repair reads (hidden files and folders skipped), a file argument itself.
    /// The folder `excluding` (the output folder) is never walked: a rerun with the output
    /// inside the input does not take its own outputs for inputs. Folders that cannot be read
    /// are reported in `problems`.
    public static func collect(
        _ arguments: [String], outputExtension: String = "txt", excluding: String? = nil,
        problems: inout [RepairError]
    ) -> [BatchItem] {
        var items: [BatchItem] = []
        var excluded = stat()
        let skip = excluding.flatMap { stat($0, &excluded) == 0 ? FolderID(excluded) : nil }
        for argument in arguments {
            var info = stat()
            if stat(argument, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
                let root = argument.hasSuffix("/") ? String(argument.dropLast()) : argument
                let before = items.count
                var visited: Set<FolderID> = [FolderID(info)]
                if let skip { visited.insert(skip) }
                walk(
                    root, relative: "", outputExtension: outputExtension, visited: &visited, into: &items,
                    problems: &problems)
                if items.count == before {
                    problems.append(
                        RepairError(path: argument, reason: .unreadable("no images or text files in this folder")))
                }
            } else {
                let name = argument.split(separator: "/").last.map(String.init) ?? argument
                items.append(BatchItem(input: argument, relativeOutput: name + "." + outputExtension))
            }
        }
        // Byte order, so every machine of a sharded job sees the same list.
        return items.sorted { Array($0.relativeOutput.utf8).lexicographicallyPrecedes(Array($1.relativeOutput.utf8)) }
    }

    /// Whether a file of this name is one repair reads (by its extension).
    static func isReadable(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: ".") else { return false }
        return extensions.contains(name[name.index(after: dot)...].lowercased())
    }

    /// A folder's identity (device and inode): a link back to a folder already walked is not walked again.
    struct FolderID: Hashable {
        var device: UInt64, inode: UInt64
        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    private static func walk(
        _ dir: String, relative: String, outputExtension: String, visited: inout Set<FolderID>,
        into items: inout [BatchItem], problems: inout [RepairError]
    ) {
        guard let handle = opendir(dir) else {
            problems.append(RepairError(path: dir, reason: .unreadable(FileIO.errorString(errno))))
            return
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            names.append(name)
        }
        for name in names.sorted() {
            let path = dir + "/" + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard stat(path, &info) == 0 else {
                // A name repair would read that leads nowhere (a broken link, a file gone): one line.
                if isReadable(name) {
                    let why = lstat(path, &info) == 0 ? "broken symbolic link" : FileIO.errorString(errno)
                    problems.append(RepairError(path: path, reason: .unreadable(why)))
                }
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                // Each real folder once: a symbolic link to a folder already seen (a loop, or a
                // second way to the same files) adds nothing.
                guard visited.insert(FolderID(info)).inserted else { continue }
                walk(
                    path, relative: rel, outputExtension: outputExtension, visited: &visited, into: &items,
                    problems: &problems)
            } else if (info.st_mode & S_IFMT) == S_IFREG, isReadable(name) {
                items.append(BatchItem(input: path, relativeOutput: rel + "." + outputExtension))
            }
        }
    }
}

/// A deterministic slice of the sorted inputs: item k belongs to shard k mod count.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// This shard's index, 0 ..< `count`.
    public var index: Int
    /// How many shards the inputs are split into.
    public var count: Int

    /// Shard `index` of `count`; nil unless 0 ≤ index < count.
    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 0, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// "i/n", 0-based.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: i, count: n)
    }

    /// The shard a Slurm job array or a Kubernetes Indexed Job assigns to this process:
    /// SLURM_ARRAY_TASK_ID (less SLURM_ARRAY_TASK_MIN) of SLURM_ARRAY_TASK_COUNT, or
    /// JOB_COMPLETION_INDEX of `shards`.
    public static func fromEnvironment(_ env: [String: String], shards: Int?) -> Shard? {
        if let id = env["SLURM_ARRAY_TASK_ID"].flatMap(Int.init),
            let count = env["SLURM_ARRAY_TASK_COUNT"].flatMap(Int.init)
        {
            let min = env["SLURM_ARRAY_TASK_MIN"].flatMap(Int.init) ?? 0
            return Shard(index: id - min, count: count)
        }
        if let index = env["JOB_COMPLETION_INDEX"].flatMap(Int.init), let shards {
            return Shard(index: index, count: shards)
        }
        return nil
    }

    /// The items of this shard: every `count`-th, starting at `index`.
    public func select<T>(_ items: [T]) -> [T] {
        items.enumerated().filter { $0.offset % count == index }.map(\.element)
    }

    /// The shard as "index/count".
    public var description: String { "\(index)/\(count)" }
}

// Reading inputs whole and writing outputs atomically, with errors that name the file.
#if canImport(Glibc)
    import Platform
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading input files whole (with a size limit) and writing outputs atomically.
public enum FileIO {
    /// Inputs larger than this are refused rather than read into memory.
    public static let maximumInputBytes = 512 << 20

    /// The whole content of `path`, or of standard input for "-".
    public static func read(_ path: String, limit: Int = maximumInputBytes) throws(RepairError) -> [UInt8] {
        if path == "-" { return try readAll(fd: STDIN_FILENO, path: path, limit: limit) }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw RepairError(
                path: path, reason: errno == ENOENT || errno == ENOTDIR ? .noSuchFile : .unreadable(errorString(errno)))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw RepairError(path: path, reason: .isDirectory) }
        if (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) > limit {
            throw RepairError(path: path, reason: .tooLarge(bytes: Int(info.st_size), limit: limit))
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RepairError(path: path, reason: .unreadable(errorString(errno))) }
        defer { close(fd) }
        return try readAll(fd: fd, path: path, limit: limit)
    }

    private static func readAll(fd: Int32, path: String, limit: Int) throws(RepairError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n: Int
            switch chunk.withUnsafeMutableBytes({ SystemCalls.read(fd, into: $0) }) {
            case .success(let count): n = count
            case .failure(let e): throw RepairError(path: path, reason: .unreadable(e.description))
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > limit {
                throw RepairError(path: path, reason: .tooLarge(bytes: bytes.count, limit: limit))
            }
        }
    }

    /// Writes `bytes` to `path` through a hidden temporary file in the same folder and a
    /// rename, so the path holds either its old content or all of the new, never a part.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(RepairError) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory.isEmpty ? "/" : directory)/.\(name).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw RepairError(path: path, reason: .cannotWrite(errorString(errno))) }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure: String?
        if case .failure(let e) = bytes.withUnsafeBytes({ SystemCalls.writeAll(fd, $0) }) { failure = e.description }
        if failure == nil && fsync(fd) != 0 { failure = errorString(errno) }
        fchmod(fd, 0o644)
        if close(fd) != 0 && failure == nil { failure = errorString(errno) }
        if failure == nil && rename(temporary, path) != 0 { failure = errorString(errno) }
        if let failure {
            unlink(temporary)
            throw RepairError(path: path, reason: .cannotWrite(failure))
        }
    }

    /// Creates the folder `path` (and its parents) and proves it writable by creating and
    /// removing a file in it: a batch finds out before any work, not once per input.
    public static func prepareOutputFolder(_ path: String) throws(RepairError) {
        try makeDirectories(path)
        var template = Array("\(path)/.repair-probe.tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw RepairError(path: path, reason: .cannotWrite(errorString(errno))) }
        close(fd)
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
    }

    /// Creates `path` and any missing parents (mkdir -p).
    public static func makeDirectories(_ path: String) throws(RepairError) {
        var info = stat()
        if stat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR { return }
            throw RepairError(path: path, reason: .cannotWrite("exists and is not a folder"))
        }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw RepairError(path: path, reason: .cannotWrite(errorString(errno)))
        }
    }

    static func errorString(_ code: Int32) -> String { SystemCalls.describe(code) }
}

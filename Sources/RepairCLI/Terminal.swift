// Standard output and error, unbuffered by Foundation: bytes out, one line per error.
#if canImport(Glibc)
    import Platform
    import Glibc
#endif

enum Terminal {
    static func writeStandardOutput(_ bytes: [UInt8]) { writeAll(bytes, to: STDOUT_FILENO) }
    static func writeStandardError(_ bytes: [UInt8]) { writeAll(bytes, to: STDERR_FILENO) }

    /// `repair: <message>` on stderr, as one line.
    static func reportError(_ message: String) {
        writeAll(Array(("repair: " + message.replacingNewlines() + "\n").utf8), to: STDERR_FILENO)
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32) {
        _ = bytes.withUnsafeBytes { SystemCalls.writeAll(fd, $0) }
    }
}

extension String {
    func replacingNewlines() -> String { String(map { $0 == "\n" || $0 == "\r" ? " " : $0 }) }
}

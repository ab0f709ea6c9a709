// The system calls the package makes, each written once: reads and writes that retry when a
// signal interrupts them, a monotonic clock, threads with a checked start.
#if canImport(Glibc)
    import Glibc
#endif

package enum SystemCalls {
    /// `strerror` of an errno value.
    package static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Reads up to `buffer.count` bytes, again after EINTR: the count read (0 at the end of
    /// the file), or the errno of a failure.
    package static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, Errno> {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return .success(n) }
            if errno != EINTR { return .failure(Errno(errno)) }
        }
    }

    /// Reads exactly `buffer.count` bytes: nil, or what went wrong (the file ended early, or an errno's text).
    package static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> String? {
        var offset = 0
        while offset < buffer.count {
            switch read(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[offset...])) {
            case .success(0): return "unexpected end of file"
            case .success(let n): offset += n
            case .failure(let e): return e.description
            }
        }
        return nil
    }

    /// Writes all of `bytes`, again after EINTR and short writes.
    package static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Result<Void, Errno> {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Errno(errno))
            }
            offset += n
        }
        return .success(())
    }

    /// Seconds on the monotonic clock.
    package static func monotonicSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

/// An errno value.
package struct Errno: Error, Equatable, Sendable, CustomStringConvertible {
    package let code: Int32
    package init(_ code: Int32) { self.code = code }
    package var description: String { SystemCalls.describe(code) }
}

/// A joinable thread with its own stack size (a Tesseract engine lives on one: it recurses
/// deeply on some pages).
package final class JoinableThread: @unchecked Sendable {
    private var thread = pthread_t()
    private let body: () -> Void

    /// Starts `body` on a new thread; throws the errno when the system refuses one.
    package init(stackSize: Int = 16 << 20, _ body: @escaping @Sendable () -> Void) throws(Errno) {
        self.body = body
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        let box = Unmanaged.passRetained(self)
        let result = pthread_create(
            &thread, &attributes,
            { raw in
                let worker = Unmanaged<JoinableThread>.fromOpaque(raw!).takeRetainedValue()
                worker.body()
                return nil
            }, box.toOpaque())
        if result != 0 {
            box.release()
            throw Errno(result)
        }
    }

    package func join() { pthread_join(thread, nil) }
}

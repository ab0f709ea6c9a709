// A value behind a pthread mutex. Synchronization's Mutex would do, but on Linux it waits on a
// futex the thread sanitizer cannot see, so every access it guards is reported as a race
// (`swift test --sanitize=thread`); a pthread mutex is seen, and real races stand out.
#if canImport(Glibc)
    import Glibc
#endif

/// A value shared between threads, reached only inside `withLock`.
package final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    /// A lock around `value`.
    package init(_ value: Value) {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        self.value = value
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` on the value with the lock held.
    package func withLock<T, E: Error>(_ body: (inout Value) throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}

extension Locked {
    /// The value `make` returns, made once, by the first caller (later callers wait for it).
    package func once<Made>(_ make: () -> Made) -> Made where Value == Made? {
        withLock { stored in
            if let made = stored { return made }
            let made = make()
            stored = made
            return made
        }
    }
}

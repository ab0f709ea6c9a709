// Work on a few threads that the caller waits for: items handed out in order as threads
// finish, results returned in item order, so the outcome never depends on the scheduling.
import Synchronization

/// A value handed to other threads whose owner guarantees they do not race on it (each
/// worker owns its own; shared ones are only read; each result slot is written once).
package struct Unchecked<Value>: @unchecked Sendable {
    package let value: Value
    package init(_ value: Value) { self.value = value }
}

/// `body(worker, item)` for every item in `0..<count`, on up to `workers` threads (worker 0 is
/// the calling thread); the results in item order. Where the system refuses a thread, fewer
/// workers take all the items.
package func concurrently<T>(items count: Int, workers: Int, _ body: (_ worker: Int, _ item: Int) -> T) -> [T] {
    let workers = min(max(workers, 1), count)
    guard workers > 1 else { return (0..<count).map { body(0, $0) } }
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer {
        _ = results.deinitialize()
        results.deallocate()
    }
    let next = Atomic<Int>(0)
    withoutActuallyEscaping(body) { body in
        let shared = Unchecked((body, results))
        let work: @Sendable (Int) -> Void = { worker in
            let (body, results) = shared.value
            while true {
                let item = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard item < count else { break }
                results[item] = body(worker, item)
            }
        }
        let threads = (1..<workers).compactMap { worker in try? JoinableThread { work(worker) } }
        work(0)
        for thread in threads { thread.join() }
    }
    return results.map { $0! }
}

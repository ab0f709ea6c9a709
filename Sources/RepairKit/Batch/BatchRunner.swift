// Runs the pipeline over many inputs: N workers, one pipeline (and so one Tesseract engine)
// each, pulling the next input from a shared counter; outputs written atomically; inputs
// whose output is newer are skipped; an interrupt lets running files finish and stops.
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Set by SIGINT/SIGTERM: workers finish the file in hand and take no more.
public let batchInterrupted = Atomic<Bool>(false)

public struct BatchOptions: Sendable {
    public var outputDirectory: String
    public var jobs: Int
    /// Redo inputs whose output is already complete and newer.
    public var force: Bool
    public var pipeline: PipelineOptions
    public var format: OutputFormat
    /// The producer named in hOCR output.
    public var system: String

    public init(
        outputDirectory: String, jobs: Int, force: Bool = false, pipeline: PipelineOptions,
        format: OutputFormat = .text, system: String = "repair"
    ) {
        self.outputDirectory = outputDirectory
        self.jobs = max(1, jobs)
        self.force = force
        self.pipeline = pipeline
        self.format = format
        self.system = system
    }
}

public struct BatchSummary: Sendable {
    public var done = 0, skipped = 0, pages = 0
    public var failures: [RepairError] = []
    public var notStarted = 0
    public var seconds = 0.0
    public var interrupted: Bool { notStarted > 0 }
}

public final class BatchRunner: Sendable {
    public let options: BatchOptions
    public init(options: BatchOptions) { self.options = options }

    /// Installs the interrupt handlers (Ctrl-C, SIGTERM from a scheduler); a second Ctrl-C kills.
    public static func handleInterrupts() {
        // A parent may have started us with these blocked (and workers inherit the mask).
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { number in
                batchInterrupted.store(true, ordering: .relaxed)
                signal(number, SIG_DFL)
            }
        }
    }

    public func run(_ items: [BatchItem], progress: BatchProgress? = nil) -> BatchSummary {
        let start = monotonicSeconds()
        let shared = SharedState()
        // Before any worker writes: a worker's own temporary file must never look stale.
        removeStaleTemporaries(of: items)
        progress?.start(total: items.count)

        let workers = min(options.jobs, max(items.count, 1))
        let threads = (0..<workers).map { _ in
            WorkerThread {
                let pipeline = RepairPipeline(options: self.options.pipeline)
                while !batchInterrupted.load(ordering: .relaxed) {
                    let i = shared.next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard i < items.count else { break }
                    let item = items[i]
                    let output = self.options.outputDirectory + "/" + item.relativeOutput
                    var outcome: Outcome
                    do throws(RepairError) {
                        try FileIO.makeDirectories(Self.directory(of: output))
                        if !self.options.force && Self.isUpToDate(output: output, input: item.input) {
                            outcome = .skipped
                        } else {
                            let document = try pipeline.process(item.input)
                            try FileIO.writeAtomically(
                                try self.options.format.render(document, system: self.options.system), to: output)
                            outcome = .done(pages: document.pages.count)
                        }
                    } catch {
                        outcome = .failed(error)
                    }
                    let snapshot = shared.summary.withLock { s -> BatchSummary in
                        switch outcome {
                        case .skipped: s.skipped += 1
                        case .done(let pages):
                            s.done += 1
                            s.pages += pages
                        case .failed(let error): s.failures.append(error)
                        }
                        return s
                    }
                    progress?.update(snapshot)
                }
            }
        }
        for thread in threads { thread.join() }
        var summary = shared.summary.withLock { $0 }
        summary.notStarted = items.count - summary.done - summary.skipped - summary.failures.count
        summary.failures.sort { $0.path < $1.path }
        summary.seconds = monotonicSeconds() - start
        progress?.finish(summary)
        return summary
    }

    private enum Outcome {
        case done(pages: Int)
        case skipped
        case failed(RepairError)
    }

    /// What the workers share: the next input and the running summary.
    final class SharedState: Sendable {
        let next = Atomic<Int>(0)
        let summary = Mutex(BatchSummary())
    }

    /// An output is complete and current when it exists and is not older than its input.
    static func isUpToDate(output: String, input: String) -> Bool {
        var o = stat()
        var i = stat()
        guard stat(output, &o) == 0, stat(input, &i) == 0 else { return false }
        return (o.st_mtim.tv_sec, o.st_mtim.tv_nsec) >= (i.st_mtim.tv_sec, i.st_mtim.tv_nsec)
    }

    static func directory(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
    }

    /// Removes the temporary files (`.<name>.tmp-XXXXXX`) a killed run left for outputs of
    /// this run's own inputs — never another shard's. Runs before the workers start: done
    /// while they write, it could take a running worker's file for a stale one.
    private func removeStaleTemporaries(of items: [BatchItem]) {
        var byDirectory: [String: Set<String>] = [:]
        for item in items {
            let output = options.outputDirectory + "/" + item.relativeOutput
            let name = output.lastIndex(of: "/").map { String(output[output.index(after: $0)...]) } ?? output
            byDirectory[Self.directory(of: output), default: []].insert(name)
        }
        for (dir, names) in byDirectory {
            guard let handle = opendir(dir) else { continue }  // a folder not made yet holds nothing stale
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) {
                    String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards) else { continue }
                let target = String(name[name.index(after: name.startIndex)..<marker.lowerBound])
                if names.contains(target) { unlink(dir + "/" + name) }
            }
        }
    }
}

/// A joinable thread for a worker (one Tesseract engine lives on it).
final class WorkerThread: @unchecked Sendable {
    private var thread = pthread_t()
    private let body: () -> Void

    init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
        let box = Unmanaged.passRetained(self).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, 16 << 20)  // Tesseract recurses deeply on some pages
        pthread_create(
            &thread, &attributes,
            { raw in
                let worker = Unmanaged<WorkerThread>.fromOpaque(raw!).takeRetainedValue()
                worker.body()
                return nil
            }, box)
        pthread_attr_destroy(&attributes)
    }

    func join() { pthread_join(thread, nil) }
}

func monotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

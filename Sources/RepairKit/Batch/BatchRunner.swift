// Runs the pipeline over many inputs: N workers, one pipeline (and so one Tesseract engine)
// each, pulling the next input from a shared counter; outputs written atomically; inputs
// whose output is newer are skipped; an interrupt lets running files finish and stops.
import Platform
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Tells a running batch to stop: workers finish the file in hand and take no more. Safe to
/// set from a signal handler (one atomic store).
public final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    /// A flag not yet set.
    public init() {}
    /// Asks the batch to stop.
    public func stop() { flag.store(true, ordering: .relaxed) }
    /// Whether `stop()` was called.
    public var isStopped: Bool { flag.load(ordering: .relaxed) }
}

/// What a running batch reports, from its worker threads.
public enum BatchEvent: Sendable {
    case started(total: Int)
    /// After each input: the running summary.
    case progressed(BatchSummary)
    case finished(BatchSummary)
}

/// How a batch runs: where outputs go, how many workers, and the pipeline each runs.
public struct BatchOptions: Sendable {
    /// The folder outputs are written to, at each input's relative path.
    public var outputDirectory: String
    /// Worker threads (each with its own pipeline and Tesseract engine).
    public var jobs: Int
    /// Redo inputs whose output is already complete and newer.
    public var force: Bool
    /// The options of every worker's pipeline.
    public var pipeline: PipelineOptions
    /// The output format of every file.
    public var format: OutputFormat
    /// The producer named in hOCR output.
    public var system: String

    /// Options for a batch; `jobs` is at least 1.
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

/// What a batch did.
public struct BatchSummary: Sendable {
    public var done = 0, skipped = 0, pages = 0
    /// The inputs that failed, by path.
    public var failures: [RepairError] = []
    /// Inputs never started because the batch was stopped.
    public var notStarted = 0
    /// Wall-clock seconds the batch took.
    public var seconds = 0.0
    /// Whether the batch stopped before every input was done.
    public var interrupted: Bool { notStarted > 0 }
}

/// Runs the pipeline over many inputs on worker threads, one pipeline each; outputs are written atomically, and inputs whose output is newer are skipped.
public final class BatchRunner: Sendable {
    /// The batch's options.
    public let options: BatchOptions
    /// A runner for batches with `options`.
    public init(options: BatchOptions) { self.options = options }

    /// Runs the batch to its end, or until `stop` is set; `progress` hears of each input as it
    /// finishes (from worker threads).
    public func run(
        _ items: [BatchItem], stop: StopFlag = StopFlag(), progress: (@Sendable (BatchEvent) -> Void)? = nil
    ) -> BatchSummary {
        let start = SystemCalls.monotonicSeconds()
        let shared = SharedState()
        // Before any worker writes: a worker's own temporary file must never look stale.
        removeStaleTemporaries(of: items)
        progress?(.started(total: items.count))

        let workers = min(options.jobs, max(items.count, 1))
        let work: @Sendable () -> Void = {
            let pipeline = RepairPipeline(options: self.options.pipeline)
            while !stop.isStopped {
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
                progress?(.progressed(snapshot))
            }
        }
        // A worker the system refuses to start is one fewer; with none, the work runs here.
        let threads = (0..<workers).compactMap { _ in try? JoinableThread(work) }
        if threads.isEmpty { work() }
        for thread in threads { thread.join() }
        var summary = shared.summary.withLock { $0 }
        summary.notStarted = items.count - summary.done - summary.skipped - summary.failures.count
        summary.failures.sort { $0.path < $1.path }
        summary.seconds = SystemCalls.monotonicSeconds() - start
        progress?(.finished(summary))
        return summary
    }

    /// Runs the batch; cancelling the task stops it as `StopFlag` does (the files in hand are
    /// finished, no more are started).
    public func run(_ items: [BatchItem], progress: (@Sendable (BatchEvent) -> Void)? = nil) async -> BatchSummary {
        let stop = StopFlag()
        return await withTaskCancellationHandler {
            run(items, stop: stop, progress: progress)
        } onCancel: {
            stop.stop()
        }
    }

    private enum Outcome {
        case done(pages: Int)
        case skipped
        case failed(RepairError)
    }

    /// What the workers share: the next input and the running summary.
    final class SharedState: Sendable {
        let next = Atomic<Int>(0)
        let summary = Locked(BatchSummary())
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

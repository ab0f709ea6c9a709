// Progress of a batch on stderr: a bar redrawn in place on a terminal, plain lines every
// few seconds otherwise (when asked), nothing when quiet.
import Platform
import RepairKit

#if canImport(Glibc)
    import Glibc
#endif

final class BatchProgress: Sendable {
    enum Mode: Sendable { case bar, lines, none }
    let mode: Mode
    private struct State { var total = 0, start = 0.0, lastPrint = 0.0 }
    private let state = Locked(State())

    init(mode: Mode) { self.mode = mode }

    /// A bar on a terminal; lines when asked for (or when it is a terminal and lines are asked); none when quiet.
    static func choose(quiet: Bool, lines: Bool) -> BatchProgress {
        if quiet { return BatchProgress(mode: .none) }
        if isatty(STDERR_FILENO) != 0 { return BatchProgress(mode: .bar) }
        return BatchProgress(mode: lines ? .lines : .none)
    }

    /// Hears a running batch.
    func report(_ event: BatchEvent) {
        switch event {
        case .started(let total): start(total: total)
        case .progressed(let summary): update(summary)
        case .finished(let summary): finish(summary)
        }
    }

    func start(total: Int) {
        state.withLock {
            $0.total = total
            $0.start = SystemCalls.monotonicSeconds()
        }
    }

    func update(_ s: BatchSummary) {
        guard mode != .none else { return }
        let now = SystemCalls.monotonicSeconds()
        let line: String? = state.withLock { st in
            let finished = s.done + s.skipped + s.failures.count
            let interval = mode == .bar ? 0.2 : 5.0
            guard now - st.lastPrint >= interval || finished == st.total else { return nil }
            st.lastPrint = now
            return Self.describe(s, total: st.total, elapsed: now - st.start, bar: mode == .bar)
        }
        if let line { emit(mode == .bar ? "\r" + line + "\u{1B}[K" : line + "\n") }
    }

    func finish(_ s: BatchSummary) {
        guard mode != .none else { return }
        if mode == .bar { emit("\n") }
    }

    static func describe(_ s: BatchSummary, total: Int, elapsed: Double, bar: Bool) -> String {
        let finished = s.done + s.skipped + s.failures.count
        let rate = elapsed > 0 ? Double(s.pages) / elapsed : 0
        let remaining = total - finished
        let perFile = s.done > 0 ? elapsed / Double(s.done) : 0
        let eta = Int((perFile * Double(remaining)).rounded())
        let width = 24
        let filled = total > 0 ? width * finished / total : width
        let graphic =
            bar
            ? "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] " : ""
        return
            "\(graphic)\(finished)/\(total) files, \(s.pages) pages, \(oneDecimal(rate)) pages/s, ETA \(eta / 60):\(eta % 60 < 10 ? "0" : "")\(eta % 60)"
            + (s.failures.isEmpty ? "" : ", \(s.failures.count) failed")
            + (s.skipped == 0 ? "" : ", \(s.skipped) skipped")
    }

    private func emit(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}

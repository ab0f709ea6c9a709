// One long document's lines on several threads: each line's rewrite is computed by a worker
// (its own corrector or stage), then all are applied in reading order, so the document comes
// out exactly as `rewriteLines` on one thread makes it.
import DocumentModel
import Platform

extension Document {
    /// Lines are handed to the workers in runs of this many.
    static let parallelRun = 64

    /// `rewriteLines` with the rewrites computed on up to `jobs` threads, each with its own
    /// worker (`worker(k)`, made on this thread); one thread when `jobs` is 1 or the document
    /// has fewer than `minimumBytes` bytes of text. `body` must depend on the line only (not
    /// on which worker, or the order lines come in), as a corrector's decisions do.
    mutating func rewriteLines<Worker>(
        jobs: Int, minimumBytes: Int, worker: (Int) -> Worker,
        _ body: (Worker, Line, Edit.Location) -> (text: String, edits: [Edit])?
    ) {
        var items: [(Line, Edit.Location)] = []
        var bytes = 0
        for p in pages.indices {
            // As `rewriteLines` does: code is passed over.
            let code = pages[p].codeParagraphs()
            for b in pages[p].blocks.indices {
                for q in pages[p].blocks[b].paragraphs.indices {
                    if !code.isEmpty && code.contains(ParagraphPosition(block: b, paragraph: q)) { continue }
                    for (l, line) in pages[p].blocks[b].paragraphs[q].lines.enumerated() {
                        items.append((line, Edit.Location(page: p, block: b, paragraph: q, line: l)))
                        bytes += line.text.utf8.count
                    }
                }
            }
        }
        let workers = min(jobs, (items.count + Self.parallelRun - 1) / Self.parallelRun)
        guard workers > 1, bytes >= minimumBytes else {
            let only = worker(0)
            rewriteLines { body(only, $0, $1) }
            return
        }
        let states = (0..<workers).map { worker($0) }
        let runs = (items.count + Self.parallelRun - 1) / Self.parallelRun
        let results = concurrently(items: runs, workers: workers) { w, run in
            ((run * Self.parallelRun)..<min((run + 1) * Self.parallelRun, items.count)).map {
                body(states[w], items[$0].0, items[$0].1)
            }
        }.flatMap { $0 }
        var k = 0
        rewriteLines { _, _ in
            defer { k += 1 }
            return results[k]
        }
    }
}

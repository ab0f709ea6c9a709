// Linear work in every stage: each stage is fed an input and the same input ten times
// larger, shaped the way hostile inputs are (one long token, a megabyte without a space,
// thousands of hyphenated lines, ligatures, combining marks, long lists), and the work it
// does must grow about tenfold — at most `bound` times — where a quadratic stage grows a
// hundredfold. Work is what the kernel counts for this thread: retired user-space
// instructions where the processor exposes a counter, else the thread's CPU time (a
// virtual machine without a PMU); the least of three runs.
import CInstructionCounter
import Foundation
import RepairKit
import TestSupport
import Testing

@Suite("Linear work", .serialized)
struct ScalingTests {
    /// Tenfold input may cost at most this many times the work (linear: about 10; quadratic: about 100).
    static let bound = 25.0

    /// The work `body` does on this thread (the least of three runs).
    static func work(_ body: () -> Void) throws -> Int64 {
        let fd = repair_instructions_open()
        try #require(fd >= 0, "perf_event_open refused: no counter for this thread")
        defer { repair_instructions_close(fd) }
        var least = Int64.max
        for _ in 0..<3 {
            repair_instructions_reset(fd)
            body()
            least = min(least, repair_instructions_read(fd))
        }
        return least
    }

    /// The growth of `stage`'s work from `input(n)` to `input(10 n)`.
    static func growth(_ n: Int, _ input: (Int) -> String, _ stage: (String) -> Void) throws -> Double {
        let small = input(n)
        let large = input(10 * n)
        stage(small)  // warm: lazily loaded tables and the lexicon are not the stage's work
        let a = try work { stage(small) }
        let b = try work { stage(large) }
        return Double(b) / Double(max(a, 1))
    }

    // One pipeline (its lexicon loaded once); the suite runs its tests one at a time.
    nonisolated(unsafe) static let pipeline: RepairPipeline = {
        var options = PipelineOptions(dictionaryDirectory: Paths.root.appendingPathComponent("dictionaries").path)
        options.inputJobs = 1
        return RepairPipeline(options: options)
    }()

    static func whole(_ text: String) { _ = try? pipeline.repair(text: text) }

    static func normalizeOnly(_ text: String) {
        guard let document = try? TextInput.document(bytes: Array(text.utf8), path: "-") else { return }
        _ = Normalizer(lexicon: try? pipeline.lexicon()).normalize(document)
    }

    static func punctuationOnly(_ text: String) {
        guard let lexicon = try? pipeline.lexicon(),
            let document = try? TextInput.document(bytes: Array(text.utf8), path: "-")
        else { return }
        _ = BulletRepair(bullet: nil).repair(PunctuationStage(lexicon: lexicon).repair(document))
    }

    static let prose =
        (try? String(
            contentsOf: Paths.corpus.appendingPathComponent("freedom-online-coalition-declaration.txt"), encoding: .utf8
        )) ?? ""

    /// Each shape of input, the stage it loads, and the size n.
    static let cases: [(name: String, n: Int, input: @Sendable (Int) -> String, stage: @Sendable (String) -> Void)] = [
        ("one long token, whole pipeline", 20_000, { String(repeating: "a", count: $0) + "\n" }, whole),
        (
            "a run without a space, whole pipeline", 2_000, { String(repeating: "declaration,", count: $0) + "\n" },
            whole
        ),
        (
            "damaged prose, whole pipeline", 2,
            { n in
                // Each copy damaged its own way, so the corrector meets new forms throughout.
                (0..<n).map { SyntheticDamage.systematic(prose, seed: UInt64($0)) }.joined(separator: "\n\n")
            }, whole
        ),
        (
            "hyphenated lines, normalization", 1_000, { String(repeating: "decla-\nration of rights\n", count: $0) },
            normalizeOnly
        ),
        (
            "ligatures, normalization", 2_000, { String(repeating: "\u{FB01}\u{FB02}\u{FB00} ", count: $0) + "\n" },
            normalizeOnly
        ),
        (
            "combining marks, normalization", 2_000, { "Z" + String(repeating: "\u{301}", count: $0) + "algo\n" },
            normalizeOnly
        ),
        (
            "list lines and speckle, punctuation", 500,
            { String(repeating: "• item . , one\n* item ; two ..\n", count: $0) }, punctuationOnly
        ),
        ("marks without spaces, punctuation", 5_000, { String(repeating: ".,;:", count: $0) + "\n" }, punctuationOnly),
    ]

    @Test("each stage's work grows linearly with its input", arguments: 0..<cases.count)
    func stage(_ index: Int) throws {
        let c = Self.cases[index]
        let growth = try Self.growth(c.n, c.input, c.stage)
        #expect(growth <= Self.bound, "\(c.name): 10× input cost \(growth)× the work")
        print("scaling: \(c.name): 10× input, \(String(format: "%.1f", growth))× work")
    }

    @Test("text decoding, the aligner and the writers grow linearly too")
    func others() throws {
        let lines = { (n: Int) in String(repeating: "the freedom of expression online\n", count: n) }
        let decode = try Self.growth(5_000, lines) { _ = try? TextInput.document(bytes: Array($0.utf8), path: "-") }
        #expect(decode <= Self.bound, "decoding: \(decode)×")
        // The aligner on texts with the same few differences: its band stays narrow.
        let align = try Self.growth(5_000, lines) { text in
            let reference = Evaluation.words(text)
            var hypothesis = reference
            for k in stride(from: 0, to: hypothesis.count, by: hypothesis.count / 10) { hypothesis[k] = "x" }
            _ = Evaluation.alignWords(hypothesis, reference)
        }
        #expect(align <= Self.bound, "aligner: \(align)×")
        let json = try Self.growth(2_000, lines) { text in
            if let document = try? TextInput.document(bytes: Array(text.utf8), path: "-") {
                _ = try? OutputFormat.json.render(document, system: "repair")
            }
        }
        #expect(json <= Self.bound, "JSON writer: \(json)×")
        print(
            "scaling: decoding \(Int(decode.rounded()))×, aligner \(Int(align.rounded()))×, JSON \(Int(json.rounded()))×"
        )
    }
}

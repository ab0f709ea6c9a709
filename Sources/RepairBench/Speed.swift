import ArgumentParser
import Correction
import DocumentModel
import Foundation
// `repair-bench speed`: dictionary load time, tokens per second of each text stage on an
// OCR-like corpus (median of runs after a warm-up), peak RSS; optionally a peer in the same run.
import Lexicon
import MallocInterposerSwift
import Normalization
import Platform
import RepairKit

struct Speed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load time, throughput per stage and memory of the text stages.")

    @Option(help: "Word tokens in the generated corpus.") var tokens = 100_000
    @Option(help: "Timed runs per figure (the median is reported).") var runs = 5
    @Option(help: "Threads correcting at once, each with its own corrector.") var jobs = 1
    @Option(help: "Folder of clean texts the corpus is made from.") var corpus = "Fixtures/corpus"
    @Option(
        help:
            "Corpus: synthetic (clean texts with OCR-like noise), harsh (the clean texts as far worse scans that misread the same letters throughout, raw WER ~60 %) or ocr (the real OCR output of Fixtures/texts, repeated)."
    )
    var source = "synthetic"
    @Option(help: "Compiled lexicon.") var lexicon = "dictionaries/en.lexicon"
    @Option(help: "Also run a peer on the same corpus: symspellpy (installed by scripts/install-peers).") var peer:
        String?
    @Option(
        help: "Write the generated corpus here (to run other tools on it); with --source harsh its truth beside it.")
    var saveCorpus: String?
    @Flag(help: "Print JSON instead of a Markdown table.") var json = false
    @Flag(
        help:
            "Also time whole processes on the corpus saved to a file: the repair command (load, every text stage, output; --jobs threads) and, with --peer, the peer's script (interpreter, load, correction)."
    )
    var wholeProcess = false

    func run() throws {
        // Load time: median of fresh loads.
        var loads: [Double] = []
        var lex = try Lexicon.load(path: lexicon)
        for _ in 0..<max(runs, 1) {
            let t = now()
            lex = try Lexicon.load(path: lexicon)
            loads.append(now() - t)
        }
        let texts = try FileManager.default.contentsOfDirectory(atPath: corpus).sorted()
            .map { try String(contentsOfFile: "\(corpus)/\($0)", encoding: .utf8) }
        let text: String
        var ocrTexts: [String] = []
        var truth: String?
        if source == "harsh" {
            let made = NoisyCorpus.harsh(from: texts, tokens: tokens)
            text = made.scan
            truth = made.truth
        } else if source == "ocr" {
            ocrTexts = try FileManager.default.contentsOfDirectory(atPath: "Fixtures/texts").filter {
                $0.hasSuffix(".ocr.txt")
            }.sorted()
                .map { try String(contentsOfFile: "Fixtures/texts/\($0)", encoding: .utf8) }
            text = NoisyCorpus.repeated(ocrTexts, tokens: tokens)
        } else if source == "synthetic" {
            text = NoisyCorpus.make(from: texts, tokens: tokens, confusions: lex.confusions)
        } else {
            throw ValidationError("unknown source \(source); known: synthetic, harsh, ocr")
        }
        if let saveCorpus {
            try text.write(toFile: saveCorpus, atomically: true, encoding: .utf8)
            if let truth { try truth.write(toFile: saveCorpus + ".truth", atomically: true, encoding: .utf8) }
        }
        let lines = text.split(separator: "\n").map(String.init)
        let bytes = text.utf8.count

        // Tokenize the whole corpus.
        let tokenizer = Tokenizer()
        var scratch: [Token] = []
        var wordTokens = 0
        let tokenizeTimes = measure {
            var copy = text
            copy.withUTF8 { tokenizer.tokenize($0, into: &scratch) }
            wordTokens = scratch.filter { $0.kind == .word || $0.kind == .number }.count
        }

        // Normalize: the corpus as a text document.
        let document = try TextInput.document(bytes: Array(text.utf8), path: "corpus")
        let normalizer = Normalizer(lexicon: lex)
        var normalized = document
        let normalizeTimes = measure { normalized = normalizer.normalize(document) }

        // Correct: line by line as the pipeline does, one corrector per thread.
        let normalizedLines = normalized.pages.flatMap(\.paragraphs).flatMap(\.lines).map(\.text)
        var editCount = 0
        let correctTimes = measure {
            editCount = Self.correctInParallel(normalizedLines, lexicon: lex, jobs: jobs, adapt: false)
        }
        // Adapted: each document on its own (noise estimate, EM rounds on its sample, then the
        // decode). The synthetic corpus is one document; the OCR corpus is its pages repeated,
        // each copy a document, as a user's files would be (one document repeating the same
        // page fifty times would look like a clean text whose "terms" recur).
        var documents: [[String]] = [normalizedLines]
        if source == "ocr" {
            documents = try NoisyCorpus.repeatedDocuments(ocrTexts, tokens: tokens).map { text in
                let document = normalizer.normalize(try TextInput.document(bytes: Array(text.utf8), path: "page"))
                return document.pages.flatMap(\.paragraphs).flatMap(\.lines).map(\.text)
            }
        }
        var adaptedEditCount = 0
        let adaptedTimes = measure {
            adaptedEditCount = documents.reduce(0) {
                $0 + Self.correctInParallel($1, lexicon: lex, jobs: jobs, adapt: true)
            }
        }
        let rss = peakRSSMegabytes()
        // Allocations while correcting, one thread, one pass (counted when the interposer is active).
        let allocations: Int = {
            MallocInterposerSwift.initialize()
            let corrector = Corrector(lexicon: lex)
            var edits: [CorrectionEdit] = []
            edits.reserveCapacity(100_000)
            for line in normalizedLines.prefix(200) {
                var c = line
                _ = c.withUTF8 { corrector.correct($0, edits: &edits) }
            }
            MallocInterposerSwift.reset()
            MallocInterposerSwift.hook()
            for line in normalizedLines {
                var c = line
                _ = c.withUTF8 { corrector.correct($0, edits: &edits) }
            }
            MallocInterposerSwift.unhook()
            return MallocInterposerSwift.getStatistics().mallocCount
        }()

        let rows: [(String, String)] = [
            ("corpus", "\(source): \(wordTokens) word tokens, \(bytes) bytes, \(lines.count) lines"),
            (
                "dictionary load",
                "\(ms(median(loads))) ms (\(lex.byteCount / 1_000_000) MB, \(lex.wordCount) words, \(lex.bigramCount) bigrams)"
            ),
            ("tokenize", "\(rate(Double(wordTokens), median(tokenizeTimes))) tokens/s"),
            (
                "normalize",
                "\(rate(Double(wordTokens), median(normalizeTimes))) tokens/s, \(rate(Double(bytes) / 1e6, median(normalizeTimes))) MB/s"
            ),
            // Each thread corrects the whole corpus: together they corrected jobs × its tokens.
            (
                "correct, base (\(jobs) thread\(jobs == 1 ? "" : "s"))",
                "\(rate(Double(wordTokens * max(jobs, 1)), median(correctTimes))) tokens/s, \(editCount) edits"
            ),
            (
                "correct, adapted (\(jobs) thread\(jobs == 1 ? "" : "s"))",
                "\(rate(Double(wordTokens * max(jobs, 1)), median(adaptedTimes))) tokens/s, \(adaptedEditCount) edits; \(String(format: "%.2f", median(adaptedTimes) / max(median(correctTimes), 1e-9)))× the base corrector's time"
            ),
            (
                "allocations while correcting",
                "\(allocations) (\(String(format: "%.3f", Double(allocations) / Double(max(wordTokens, 1)))) per token)"
            ),
            ("peak RSS", "\(rss) MB"),
        ]
        // Whole processes first: the peak RSS of this process's children is then repair's.
        var wholeRows: [(String, String)] = []
        if wholeProcess {
            wholeRows = try wholeProcessRows(text: text, truth: truth, wordTokens: wordTokens, lexicon: lex)
        }
        var peerRow: (String, String)?
        if let peer {
            peerRow = try runPeer(peer, text: text, wordTokens: wordTokens, ours: median(correctTimes))
        }
        if json {
            var object: [String: String] = [:]
            for (k, v) in rows { object[k] = v }
            if let peerRow { object[peerRow.0] = peerRow.1 }
            for (k, v) in wholeRows { object[k] = v }
            print(
                String(
                    decoding: try JSONSerialization.data(
                        withJSONObject: object, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
            return
        }
        print("| measure | value |")
        print("|---|---|")
        for (k, v) in rows { print("| \(k) | \(v) |") }
        if let peerRow { print("| \(peerRow.0) | \(peerRow.1) |") }
        for (k, v) in wholeRows { print("| \(k) | \(v) |") }
        print("\nmedian of \(runs) runs after a warm-up; \(ProcessInfo.processInfo.activeProcessorCount) cores")
    }

    static func correctInParallel(_ lines: [String], lexicon: Lexicon, jobs: Int, adapt: Bool) -> Int {
        let total = Locked(0)
        DispatchQueue.concurrentPerform(iterations: max(jobs, 1)) { _ in
            let corrector = Corrector(lexicon: lexicon)
            if adapt { corrector.adapt(lines, estimate: corrector.estimate(lines)) }
            defer { corrector.endDocument() }
            var edits: [CorrectionEdit] = []
            var n = 0
            for line in lines {
                var copy = line
                if copy.withUTF8({ corrector.correct($0, edits: &edits) }) != nil { n += 1 }
            }
            total.withLock { $0 += edits.count }
        }
        return total.withLock { $0 } / max(jobs, 1)
    }

    func measure(_ body: () -> Void) -> [Double] {
        body()  // warm-up
        return (0..<max(runs, 1)).map { _ in
            let t = now()
            body()
            return now() - t
        }
    }

    /// Whole processes on the corpus saved to a file, fastest of `runs`: the repair command
    /// beside this executable (`--jobs`), and with `--peer` the peer's script; whether repair's
    /// output has at most half the input's unknown words (it corrected, not only ran).
    func wholeProcessRows(text: String, truth: String?, wordTokens: Int, lexicon: Lexicon) throws -> [(String, String)]
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("repair-bench-whole-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("corpus.txt").path
        let output = folder.appendingPathComponent("repaired.txt").path
        try text.write(toFile: input, atomically: true, encoding: .utf8)
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("repair").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ValidationError("no repair command beside repair-bench (\(executable)): build it")
        }
        func timed(_ path: String, _ arguments: [String], stdout: String?, once: Bool = false) throws -> Double {
            var best = Double.infinity
            for _ in 0..<(once ? 1 : max(runs, 1)) {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: path)
                process.arguments = arguments
                if let stdout {
                    FileManager.default.createFile(atPath: stdout, contents: nil)
                    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdout))
                } else {
                    process.standardOutput = FileHandle.nullDevice
                }
                process.standardError = FileHandle.nullDevice
                let start = now()
                try process.run()
                process.waitUntilExit()
                let seconds = now() - start
                guard process.terminationStatus == 0 else {
                    throw ValidationError("\(path) exited with \(process.terminationStatus)")
                }
                best = min(best, seconds)
            }
            return best
        }
        let ours = try timed(executable, ["--jobs", String(max(jobs, 1)), input], stdout: output)
        let baseOutput = folder.appendingPathComponent("base.txt").path
        let base = try timed(executable, ["--no-adapt", "--jobs", String(max(jobs, 1)), input], stdout: baseOutput)
        // Peak RSS through /usr/bin/time (this process's children's figure would count the
        // pages a child shares with it before it runs repair).
        var memory = ""
        let time = "/usr/bin/time"
        let rssFile = folder.appendingPathComponent("rss").path
        if FileManager.default.isExecutableFile(atPath: time) {
            _ = try timed(
                time, ["-f", "%M", "-o", rssFile, executable, "--jobs", String(max(jobs, 1)), input], stdout: nil,
                once: true)
            if let kb = Int((try? String(contentsOfFile: rssFile, encoding: .utf8))?.split(separator: "\n").last ?? "")
            {
                memory = ", RSS \(kb / 1024) MB"
            }
        }
        let repaired = try String(contentsOfFile: output, encoding: .utf8)
        let before = unknownShare(text, lexicon: lexicon)
        let after = unknownShare(repaired, lexicon: lexicon)
        // Against the truth (harsh source): WER of the input, the base corrector's and the adapted one's.
        var accuracy = ""
        var baseAccuracy = ""
        if let truth {
            func wer(_ hypothesis: String) -> String {
                String(format: "%.2f", Evaluation.wordErrorRate(hypothesis, reference: truth).rate * 100) + " %"
            }
            accuracy = "; WER \(wer(text)) → \(wer(repaired))"
            baseAccuracy = "; WER \(wer(try String(contentsOfFile: baseOutput, encoding: .utf8)))"
        }
        var rows = [
            (
                "whole process, repair --jobs \(max(jobs, 1))",
                "\(String(format: "%.2f", ours)) s, \(rate(Double(wordTokens), ours)) tokens/s\(memory); unknown words \(String(format: "%.2f", before * 100)) % → \(String(format: "%.2f", after * 100)) %\(accuracy)"
            ),
            (
                "whole process, repair --no-adapt --jobs \(max(jobs, 1))",
                "\(String(format: "%.2f", base)) s\(baseAccuracy); adapted takes \(String(format: "%.2f", ours / base))× the base's time"
            ),
        ]
        if let peer {
            guard peer == "symspellpy" else { throw ValidationError("unknown peer \(peer); known: symspellpy") }
            let theirs = try timed(
                ".build/peers-venv/bin/python", ["scripts/peers/symspell_wordwise.py", input], stdout: nil)
            rows.append(
                (
                    "whole process, symspellpy word-wise",
                    "\(String(format: "%.2f", theirs)) s; repair is \(String(format: "%.1f", theirs / ours))× faster"
                ))
        }
        return rows
    }

    /// The share of word tokens the lexicon does not know.
    func unknownShare(_ text: String, lexicon: Lexicon) -> Double {
        var tokens: [Token] = []
        var copy = text
        var words = 0
        var unknown = 0
        copy.withUTF8 { buffer in
            Tokenizer().tokenize(buffer, into: &tokens)
            for token in tokens where token.kind == .word {
                words += 1
                if lexicon.lookup(buffer.baseAddress! + Int(token.start), token.count) < 0 { unknown += 1 }
            }
        }
        return Double(unknown) / Double(max(words, 1))
    }

    /// Runs the peer on the same corpus in this process's run; returns its row.
    func runPeer(_ name: String, text: String, wordTokens: Int, ours: Double) throws -> (String, String) {
        guard name == "symspellpy" else { throw ValidationError("unknown peer \(name); known: symspellpy") }
        let python = ".build/peers-venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw ValidationError("symspellpy is not installed: run scripts/install-peers")
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("repair-bench-corpus-\(getpid()).txt")
            .path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["scripts/peers/symspell_wordwise.py", file]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let result = try JSONSerialization.jsonObject(with: data) as? [String: Double],
            let seconds = result["seconds"], let load = result["load_ms"], let rss = result["rss_mb"]
        else {
            throw ValidationError("the peer printed no result")
        }
        let theirs = Double(wordTokens) / seconds
        let our = Double(wordTokens) / ours
        return (
            "peer symspellpy (word-wise, max edit 2)",
            "\(rate(Double(wordTokens), seconds)) tokens/s, load \(Int(load)) ms, RSS \(Int(rss)) MB; repair corrects \(String(format: "%.1f", our / theirs))× faster"
        )
    }
}

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? 0 : s[s.count / 2]
}
func ms(_ seconds: Double) -> String { String(format: "%.1f", seconds * 1000) }
func rate(_ amount: Double, _ seconds: Double) -> String {
    let r = amount / max(seconds, 1e-9)
    return r >= 10_000
        ? String(Int(r.rounded())).reversed().chunked(3).joined(separator: ",").reversedString()
        : String(format: "%.1f", r)
}

extension Sequence where Element == Character {
    func chunked(_ n: Int) -> [String] {
        var out: [String] = []
        var cur = ""
        for c in self {
            cur.append(c)
            if cur.count == n {
                out.append(cur)
                cur = ""
            }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }
}
extension String { func reversedString() -> String { String(reversed()) } }

func peakRSSMegabytes() -> Int {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    return Int(usage.ru_maxrss) / 1024
}

import ArgumentParser
import Correction
import Foundation
// `repair-bench noise`: each input's noise estimate, and (where a truth file stands beside it)
// which of its unknown words are OCR errors and how often each kind occurs only once: the
// measurements behind NoiseEstimate's constants.
import Lexicon
import RepairKit

struct Noise: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Noise estimates per input; singleton shares of OCR errors and of real words.")

    @Argument(
        help:
            "Inputs (images or text). <name>.truth.txt beside an input (or beside <name>.ocr.txt) tells which unknown words are errors; without one every word is real."
    )
    var inputs: [String]

    @Option(help: "Also write each unknown word here, a line each: input, word, its best channel cost, error or real.")
    var words: String?

    func run() throws {
        let pipeline = RepairPipeline(options: PipelineOptions(correct: false))
        let stage = CorrectionStage(corrector: Corrector(lexicon: try pipeline.lexicon()))
        print(
            "| input | words | unknown | singletons | explained | errors among unknown | singleton if error | singleton if real | counted pairs | prior |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        var total = (errors: 0, errorSingletons: 0, real: 0, realSingletons: 0)
        var listed = ""
        for input in inputs {
            let document = try pipeline.process(input)
            let truthWords: Set<String>? = Self.truthPath(input).flatMap {
                try? String(contentsOfFile: $0, encoding: .utf8)
            }.map { text in
                Set(text.split(whereSeparator: { !$0.isLetter && $0 != "'" && $0 != "-" }).map { $0.lowercased() })
            }
            var forms: [String: Int] = [:]
            var costs: [(String, Float)] = []
            let estimate = stage.noise(of: document) { word, cost in
                forms[word.lowercased(), default: 0] += 1
                if words != nil { costs.append((word, cost)) }
            }
            // `costs` is empty unless --words asked for the list.
            for (word, cost) in costs {
                let kind = truthWords.map { $0.contains(word.lowercased()) ? "real" : "error" } ?? "real"
                listed += "\((input as NSString).lastPathComponent)\t\(word)\t\(cost)\t\(kind)\n"
            }
            var errors = 0
            var errorSingletons = 0
            var real = 0
            var realSingletons = 0
            for (form, n) in forms {
                if let truthWords, !truthWords.contains(form) {
                    errors += n
                    if n == 1 { errorSingletons += 1 }
                } else {
                    real += n
                    if n == 1 { realSingletons += 1 }
                }
            }
            total.errors += errors
            total.errorSingletons += errorSingletons
            total.real += real
            total.realSingletons += realSingletons
            let c = estimate.counts
            print(
                "| \((input as NSString).lastPathComponent) | \(c.words) | \(share(c.unknown, c.words)) | \(share(c.singletons, c.unknown)) | \(share(c.explained, c.sampled)) | \(share(errors, c.unknown)) | \(share(errorSingletons, errors)) | \(share(realSingletons, real)) | \(share(c.countedPairs, c.knownPairs)) | \(String(format: "%.3f", estimate.prior)) |"
            )
        }
        if let words { try listed.write(toFile: words, atomically: true, encoding: .utf8) }
        print(
            "\nAll inputs: singleton if error \(share(total.errorSingletons, total.errors)) of \(total.errors) unknown words; singleton if real \(share(total.realSingletons, total.real)) of \(total.real)"
        )
    }

    func share(_ a: Int, _ b: Int) -> String { b > 0 ? pct(Double(a) / Double(b)) : "–" }

    static func truthPath(_ input: String) -> String? {
        var stem = (input as NSString).deletingPathExtension
        if stem.hasSuffix(".ocr") { stem = String(stem.dropLast(4)) }
        let candidate = stem + ".truth.txt"
        return FileManager.default.fileExists(atPath: candidate) && candidate != input ? candidate : nil
    }
}

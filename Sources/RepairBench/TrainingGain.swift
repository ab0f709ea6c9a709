import ArgumentParser
import Correction
import Foundation
// `repair-bench train`: what a trained model gains. Each bad-scan document is cut at the
// paragraph nearest its middle; a model trained on the first half repairs the second, against
// untrained repair (halves). Then a model trained on one whole document repairs another of
// the same degradation (across).
import Lexicon
import RepairKit

struct TrainingGain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "WER of repair with a model trained on half a document (or on another document) vs untrained.")

    @Option(help: "Folders of OCR text pairs <name>.ocr.txt / <name>.truth.txt (repeatable).")
    var texts = ["Fixtures/train", "Fixtures/texts"]
    @Option(help: "Folder of page images with <name>.truth.txt (read by our OCR stage).") var pages = "Fixtures/pages"
    @Option(help: "Use the documents whose names contain one of these (comma-separated).") var only = "-bad,-worse"
    @Flag(help: "Skip the page images (text pairs only).") var noPages = false
    @Option(
        help:
            "Instead of the fixtures, scans that misread the same letters throughout (n as s, t and e as c), made from every text of this folder."
    )
    var systematic: String?
    @Flag(help: "With --systematic: the far worse scans of SyntheticDamage.harsh (eight letters misread).")
    var harsh = false
    @Option(
        help: "Also write the halves here: first/<name>.ocr.txt, .truth.txt and second/… (for repair train and eval).")
    var write: String?

    struct Document {
        var name: String
        var ocr: String
        var truth: String
    }

    func run() throws {
        let filters = only.split(separator: ",").map(String.init)
        let fm = FileManager.default
        var documents: [Document] = []
        for folder in texts {
            for file in ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            where file.hasSuffix(".ocr.txt") && filters.contains(where: file.contains) {
                let name = String(file.dropLast(8))
                documents.append(
                    Document(
                        name: name + " (text)", ocr: try String(contentsOfFile: "\(folder)/\(file)", encoding: .utf8),
                        truth: try String(contentsOfFile: "\(folder)/\(name).truth.txt", encoding: .utf8)))
            }
        }
        if let systematic {
            documents = []
            for file in ((try? fm.contentsOfDirectory(atPath: systematic)) ?? []).sorted()
            where file.hasSuffix(".txt") || file.hasSuffix(".md") {
                let truth = try String(contentsOfFile: "\(systematic)/\(file)", encoding: .utf8)
                let name = String(file[..<(file.lastIndex(of: ".") ?? file.endIndex)])
                if harsh {
                    documents.append(
                        Document(name: name + " (systematic, harsh)", ocr: SyntheticDamage.harsh(truth), truth: truth))
                } else {
                    documents.append(
                        Document(name: name + " (systematic)", ocr: NoisyCorpus.systematic(truth), truth: truth))
                }
            }
        } else if !noPages {
            let reader = RepairPipeline(options: PipelineOptions(normalize: false, correct: false))
            for file in ((try? fm.contentsOfDirectory(atPath: pages)) ?? []).sorted()
            where file.hasSuffix(".png") && filters.contains(where: file.contains) {
                let name = String(file.dropLast(4))
                documents.append(
                    Document(
                        name: name + " (page)", ocr: try reader.read("\(pages)/\(file)").plainText,
                        truth: try String(contentsOfFile: "\(pages)/\(name).truth.txt", encoding: .utf8)))
            }
        }
        guard !documents.isEmpty else { throw ValidationError("no document matches \(only)") }
        let base = try RepairPipeline().lexicon()
        let trainer = ModelTrainer(pipeline: PipelineOptions())

        print("## Halves: trained on the first half, repairing the second\n")
        print("| document | words | raw WER | untrained | trained | change |")
        print("|---|---:|---:|---:|---:|---:|")
        var totals = (raw: 0, untrained: 0, trained: 0, words: 0)
        for d in documents {
            let (first, second) = Self.halves(ocr: d.ocr, truth: d.truth)
            if let write {
                let stem = d.name.split(separator: " ").first.map(String.init) ?? d.name
                for (half, texts) in [("first", first), ("second", second)] {
                    let folder = "\(write)/\(half)"
                    try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    try texts.ocr.write(toFile: "\(folder)/\(stem).ocr.txt", atomically: true, encoding: .utf8)
                    try texts.truth.write(toFile: "\(folder)/\(stem).truth.txt", atomically: true, encoding: .utf8)
                }
            }
            let model = try Self.model(trainer.train(texts: [first], base: base))
            let raw = Evaluation.wordErrorRate(second.ocr, reference: second.truth)
            let untrained = try Self.wer(second, model: nil)
            let trained = try Self.wer(second, model: model)
            totals.raw += raw.errors
            totals.untrained += untrained.errors
            totals.trained += trained.errors
            totals.words += raw.total
            print(
                "| \(d.name) | \(raw.total) | \(raw) | \(untrained) | \(trained) | \(Self.change(untrained.rate, trained.rate)) |"
            )
        }
        let all = { (e: Int) in ErrorRate(errors: e, total: totals.words) }
        print(
            "| **all** | \(totals.words) | \(all(totals.raw)) | \(all(totals.untrained)) | \(all(totals.trained)) | \(Self.change(all(totals.untrained).rate, all(totals.trained).rate)) |"
        )

        print("\n## Across: trained on one whole document, repairing another\n")
        print("| trained on | repairing | words | untrained | trained | change |")
        print("|---|---|---:|---:|---:|---:|")
        for (k, source) in documents.enumerated() {
            let target = documents[(k + 1) % documents.count]
            guard target.name != source.name else { continue }
            let model = try Self.model(trainer.train(texts: [(source.ocr, source.truth)], base: base))
            let untrained = try Self.wer((target.ocr, target.truth), model: nil)
            let trained = try Self.wer((target.ocr, target.truth), model: model)
            print(
                "| \(source.name) | \(target.name) | \(untrained.total) | \(untrained) | \(trained) | \(Self.change(untrained.rate, trained.rate)) |"
            )
        }
    }

    static func change(_ before: Double, _ after: Double) -> String {
        before == 0 ? "–" : String(format: "%+.1f %%", (after - before) / before * 100)
    }

    /// The model file's bytes written and loaded as `repair --model` loads them.
    static func model(_ result: ModelTrainer.Result) throws -> TrainedModel {
        let path = NSTemporaryDirectory() + "/repair-bench-\(getpid()).model"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(result.model).write(to: URL(fileURLWithPath: path))
        return try TrainedModel.load(path: path)
    }

    static func wer(_ text: (ocr: String, truth: String), model: TrainedModel?) throws -> ErrorRate {
        var options = PipelineOptions()
        options.model = model
        let repaired = try RepairPipeline(options: options).repair(text: text.ocr).plainText
        return Evaluation.wordErrorRate(repaired, reference: text.truth)
    }

    /// The document cut at the start of the truth paragraph (line) nearest its middle word, the
    /// OCR text at the word aligned there.
    static func halves(ocr: String, truth: String) -> (
        first: (ocr: String, truth: String), second: (ocr: String, truth: String)
    ) {
        let t = Evaluation.words(truth)
        let o = Evaluation.words(ocr)
        var starts: [Int] = []
        for j in 1..<max(t.count, 1) where truth[t[j - 1].endIndex..<t[j].startIndex].contains("\n") {
            starts.append(j)
        }
        let cut = starts.min { abs($0 - t.count / 2) < abs($1 - t.count / 2) } ?? t.count / 2
        let steps = Evaluation.alignment(o, t)
        let at = steps.firstIndex { $0.b == cut } ?? steps.count
        let ocrCut = steps[at...].first { $0.a != nil }?.a.map { o[$0].startIndex } ?? ocr.endIndex
        let truthCut = cut < t.count ? t[cut].startIndex : truth.endIndex
        return (
            (String(ocr[..<ocrCut]), String(truth[..<truthCut])), (String(ocr[ocrCut...]), String(truth[truthCut...]))
        )
    }
}

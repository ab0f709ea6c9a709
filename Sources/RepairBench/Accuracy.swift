import ArgumentParser
import Correction
import DocumentModel
import Foundation
// `repair-bench accuracy`: CER/WER of each fixture page and text pair after each stage, with
// the corrector's context ablated, and the words each stage fixed and harmed.
import Lexicon
import RepairKit

struct Accuracy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Error rates per stage on the golden pages and text pairs.")

    @Option(help: "Folder of page images with <name>.truth.txt.") var pages = "Fixtures/pages"
    @Option(help: "Folder of OCR text pairs <name>.ocr.txt / <name>.truth.txt.") var texts = "Fixtures/texts"
    @Option(help: "Folder of clean texts that must pass through unharmed.") var corpus = "Fixtures/corpus"
    @Option(
        help:
            "Folders or files of clean text of other genres (licences, man pages, documentation) whose changed words are counted, base and adapted."
    )
    var other: [String] = []
    @Flag(help: "Print JSON instead of a Markdown table.") var json = false
    @Flag(help: "List the most frequent remaining word errors.") var errors = false
    @Option(help: "Also write the generated scans here (<name>.ocr.txt, <name>.truth.txt), to study them with repair.")
    var saveGenerated: String?

    struct Row: Codable {
        var name: String
        var words: Int
        var raw: Rates, normalized: Rates, correctedNoContext: Rates, correctedNoPunctuation: Rates, base: Rates,
            corrected: Rates
        var fixed: Int, harmed: Int
    }
    struct Rates: Codable {
        var cer: Double
        var wer: Double
    }

    func saveGenerated(_ name: String, scan: String, truth: String) throws {
        guard let folder = saveGenerated else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try scan.write(toFile: "\(folder)/\(name).ocr.txt", atomically: true, encoding: .utf8)
        try truth.write(toFile: "\(folder)/\(name).truth.txt", atomically: true, encoding: .utf8)
    }

    func run() throws {
        var inputs: [(name: String, document: () throws -> Document, truth: String)] = []
        let fm = FileManager.default
        let ocr = RepairPipeline(options: PipelineOptions(normalize: false, correct: false))
        for file in ((try? fm.contentsOfDirectory(atPath: pages)) ?? []).sorted() where file.hasSuffix(".png") {
            let name = String(file.dropLast(4))
            let truth = try String(contentsOfFile: "\(pages)/\(name).truth.txt", encoding: .utf8)
            inputs.append((name, { try ocr.read("\(pages)/\(file)") }, truth))
        }
        for file in ((try? fm.contentsOfDirectory(atPath: texts)) ?? []).sorted() where file.hasSuffix(".ocr.txt") {
            let name = String(file.dropLast(8))
            let truth = try String(contentsOfFile: "\(texts)/\(name).truth.txt", encoding: .utf8)
            inputs.append((name + " (text)", { try ocr.read("\(texts)/\(file)") }, truth))
        }
        // Scans that misread the same letters throughout, made from two corpus texts.
        for file in ["freedom-online-coalition-declaration.txt", "g7-open-internet-action-plan.txt"] {
            let path = "\(corpus)/\(file)"
            guard let truth = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            let scan = NoisyCorpus.systematic(truth)
            try saveGenerated(String(file.dropLast(4)) + "-systematic", scan: scan, truth: truth)
            inputs.append(
                (
                    String(file.dropLast(4)) + " (systematic)",
                    { try TextInput.document(bytes: Array(scan.utf8), path: file) }, truth
                ))
        }
        // Far worse scans of the same kind (raw WER 55–65 %), from the two other corpus texts.
        for file in ["dfi-news-article.txt", "igf-2018-paris-messages.md"] {
            let path = "\(corpus)/\(file)"
            guard let truth = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            let scan = SyntheticDamage.harsh(truth)
            try saveGenerated(String(file.split(separator: ".")[0]) + "-harsh", scan: scan, truth: truth)
            inputs.append(
                (
                    String(file.split(separator: ".")[0]) + " (systematic, harsh)",
                    { try TextInput.document(bytes: Array(scan.utf8), path: file) }, truth
                ))
        }
        let full = RepairPipeline(options: PipelineOptions())
        var baseOptions = PipelineOptions()
        baseOptions.adapt = false
        let baseline = RepairPipeline(options: baseOptions)
        let normalizeOnly = RepairPipeline(options: PipelineOptions(correct: false))
        var noContextOptions = PipelineOptions()
        noContextOptions.correction.useContext = false
        let noContext = RepairPipeline(options: noContextOptions)
        var noPunctuationOptions = PipelineOptions()
        noPunctuationOptions.punctuation = false
        let noPunctuation = RepairPipeline(options: noPunctuationOptions)
        var punctuationFixed = 0
        var punctuationHarmed = 0

        var rows: [Row] = []
        var remaining: [String: Int] = [:]
        for input in inputs {
            let raw = try input.document()
            let normalized = try normalizeOnly.repair(raw)
            let corrected = try full.repair(raw)
            let base = try baseline.repair(raw)
            let ablated = try noContext.repair(raw)
            let withoutPunctuation = try noPunctuation.repair(raw)
            let ph = Evaluation.fixedAndHarmed(
                before: withoutPunctuation.plainText, after: corrected.plainText, reference: input.truth)
            punctuationFixed += ph.fixed
            punctuationHarmed += ph.harmed
            func rates(_ d: Document) -> Rates {
                Rates(
                    cer: Evaluation.characterErrorRate(d.plainText, reference: input.truth).rate,
                    wer: Evaluation.wordErrorRate(d.plainText, reference: input.truth).rate)
            }
            let fh = Evaluation.fixedAndHarmed(
                before: normalized.plainText, after: corrected.plainText, reference: input.truth)
            rows.append(
                Row(
                    name: input.name, words: Evaluation.words(input.truth).count, raw: rates(raw),
                    normalized: rates(normalized),
                    correctedNoContext: rates(ablated), correctedNoPunctuation: rates(withoutPunctuation),
                    base: rates(base), corrected: rates(corrected), fixed: fh.fixed, harmed: fh.harmed))
            if errors {
                for (h, r) in Self.wordErrors(corrected.plainText, input.truth) {
                    remaining["\(h) → \(r)", default: 0] += 1
                }
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(rows), as: UTF8.self))
            return
        }
        print(
            "| input | words | WER raw | WER normalized | WER base corrector | WER adapted, no context | WER adapted, no punctuation stage | WER adapted | CER raw → adapted | fixed | harmed |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows {
            print(
                "| \(r.name) | \(r.words) | \(pct(r.raw.wer)) | \(pct(r.normalized.wer)) | \(pct(r.base.wer)) | \(pct(r.correctedNoContext.wer)) | \(pct(r.correctedNoPunctuation.wer)) | \(pct(r.corrected.wer)) | \(pct(r.raw.cer)) → \(pct(r.corrected.cer)) | \(r.fixed) | \(r.harmed) |"
            )
        }
        func printTotal(_ label: String, _ rows: [Row]) {
            let words = rows.reduce(0) { $0 + $1.words }
            func total(_ f: (Row) -> Double) -> String {
                pct(rows.reduce(0) { $0 + f($1) * Double($1.words) } / Double(max(words, 1)))
            }
            print(
                "| **\(label)** | \(words) | \(total { $0.raw.wer }) | \(total { $0.normalized.wer }) | \(total { $0.base.wer }) | \(total { $0.correctedNoContext.wer }) | \(total { $0.correctedNoPunctuation.wer }) | \(total { $0.corrected.wer }) | \(total { $0.raw.cer }) → \(total { $0.corrected.cer }) | \(rows.reduce(0) { $0 + $1.fixed }) | \(rows.reduce(0) { $0 + $1.harmed }) |"
            )
        }
        // The text pairs on their own: another folder (`--texts`) is read as one collection.
        printTotal("text pairs", rows.filter { $0.name.hasSuffix(" (text)") })
        printTotal("all", rows)
        print(
            "\nPunctuation stage alone (corrected without it → with it): \(punctuationFixed) words fixed, \(punctuationHarmed) harmed"
        )
        // Clean text: what the corrector changes in text that has nothing to correct.
        var cleanWords = 0
        var changes: [String] = []
        for file in ((try? fm.contentsOfDirectory(atPath: corpus)) ?? []).sorted() {
            let normalized = try normalizeOnly.process("\(corpus)/\(file)")
            let corrected = try full.repair(normalized)
            cleanWords += Evaluation.words(normalized.plainText).count
            changes += corrected.edits.filter { $0.stage == "correct" || $0.stage == "punctuation" }.map {
                "\($0.before) → \($0.after)"
            }
        }
        print(
            "\nClean text (\(corpus)): \(cleanWords) words, \(changes.count) changed by the corrector (\(pct(Double(changes.count) / Double(max(cleanWords, 1)))))\(changes.isEmpty ? "" : ": " + changes.prefix(20).joined(separator: ", "))"
        )
        try otherGenres(base: baseline, adapted: full, normalizeOnly: normalizeOnly)
        if errors {
            Self.printMostFrequent(
                remaining, limit: 40, title: "Most frequent remaining word errors (corrected → truth):")
        }
    }

    /// Clean text of other genres: the share of words the text stages change, base and adapted.
    func otherGenres(base: RepairPipeline, adapted: RepairPipeline, normalizeOnly: RepairPipeline) throws {
        let fm = FileManager.default
        var files: [String] = []
        for path in other {
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue {
                for name in ((try? fm.contentsOfDirectory(atPath: path)) ?? []).sorted() {
                    let full = "\(path)/\(name)"
                    // Each text once: Debian links GPL to GPL-3 and so on.
                    if (try? fm.destinationOfSymbolicLink(atPath: full)) == nil { files.append(full) }
                }
            } else {
                files.append(path)
            }
        }
        guard !files.isEmpty else { return }
        print("\nOther genres (clean text; words changed by punctuation and correction):")
        print("| text | words | changed, base | changed, adapted | prior | examples (adapted) |")
        print("|---|---:|---:|---:|---:|---|")
        var totalWords = 0
        var totalBase = 0
        var totalAdapted = 0
        for file in files {
            guard let normalized = try? normalizeOnly.process(file) else { continue }
            let b = try base.repair(normalized)
            let a = try adapted.repair(normalized)
            func changed(_ d: Document) -> [Edit] {
                d.edits.filter { $0.stage == "correct" || $0.stage == "punctuation" }
            }
            let words = Evaluation.words(normalized.plainText).count
            let cb = changed(b).count
            let ca = changed(a).count
            totalWords += words
            totalBase += cb
            totalAdapted += ca
            let examples = changed(a).prefix(6).map { "\($0.before) → \($0.after)" }.joined(separator: ", ")
            let prior = a.adaptation.map { String(format: "%.3f", $0.prior) } ?? "–"
            print(
                "| \((file as NSString).lastPathComponent) | \(words) | \(cb) (\(pct(Double(cb) / Double(max(words, 1))))) | \(ca) (\(pct(Double(ca) / Double(max(words, 1))))) | \(prior) | \(examples) |"
            )
        }
        print(
            "| **all** | \(totalWords) | \(totalBase) (\(pct(Double(totalBase) / Double(max(totalWords, 1))))) | \(totalAdapted) (\(pct(Double(totalAdapted) / Double(max(totalWords, 1))))) | | |"
        )
        for rate in [0.02, 0.10] {
            try lightlyDamaged(files, rate: rate, base: base, adapted: adapted, normalizeOnly: normalizeOnly)
        }
    }

    /// The same texts with `rate` of their words damaged (2 %: OCR of clean technical text,
    /// terms, names, code and a little noise; 10 %: a book's or a newspaper's OCR): WER raw,
    /// base and adapted, with the words fixed and harmed.
    func lightlyDamaged(
        _ files: [String], rate: Double, base: RepairPipeline, adapted: RepairPipeline, normalizeOnly: RepairPipeline
    ) throws {
        let confusions = try Lexicon.load(path: "dictionaries/en.lexicon").confusions
        print("\nOther genres with \(Int(rate * 100)) % of their words damaged (truth: the clean text):")
        print("| text | words | WER raw | base | adapted | fixed | harmed |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        var total = (words: 0, raw: 0.0, base: 0.0, adapted: 0.0, fixed: 0, harmed: 0)
        var remaining: [String: Int] = [:]
        var harmed: [String: Int] = [:]
        for file in files {
            guard let normalized = try? normalizeOnly.process(file) else { continue }
            let truth = normalized.plainText
            let damaged = NoisyCorpus.lightlyDamaged(truth, rate: rate, confusions: confusions)
            let document = try TextInput.document(bytes: Array(damaged.utf8), path: file)
            let b = try base.repair(document).plainText
            let a = try adapted.repair(document).plainText
            let words = Evaluation.words(truth).count
            let raw = Evaluation.wordErrorRate(damaged, reference: truth).rate
            let wb = Evaluation.wordErrorRate(b, reference: truth).rate
            let wa = Evaluation.wordErrorRate(a, reference: truth).rate
            let fh = Evaluation.fixedAndHarmed(before: damaged, after: a, reference: truth)
            total.words += words
            total.raw += raw * Double(words)
            total.base += wb * Double(words)
            total.adapted += wa * Double(words)
            total.fixed += fh.fixed
            total.harmed += fh.harmed
            if errors {
                for (h, r) in Self.wordErrors(a, truth) { remaining["\(h) → \(r)", default: 0] += 1 }
                for (h, r) in Self.harmedWords(before: damaged, after: a, reference: truth) {
                    harmed["\(r) → \(h)", default: 0] += 1
                }
            }
            print(
                "| \((file as NSString).lastPathComponent) | \(words) | \(pct(raw)) | \(pct(wb)) | \(pct(wa)) | \(fh.fixed) | \(fh.harmed) |"
            )
        }
        let n = Double(max(total.words, 1))
        print(
            "| **all** | \(total.words) | \(pct(total.raw / n)) | \(pct(total.base / n)) | \(pct(total.adapted / n)) | \(total.fixed) | \(total.harmed) |"
        )
        if errors {
            Self.printMostFrequent(
                remaining, limit: 60, title: "Remaining word errors there (adapted → truth), by how often:")
            Self.printMostFrequent(
                harmed, limit: 60, title: "Right words the adapted corrector broke there (truth → adapted):")
        }
    }

    /// The `limit` most frequent entries of `counts` under `title`, ties in string order.
    static func printMostFrequent(_ counts: [String: Int], limit: Int, title: String) {
        print("\n" + title)
        for (e, n) in counts.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) })
            .prefix(limit)
        { print("  \(n)× \(e)") }
    }

    /// Reference words `before` had right and `after` has wrong, with what `after` has there.
    static func harmedWords(before: String, after: String, reference: String) -> [(String, String)] {
        let r = Evaluation.words(reference)
        let b = Evaluation.words(before)
        let a = Evaluation.words(after)
        var rightBefore = Set<Int>()
        for pair in Evaluation.alignWords(b, r) {
            if let h = pair.hypothesis, let j = pair.reference, b[h] == r[j] { rightBefore.insert(j) }
        }
        return Evaluation.alignWords(a, r).compactMap { pair in
            guard let j = pair.reference, rightBefore.contains(j) else { return nil }
            guard let h = pair.hypothesis else { return ("∅", String(r[j])) }
            return a[h] == r[j] ? nil : (String(a[h]), String(r[j]))
        }
    }

    /// Substituted, deleted (→ ∅) and inserted (∅ →) word pairs on a minimum-edit alignment.
    static func wordErrors(_ hypothesis: String, _ reference: String) -> [(String, String)] {
        let h = Evaluation.words(hypothesis)
        let r = Evaluation.words(reference)
        return Evaluation.alignWords(h, r).compactMap { pair in
            switch (pair.hypothesis, pair.reference) {
            case (let i?, let j?): return h[i] == r[j] ? nil : (String(h[i]), String(r[j]))
            case (let i?, nil): return (String(h[i]), "∅")
            case (nil, let j?): return ("∅", String(r[j]))
            case (nil, nil): return nil
            }
        }
    }
}

func pct(_ x: Double) -> String {
    let v = Int((x * 10000).rounded())
    return "\(v / 100).\(v % 100 < 10 ? "0" : "")\(v % 100) %"
}

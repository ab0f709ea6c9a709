import DocumentModel
import Foundation
// The adaptive corrector in the pipeline: harsh scans gain over the base corrector without
// harm, clean text of other genres is left alone, and the document's record is kept.
import Lexicon
import RepairKit
import TestSupport
import Testing

@Suite("Adaptation in the pipeline")
struct AdaptationPipelineTests {
    // One set of pipelines per test: a pipeline is used by one thread at a time.
    let adapted = RepairPipeline()
    let base: RepairPipeline = {
        var options = PipelineOptions()
        options.adapt = false
        return RepairPipeline(options: options)
    }()
    let normalizeOnly = RepairPipeline(options: PipelineOptions(correct: false))

    @Test("every OCR text pair: adapted no worse than base, harms at most 1 % of the right words, idempotent")
    func textPairs() throws {
        let pairs = try Paths.texts(in: Paths.texts, suffix: ".ocr.txt")
        #expect(pairs.count >= 9)
        var harsh = 0
        for (name, _) in pairs {
            let path = Paths.texts.appendingPathComponent(name + ".ocr.txt").path
            let truth = try String(
                contentsOfFile: Paths.texts.appendingPathComponent(name + ".truth.txt").path, encoding: .utf8)
            let raw = try normalizeOnly.process(path)
            let a = try adapted.repair(raw).plainText
            let b = try base.repair(raw).plainText
            let werAdapted = Evaluation.wordErrorRate(a, reference: truth).rate
            let werBase = Evaluation.wordErrorRate(b, reference: truth).rate
            #expect(werAdapted <= werBase + 1e-9, "\(name): adapted \(werAdapted) > base \(werBase)")
            // Idempotent: repair's output, read again as text, comes out the same (adapted and base).
            #expect(try adapted.repair(text: a).plainText == a, "\(name): a second run changes the text")
            #expect(try base.repair(text: b).plainText == b, "\(name): a second base run changes the text")
            let right = Evaluation.matchedReferenceWords(Evaluation.words(raw.plainText), Evaluation.words(truth)).count
            let (_, harmed) = Evaluation.fixedAndHarmed(before: raw.plainText, after: a, reference: truth)
            #expect(Double(harmed) <= 0.01 * Double(right), "\(name): \(harmed) of \(right) right words harmed")
            if name.hasSuffix("-bad") || name.hasSuffix("-worse") {
                harsh += 1
                let werRaw = Evaluation.wordErrorRate(raw.plainText, reference: truth).rate
                #expect(werRaw >= 0.4, "\(name) is a harsh pair: raw WER \(werRaw)")
                #expect(
                    werAdapted < werBase || werBase == 0,
                    "\(name): adaptation gains nothing (\(werBase) → \(werAdapted))")
            }
        }
        #expect(harsh >= 4)
    }

    @Test("the harsh licence scans of Fixtures/train: a second run changes nothing")
    func idempotentOnHarshScans() throws {
        let folder = Paths.root.appendingPathComponent("Fixtures/train")
        let scans = try Paths.texts(in: folder, suffix: ".ocr.txt")
        #expect(scans.count >= 4)
        var options = PipelineOptions()
        options.maximumPasses = 1
        let onePass = RepairPipeline(options: options)
        var changedAfterOnePass = 0
        for (name, text) in scans {
            let repaired = try adapted.repair(text: text)
            let once = repaired.plainText
            #expect(once != text, "\(name): nothing repaired")
            #expect((repaired.adaptation?.passes ?? 0) >= 2, "\(name): no second pass")
            #expect(try adapted.repair(text: once).plainText == once, "\(name): a second run changes the text")
            let single = try onePass.repair(text: text).plainText
            if try onePass.repair(text: single).plainText != single { changedAfterOnePass += 1 }
        }
        // What the passes are for: after one, a second run of repair changes some of these scans.
        #expect(changedAfterOnePass >= 1)
    }

    @Test("licence prose (another genre): at most 0.05 % of words changed")
    func licences() throws {
        let folder = "/usr/share/common-licenses"
        let names = ["GPL-3", "LGPL-2.1", "Apache-2.0", "MPL-2.0", "Artistic", "GFDL-1.3"]
        var words = 0
        var changed = 0
        for name in names {
            let normalized = try normalizeOnly.process("\(folder)/\(name)")
            let repaired = try adapted.repair(normalized)
            words += Evaluation.words(normalized.plainText).count
            changed += repaired.edits.filter { $0.stage == "correct" || $0.stage == "punctuation" }.count
        }
        #expect(words > 15_000)
        #expect(Double(changed) <= 0.0005 * Double(words), "\(changed) of \(words) words changed")
    }

    @Test("a clean technical text: its terms, code words and marks are kept")
    func technicalText() throws {
        let text = """
            The morp tool reads xfst files: run `morp -l lexc.txt | sort`, then check ~/morp/out for the tables.
            Each morp table is compiled by xfst; if iff holds, the lexc rules apply (see the eval script).
            Use morp --perf to time the xfst compiler; the eval results go to ~/morp/eval.

            The morp tables list every rule, and xfst prints them with `print net`; lexc reads them back.
            """
        let document = try TextInput.document(bytes: Array(text.utf8), path: "tech.txt")
        let repaired = try adapted.repair(document)
        let changes = repaired.edits.filter { $0.stage == "correct" || $0.stage == "punctuation" }
        #expect(changes.isEmpty, "\(changes.map { "\($0.before) → \($0.after)" })")
    }

    @Test("a manual's page with code and few unknown words: its quotes, marks and code words are kept")
    func manualPage() throws {
        // Too few unknown words for the prior to leave its default (0.7, noisy): the notation
        // says the page's marks are printed.
        let text = """
            To look a topic up, type help(topic) or ?topic; for a phrase, quote it as a “character string”, \
            and help.search("linear models") lists the pages that mention it.
            A vector is made by the function c(), as in x <- c(10.4, 5.6, 3.1), and assign("x", y) does the same.
            The parallel maximum and minimum, pmax(x, y) and pmin(x, y), compare the vectors element by element.
            Commands typed at the prompt are kept by readline in the file .Rhistory | see the options.
            The number of values is length(x) and their sum is sum(x), so mean(x) = sum(x)/length(x).
            """
        let document = try TextInput.document(bytes: Array(text.utf8), path: "manual.txt")
        let repaired = try adapted.repair(document)
        let changes = repaired.edits.filter {
            $0.stage == "correct" || $0.stage == "punctuation" || $0.stage == "style"
        }
        #expect(changes.isEmpty, "\(changes.map { "\($0.before) → \($0.after)" })")
        #expect(repaired.adaptation?.printsNotation == true)
        // The same page's prose without its code is read as OCR with the default prior.
        let prose = try TextInput.document(
            bytes: Array("Commands typed at the prompt are kept in a file and the values summed.".utf8),
            path: "prose.txt")
        #expect(try adapted.repair(prose).adaptation?.printsNotation == false)
    }

    @Test("Markdown code in a noisy document: fenced blocks pass through every stage, code spans keep their words")
    func markdownCode() throws {
        let corpus = try String(
            contentsOf: Paths.corpus.appendingPathComponent("g7-open-internet-action-plan.txt"), encoding: .utf8)
        let scan = SyntheticDamage.systematic(corpus, seed: 5)
        let fenced = """
            ```js
            const url = require('node:url');
            ```

            ````
            ls -l /tmp | sort ;

            tar cfv x.tar ^ ~
            ````
            """
        let spans = "The scheme is `ws:` or `wss:`, parsed by `url.parse()` in Node.js, and Node.js prints it."
        let text = scan + "\n\n" + fenced + "\n\n" + spans + "\n"
        let document = try TextInput.document(bytes: Array(text.utf8), path: "notes.md")
        let repaired = try adapted.repair(document)
        #expect(try #require(repaired.adaptation).prior >= 0.5)
        let output = repaired.plainText
        #expect(output.contains(fenced + "\n\n"), "the fenced blocks changed")
        #expect(output.contains(spans), "a code span or Node.js changed")
        // The scan before them is still corrected.
        #expect(repaired.edits.filter { $0.stage == "correct" }.count > 100)
        // A fence never closed (a stray line of backticks in OCR output) takes nothing from correction.
        let half = scan.count / 2
        let (head, tail) = (scan.prefix(half), scan.dropFirst(half))
        let stray = try adapted.repair(TextInput.document(bytes: Array((head + "\n```\n" + tail).utf8), path: "a.txt"))
        let plain = try adapted.repair(TextInput.document(bytes: Array((head + "\nand\n" + tail).utf8), path: "b.txt"))
        let corrections = { (d: Document) in d.edits.filter { $0.stage == "correct" }.count }
        #expect(corrections(stray) >= corrections(plain) - 2, "\(corrections(stray)) against \(corrections(plain))")
    }

    @Test("the document's record: noise, prior, margins and learned confusions; none with adapt off")
    func record() throws {
        let path = Paths.texts.appendingPathComponent("igf-messages-7-bad.ocr.txt").path
        let adapted = try adapted.process(path)
        let record = try #require(adapted.adaptation)
        #expect(record.unknown > 20 && record.words > 150)
        #expect(record.prior > 0.8)
        #expect(record.unknownMargin < 1.0)
        #expect(record.substitutionCost < 2.3)
        #expect(try base.process(path).adaptation == nil)
    }
}

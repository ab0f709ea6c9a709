import Foundation
// `repair eval` and `repair train` as a user runs them: the summary line, folders matched by
// name, the HTML report in a real browser, a model that teaches repair a collection's words,
// and every damaged model file as one line.
import RepairKit
import TestSupport
import Testing

@Suite("repair eval and repair train")
struct EvalTrainTests {
    let folder = Paths.temporaryDirectory()

    func write(_ name: String, _ text: String) -> String {
        let path = folder.appendingPathComponent(name).path
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test("repair eval FILES: one line with CER, WER, characters and words; JSON with dinglehopper's keys")
    func evalFiles() throws {
        let truth = Paths.texts.appendingPathComponent("igf-messages-7-bad.truth.txt").path
        let ocr = Paths.texts.appendingPathComponent("igf-messages-7-bad.ocr.txt").path
        let json = folder.appendingPathComponent("r.json").path
        let result = try Command.repair(["eval", truth, ocr, "--json", json])
        #expect(result.status == 0, "\(result.stderr)")
        let t = try String(contentsOfFile: truth, encoding: .utf8)
        let o = try String(contentsOfFile: ocr, encoding: .utf8)
        let cer = Evaluation.characterErrorRate(o, reference: t)
        let wer = Evaluation.wordErrorRate(o, reference: t)
        #expect(result.stdout == "CER \(cer) WER \(wer) characters \(cer.total) words \(wer.total)\n")
        let record =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        #expect(abs((record?["cer"] as? Double ?? -1) - cer.rate) < 1e-12)
        #expect(abs((record?["wer"] as? Double ?? -1) - wer.rate) < 1e-12)
        #expect((record?["n_characters"] as? Int) == cer.total)
        #expect((record?["n_words"] as? Int) == wer.total)
        #expect(((record?["confusions"] as? [Any])?.count ?? 0) > 5)
    }

    @Test(
        "repair eval FOLDERS: matched by name, a row per file and the totals; a truth without its partner is a line and exit 1"
    )
    func evalFolders() throws {
        let pairs = try Paths.texts(in: Paths.texts, suffix: ".ocr.txt")
        let all = try Command.repair(["eval", Paths.texts.path, Paths.texts.path])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.split(separator: "\n").count == pairs.count + 1)
        #expect(all.stdout.split(separator: "\n").last?.hasSuffix("files \(pairs.count)") == true)
        // A hypothesis folder with one file missing, names as repair -o writes them.
        _ = write("hyp/page1.txt", "the modern world")
        _ = write("truth/page1.truth.txt", "the modern world")
        _ = write("truth/page2.truth.txt", "another page")
        let missing = try Command.repair([
            "eval", folder.appendingPathComponent("truth").path, folder.appendingPathComponent("hyp").path,
        ])
        #expect(missing.status == 1)
        #expect(missing.stderrLines.count == 1 && missing.stderr.contains("page2.truth.txt"), "\(missing.stderr)")
        #expect(missing.stdout.hasPrefix("CER 0.00 % WER 0.00 %"))
    }

    @Test(
        "the HTML report in headless Chromium: both sides of a difference in the DOM; read on a wide screen and a phone"
    )
    func htmlInChromium() throws {
        let browser = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        // CI installs Chromium (.ci/run); without it this test fails rather than passing unseen.
        let chromium = try #require(browser, "Chromium is not installed (apt-get install chromium)")
        let truth = write("page.truth.txt", "The Internet is a modern network of networks.\nIt connects people.\n")
        let ocr = write("page.txt", "The Intemet is a rnodern network ot networks.\nIt connects people.\n")
        let html = folder.appendingPathComponent("report.html").path
        let made = try Command.repair(["eval", truth, ocr, "--html", html])
        #expect(made.status == 0, "\(made.stderr)")
        let flags = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--user-data-dir=" + folder.path + "/profile",
        ]
        let dom = try Command.run(chromium, flags + ["--dump-dom", "file://" + html], timeLimit: 120)
        #expect(dom.status == 0, "\(dom.stderr.suffix(500))")
        // What the browser built: each misread word marked on the truth's side and the hypothesis's.
        for (lost, spurious) in [
            ("Inte<mark>rn</mark>et", "Inte<mark>m</mark>et"), ("<mark>m</mark>odern", "<mark>rn</mark>odern"),
            ("o<mark>f</mark>", "o<mark>t</mark>"),
        ] {
            #expect(dom.stdout.contains("<span class=\"lost\">\(lost)</span>"), "\(lost)")
            #expect(dom.stdout.contains("<span class=\"spurious\">\(spurious)</span>"), "\(spurious)")
        }
        #expect(dom.stdout.contains("CER <b>"))
        // Screenshots at a desktop's and a phone's width, then read back by repair's own OCR:
        // the heading and both texts' words are what a person sees.
        for width in [1280, 420] {
            let png = folder.appendingPathComponent("shot-\(width).png").path
            let shot = try Command.run(
                chromium, flags + ["--window-size=\(width),900", "--screenshot=" + png, "file://" + html],
                timeLimit: 120)
            #expect(shot.status == 0 && FileManager.default.fileExists(atPath: png), "\(shot.stderr.suffix(500))")
            let seen = try Command.repair(["--no-correct", png])
            #expect(seen.status == 0, "\(seen.stderr)")
            for word in ["OCR evaluation", "truth", "hypothesis", "network"] {
                #expect(seen.stdout.contains(word), "\(width) px: \(word) not seen in: \(seen.stdout.prefix(400))")
            }
        }
    }

    @Test(
        "repair train: a collection's word (unknown to the lexicon) misread the same way is repaired with the model, not without"
    )
    func trainTeachesWords() throws {
        // Ten pages of a collection that names "Quorvath", which OCR prints as "Quorvatb".
        for k in 0..<10 {
            let truth =
                "Page \(k): the council of Quorvath met again, and Quorvath agreed to publish the minutes of the meeting for every member."
            _ = write("pairs/p\(k).truth.txt", truth)
            _ = write("pairs/p\(k).ocr.txt", truth.replacingOccurrences(of: "Quorvath", with: "Quorvatb"))
        }
        let model = folder.appendingPathComponent("c.model").path
        let trained = try Command.repair(["train", folder.appendingPathComponent("pairs").path, "-o", model, "--quiet"])
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(trained.stdout.contains("10 pairs") && trained.stdout.contains("held-out WER"), "\(trained.stdout)")
        let text = write("new.txt", "The council of Quorvatb will meet in spring.\n")
        let untrained = try Command.repair([text])
        #expect(untrained.stdout.contains("Quorvatb"), "\(untrained.stdout)")
        let withModel = try Command.repair(["--model", model, "--explain", text])
        #expect(withModel.status == 0, "\(withModel.stderr)")
        #expect(withModel.stdout == "The council of Quorvath will meet in spring.\n", "\(withModel.stdout)")
        #expect(withModel.stderr.contains("\"model\":{") && withModel.stderr.contains("\"pairs\":10"))
        // The same model in a batch.
        let out = folder.appendingPathComponent("out").path
        let batch = try Command.repair(["--model", model, text, text, "-o", out, "--quiet"])
        #expect(batch.status == 0, "\(batch.stderr)")
    }

    @Test("repair train: a known word printed in a heading or at a sentence start keeps the lexicon's case")
    func trainKeepsCase() throws {
        for k in 0..<10 {
            let truth = "EVOLUTION\n\nEmerging technologies change how page \(k) of the council minutes is written.\n"
            _ = write("cased/p\(k).truth.txt", truth)
            _ = write("cased/p\(k).ocr.txt", truth)
        }
        let model = folder.appendingPathComponent("cased.model").path
        let trained = try Command.repair(["train", folder.appendingPathComponent("cased").path, "-o", model, "--quiet"])
        #expect(trained.status == 0, "\(trained.stderr)")
        let text = write("misread.txt", "Reports on the evolucion of emergisg technologies were read.\n")
        let repaired = try Command.repair(["--model", model, text])
        #expect(repaired.status == 0, "\(repaired.stderr)")
        #expect(repaired.stdout.contains(" emerging "), "\(repaired.stdout)")
        #expect(!repaired.stdout.contains("Emerging") && !repaired.stdout.contains("EVOLUTION"), "\(repaired.stdout)")
    }

    @Test(
        "repair train: a file without its partner, an empty truth, a truth that is not UTF-8 — a line each, the rest used; nothing usable: exit 1"
    )
    func trainProblems() throws {
        _ = write("mixed/good.ocr.txt", "the modern world")
        _ = write("mixed/good.truth.txt", "the modern world")
        _ = write("mixed/alone.ocr.txt", "no truth here")
        _ = write("mixed/empty.ocr.txt", "something")
        _ = write("mixed/empty.truth.txt", "")
        let bad = folder.appendingPathComponent("mixed/latin.truth.txt").path
        _ = write("mixed/latin.ocr.txt", "caf")
        FileManager.default.createFile(atPath: bad, contents: Data([0x63, 0x61, 0x66, 0xE9, 0x0A]))
        let model = folder.appendingPathComponent("m.model").path
        let result = try Command.repair(["train", folder.appendingPathComponent("mixed").path, "-o", model, "--quiet"])
        #expect(result.status == 1)
        #expect(result.stderrLines.count == 3, "\(result.stderr)")
        for name in ["alone.ocr.txt", "empty.truth.txt", "latin.truth.txt"] {
            #expect(result.stderr.contains(name), "\(name): \(result.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: model))
        _ = write("none/alone.ocr.txt", "x")
        let none = try Command.repair(["train", folder.appendingPathComponent("none").path, "-o", model + "2"])
        #expect(none.status == 1 && !FileManager.default.fileExists(atPath: model + "2"))
    }

    @Test("repair train reads a page image with its truth through repair's OCR stage")
    func trainOnAnImage() throws {
        let pairs = folder.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: pairs, withIntermediateDirectories: true)
        for file in ["dfi-article-clean.png", "dfi-article-clean.truth.txt"] {
            try FileManager.default.createSymbolicLink(
                atPath: pairs.appendingPathComponent(file).path, withDestinationPath: Paths.page(file))
        }
        let model = folder.appendingPathComponent("image.model").path
        let result = try Command.repair(["train", pairs.path, "-o", model, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("\(model): 1 pairs, "), "\(result.stdout)")
    }

    @Test("a damaged, truncated, foreign or empty model file: one line naming it, exit 1, no output")
    func damagedModels() throws {
        _ = write("pairs/a.ocr.txt", "the rnodern world of networks")
        _ = write("pairs/a.truth.txt", "the modern world of networks")
        let model = folder.appendingPathComponent("good.model").path
        let trained = try Command.repair(["train", folder.appendingPathComponent("pairs").path, "-o", model, "--quiet"])
        #expect(trained.status == 0, "\(trained.stderr)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: model)))
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        var shifted = bytes
        shifted[80] = 0xFF  // the lexicon's offset
        let cases: [(String, [UInt8], String)] = [
            ("empty.model", [], "no model header"),
            ("lexicon.model", [UInt8](try Data(contentsOf: URL(fileURLWithPath: Paths.lexicon))), "no model header"),
            ("truncated.model", Array(bytes.prefix(bytes.count - 1000)), "truncated"),
            ("header.model", Array(bytes.prefix(100)), "truncated header"),
            ("flipped.model", flipped, "checksum"),
            ("offset.model", shifted, "offset"),
        ]
        let text = write("t.txt", "the modern world\n")
        for (name, data, problem) in cases {
            let path = folder.appendingPathComponent(name).path
            FileManager.default.createFile(atPath: path, contents: Data(data))
            let result = try Command.repair(["--model", path, text])
            #expect(result.status == 1, "\(name)")
            #expect(result.stdout.isEmpty, "\(name)")
            #expect(result.stderrLines.count == 1 && result.stderr.contains(name), "\(name): \(result.stderr)")
            #expect(result.stderr.contains(problem), "\(name): \(result.stderr)")
        }
        let folderModel = try Command.repair(["--model", folder.path, text])
        #expect(folderModel.status == 1 && folderModel.stderrLines.count == 1, "\(folderModel.stderr)")
    }
}

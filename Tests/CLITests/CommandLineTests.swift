import Foundation
// The command line as a user meets it: help, version, exit codes, stdin, atomic output.
import Lexicon
import TestSupport
import Testing

@Suite("Command line")
struct CommandLineTests {
    @Test("--help explains inputs, output, exit status and gives examples")
    func help() throws {
        let result = try Command.repair(["--help"])
        #expect(result.status == 0)
        for needle in [
            "USAGE: repair", "<input>", "--output", "--psm", "--lang", "--tessdata-dir",
            "--encoding", "Exit status", "Examples:", "repair scan.png > clean.txt",
        ] {
            #expect(result.stdout.contains(needle), "missing \(needle)")
        }
    }

    @Test("--version names repair, Tesseract and ICU")
    func version() throws {
        let result = try Command.repair(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("repair "))
        #expect(result.stdout.contains("Tesseract 5"))
        #expect(result.stdout.contains("ICU "))
    }

    @Test(
        "usage errors exit 64",
        arguments: [
            [String](), ["--psm", "99", "x.png"], ["--bogus", "x.png"], ["--shard", "0/2", "x.txt"],
            ["a.txt", "b.txt", "-o", "out", "--jobs", "0"], ["a.txt", "b.txt", "-o", "out", "--shard", "2/2"],
            ["a.txt", "-", "-o", "out"], ["--passes", "0", "x.txt"],
        ])
    func usageErrors(arguments: [String]) throws {
        let result = try Command.repair(arguments)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
    }

    @Test("- reads text from standard input")
    func standardInput() throws {
        let result = try Command.repair(["-"], stdin: Data("First line\nsecond line\n\n\n\nNext paragraph\n".utf8))
        #expect(result.status == 0)
        #expect(result.stdout == "First line second line\n\nNext paragraph\n")
        #expect(result.stderr.isEmpty)
        let kept = try Command.repair(["--keep-lines", "-"], stdin: Data("First line\nsecond line\n".utf8))
        #expect(kept.stdout == "First line\nsecond line\n")
    }

    @Test("-o writes the file whole and replaces an older one")
    func outputFile() throws {
        let folder = Paths.temporaryDirectory()
        let input = folder.appendingPathComponent("in.txt").path
        let output = folder.appendingPathComponent("out.txt").path
        _ = FileManager.default.createFile(atPath: input, contents: Data("Some text.\n".utf8))
        _ = FileManager.default.createFile(atPath: output, contents: Data("old".utf8))
        let result = try Command.repair([input, "-o", output])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "Some text.\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["in.txt", "out.txt"])
    }

    @Test("a page image prints its text")
    func pageImage() throws {
        let result = try Command.repair([Paths.page("fol-declaration-clean.png")])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.contains("Universal Declaration of Human Rights"))
        #expect(result.stdout.contains("\n\n"))
    }

    @Test("every page of a multi-page TIFF is read, in order, and numbered in JSON")
    func multipageTIFF() throws {
        let tiff = Paths.root.appendingPathComponent("Fixtures/multipage/two-pages.tif").path
        let text = try Command.repair([tiff])
        #expect(text.status == 0, "\(text.stderr)")
        let first = try #require(text.stdout.range(of: "Universal Declaration of Human Rights"))  // page 1
        let second = try #require(text.stdout.range(of: "We resolve to work together"))  // page 2
        #expect(first.upperBound < second.lowerBound)
        let json = try Command.repair(["--format", "json", tiff])
        let record = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let pages = try #require(record["pages"] as? [[String: Any]])
        #expect(pages.compactMap { $0["number"] as? Int } == [1, 2])
        let hocr = try Command.repair(["--format", "hocr", tiff]).stdout
        #expect(hocr.contains("id=\"page_1\"") && hocr.contains("id=\"page_2\"") && hocr.contains("ppageno 1"))
    }

    @Test("--no-recover and --no-preprocess leave the page as Tesseract's layout analysis read it")
    func recognitionSwitches() throws {
        let page = Paths.page("dfi-article-mixed.png")
        let full = try Command.repair(["--no-correct", page])
        let bare = try Command.repair(["--no-correct", "--no-recover", "--no-preprocess", page])
        #expect(full.status == 0 && bare.status == 0)
        // The paragraph printed askew is skipped by the layout analysis and read by repair.
        #expect(full.stdout.contains("Marshall Islands"))
        #expect(!bare.stdout.contains("Marshall Islands"))
    }

    @Test("--format json: the text, every word placed in the page with OCR's reading, every edit")
    func jsonFormat() throws {
        let page = Paths.page("igf-messages-medium.png")
        let text = try Command.repair([page]).stdout
        let result = try Command.repair(["--format", "json", page])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["text"] as? String == text)
        #expect(json["source"] as? String == page)
        let pages = try #require(json["pages"] as? [[String: Any]])
        let width = try #require(pages[0]["width"] as? Int)
        let height = try #require(pages[0]["height"] as? Int)
        var changed: [String: String] = [:]
        for paragraph in try #require(pages[0]["paragraphs"] as? [[String: Any]]) {
            let words = try #require(paragraph["words"] as? [[String: Any]])
            let paragraphText = try #require(paragraph["text"] as? String)
            #expect(
                words.map { $0["text"] as? String ?? "" }.joined(separator: " ")
                    == paragraphText.split(whereSeparator: \.isWhitespace).joined(separator: " "))
            for word in words {
                let box = try #require(word["box"] as? [Int])
                #expect(
                    box[0] >= 0 && box[1] >= 0 && box[2] <= width && box[3] <= height && box[0] < box[2]
                        && box[1] < box[3])
                if let ocr = word["ocr"] as? String { changed[word["text"] as? String ?? ""] = ocr }
            }
        }
        #expect(changed["algorithms."] == "algorithrns.")
        #expect(changed["necessity"] == "neces- sity")
        #expect((json["edits"] as? [[String: Any]])?.isEmpty == false)
    }

    @Test("--format hocr: OCR's layout with the repaired words; on text it is an error naming the file")
    func hocrFormat() throws {
        let page = Paths.page("igf-messages-medium.png")
        let result = try Command.repair(["--format", "hocr", page])
        #expect(result.status == 0)
        let hocr = result.stdout
        #expect(hocr.hasPrefix("<?xml") && hocr.contains("class=\"ocr_page\"") && hocr.hasSuffix("</html>\n"))
        #expect(hocr.components(separatedBy: "<span").count == hocr.components(separatedBy: "</span>").count)
        #expect(hocr.components(separatedBy: "<p ").count == hocr.components(separatedBy: "</p>").count)
        #expect(hocr.contains("x_ocr &quot;algorithrns.&quot;\">algorithms.</span>"))
        let words = hocr.components(separatedBy: "class=\"ocrx_word\"").count - 1
        let json = try Command.repair(["--format", "json", page]).stdout
        #expect(words == json.components(separatedBy: "\"confidence\"").count - 1)
        let notes = Paths.temporaryDirectory().appendingPathComponent("notes.txt")
        try "Some text.\n".write(to: notes, atomically: true, encoding: .utf8)
        let text = try Command.repair(["--format", "hocr", notes.path])
        #expect(text.status == 1 && text.stdout.isEmpty)
        #expect(text.stderrLines == ["repair: \(notes.path): hOCR needs a page image; this input is text"])
    }

    @Test("--dictionary protects the user's words; a missing one is an error naming it")
    func userDictionary() throws {
        let folder = Paths.temporaryDirectory()
        let words = folder.appendingPathComponent("words.txt").path
        _ = FileManager.default.createFile(atPath: words, contents: Data("Govemment\n".utf8))
        let plain = try Command.repair(["-"], stdin: Data("the govemment of Canada\n".utf8))
        #expect(plain.stdout == "the government of Canada\n")
        let kept = try Command.repair(["--dictionary", words, "-"], stdin: Data("the govemment of Canada\n".utf8))
        #expect(kept.stdout == "the govemment of Canada\n")
        let missing = try Command.repair(
            ["--dictionary", folder.appendingPathComponent("none.txt").path, "-"], stdin: Data("x\n".utf8))
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("none.txt: no such file"))
        #expect(missing.stdout.isEmpty)
    }

    @Test("--encoding reads Latin-1 text")
    func latin1() throws {
        let result = try Command.repair(["--encoding", "latin1", "-"], stdin: Data([0x63, 0x61, 0x66, 0xE9, 0x0A]))
        #expect(result.status == 0)
        #expect(result.stdout == "café\n")
    }
}

@Suite("Command line: the adaptive corrector")
struct AdaptiveCommandLineTests {
    static let harsh = Paths.texts.appendingPathComponent("g7-action-plan-3-bad.ocr.txt").path

    @Test("--explain opens with the document's record; --format json carries it; --no-adapt has none and corrects less")
    func record() throws {
        let explained = try Command.repair(["--explain", Self.harsh])
        #expect(explained.status == 0)
        let first = try #require(explained.stderrLines.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        let record = try #require(object["adaptation"] as? [String: Any])
        for key in [
            "prior", "unknownMargin", "nameMargin", "realWordMargin", "characterErrorRate", "confusions", "rounds",
            "words", "unknown",
        ] {
            #expect(record[key] != nil, "record lacks \(key)")
        }
        let json = try Command.repair(["--format", "json", Self.harsh])
        let whole = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(whole["adaptation"] is [String: Any])

        let base = try Command.repair(["--no-adapt", "--explain", Self.harsh])
        #expect(base.status == 0)
        #expect(!base.stderr.contains("\"adaptation\""))
        #expect(base.stdout != explained.stdout)
    }
}

@Suite("Command line: the same input gives the same output")
struct DeterminismTests {
    @Test(
        "separate runs (each with its own hash seed) print the same bytes: every text pair, and a list whose markers tie"
    )
    func sameBytes() throws {
        let folder = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Two runs of items, one with * and one with +, equally many: the bullet is a tie.
        let list =
            "Our commitments:\n\n* open networks for all\n\n* rights online\n\nAnd more:\n\n+ digital literacy\n\n+ free flow of information\n"
        let listPath = folder.appendingPathComponent("list.txt").path
        try list.write(toFile: listPath, atomically: true, encoding: .utf8)
        var inputs = [listPath]
        for (name, _) in try Paths.texts(in: Paths.texts, suffix: ".ocr.txt") {
            inputs.append(Paths.texts.appendingPathComponent(name + ".ocr.txt").path)
        }
        #expect(inputs.count >= 10)
        for input in inputs {
            let first = try Command.repair([input])
            #expect(first.status == 0)
            for _ in 0..<3 {
                let again = try Command.repair([input])
                #expect(again.stdout == first.stdout, "\(input): output differs between runs")
            }
        }
    }
}

// The command line as a user meets it: help, version, exit codes, stdin, atomic output.
import Foundation
import Testing
import TestSupport

@Suite("Command line")
struct CommandLineTests {
    @Test("--help explains inputs, output, exit status and gives examples")
    func help() throws {
        let result = try Command.repair(["--help"])
        #expect(result.status == 0)
        for needle in ["USAGE: repair", "<input>", "--output", "--psm", "--lang", "--tessdata-dir",
                       "--encoding", "Exit status", "Examples:", "repair scan.png > clean.txt"] {
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

    @Test("usage errors exit 64", arguments: [[String](), ["--psm", "99", "x.png"], ["--bogus", "x.png"], ["--shard", "0/2", "x.txt"],
                                              ["a.txt", "b.txt", "-o", "out", "--jobs", "0"], ["a.txt", "b.txt", "-o", "out", "--shard", "2/2"],
                                              ["a.txt", "-", "-o", "out"]])
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
        FileManager.default.createFile(atPath: input, contents: Data("Some text.\n".utf8))
        FileManager.default.createFile(atPath: output, contents: Data("old".utf8))
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

    @Test("--dictionary protects the user's words; a missing one is an error naming it")
    func userDictionary() throws {
        let folder = Paths.temporaryDirectory()
        let words = folder.appendingPathComponent("words.txt").path
        FileManager.default.createFile(atPath: words, contents: Data("Govemment\n".utf8))
        let plain = try Command.repair(["-"], stdin: Data("the govemment of Canada\n".utf8))
        #expect(plain.stdout == "the government of Canada\n")
        let kept = try Command.repair(["--dictionary", words, "-"], stdin: Data("the govemment of Canada\n".utf8))
        #expect(kept.stdout == "the govemment of Canada\n")
        let missing = try Command.repair(["--dictionary", folder.appendingPathComponent("none.txt").path, "-"], stdin: Data("x\n".utf8))
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

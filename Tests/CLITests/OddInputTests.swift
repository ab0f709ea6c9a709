// Odd and hostile inputs, each alone and all in one batch folder with a symbolic-link loop:
// never a crash or a hang; either the text (or a sensible output) or one line naming the
// file; outputs for the good files; no temporary file left. The images are Fixtures/odd
// (scripts/make-odd-inputs); the texts are made here.
import Foundation
import TestSupport
import Testing

@Suite("Odd inputs")
struct OddInputTests {
    /// What repair must do with an input.
    enum Expectation: Sendable, CustomStringConvertible {
        /// Exit 0, nothing on stderr, and this text in the output.
        case reads(String)
        /// Exit 0 and nothing on stderr; any output (a page with nothing to read).
        case output
        /// Exit 1, nothing on stdout, one line `repair: <path>: …` mentioning this.
        case fails(String)

        var description: String {
            switch self {
            case .reads(let text): return "reads \"\(text)\""
            case .output: return "exit 0"
            case .fails(let problem): return "one line: \(problem)"
            }
        }
    }

    /// A hang is any run over this many seconds (the slowest input here takes about 3).
    static let timeLimit = 60.0

    static let line = "freedom of opinion and expression"

    /// Every file of Fixtures/odd and what repair must do with it.
    static let images: [(String, Expectation)] = [
        ("grey-16bit.png", .reads(line)), ("rgb-16bit.png", .reads(line)), ("rgba.png", .reads(line)),
        ("grey-alpha.png", .reads(line)), ("text-in-alpha.png", .reads(line)), ("palette.png", .reads(line)),
        ("bilevel.png", .reads(line)), ("inverted.png", .reads(line)), ("cmyk.jpg", .reads(line)),
        ("progressive.jpg", .reads(line)), ("cmyk.tif", .reads(line)), ("rgb-lzw.tif", .reads(line)),
        ("g4.tif", .reads(line)), ("two-pages.tif", .reads(line)), ("grey.gif", .reads(line)),
        ("rgb.webp", .reads(line)), ("bilevel.bmp", .reads(line)), ("bilevel.pbm", .reads(line)),
        ("png-named.jpg", .reads(line)), ("rotated-90.png", .reads(line)), ("upside-down.png", .reads(line)),
        ("blank-white.png", .output),
        ("all-black.png", .output), ("one-pixel.png", .output), ("wide-30000x8.png", .output), ("noise.png", .output),
        ("tiff-300-pages.tif", .output), ("bad-crc.png", .fails("corrupt or truncated PNG image")),
        ("zero-width.png", .fails("corrupt or truncated PNG image")),
        ("bomb-30000.png", .fails("image too large: 30000×30000 pixels")),
        ("float32.tif", .fails("unsupported image format: TIFF with 32-bit samples")),
        ("tiff-second-page-cut.tif", .fails("corrupt or truncated TIFF image")),
        ("html-named.png", .fails("not an image")), ("only-signature.png", .fails("corrupt or truncated PNG image")),
        ("gif-cut.gif", .fails("corrupt or truncated GIF image")),
    ]

    /// Text inputs made here: a name, its bytes, and what repair must do.
    static let texts: [(String, @Sendable () -> [UInt8], Expectation)] = {
        let rights = "the declaration of rights\n"
        return [
            ("empty.txt", { [] }, .output),
            ("whitespace.txt", { utf8(" \n\t\n\n   \n") }, .output),
            ("bom-only.txt", { [0xEF, 0xBB, 0xBF] }, .output),
            ("nul.txt", { utf8("hello\u{0}world\n") }, .fails("binary data at byte 5")),
            ("latin1.txt", { utf8("caf") + [0xE9, 0x0A] }, .fails("not valid UTF-8 (first bad byte at offset 3)")),
            (
                "overlong-and-surrogate.txt", { utf8("The ") + [0xC0, 0xAF, 0xED, 0xA0, 0x80, 0x0A] },
                .fails("not valid UTF-8 (first bad byte at offset 4)")
            ),
            (
                "utf16le.txt", { [0xFF, 0xFE] + rights.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } },
                .reads("the declaration of rights")
            ),
            (
                "utf16be.txt", { [0xFE, 0xFF] + rights.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } },
                .reads("the declaration of rights")
            ),
            (
                "utf32le.txt",
                {
                    [0xFF, 0xFE, 0, 0]
                        + rights.unicodeScalars.flatMap { s in (0..<4).map { UInt8(s.value >> (8 * $0) & 0xFF) } }
                }, .reads("the declaration of rights")
            ),
            ("token-2mb.txt", { times("a", 2_000_000) + [0x0A] }, .output),
            ("no-space-2mb.txt", { times("declaration,", 200_000) + [0x0A] }, .reads("declaration,declaration")),
            (
                "one-line-1mb.txt", { times("the freedom of expression online ", 32_000) + [0x0A] },
                .reads("the freedom of expression online")
            ),
            ("hyphen-fragments-50k.txt", { utf8("The\n") + times("infor-\n", 50_000) + utf8("mation.\n") }, .output),
            (
                "hyphenated-lines-100k.txt", { times("decla-\nration of rights\n", 50_000) },
                .reads("declaration of rights")
            ),
            ("ligatures-80k.txt", { times("\u{FB01}\u{FB02}\u{FB00} ", 80_000) + [0x0A] }, .reads("fiflff")),
            ("blank-lines-200k.txt", { times("\n", 200_000) }, .output),
            ("short-lines-200k.txt", { times("a\n", 200_000) }, .output),
            ("misspelt-30k.txt", { times("declaraton ", 30_000) + [0x0A] }, .output),
            ("cr-only.txt", { utf8("The declaration\rof rights\r\rSecond paragraph\r") }, .reads("The declaration")),
            (
                "crlf.txt", { utf8("The declaration\r\nof rights\r\n\r\nSecond paragraph\r\n") },
                .reads("The declaration of rights")
            ),
            ("mixed-newlines.txt", { utf8("one\r\ntwo\nthree\rfour\n\n\r\n") }, .reads("one two")),
            (
                "control.txt", { utf8("The \u{1B}[31mdeclaration\u{1B}[0m of \u{7}rights\u{8}\u{B}\u{C}\n") },
                .reads("declaration")
            ),
            ("formfeed.txt", { utf8("Page one text\n\u{C}Page two text\n") }, .reads("Page two text")),
            ("zalgo.txt", { utf8("Z" + String(repeating: "\u{301}", count: 5000) + "algo text\n") }, .output),
            ("emoji.txt", { utf8("The 👩‍👩‍👧‍👦 declaration 🇪🇺 of rights 𝕳𝖊𝖑𝖑𝖔\n") }, .reads("declaration")),
            ("bidi.txt", { utf8("The declaration \u{202E}of rights\u{202C} and שלום مرحبا\n") }, .reads("declaration")),
            ("homoglyphs.txt", { utf8("The D\u{435}claration \u{43E}f rights\n") }, .output),
            (
                "exotic-spaces.txt", { utf8("The\u{A0}declaration\u{2003}of\u{200B}rights\u{FEFF} inside\n") },
                .reads("declaration")
            ),
            ("punctuation-1mb.txt", { times(".,;:!?-", 150_000) + [0x0A] }, .output),
            ("bullets-20k.txt", { times("• item\n* item\n- item\n· item\n", 5000) }, .output),
            (
                "html.txt", { utf8("<html><body><p>The declaration</p><script>alert(1)</script></body></html>\n") },
                .reads("declaration")
            ),
            ("numbers.txt", { times("123 456 7890 3.14159 1e10 0x1F\n", 1000) }, .reads("3.14159")),
            ("tabs.txt", { times("\t\t\tcol1\tcol2\tcol3\n", 1000) }, .reads("col1")),
            ("quotes.txt", { times("\"The 'declaration“ of « rights\n", 100) }, .reads("declaration")),
            ("at-chain.txt", { times("a@", 500_000) + utf8(".\n") }, .output),
            ("url-1mb.txt", { utf8("http://") + times("a/", 500_000) + [0x0A] }, .output),
            ("parentheses.txt", { times("(", 500_000) + utf8("a") + times(")", 500_000) + [0x0A] }, .output),
            ("notes.MD", { utf8("# The declaration\n\nof rights\n") }, .reads("declaration")),
            ("name with\nnewline.txt", { utf8(rights) }, .reads("the declaration of rights")),
        ]
    }()

    /// The text inputs, written once for every test of the suite.
    static let textFolder: URL = {
        let folder = Paths.temporaryDirectory().appendingPathComponent("texts")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, bytes, _) in texts {
            _ = FileManager.default.createFile(
                atPath: folder.appendingPathComponent(name).path, contents: Data(bytes()))
        }
        return folder
    }()

    static let oddFolder = Paths.root.appendingPathComponent("Fixtures/odd")

    /// Inputs that are not regular files' contents: a file over the size limit (sparse), a
    /// dangling symbolic link.
    static let specialFolder: URL = {
        let folder = Paths.temporaryDirectory().appendingPathComponent("special")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let huge = folder.appendingPathComponent("sparse-600mb.txt").path
        _ = FileManager.default.createFile(atPath: huge, contents: nil)
        _ = truncate(huge, 600 << 20)
        try? FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("dangling.txt").path, withDestinationPath: "no-such-target.txt")
        _ = FileManager.default.createFile(
            atPath: folder.appendingPathComponent("broken\nname.png").path, contents: Data("not a picture".utf8))
        return folder
    }()

    static let special: [(String, Expectation)] = [
        ("sparse-600mb.txt", .fails("file too large")), ("dangling.txt", .fails("no such file")),
        ("broken\nname.png", .fails("not an image")),
    ]

    static var allCases: [(path: String, expectation: Expectation)] {
        images.map { (oddFolder.appendingPathComponent($0.0).path, $0.1) }
            + texts.map { (textFolder.appendingPathComponent($0.0).path, $0.2) }
            + special.map { (specialFolder.appendingPathComponent($0.0).path, $0.1) }
    }

    @Test("every file of Fixtures/odd has an expectation, and every expectation a file")
    func fixturesListed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.oddFolder.path).sorted()
        #expect(files == Self.images.map(\.0).sorted())
        #expect(Self.allCases.count >= 70)
    }

    @Test("each odd input alone", arguments: 0..<(images.count + texts.count + special.count))
    func alone(_ index: Int) throws {
        let (path, expectation) = Self.allCases[index]
        let result = try Command.repair([path], timeLimit: Self.timeLimit)
        #expect(!result.timedOut, "\(path): still running after \(Self.timeLimit) s")
        switch expectation {
        case .reads(let text):
            #expect(result.status == 0 && result.stderr.isEmpty, "\(path): \(result.status) \(result.stderr)")
            let found = result.stdout.contains(text)
            #expect(found, "\(path): \(result.stdout.prefix(300))")
        case .output:
            #expect(result.status == 0 && result.stderr.isEmpty, "\(path): \(result.status) \(result.stderr)")
        case .fails(let problem):
            #expect(result.status == 1, "\(path): \(result.status)")
            #expect(result.stdout.isEmpty, "\(path)")
            let shown = path.replacingOccurrences(of: "\n", with: "\\n")
            #expect(result.stderr.hasPrefix("repair: \(shown): "), "\(result.stderr)")
            #expect(result.stderrLines.count == 1 && result.stderr.contains(problem), "\(path): \(result.stderr)")
        }
    }

    @Test(
        "all of them in one batch folder with a symbolic-link loop: outputs for the good, one line per bad, nothing left over"
    )
    func oneBatch() throws {
        let root = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let fm = FileManager.default
        // Images as links to the fixtures (a link to a file is followed), texts and specials copied or linked.
        for (name, _) in Self.images {
            try fm.createSymbolicLink(
                atPath: input.appendingPathComponent(name).path,
                withDestinationPath: Self.oddFolder.appendingPathComponent(name).path)
        }
        let texts = input.appendingPathComponent("texts")
        try fm.createSymbolicLink(atPath: texts.path, withDestinationPath: Self.textFolder.path)
        for (name, _) in Self.special {
            let target = Self.specialFolder.appendingPathComponent(name).path
            if name == "dangling.txt" {
                try fm.createSymbolicLink(
                    atPath: input.appendingPathComponent(name).path, withDestinationPath: "no-such-target.txt")
            } else {
                try fm.createSymbolicLink(atPath: input.appendingPathComponent(name).path, withDestinationPath: target)
            }
        }
        try fm.createSymbolicLink(atPath: input.appendingPathComponent("loop").path, withDestinationPath: ".")
        try fm.createSymbolicLink(atPath: texts.path + "-again", withDestinationPath: Self.textFolder.path)
        let out = root.appendingPathComponent("out")
        let result = try Command.repair([input.path, "-o", out.path, "--jobs", "2", "--quiet"], timeLimit: 600)
        #expect(!result.timedOut)
        #expect(result.status == 1)
        let named: [(String, Expectation)] =
            Self.images + Self.texts.map { ("texts/" + $0.0, $0.2) } + Self.special.map { ($0.0, $0.1) }
        var expectedFailures = 0
        for (name, expectation) in named {
            let output = out.appendingPathComponent(name + ".txt").path
            if case .fails = expectation {
                expectedFailures += 1
                #expect(!fm.fileExists(atPath: output), "\(name): an output for a failed input")
                let shown = "\(input.path)/\(name)".replacingOccurrences(of: "\n", with: "\\n")
                let lines = result.stderrLines.filter { $0.hasPrefix("repair: \(shown): ") }
                #expect(lines.count == 1, "\(name): \(lines)")
            } else {
                #expect(fm.fileExists(atPath: output), "\(name): no output")
                if case .reads(let text) = expectation, let data = fm.contents(atPath: output) {
                    let found = String(decoding: data, as: UTF8.self).contains(text)
                    #expect(found, "\(name)")
                }
            }
        }
        // The link to a folder already walked adds nothing; the loop is walked once.
        #expect(!fm.fileExists(atPath: out.appendingPathComponent("loop").path))
        #expect(!fm.fileExists(atPath: out.appendingPathComponent("texts-again").path))
        // A file named with a line break is named on one line: the failures are the only lines.
        #expect(result.stderrLines.count == expectedFailures, "\(result.stderr)")
        let leftovers = fm.enumerator(atPath: out.path)?.compactMap { $0 as? String }.filter { $0.contains(".tmp-") }
        #expect(leftovers == [])
    }
}

private func utf8(_ s: String) -> [UInt8] { Array(s.utf8) }
private func times(_ s: String, _ n: Int) -> [UInt8] { Array(String(repeating: s, count: n).utf8) }

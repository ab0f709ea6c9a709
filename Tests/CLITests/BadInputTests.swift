import Foundation
// Every bad input: exit 1, one line on stderr naming the file, nothing on stdout, no output file, and the other inputs still done.
import Lexicon
import TestSupport
import Testing

@Suite("Bad input")
struct BadInputTests {
    let folder = Paths.temporaryDirectory()

    func file(_ name: String, _ bytes: [UInt8]) -> String {
        let path = folder.appendingPathComponent(name).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    func pngBytes() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: Paths.page("dfi-article-clean.png"))))
    }

    @Test("a JPEG with damaged data (its end marker intact): our one line, libjpeg silent")
    func damagedJPEG() throws {
        let jpeg = Paths.root.appendingPathComponent("Fixtures/images/igf-messages-medium.jpg")
        let bytes = [UInt8](try Data(contentsOf: jpeg))
        let good = try Command.repair([jpeg.path])
        #expect(good.status == 0 && good.stderr.isEmpty && good.stdout.contains("IGF"), "\(good.stderr)")
        // The entropy-coded data cut at two thirds, the end-of-image marker put back.
        let cut = file("cut.jpg", Array(bytes.prefix(bytes.count * 2 / 3)) + [0xFF, 0xD9])
        try expectFailure(cut, mentions: "corrupt or truncated JPEG image")
    }

    /// Runs `repair <path> -o <out>` and checks the whole contract of a failed input.
    func expectFailure(
        _ path: String, mentions problem: String, extra: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let out = folder.appendingPathComponent("out-\(UUID().uuidString).txt").path
        let toFile = try Command.repair(extra + [path, "-o", out])
        #expect(toFile.status == 1, sourceLocation: sourceLocation)
        #expect(toFile.stderrLines.count == 1, "\(toFile.stderr)", sourceLocation: sourceLocation)
        #expect(toFile.stderr.hasPrefix("repair: \(path): "), "\(toFile.stderr)", sourceLocation: sourceLocation)
        #expect(toFile.stderr.contains(problem), "\(toFile.stderr)", sourceLocation: sourceLocation)
        #expect(toFile.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: out), sourceLocation: sourceLocation)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, sourceLocation: sourceLocation)

        let toStdout = try Command.repair(extra + [path])
        #expect(toStdout.status == 1, sourceLocation: sourceLocation)
        #expect(toStdout.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(toStdout.stderrLines.count == 1, sourceLocation: sourceLocation)
    }

    @Test("a PDF with nothing readable in it is one line naming it") func pdf() throws {
        let bytes = Array("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)
        try expectFailure(file("report.pdf", bytes), mentions: "not a readable PDF")
    }

    @Test("an empty file") func empty() throws {
        try expectFailure(file("empty.png", []), mentions: "empty file")
    }

    @Test("a truncated PNG") func truncatedPNG() throws {
        let bytes = try pngBytes()
        try expectFailure(
            file("truncated.png", Array(bytes.prefix(bytes.count / 3))), mentions: "corrupt or truncated PNG")
    }

    @Test("text named .png") func textNamedPNG() throws {
        try expectFailure(file("notes.png", Array("These are notes, not a picture.\n".utf8)), mentions: "not an image")
    }

    @Test("random bytes named .tif") func randomNamedTIFF() throws {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[0] = 0
        try expectFailure(file("scan.tif", bytes), mentions: "not an image")
    }

    @Test("TIFF offsets near Int.max (found by FuzzImages: an overflow trap in the directory walk) are one line")
    func tiffOffsetsAtTheEnd() throws {
        let huge: [UInt8] = [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]
        let big = Array("II+\u{0}".utf8) + [8, 0, 0, 0] + huge + [UInt8](repeating: 0x4A, count: 64)
        try expectFailure(file("big.tif", big), mentions: "TIFF image")
        let classic = Array("II*\u{0}".utf8) + [0xFE, 0xFF, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 64)
        try expectFailure(file("classic.tif", classic), mentions: "TIFF image")
    }

    @Test("an image that declares 40000×40000 pixels") func hugeImage() throws {
        try expectFailure(
            file("huge.png", SyntheticImages.pngHeader(width: 40000, height: 40000)), mentions: "image too large")
    }

    @Test("a folder without -o is a usage error; an empty folder is an error naming it")
    func directory() throws {
        let dir = folder.appendingPathComponent("pages.png")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let noOutput = try Command.repair([dir.path])
        #expect(noOutput.status == 64)
        #expect(noOutput.stderr.contains("is a folder"))
        let out = folder.appendingPathComponent("out").path
        let empty = try Command.repair([dir.path, "-o", out])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("repair: \(dir.path): cannot read: no images or text files in this folder"))
        #expect(empty.stdout.isEmpty)
    }

    @Test("a missing file") func missing() throws {
        try expectFailure(folder.appendingPathComponent("nowhere.png").path, mentions: "no such file")
    }

    @Test("text that is not UTF-8 names the byte offset") func notUTF8() throws {
        try expectFailure(file("latin1.txt", Array("caf".utf8) + [0xE9, 0x0A]), mentions: "offset 3")
    }

    @Test("text with a NUL byte is binary data, named with its offset") func binaryText() throws {
        try expectFailure(file("notes.txt", Array("hello\u{0}world\n".utf8)), mentions: "binary data at byte 5")
    }

    @Test("UTF-16 text with a byte-order mark is decoded") func utf16() throws {
        let bytes: [UInt8] =
            [0xFF, 0xFE] + Array("the declaration\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let result = try Command.repair([file("utf16.txt", bytes)])
        #expect(result.status == 0)
        #expect(result.stdout == "the declaration\n")
    }

    @Test("one 200,000-letter token takes no longer than reading it (a bound on corrected words)") func longToken()
        throws
    {
        let path = file("long.txt", Array(repeating: UInt8(ascii: "a"), count: 200_000) + [0x0A])
        let result = try Command.repair([path])
        #expect(result.status == 0)
        #expect(result.stdout.utf8.count == 200_001)
    }

    @Test("an unknown language") func unknownLanguage() throws {
        try expectFailure(Paths.page("dfi-article-clean.png"), mentions: "xyz.traineddata", extra: ["--lang", "xyz"])
    }

    @Test("a tessdata folder without the model") func missingTessdata() throws {
        try expectFailure(
            Paths.page("dfi-article-clean.png"), mentions: "eng.traineddata", extra: ["--tessdata-dir", folder.path])
    }

    @Test("a bad file among good ones: the good ones are done, the bad one named, exit 1")
    func batchGoesOn() throws {
        let good = file("good.txt", Array("A good paragraph.\n".utf8))
        let bad = file("bad.png", Array("not an image".utf8))
        let result = try Command.repair([good, bad, good])
        #expect(result.status == 1)
        #expect(result.stdout == "A good paragraph.\nA good paragraph.\n")
        #expect(result.stderr == "repair: \(bad): not an image (no known image signature)\n")
    }
}

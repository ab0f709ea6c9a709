import Foundation
// Bad image bytes are OCR errors, never crashes or messages from the C libraries.
import Lexicon
import OCR
import TestSupport
import Testing

@Suite("Image decoding")
struct ImageDecodingTests {
    let engine: TesseractEngine
    init() throws { engine = try TesseractEngine() }

    func pngBytes() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: Paths.page("dfi-article-clean.png"))))
    }

    @Test("empty bytes") func empty() {
        #expect(throws: OCRError.emptyFile) { _ = try engine.recognize(imageBytes: []) }
    }

    @Test("a truncated PNG") func truncated() throws {
        let bytes = try pngBytes()
        #expect(throws: OCRError.corruptImage(format: "PNG")) {
            _ = try engine.recognize(imageBytes: Array(bytes.prefix(bytes.count / 2)))
        }
    }

    @Test("a PNG with a damaged chunk") func damaged() throws {
        var bytes = try pngBytes()
        bytes[bytes.count / 2] ^= 0xFF
        #expect(throws: OCRError.corruptImage(format: "PNG")) { _ = try engine.recognize(imageBytes: bytes) }
    }

    @Test("text is not an image") func text() {
        #expect(throws: OCRError.notAnImage) { _ = try engine.recognize(imageBytes: Array("hello world\n".utf8)) }
    }

    @Test("random bytes are not an image") func random() {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[0] = 0x00  // no accidental signature
        #expect(throws: OCRError.notAnImage) { _ = try engine.recognize(imageBytes: bytes) }
    }

    @Test("an image that declares 40000×40000 pixels is refused before decoding")
    func huge() {
        #expect(throws: OCRError.imageTooLarge(width: 40000, height: 40000, limit: 150)) {
            _ = try engine.recognize(imageBytes: SyntheticImages.pngHeader(width: 40000, height: 40000))
        }
    }

    @Test("a blank page gives a page with no text") func blank() throws {
        let pages = try engine.recognize(imageBytes: SyntheticImages.whitePGM(width: 400, height: 300))
        #expect(pages.count == 1)
        #expect(pages[0].blocks.isEmpty)
        #expect(pages[0].width == 400 && pages[0].height == 300)
    }
}

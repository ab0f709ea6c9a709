// ALTO 4.4 output: well-formed for every fixture page (xmllint), a String for every repaired
// word, OCR's reading kept where repair changed a word, hyphenated words as HypPart1/HypPart2.
import Foundation
import TestSupport
import Testing

@testable import RepairKit

@Suite("ALTO output")
struct ALTOTests {
    /// The CONTENT of every String, a hyphenated word's two parts as its SUBS_CONTENT once.
    static func words(in alto: String) -> [String] {
        var words: [String] = []
        for element in alto.components(separatedBy: "<String ").dropFirst() {
            func attribute(_ name: String) -> String? {
                guard let start = element.range(of: " \(name)=\"") ?? element.range(of: "\(name)=\"") else {
                    return nil
                }
                let rest = element[start.upperBound...]
                return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
            }
            let unescaped = { (s: String) in
                s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
                    .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#39;", with: "'")
                    .replacingOccurrences(of: "&amp;", with: "&")
            }
            switch attribute("SUBS_TYPE") {
            case "HypPart1": words.append(unescaped(attribute("SUBS_CONTENT") ?? ""))
            case "HypPart2": continue
            default: words.append(unescaped(attribute("CONTENT") ?? ""))
            }
        }
        return words
    }

    @Test("every fixture page: well-formed, every word a String, OCR's reading kept for changed words")
    func fixturePages() throws {
        let pipeline = RepairPipeline()
        var hyphenated = 0
        for name in Paths.pageNames() {
            let document = try pipeline.process(Paths.page(name + ".png"))
            let alto = String(decoding: try OutputFormat.alto.render(document, system: "repair test"), as: UTF8.self)
            let folder = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent(name + ".xml")
            try alto.write(to: file, atomically: true, encoding: .utf8)
            let lint = try Command.run("/usr/bin/xmllint", ["--noout", file.path])
            #expect(lint.status == 0, "\(name): \(lint.stderr)")
            #expect(alto.contains("<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v4#\""))
            let tokens = document.plainText.split(whereSeparator: \.isWhitespace).map(String.init)
            #expect(Self.words(in: alto) == tokens, "\(name)")
            // Every word repair changed keeps OCR's reading.
            let changed = document.pages.flatMap(\.paragraphs).flatMap(WordPlacement.place)
                .filter { $0.ocrText != nil && $0.pieces.isEmpty && $0.box != nil }
            for word in changed {
                #expect(alto.contains("<ALTERNATIVE>\(HOCROutput.escape(word.ocrText!))</ALTERNATIVE>"), "\(name)")
            }
            hyphenated += alto.components(separatedBy: "SUBS_TYPE=\"HypPart1\"").count - 1
            #expect(
                alto.components(separatedBy: "SUBS_TYPE=\"HypPart1\"").count
                    == alto.components(separatedBy: "SUBS_TYPE=\"HypPart2\"").count, "\(name)")
        }
        #expect(hyphenated > 0, "no fixture page has a word hyphenated across lines")
    }

    @Test("text input has no layout: ALTO is an error naming the file")
    func textInput() throws {
        let document = try TextInput.document(bytes: Array("One two.\n".utf8), path: "notes.txt")
        #expect(throws: RepairError.self) { try OutputFormat.alto.render(document, system: "t") }
    }
}

@Suite("XML output of any text")
struct XMLCharacterTests {
    @Test("controls, NUL and U+FFFF in OCR words (found by FuzzWriters): hOCR and ALTO stay well-formed (xmllint)")
    func controlCharacters() throws {
        let texts = ["EVOLUTION", "I\u{01}\u{0}\u{0}.NTERNET", "<&\"'>", "\u{FFFF}\u{1B}[0m", "tab\there"]
        var words: [OCRWord] = []
        for (k, text) in texts.enumerated() {
            let left = Int32(10 + 120 * k)
            words.append(
                OCRWord(text: text, confidence: 90, box: Box(left: left, top: 10, right: left + 110, bottom: 40)))
        }
        let page = Page(
            width: 800, height: 100, blocks: [Block(paragraphs: [Paragraph(lines: [Line(words: words)])])])
        let document = Document(source: "scan\u{7}.png", pages: [page])
        let folder = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for format in [OutputFormat.hocr, .alto] {
            let bytes = try format.render(document, system: "repair")
            let file = folder.appendingPathComponent("out.\(format.fileExtension)")
            try Data(bytes).write(to: file)
            let lint = try Command.run("/usr/bin/xmllint", ["--noout", file.path])
            #expect(lint.status == 0, "\(format): \(lint.stderr)")
            #expect(String(decoding: bytes, as: UTF8.self).contains("I\u{FFFD}\u{FFFD}\u{FFFD}.NTERNET"))
        }
    }
}

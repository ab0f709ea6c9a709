// libFuzzer target: the JSON, hOCR and ALTO writers on a page of any words (any Unicode,
// control characters, markup). Property: JSON parses back with the same text; hOCR and ALTO
// are well-formed XML.
import Foundation
import FuzzSupport
import RepairKit

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The executable's entry (SwiftPM names it `<target>_main`): runs libFuzzer on `fuzz`.
@_cdecl("FuzzWriters_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzSupport.run(argc, argv, fuzz)
}

func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = FuzzSupport.text(data, count)
    var left: Int32 = 10
    let lines = text.split(separator: "\n").prefix(50).map { line in
        Line(
            words: line.split(separator: " ").prefix(50).map { word in
                defer { left += 20 }
                return OCRWord(
                    text: String(word), confidence: 80, box: Box(left: left, top: 10, right: left + 15, bottom: 30))
            }, box: Box(left: 0, top: 0, right: 2000, bottom: 40))
    }
    let page = Page(width: 2100, height: 3000, blocks: [Block(paragraphs: [Paragraph(lines: lines)])])
    let document = Document(source: "fuzz <&\"'>.png", pages: [page])
    guard let json = try? OutputFormat.json.render(document, system: "fuzz") else {
        FuzzSupport.fail("JSON refused a document", text)
    }
    if (try? JSONSerialization.jsonObject(with: Data(json))) == nil { FuzzSupport.fail("JSON does not parse", text) }
    for format in [OutputFormat.hocr, .alto] {
        guard let xml = try? format.render(document, system: "fuzz") else { continue }  // no words: no layout
        let parser = XMLParser(data: Data(xml))
        if !parser.parse() {
            FuzzSupport.fail("\(format) is not well-formed XML (\(parser.parserError.map { "\($0)" } ?? "?"))", text)
        }
    }
    return 0
}

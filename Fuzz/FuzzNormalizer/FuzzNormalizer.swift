// libFuzzer target: the normalizer (ICU through CICUShim, de-hyphenation, reflow) on any
// text. Properties: no crash or bad access; every OCR word's range stays inside its line.
import FuzzSupport
import RepairKit

nonisolated(unsafe) let normalizer = Normalizer(lexicon: FuzzSupport.lexicon)

/// The executable's entry (SwiftPM names it `<target>_main`): runs libFuzzer on `fuzz`.
@_cdecl("FuzzNormalizer_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzSupport.run(argc, argv, fuzz)
}

func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = FuzzSupport.text(data, count)
    // The text as OCR lines (words with ranges), so word ranges are exercised too.
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
        Line(
            words: line.split(separator: " ").map {
                OCRWord(text: String($0), confidence: 90, box: Box(left: 0, top: 0, right: 10, bottom: 10))
            })
    }
    let document = Document(
        source: "fuzz", pages: [Page(blocks: [Block(paragraphs: [Paragraph(lines: lines)])])])
    let normalized = normalizer.normalize(document)
    for page in normalized.pages {
        for line in page.paragraphs.flatMap(\.lines) {
            for word in line.words {
                if let r = word.range, r.upperBound > line.text.utf8.count {
                    FuzzSupport.fail("a word's range past its line", text)
                }
            }
        }
    }
    return 0
}

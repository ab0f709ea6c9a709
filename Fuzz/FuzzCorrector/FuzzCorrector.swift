// libFuzzer target: the tokenizer and the corrector on any text. Properties: no crash, no
// out-of-bounds access (address sanitizer), every edit's span lies in the text, and text
// with no letters is returned as it came.
import FuzzSupport
import RepairKit

nonisolated(unsafe) let corrector = Corrector(lexicon: FuzzSupport.lexicon)
nonisolated(unsafe) var tokens: [Token] = []

/// The executable's entry (SwiftPM names it `<target>_main`): runs libFuzzer on `fuzz`.
@_cdecl("FuzzCorrector_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzSupport.run(argc, argv, fuzz)
}

func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = FuzzSupport.text(data, count)
    var copy = text
    copy.withUTF8 { Tokenizer().tokenize($0, into: &tokens) }
    for token in tokens where token.start < 0 || token.end > Int32(text.utf8.count) || token.start > token.end {
        FuzzSupport.fail("token outside the text", text)
    }
    let (corrected, _) = corrector.correct(text)
    if !text.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) && corrected != text {
        FuzzSupport.fail("text without letters changed", text)
    }
    return 0
}

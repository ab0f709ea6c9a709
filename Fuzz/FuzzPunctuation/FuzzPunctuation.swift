// libFuzzer target: the punctuation stage, the document style and the bullets on any text.
// Properties: no crash or bad access; a second pass changes nothing the first left.
import FuzzSupport
import RepairKit

nonisolated(unsafe) let stage = PunctuationStage(lexicon: FuzzSupport.lexicon)

/// The executable's entry (SwiftPM names it `<target>_main`): runs libFuzzer on `fuzz`.
@_cdecl("FuzzPunctuation_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzSupport.run(argc, argv, fuzz)
}

func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = FuzzSupport.text(data, count)
    guard let document = try? TextInput.document(bytes: Array(text.utf8), path: "fuzz") else { return 0 }
    _ = BulletRepair(bullet: nil).repair(DocumentStyle().repair(document))
    let once = stage.repair(document)
    _ = PunctuationRepair(lexicon: FuzzSupport.lexicon).repair(text)
    _ = stage.repair(once)
    return 0
}

import RepairKit

#if canImport(Glibc)
    import Glibc
#endif

// One pipeline per thread: it holds a Tesseract engine and the corrector's scratch space.
let pipeline = RepairPipeline()
do {
    // A page image: OCR, then normalization, punctuation and correction.
    let image = RepairKitInfo.fixturesDirectory + "/pages/fol-declaration-clean.png"
    let page = try pipeline.process(image)
    print(page.plainText.split(separator: "\n").prefix(3).joined(separator: "\n"))

    // A string of OCR text, and what was changed in it and why.
    let repaired = try pipeline.repair(text: "Tbe lnternet is a globai resource tbat sbould remain open to everyone.")
    print(repaired.plainText)
    for edit in repaired.edits {
        print("\(edit.stage)/\(edit.rule): \(edit.before) → \(edit.after)")
    }
} catch {
    print("repair: \(error)")
    exit(1)
}

// libFuzzer target: the lexicon loader on any bytes — and on a small built lexicon with a
// few bytes changed where the fuzzer says; the same for a trained model file (header, word
// forms, lexicon) read from disk. Property: a damaged file is a LexiconError, never an
// out-of-bounds read or an endless probe; a file that loads answers lookups.
import FuzzSupport
import Glibc
import RepairKit

/// A small lexicon of every section (words, bigrams, confusions, the deletion index): patches
/// to it reach every check of the loader at thousands of loads a second.
let original: [UInt8] = {
    var builder = LexiconBuilder()
    do {
        try builder.addWords(
            tsv: Array(
                "the\t1000\ts\ninternet\t50\ts\nInternet\t80\ts\nICANN\t5\td\ngovernance\t20\ts\nrights\t30\ts\n".utf8))
        try builder.addBigrams(tsv: Array("the internet\t40\ninternet governance\t10\n".utf8))
        try builder.addConfusions(tsv: Array("rn\tm\t-0.8\nli\th\t-1.0\n".utf8))
    } catch { fatalError("fuzz: the small lexicon: \(error)") }
    builder.indexThreshold = 0
    return builder.build()
}()

/// A small model: the small lexicon behind a header and two word forms.
let originalModel: [UInt8] = {
    var info = ModelInfo()
    info.pairs = 2
    info.marginShift = -0.5
    return TrainedModel.encode(
        info: info, lexicon: original,
        forms: [
            LearnedForm(seen: Array("tbe".utf8), meant: Array("the".utf8), count: 3, cost: 0.4),
            LearnedForm(seen: Array("intemet".utf8), meant: Array("internet".utf8), count: 1, cost: 0.9),
        ])
}()

/// Where the model inputs are written to be loaded as repair --model loads them.
let modelPath = "/tmp/repair-fuzz-model-\(getpid())"

/// The executable's entry (SwiftPM names it `<target>_main`): runs libFuzzer on `fuzz`.
@_cdecl("FuzzLexicon_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzSupport.run(argc, argv, fuzz)
}

func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = FuzzSupport.bytes(data, count)
    // The first byte chooses: the input as a file, or patches to the small lexicon (8 bytes
    // each: a 4-byte offset into the file or its header, then 4 bytes written there).
    let asModel = (input.first ?? 0) & 4 == 4
    var file = input
    if let mode = input.first, mode & 1 == 1, original.count > 64 {
        file = asModel ? originalModel : original
        var i = 1
        while i + 8 <= input.count {
            let raw = Int(input[i]) | Int(input[i + 1]) << 8 | Int(input[i + 2]) << 16 | Int(input[i + 3]) << 24
            let at = mode & 2 == 0 ? raw % min(256, file.count - 4) : raw % (file.count - 4)
            for k in 0..<4 { file[at + k] = input[i + 4 + k] }
            i += 8
        }
    }
    if asModel {
        guard let handle = fopen(modelPath, "wb") else { return 0 }
        _ = file.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        fclose(handle)
        guard let model = try? TrainedModel.load(path: modelPath) else { return 0 }
        for word in ["the", "internet", "zzzz"] { _ = model.lexicon.contains(word) }
        _ = model.forms.map { $0.seen.count + $0.meant.count }
        return 0
    }
    guard let lexicon = try? Lexicon(bytes: file) else { return 0 }
    for word in ["the", "declaration", "Internet", "zzzz", ""] { _ = lexicon.contains(word) }
    return 0
}

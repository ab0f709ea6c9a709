// libFuzzer target: text input decoding — UTF-8, byte-order marks, and the ICU converters
// --encoding names. Property: bytes either decode into a document or give a RepairError;
// decoded text is valid UTF-8 without NUL.
import FuzzSupport
import RepairKit

let encodings: [String?] = [
    nil, "UTF-16LE", "UTF-16BE", "UTF-32", "ISO-8859-1", "windows-1252", "Shift_JIS", "GB18030", "x-unknown",
]

/// The executable's entry (SwiftPM names it `<target>_main`): runs libFuzzer on `fuzz`.
@_cdecl("FuzzTextDecoding_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzSupport.run(argc, argv, fuzz)
}

func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = FuzzSupport.bytes(data, count)
    guard let first = bytes.first else { return 0 }
    let encoding = encodings[Int(first) % encodings.count]
    let body = Array(bytes.dropFirst())
    do {
        let document = try TextInput.document(bytes: body, path: "fuzz", encoding: encoding)
        for line in document.pages.flatMap(\.paragraphs).flatMap(\.lines) where line.text.utf8.contains(0) {
            FuzzSupport.fail("a NUL in decoded text", line.text)
        }
    } catch {
        if error.description.isEmpty { FuzzSupport.fail("an error without words", "") }
    }
    return 0
}

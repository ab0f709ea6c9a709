// libFuzzer target: image bytes before and through Leptonica — signatures, the PNG chunk
// and TIFF directory walks, the JPEG check, the size limits, then decoding. Property: any
// bytes decode to pages or give an OCRError; nothing crashes, hangs or prints.
import FuzzSupport
import OCR

/// The executable's entry (SwiftPM names it `<target>_main`): runs libFuzzer on `fuzz`.
@_cdecl("FuzzImages_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzSupport.run(argc, argv, fuzz)
}

func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = FuzzSupport.bytes(data, count)
    _ = PageImages.formatName(of: bytes)
    _ = try? PageImages.decode(bytes)
    return 0
}

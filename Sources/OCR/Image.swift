// A Leptonica image owned by one Swift object: freed once, when the last reference goes.
// Every PIX the OCR stage makes or receives is wrapped here; raw pointers go only to the C calls.
import CTesseract
import DocumentModel

final class Image {
    let pix: UnsafeMutablePointer<PIX>

    /// Takes ownership of `pix`; nil when Leptonica returned none.
    init?(_ pix: UnsafeMutablePointer<PIX>?) {
        guard let pix else { return nil }
        self.pix = pix
    }

    deinit {
        var owned: UnsafeMutablePointer<PIX>? = pix
        pixDestroy(&owned)
    }

    var width: Int32 { pixGetWidth(pix) }
    var height: Int32 { pixGetHeight(pix) }
    /// Horizontal resolution from the file (0 when it gave none).
    var resolution: Int32 { pixGetXRes(pix) }

    /// The part of the image inside `box`.
    func clipped(to box: DocumentModel.Box) -> Image? {
        var region: UnsafeMutablePointer<BOX>? = boxCreate(box.left, box.top, box.width, box.height)
        defer { boxDestroy(&region) }
        return Image(pixClipRectangle(pix, region, nil))
    }

    /// Turned by `degrees` about its centre (area-mapped, white brought in).
    func rotated(degrees: Float) -> Image? {
        Image(pixRotate(pix, degrees * .pi / 180, Int32(L_ROTATE_AREA_MAP), Int32(L_BRING_IN_WHITE), 0, 0))
    }

    /// Turned clockwise by `quarters` quarter turns (exact, no resampling).
    func turned(quarters: Int32) -> Image? { Image(pixRotateOrth(pix, quarters)) }

    /// As 8-bit grey.
    func grey() -> Image? { Image(pixConvertTo8(pix, 0)) }

    /// A 3×3 median filter of an 8-bit image.
    func medianFiltered() -> Image? { Image(pixMedianFilter(pix, 3, 3)) }
}

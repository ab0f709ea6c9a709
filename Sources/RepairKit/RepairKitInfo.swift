// Versions of the libraries the pipeline runs on, for --version.
import Normalization
import OCR

public enum RepairKitInfo {
    public static var icuVersion: String { ICU.version }
    public static var tesseractVersion: String { TesseractEngine.version }
}

// Versions of the libraries the pipeline runs on, for --version.
import Normalization
import OCR

public enum RepairKitInfo {
    public static var icuVersion: String { ICU.version }
    public static var tesseractVersion: String { TesseractEngine.version }

    /// The `Fixtures` folder of the checkout this library was built from: sample pages and
    /// texts for examples and tests.
    public static var fixturesDirectory: String { Dictionaries.checkoutDirectory + "/Fixtures" }
}

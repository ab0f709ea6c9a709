// Versions of the libraries the pipeline runs on, for --version.
import Normalization
import OCR

/// What the library runs on, and where its checkout is.
public enum RepairKitInfo {
    /// The version of ICU linked in.
    public static var icuVersion: String { ICU.version }
    /// The version of Tesseract linked in.
    public static var tesseractVersion: String { TesseractEngine.version }

    /// The `Fixtures` folder of the checkout this library was built from: sample pages and
    /// texts for examples and tests.
    public static var fixturesDirectory: String { Dictionaries.checkoutDirectory + "/Fixtures" }
}

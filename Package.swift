// swift-tools-version: 6.0
// repair: scanned declarations and policy texts in, clean text out.
// The folder tree follows the pipeline, and dependencies point one way, down it:
//   DocumentModel, Lexicon  <-  OCR, Normalization, Punctuation, Correction  <-  RepairKit  <-  executables
import PackageDescription

let package = Package(
    name: "repair",
    // FileIO and the OCR engine use Glibc; other platforms are not claimed until they build.
    products: [
        .library(name: "RepairKit", targets: ["RepairKit"]),
        .executable(name: "repair", targets: ["RepairCLI"]),
        .executable(name: "repair-bench", targets: ["RepairBench"]),
        .executable(name: "repair-dict", targets: ["RepairDict"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Benchmark only: counts allocations (repair-bench speed reports allocations per token).
        .package(url: "https://github.com/ordo-one/malloc-interposer", from: "1.6.1"),
        // `swift package generate-documentation` for the RepairKit.docc catalog.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // C libraries, each behind its own target.
        .systemLibrary(
            name: "CTesseract", pkgConfig: "tesseract",
            providers: [.apt(["libtesseract-dev", "libleptonica-dev"])]),
        .systemLibrary(
            name: "CPoppler", pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev"])]),
        .target(name: "CJPEGCheck", linkerSettings: [.linkedLibrary("jpeg")]),
        .target(
            name: "CICUShim",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n")]),

        // What every stage shares: system calls written once, the document model, and the
        // compiled lexicon with its tokenizer.
        .target(name: "Platform"),
        .target(name: "DocumentModel"),
        .target(name: "Lexicon", dependencies: ["Platform"]),

        // Pipeline stages, in pipeline order; none depends on another.
        .target(name: "OCR", dependencies: ["CTesseract", "CJPEGCheck", "DocumentModel", "Lexicon", "Platform"]),
        .target(name: "Normalization", dependencies: ["CICUShim", "DocumentModel", "Lexicon"]),
        .target(name: "Punctuation", dependencies: ["DocumentModel", "Lexicon"]),
        .target(name: "Correction", dependencies: ["Lexicon", "Platform"]),
        // PDF input: pages from their text layer, or rendered for the OCR stage.
        .target(name: "PDF", dependencies: ["CPoppler", "DocumentModel"]),

        // The library: the stages joined into a pipeline, batches, output formats.
        .target(
            name: "RepairKit",
            dependencies: [
                "OCR", "PDF", "Normalization", "Punctuation", "Correction", "DocumentModel", "Lexicon", "Platform",
            ]),

        // Executables: thin layers over the library.
        .executableTarget(
            name: "RepairCLI",
            dependencies: [
                "RepairKit", "Platform", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "RepairDict",
            dependencies: [
                "Lexicon", "Correction", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "RepairBench",
            dependencies: [
                "RepairKit", "Platform",
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .target(name: "TestSupport", dependencies: ["Lexicon"], path: "Tests/TestSupport"),
        .testTarget(name: "LexiconTests", dependencies: ["Lexicon", "TestSupport"]),
        .testTarget(name: "OCRTests", dependencies: ["OCR", "RepairKit", "TestSupport"]),
        .testTarget(name: "NormalizationTests", dependencies: ["Normalization", "RepairKit", "TestSupport"]),
        .testTarget(name: "PunctuationTests", dependencies: ["Punctuation", "RepairKit", "TestSupport"]),
        .testTarget(name: "CorrectionTests", dependencies: ["Correction", "TestSupport"]),
        .testTarget(name: "RepairTests", dependencies: ["RepairKit", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["RepairKit", "TestSupport"]),
        // Work counted per stage as inputs grow tenfold (a perf-event counter, C).
        .target(name: "CInstructionCounter", path: "Tests/CInstructionCounter"),
        .testTarget(name: "ScalingTests", dependencies: ["RepairKit", "TestSupport", "CInstructionCounter"]),
    ]
)

// Fuzz targets (libFuzzer supplies their main): built only by scripts/fuzz, which sets
// REPAIR_FUZZ and builds with -sanitize=fuzzer,address into its own folder.
if Context.environment["REPAIR_FUZZ"] != nil {
    package.targets.append(.target(name: "FuzzSupport", dependencies: ["RepairKit"], path: "Fuzz/FuzzSupport"))
    for name in [
        "FuzzCorrector", "FuzzNormalizer", "FuzzPunctuation", "FuzzLexicon", "FuzzTextDecoding", "FuzzImages",
        "FuzzWriters",
    ] {
        package.targets.append(
            .executableTarget(name: name, dependencies: ["FuzzSupport", "RepairKit", "OCR"], path: "Fuzz/\(name)"))
    }
}

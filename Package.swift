// swift-tools-version: 6.0
// repair: scanned declarations and policy texts in, clean text out.
// The folder tree follows the pipeline: OCR -> Normalization -> Correction -> Repair (pipeline) -> repair (CLI).
import PackageDescription

let package = Package(
    name: "repair",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "RepairKit", targets: ["Repair"]),
        .executable(name: "repair", targets: ["RepairCLI"]),
        .executable(name: "repair-bench", targets: ["RepairBench"]),
        .executable(name: "repair-dict", targets: ["RepairDict"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Benchmark only: counts allocations (repair-bench speed reports allocations per token).
        .package(url: "https://github.com/ordo-one/malloc-interposer", from: "1.6.1"),
    ],
    targets: [
        // C libraries, each behind its own target.
        .systemLibrary(name: "CTesseract", pkgConfig: "tesseract",
                       providers: [.apt(["libtesseract-dev", "libleptonica-dev"])]),
        .target(name: "CICUShim",
                linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n")]),

        // Pipeline stages.
        .target(name: "OCR", dependencies: ["CTesseract", "DocumentModel"]),
        .target(name: "DocumentModel"),
        .target(name: "Normalization", dependencies: ["CICUShim", "DocumentModel", "Correction"]),
        .target(name: "Correction", swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]),
        .target(name: "Repair", dependencies: ["OCR", "Normalization", "Correction", "DocumentModel"]),

        // Executables: thin layers over the library.
        .executableTarget(name: "RepairCLI", dependencies: [
            "Repair", "Normalization", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "RepairDict", dependencies: [
            "Correction", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "RepairBench", dependencies: [
            "Repair", "Correction", "Normalization", "DocumentModel",
            .product(name: "MallocInterposerSwift", package: "malloc-interposer"), .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "OCRTests", dependencies: ["OCR", "Repair", "TestSupport"]),
        .testTarget(name: "NormalizationTests", dependencies: ["Normalization", "Repair", "TestSupport"]),
        .testTarget(name: "CorrectionTests", dependencies: ["Correction", "TestSupport"]),
        .testTarget(name: "RepairTests", dependencies: ["Repair", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["Repair", "TestSupport"]),
    ]
)

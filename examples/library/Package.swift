// swift-tools-version: 6.0
// An example of RepairKit used from another package (README, "Using RepairKit from Swift").
// scripts/test builds and runs it, so the README's example cannot rot.
import PackageDescription

let package = Package(
    name: "repair-example",
    dependencies: [.package(name: "repair", path: "../..")],
    targets: [
        .executableTarget(name: "RepairExample", dependencies: [.product(name: "RepairKit", package: "repair")])
    ]
)

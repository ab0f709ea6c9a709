// What every fuzz target shares: the committed lexicon (loaded once) and a way to turn the
// fuzzer's bytes into text.
import RepairKit

/// The fuzz targets' shared lexicon, input conversions and driver.
public enum FuzzSupport {
    /// The package's dictionaries folder.
    public static let dictionaries: String = {
        let file = #filePath  // …/Fuzz/FuzzSupport/FuzzSupport.swift
        var parts = file.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/") + "/dictionaries"
    }()

    /// The committed English lexicon; a fuzz run without it cannot test anything.
    public static let lexicon: Lexicon = {
        do { return try Lexicon.load(path: dictionaries + "/en.lexicon") } catch {
            fatalError("fuzz: cannot load \(dictionaries)/en.lexicon: \(error)")
        }
    }()

    /// The fuzzer's bytes as text: UTF-8 with invalid sequences replaced.
    public static func text(_ data: UnsafeRawPointer, _ count: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self)
    }

    /// The fuzzer's bytes.
    public static func bytes(_ data: UnsafeRawPointer, _ count: Int) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: data, count: count))
    }

    /// Runs libFuzzer with `test` (SwiftPM names an executable's entry `<Target>_main`, so
    /// each target's entry calls this rather than leaving main to libFuzzer).
    public static func run(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
        _ test: @convention(c) (UnsafeRawPointer, Int) -> CInt
    ) -> CInt {
        var count = argc
        var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
        return runDriver(&count, &vector, test)
    }

    /// Stops the run: a property the stage promises does not hold for this input.
    public static func fail(_ what: String, _ input: String) -> Never {
        fatalError("fuzz: \(what) for input \(input.debugDescription.prefix(400))")
    }
}

/// libFuzzer's driver (libclang_rt.fuzzer_no_main).
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ test: @convention(c) (UnsafeRawPointer, Int) -> CInt
) -> CInt

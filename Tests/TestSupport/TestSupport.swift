// Paths to the package's fixtures and built binaries, and a way to run the `repair` command in tests.
import Foundation
import Lexicon

/// Where the package's fixtures, dictionaries and built executables are.
public enum Paths {
    /// The package root, found from this file's location.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The golden page images.
    public static let pages = root.appendingPathComponent("Fixtures/pages")
    /// The OCR text pairs.
    public static let texts = root.appendingPathComponent("Fixtures/texts")

    /// The path of fixture page `name`.
    public static func page(_ name: String) -> String { pages.appendingPathComponent(name).path }

    /// The committed lexicon.
    public static let lexicon = root.appendingPathComponent("dictionaries/en.lexicon").path
    /// The clean texts of the genre.
    public static let corpus = root.appendingPathComponent("Fixtures/corpus")

    /// The texts of a fixture folder with the given suffix, by name. A missing folder, one
    /// with no such file, or a file that is not UTF-8 is an error: a test that loops over
    /// fixtures can never pass on none.
    public static func texts(in folder: URL, suffix: String) throws -> [(name: String, text: String)] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(suffix) }
            .sorted()
        guard !files.isEmpty else { throw FixtureError.empty(folder.path, suffix) }
        return try files.map { f in
            (
                String(f.dropLast(suffix.count)),
                try String(contentsOf: folder.appendingPathComponent(f), encoding: .utf8)
            )
        }
    }

    /// The names (without extension) of every golden page image; stops the test run when there
    /// are none (they parameterize tests, which would otherwise run zero cases and pass).
    public static func pageNames() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: pages.path)) ?? []
        let names = files.filter { $0.hasSuffix(".png") }.map { String($0.dropLast(4)) }.sorted()
        precondition(!names.isEmpty, "no fixture pages in \(pages.path)")
        return names
    }

    /// The folder the test bundle was built into; the executables sit beside it.
    public static var buildProducts: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// The path of built executable `name`.
    public static func executable(_ name: String) -> String { buildProducts.appendingPathComponent(name).path }

    /// A new empty temporary folder.
    public static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("repair-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A fixture folder that cannot serve a test.
public enum FixtureError: Error, CustomStringConvertible {
    case empty(String, String)
    /// The problem, naming the folder.
    public var description: String {
        switch self {
        case .empty(let folder, let suffix): return "no *\(suffix) fixtures in \(folder)"
        }
    }
}

/// What a command did.
public struct CommandResult: Sendable {
    /// Its exit status.
    public var status: Int32
    /// What it printed on stdout.
    public var stdout: String
    /// What it printed on stderr.
    public var stderr: String
    /// stderr's lines.
    public var stderrLines: [Substring] { stderr.split(separator: "\n") }
    /// Whether it was killed for running past its time limit.
    public var timedOut = false
}

/// Runs built executables.
public enum Command {
    /// Runs a built executable with `arguments`, feeding `stdin`, and waits for it.
    public static func run(
        _ executable: String, _ arguments: [String], stdin: Data? = nil,
        environment: [String: String]? = nil, directory: URL? = nil, timeLimit: Double? = nil
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        // Output goes to files, so a large output can never block the child.
        let folder = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        var timedOut = false
        if let timeLimit {
            // A hang is a failure the test reports, not a test run that never ends.
            let deadline = Date().addingTimeInterval(timeLimit)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
            }
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        let outData = try Data(contentsOf: outURL)
        let errData = try Data(contentsOf: errURL)
        return CommandResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), timedOut: timedOut)
    }

    /// Runs the built `repair` command (killed after `timeLimit` seconds, if given).
    public static func repair(
        _ arguments: [String], stdin: Data? = nil, directory: URL? = nil, timeLimit: Double? = nil
    ) throws -> CommandResult {
        try run(Paths.executable("repair"), arguments, stdin: stdin, directory: directory, timeLimit: timeLimit)
    }
}

/// Small images made in memory for the decoding tests.
public enum SyntheticImages {
    /// A PNG whose header declares the size and whose data is a few bytes.
    public static func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
        func be(_ v: UInt32) -> [UInt8] {
            [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
        }
        let ihdr = Array("IHDR".utf8) + be(width) + be(height) + [8, 0, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be(13) + ihdr + be(crc32(ihdr))
            + be(0) + Array("IEND".utf8) + be(crc32(Array("IEND".utf8)))
    }

    /// A white 8-bit PGM of the given size.
    public static func whitePGM(width: Int, height: Int) -> [UInt8] {
        Array("P5\n\(width) \(height)\n255\n".utf8) + [UInt8](repeating: 255, count: width * height)
    }

    /// CRC-32 as PNG chunks use it.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }
}

/// The committed lexicon, loaded once for every test that needs it.
public enum Shared {
    /// The lexicon.
    public static let lexicon: Lexicon = {
        do { return try Lexicon.load(path: Paths.lexicon) } catch { fatalError("dictionaries/en.lexicon: \(error)") }
    }()
}

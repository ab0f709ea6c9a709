// The same input and options give the same bytes in every run (the texts' plain output is
// checked in CommandLineTests): in separate processes (each
// with its own hash seed, so no decision may follow Set or Dictionary order), alone or in a
// batch, with one worker or several.
import Foundation
import TestSupport
import Testing

@Suite("Deterministic output: JSON, pages, batches")
struct OutputDeterminismTests {
    @Test("every fixture text, three processes: the same JSON (text, edits and reasons) each time")
    func texts() throws {
        let texts = try FileManager.default.contentsOfDirectory(atPath: Paths.texts.path)
            .filter { $0.hasSuffix(".ocr.txt") }.map { Paths.texts.appendingPathComponent($0).path }
        let corpus = try FileManager.default.contentsOfDirectory(atPath: Paths.corpus.path)
            .map { Paths.corpus.appendingPathComponent($0).path }
        try #require(texts.count >= 10 && corpus.count >= 4)
        for path in texts + corpus {
            let runs = try (0..<3).map { _ in try Command.repair(["--format", "json", path]) }
            #expect(runs.allSatisfy { $0.status == 0 && !$0.stdout.isEmpty }, "\(path)")
            #expect(Set(runs.map(\.stdout)).count == 1, "\(path): runs differ")
        }
    }

    @Test("every fixture page in a batch with two workers and with one: the same files, byte for byte")
    func pages() throws {
        let root = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var outputs: [[String: Data]] = []
        for jobs in ["2", "1"] {
            let out = root.appendingPathComponent("jobs-\(jobs)")
            let result = try Command.repair(
                [Paths.pages.path, "-o", out.path, "--format", "json", "--jobs", jobs, "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
            var files: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: out.path) {
                files[name] = FileManager.default.contents(atPath: out.appendingPathComponent(name).path)
            }
            outputs.append(files)
        }
        #expect(outputs[0].count == Paths.pageNames().count + Paths.pageNames().count)  // the pages and their truths
        #expect(outputs[0].keys.sorted() == outputs[1].keys.sorted())
        for (name, data) in outputs[0] { #expect(outputs[1][name] == data, "\(name) differs between --jobs 2 and 1") }
    }
}

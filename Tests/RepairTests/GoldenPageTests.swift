import Foundation
// Golden pages end to end: the error rate of every fixture page against its truth may never get worse.
// RECORD_FIXTURES=1 rewrites Fixtures/pages/golden.tsv and fails, so a re-recording is always reviewed.
import Lexicon
import RepairKit
import TestSupport
import Testing

@Suite("Golden pages")
struct GoldenPageTests {
    static let recordPath = Paths.pages.appendingPathComponent("golden.tsv").path

    struct Figures: Equatable {
        var cer: Double
        var wer: Double
    }

    static func recorded() -> [String: Figures] {
        guard let text = try? String(contentsOfFile: recordPath, encoding: .utf8) else { return [:] }
        var result: [String: Figures] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("page") {
            let f = line.split(separator: "\t")
            if f.count >= 3, let cer = Double(f[1]), let wer = Double(f[2]) {
                result[String(f[0])] = Figures(cer: cer, wer: wer)
            }
        }
        return result
    }

    static func measure(_ name: String) throws -> Figures {
        let pipeline = RepairPipeline()
        let text = try pipeline.process(Paths.page(name + ".png")).plainText
        // Repair is idempotent: its own output, read again as text, comes out unchanged.
        let again = try pipeline.repair(try TextInput.document(bytes: Array(text.utf8), path: name + ".txt")).plainText
        #expect(again == text, "\(name): a second run changes the text")
        let truth = try String(contentsOfFile: Paths.page(name + ".truth.txt"), encoding: .utf8)
        let cer = Evaluation.characterErrorRate(text, reference: truth).rate
        let wer = Evaluation.wordErrorRate(text, reference: truth).rate
        func round4(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
        return Figures(cer: round4(cer), wer: round4(wer))
    }

    @Test("every fixture page has a truth and a recorded figure")
    func complete() {
        let names = Paths.pageNames()
        #expect(names.count >= 8)
        let recorded = Self.recorded()
        for name in names {
            #expect(FileManager.default.fileExists(atPath: Paths.page(name + ".truth.txt")), "\(name) has no truth")
            #expect(
                recorded[name] != nil || ProcessInfo.processInfo.environment["RECORD_FIXTURES"] != nil,
                "\(name) has no recorded figure")
        }
    }

    @Test("no page's error rate is worse than recorded, and a second run changes nothing")
    func noRegression() throws {
        let names = Paths.pageNames()
        var measured: [String: Figures] = [:]
        for name in names { measured[name] = try Self.measure(name) }
        if ProcessInfo.processInfo.environment["RECORD_FIXTURES"] == "1" {
            var lines = [
                "# Recorded by RECORD_FIXTURES=1 swift test --filter GoldenPageTests: CER and WER of `repair` against <page>.truth.txt",
                "page\tcer\twer",
            ]
            for name in names { lines.append("\(name)\t\(measured[name]!.cer)\t\(measured[name]!.wer)") }
            try (lines.joined(separator: "\n") + "\n").write(toFile: Self.recordPath, atomically: true, encoding: .utf8)
            Issue.record(
                "RECORD_FIXTURES=1: golden figures re-recorded; review the diff of Fixtures/pages/golden.tsv and run again without it"
            )
            return
        }
        let recorded = Self.recorded()
        for name in names {
            guard let was = recorded[name], let now = measured[name] else { continue }
            #expect(now.cer <= was.cer, "\(name): CER \(now.cer) is worse than recorded \(was.cer)")
            #expect(now.wer <= was.wer, "\(name): WER \(now.wer) is worse than recorded \(was.wer)")
        }
    }
}

import DocumentModel
import Foundation
// Lines Tesseract's layout analysis skips are re-read once, in place, and nothing is read twice.
import Lexicon
import OCR
import TestSupport
import Testing

@Suite("Coverage recovery")
struct CoverageRecoveryTests {
    func lines(_ name: String, recover: Bool, choose: Bool = false, preprocess: Bool = true) throws -> [String] {
        let engine = try TesseractEngine(
            options: OCROptions(recoverMissedText: recover, chooseSegmentation: choose, preprocess: preprocess))
        let pages = try engine.recognize(
            imageBytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: Paths.page(name + ".png")))))
        return pages.flatMap(\.paragraphs).flatMap(\.lines).map(\.text)
    }

    @Test("a paragraph the layout analysis skipped is read, once, in reading order")
    func recovers() throws {
        let without = try lines("dfi-article-hard", recover: false).joined(separator: " ")
        let with = try lines("dfi-article-hard", recover: true).joined(separator: " ")
        #expect(!without.contains("responsible state behavior"))
        #expect(with.components(separatedBy: "responsible state behavior").count == 2)
        let before = try #require(with.range(of: "Assigned Names"))
        let recovered = try #require(with.range(of: "responsible state behavior"))
        let after = try #require(with.range(of: "They also promise"))
        #expect(before.upperBound < recovered.lowerBound && recovered.upperBound < after.lowerBound)
    }

    @Test("no line is read twice on any fixture page", arguments: Paths.pageNames())
    func noDuplicates(page: String) throws {
        for choose in [false, true] {
            let all = try lines(page, recover: true, choose: choose).filter { $0.count > 20 }
            #expect(Set(all).count == all.count)
        }
    }

    @Test("when the layout analysis skipped text, the whole-page reading with more confidently read letters is kept")
    func segmentationChoice() throws {
        let chosen = try lines("dfi-article-hard", recover: true, choose: true).joined(separator: " ")
        let recovered = try lines("dfi-article-hard", recover: true).joined(separator: " ")
        #expect(chosen != recovered)
        // A line the layout analysis skipped and the recovery could not separate comes back only
        // with the whole-page reading.
        #expect(chosen.contains("Freedom Online Coalition"))
        #expect(!recovered.contains("Freedom Online Coalition"))
        // Pages whose layout analysis skipped nothing are read once, as before.
        #expect(
            try lines("g7-action-plan-hard", recover: true, choose: true) == lines("g7-action-plan-hard", recover: true)
        )
    }

    @Test(
        "clean pages come out exactly as without recovery and clean-up",
        arguments: Paths.pageNames().filter { $0.hasSuffix("-clean") })
    func cleanUnchanged(page: String) throws {
        #expect(try lines(page, recover: true, choose: true) == lines(page, recover: false, preprocess: false))
    }
}

import DocumentModel
import Foundation
// When the first reading looks poor — a shadow Otsu's global threshold turns black, speckle
// that leaves one word in ten unsure — competing readings of the page are tried and the one
// with clearly more confidently read dictionary words is kept.
import Lexicon
import OCR
import RepairKit
import TestSupport
import Testing

@Suite("Poor first readings")
struct PoorReadingTests {
    /// The OCR stage alone, as the pipeline runs it (with the dictionary to judge readings).
    func read(_ name: String, choose: Bool = true) throws -> (wer: Double, edits: [Edit]) {
        let options = PipelineOptions(ocr: OCROptions(chooseSegmentation: choose), normalize: false, correct: false)
        let document = try RepairPipeline(options: options).process(Paths.page(name + ".png"))
        let truth = try String(contentsOfFile: Paths.page(name + ".truth.txt"), encoding: .utf8)
        return (
            Evaluation.wordErrorRate(document.plainText, reference: truth).rate,
            document.edits.filter { $0.stage == "ocr" }
        )
    }

    @Test("a page half under a shadow is read from a Sauvola-thresholded image")
    func shadow() throws {
        let (wer, edits) = try read("fol-declaration-shadow")
        #expect(wer < 0.08, "\(wer)")
        #expect(edits.map(\.rule) == ["segmentation"])
        #expect(edits.first?.before.contains("over a third of the thresholded page is black") == true)
        #expect(edits.first?.after == "automatic layout of a Sauvola-thresholded image")
        // The first reading alone, as the tesseract command reads it.
        #expect(try read("fol-declaration-shadow", choose: false).wer > 0.4)
    }

    @Test("a speckled photocopy is read from a median-filtered image")
    func speckle() throws {
        let (wer, edits) = try read("igf-messages-speckle")
        #expect(wer < 0.05, "\(wer)")
        #expect(edits.first?.before.contains("over one word in ten read with confidence under 60") == true)
        #expect(edits.first?.after == "automatic layout of a median-filtered (3×3) image")
        #expect(try read("igf-messages-speckle", choose: false).wer > 0.10)
    }

    @Test(
        "pages that read well keep their first reading",
        arguments: ["fol-declaration-medium", "g7-action-plan-hard", "igf-messages-medium"])
    func goodPages(page: String) throws {
        #expect(try read(page).edits.isEmpty)
    }

    @Test(
        "readings at once (the Sauvola one begun beside the first, the rest on helper engines) give what one engine gives",
        arguments: ["dfi-article-hard", "igf-messages-speckle", "g7-action-plan-clean"])
    func concurrentReadings(page: String) throws {
        var documents: [Document] = []
        for jobs in [1, 2] {
            var options = PipelineOptions(normalize: false, correct: false)
            options.inputJobs = jobs
            documents.append(try RepairPipeline(options: options).process(Paths.page(page + ".png")))
        }
        #expect(!documents[0].plainText.isEmpty)
        #expect(documents[0].plainText == documents[1].plainText)
        #expect(documents[0].pages == documents[1].pages)
        #expect(documents[0].edits == documents[1].edits)
    }
}

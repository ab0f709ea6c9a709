// PDF input: scanned pages read like their images, text pages from their text layer, and
// a damaged or encrypted PDF one clear line.
import Foundation
import TestSupport
import Testing

@testable import RepairKit

@Suite("PDF input")
struct PDFTests {
    static let folder = Paths.root.appendingPathComponent("Fixtures/pdf")
    static func pdf(_ name: String) -> String { folder.appendingPathComponent(name + ".pdf").path }
    static func truth(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name + ".truth.txt"), encoding: .utf8)
    }

    @Test("a scanned two-page PDF reads like its two images, pages in order")
    func scanned() throws {
        let pipeline = RepairPipeline()
        let document = try pipeline.process(Self.pdf("scanned-two-pages"))
        #expect(document.pages.count == 2)
        let fromImages =
            try pipeline.process(Paths.page("fol-declaration-clean.png")).plainText
            + pipeline.process(Paths.page("igf-messages-medium.png")).plainText
        let truth = try Self.truth("scanned-two-pages")
        let pdfWER = Evaluation.wordErrorRate(document.plainText, reference: truth).rate
        let imageWER = Evaluation.wordErrorRate(fromImages, reference: truth).rate
        #expect(pdfWER <= imageWER + 0.005, "PDF \(pdfWER), images \(imageWER)")
        // In order: the first page's text comes first.
        let first = document.pages[0].paragraphs.first?.lines.first?.text ?? ""
        #expect(first.contains("Underscoring"))
    }

    @Test("a born-digital page is read from its text layer: words with boxes, no OCR")
    func bornDigital() throws {
        let document = try RepairPipeline().read(Self.pdf("born-digital"))
        #expect(document.pages.count == 1)
        let words = document.pages[0].paragraphs.flatMap(\.lines).flatMap(\.words)
        #expect(words.count > 100)
        #expect(words.allSatisfy { $0.confidence == 100 && $0.box.width > 0 && $0.box.height > 0 })
        let repaired = try RepairPipeline().process(Self.pdf("born-digital"))
        #expect(Evaluation.wordErrorRate(repaired.plainText, reference: try Self.truth("born-digital")).rate <= 0.02)
        #expect(repaired.pages[0].paragraphs.count == 2)
    }

    @Test("a PDF mixing a scanned page and a text page: the first OCR'd, the second from its text")
    func mixed() throws {
        let document = try RepairPipeline().read(Self.pdf("mixed"))
        #expect(document.pages.count == 2)
        let first = document.pages[0].paragraphs.flatMap(\.lines).flatMap(\.words)
        let second = document.pages[1].paragraphs.flatMap(\.lines).flatMap(\.words)
        #expect(!first.isEmpty && first.contains { $0.confidence < 100 })
        #expect(!second.isEmpty && second.allSatisfy { $0.confidence == 100 })
    }

    @Test("--ocr never leaves a scan empty; --ocr always reads a text page by OCR")
    func ocrModes() throws {
        var options = PipelineOptions()
        options.pdfOCR = .never
        #expect(try RepairPipeline(options: options).read(Self.pdf("scanned-two-pages")).plainText.isEmpty)
        options.pdfOCR = .always
        let words = try RepairPipeline(options: options).read(Self.pdf("born-digital")).pages[0].paragraphs
            .flatMap(\.lines).flatMap(\.words)
        #expect(!words.isEmpty && words.contains { $0.confidence < 100 })
    }

    @Test("pages read on two threads come out as on one, in order")
    func parallelPages() throws {
        var one = PipelineOptions()
        one.inputJobs = 1
        var two = PipelineOptions()
        two.inputJobs = 2
        let path = Self.pdf("scanned-two-pages")
        let sequential = try RepairPipeline(options: one).process(path)
        let parallel = try RepairPipeline(options: two).process(path)
        #expect(sequential.plainText == parallel.plainText)
        #expect(sequential.edits == parallel.edits)
    }

    @Test("--pages selects pages; a list that is not one is a usage error")
    func pageSelection() throws {
        var options = PipelineOptions()
        options.pdfPages = parsePageList("2")
        let document = try RepairPipeline(options: options).read(Self.pdf("mixed"))
        #expect(document.pages.count == 1)
        #expect(document.pages[0].paragraphs.flatMap(\.lines).flatMap(\.words).allSatisfy { $0.confidence == 100 })
        #expect(parsePageList("1-3,7") == [1, 2, 3, 7])
        for bad in ["0", "3-1", "a", "1,,2", ""] { #expect(parsePageList(bad) == nil, "\(bad)") }
        #expect(try Command.repair(["--pages", "x", Self.pdf("mixed")]).status == 64)
    }

    @Test("encrypted, truncated and not-a-PDF: one line naming the file, exit 1, the good file still done")
    func badPDFs() throws {
        let folder = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fake = folder.appendingPathComponent("fake.pdf").path
        _ = FileManager.default.createFile(atPath: fake, contents: Data("%PDF-1.7 nothing else".utf8))
        let empty = folder.appendingPathComponent("empty.pdf").path
        _ = FileManager.default.createFile(
            atPath: empty,
            contents: Data(
                "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8))
        let result = try Command.repair([
            Self.pdf("encrypted"), Self.pdf("truncated"), fake, empty, Self.pdf("born-digital"),
        ])
        #expect(result.status == 1)
        let lines = result.stderrLines
        #expect(lines.count == 4, "\(lines)")
        #expect(lines.contains { $0.contains("empty.pdf: not a readable PDF (it has no pages)") })
        #expect(lines.contains { $0.contains("encrypted.pdf: the PDF is encrypted with a password") })
        #expect(lines.contains { $0.contains("truncated.pdf: not a readable PDF (truncated") })
        #expect(lines.contains { $0.contains("fake.pdf: not a readable PDF") })
        #expect(result.stdout.contains("We resolve to work together"))
    }
}

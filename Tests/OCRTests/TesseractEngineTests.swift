import DocumentModel
import Foundation
// The OCR stage: what the engine reports about a page, and how it fails.
import Lexicon
import OCR
import TestSupport
import Testing

@Suite("Tesseract engine")
struct TesseractEngineTests {
    static let pagePath = Paths.page("fol-declaration-clean.png")

    func recognize(_ path: String = pagePath, options: OCROptions = OCROptions()) throws -> Page {
        let engine = try TesseractEngine(options: options)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let pages = try engine.recognize(imageBytes: bytes)
        #expect(pages.count == 1)
        return try #require(pages.first)
    }

    @Test("confidences lie within 0...100 and boxes inside the page")
    func confidencesAndBoxes() throws {
        let page = try recognize()
        let words = page.paragraphs.flatMap(\.lines).flatMap(\.words)
        #expect(words.count > 150)
        for word in words {
            #expect((0...100).contains(word.confidence))
            #expect(word.box.left >= 0 && word.box.top >= 0)
            #expect(word.box.right <= page.width && word.box.bottom <= page.height)
            #expect(word.box.width > 0 && word.box.height > 0)
        }
    }

    @Test("lines come in reading order, top to bottom")
    func readingOrder() throws {
        let page = try recognize()
        let tops = page.paragraphs.flatMap(\.lines).compactMap(\.box?.top)
        #expect(tops.count > 10)
        #expect(tops == tops.sorted())
        let text = page.paragraphs.flatMap(\.lines).map(\.text).joined(separator: " ")
        let first = try #require(text.range(of: "Underscoring"))
        let later = try #require(text.range(of: "Recalling"))
        #expect(first.lowerBound < later.lowerBound)
    }

    @Test("per-symbol alternatives are given when asked, one list per symbol")
    func alternatives() throws {
        let words = try recognize().paragraphs.flatMap(\.lines).flatMap(\.words)
        let withChoices = words.filter { !$0.symbolChoices.isEmpty }
        #expect(withChoices.count > words.count / 2)
        for word in withChoices {
            #expect(
                word.symbolChoices.count == word.text.unicodeScalars.count
                    || word.symbolChoices.count == word.text.count)
        }
        // Without the option there are none.
        let plain = try recognize(options: OCROptions(alternatives: false)).paragraphs.flatMap(\.lines).flatMap(\.words)
        #expect(plain.allSatisfy { $0.symbolChoices.isEmpty })
    }

    @Test("a second engine on another thread recognizes the same text")
    func secondEngineOnAnotherThread() throws {
        let here = try recognize().paragraphs.flatMap(\.lines).map(\.text)
        let path = Self.pagePath
        nonisolated(unsafe) var there: [String] = []
        nonisolated(unsafe) var failure: String?
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do {
                let engine = try TesseractEngine()
                let pages = try engine.recognize(imageBytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
                there = pages.flatMap(\.paragraphs).flatMap(\.lines).map(\.text)
            } catch { failure = "\(error)" }
            done.signal()
        }
        thread.start()
        done.wait()
        #expect(failure == nil)
        #expect(there == here)
    }

    @Test("page segmentation is the CLI's automatic layout unless set")
    func segmentationDefault() {
        #expect(OCROptions().pageSegmentation == .auto)
        #expect(OCROptions().pageSegmentation.rawValue == 3)
    }

    @Test("an unknown language is a clear error that names where it looked")
    func unknownLanguage() {
        #expect(throws: OCRError.self) { _ = try TesseractEngine(options: OCROptions(language: "xyz")) }
        do { _ = try TesseractEngine(options: OCROptions(language: "xyz")) } catch {
            #expect(error.description.contains("xyz.traineddata"))
        }
    }

    @Test("a tessdata folder without the model is an error, not a crash")
    func missingTessdata() {
        let empty = Paths.temporaryDirectory().path
        do {
            _ = try TesseractEngine(options: OCROptions(tessdataDirectory: empty))
            Issue.record("expected an error")
        } catch {
            #expect(error == .tessdataNotFound(language: "eng", searched: [empty]))
        }
    }

    @Test("a language name is a file name, never a path")
    func languageIsNotAPath() {
        #expect(throws: OCRError.self) { _ = try TesseractEngine(options: OCROptions(language: "../eng")) }
    }

    @Test("TESSDATA_PREFIX is searched before the system folders")
    func tessdataPrefix() throws {
        let system = try Tessdata.directory(for: "eng", explicit: nil, environment: [:])
        let found = try Tessdata.directory(for: "eng", explicit: nil, environment: ["TESSDATA_PREFIX": system])
        #expect(found == system)
        let empty = Paths.temporaryDirectory().path
        // A prefix without the model falls through to the system folders.
        #expect(try Tessdata.directory(for: "eng", explicit: nil, environment: ["TESSDATA_PREFIX": empty]) == system)
    }
}

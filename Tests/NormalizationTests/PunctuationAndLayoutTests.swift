import Correction
import DocumentModel
// Quotes, dashes, headings, noise lines, running headers: one rule a test, with counter-cases.
import Lexicon
import Normalization
import TestSupport
import Testing

@Suite("Quotes, dashes and page layout")
struct PunctuationAndLayoutTests {
    func normalize(_ paragraphs: [[String]], options: NormalizationOptions = NormalizationOptions()) -> Document {
        let doc = Document(
            source: "t",
            pages: [Page(blocks: [Block(paragraphs: paragraphs.map { Paragraph(lines: $0.map { Line(text: $0) }) })])])
        return Normalizer(lexicon: NormalizationTests.lexicon, options: options).normalize(doc)
    }
    func text(_ lines: [String], options: NormalizationOptions = NormalizationOptions()) -> String {
        normalize([lines], options: options).plainText
    }

    @Test("OCR's doubled quotes and ,, openings are mended in every style") func doubledQuotes() {
        #expect(text(["He said ''open'' and ,,free\"."]) == "He said \"open\" and \"free\".\n")
        #expect(text(["the ‘‘open’’ internet"]) == "the “open” internet\n")
        #expect(text(["1,,000 and a,,b stay"]) == "1,,000 and a,,b stay\n")
    }

    @Test("--quotes ascii and typographic; keep leaves the text's choice") func quoteStyles() {
        #expect(
            text(["“Open” and ‘free’, isn’t it"], options: NormalizationOptions(quotes: .ascii))
                == "\"Open\" and 'free', isn't it\n")
        #expect(
            text(["\"Open\" and 'free', isn't it"], options: NormalizationOptions(quotes: .typographic))
                == "“Open” and ‘free’, isn’t it\n")
        #expect(text(["“Open” and \"free\""]) == "“Open” and \"free\"\n")
    }

    @Test("--dashes ascii and typographic; hyphens inside words and numbers stay") func dashStyles() {
        #expect(
            text(["rights — and 2018–2020"], options: NormalizationOptions(dashes: .ascii))
                == "rights -- and 2018-2020\n")
        #expect(
            text(
                ["rights -- and freedoms - all of them; multi-stakeholder 2018-2020"],
                options: NormalizationOptions(dashes: .typographic))
                == "rights — and freedoms – all of them; multi-stakeholder 2018-2020\n")
    }

    @Test("a heading above its paragraph becomes its own block; a wrapped paragraph does not")
    func headings() {
        #expect(
            text([
                "Emerging Technologies", "Artificial intelligence and the internet of things are changing how the",
                "world works.",
            ])
                == "Emerging Technologies\n\nArtificial intelligence and the internet of things are changing how the world works.\n"
        )
        let wrapped = [
            "Recalling our commitment to the principle that the human rights that people",
            "have offline enjoy the same protection online, as the Universal Declaration",
            "of Human Rights says",
        ]
        #expect(text(wrapped) == wrapped.joined(separator: " ") + "\n")
    }

    @Test("a centred OCR line is a heading") func centred() {
        let para = Paragraph(
            lines: [
                Line(
                    text: "Annex 4",
                    words: [
                        OCRWord(text: "Annex", confidence: 95, box: Box(left: 900, top: 0, right: 1000, bottom: 40))
                    ],
                    box: Box(left: 900, top: 0, right: 1100, bottom: 40)),
                Line(
                    text: "The text of the annex follows here and continues",
                    box: Box(left: 100, top: 50, right: 1900, bottom: 90)),
            ],
            box: Box(left: 100, top: 0, right: 1900, bottom: 90))
        let doc = Normalizer(lexicon: nil).normalize(
            Document(source: "t", pages: [Page(blocks: [Block(paragraphs: [para])])]))
        #expect(doc.pages[0].paragraphs.count == 2)
    }

    @Test("speckle lines go, with an edit; separators and lines with words stay") func noiseLines() {
        let doc = normalize([["Some text.", ". ,", "more text"], ["* * *"], ["~"], ["a"]])
        #expect(doc.plainText == "Some text. more text\n\n* * *\n\na\n")
        #expect(doc.edits.filter { $0.rule == "noise-line" }.map(\.before) == [". ,", "~"])
    }

    @Test("--strip-headers removes page numbers and running headers, only when asked")
    func runningHeaders() {
        func page(_ n: Int) -> Page {
            Page(blocks: [
                Block(paragraphs: [
                    Paragraph(lines: [Line(text: "Freedom Online Coalition \(n)")]),
                    Paragraph(lines: [Line(text: "Body text of page \(n) with content.")]),
                    Paragraph(lines: [Line(text: "- \(n) -")]),
                ])
            ])
        }
        let doc = Document(source: "t", pages: [page(1), page(2)])
        let kept = Normalizer(lexicon: nil).normalize(doc)
        #expect(kept.plainText.contains("Freedom Online Coalition 1"))
        #expect(kept.plainText.contains("- 2 -"))
        let stripped = Normalizer(lexicon: nil, options: NormalizationOptions(stripHeaders: true)).normalize(doc)
        #expect(stripped.plainText == "Body text of page 1 with content.\n\nBody text of page 2 with content.\n")
        #expect(Set(stripped.edits.map(\.rule)) == ["page-number", "running-header"])
    }

    @Test(
        "page numbers",
        arguments: [
            ("12", true), ("- 12 -", true), ("Page 3 of 9", true), ("xiv", true), ("[4]", true),
            ("12 members", false), ("2023 Paris", false), ("Civil", false),
        ])
    func pageNumbers(text: String, expected: Bool) {
        #expect(PageFurniture.isPageNumber(text) == expected)
    }

    @Test("an ideographic space between CJK characters stays; elsewhere it becomes a space") func ideographicSpace() {
        #expect(text(["インターネット\u{3000}の未来"]) == "インターネット\u{3000}の未来\n")
        #expect(text(["open\u{3000}internet"]) == "open internet\n")
    }
}

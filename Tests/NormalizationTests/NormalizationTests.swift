import DocumentModel
// Normalization, one rule at a time, with the hard cases; and its properties.
import Lexicon
import Normalization
import TestSupport
import Testing

@Suite("Normalization")
struct NormalizationTests {
    /// The committed lexicon; a missing or unreadable one fails every test (no silent run without it).
    static let lexicon: Lexicon? = Shared.lexicon
    let normalizer = Normalizer(lexicon: NormalizationTests.lexicon)

    /// Normalizes text given as paragraphs of lines; returns the paragraphs' lines.
    func normalize(_ lines: [String], keepLines: Bool = false) -> [[String]] {
        let n = Normalizer(lexicon: Self.lexicon, options: NormalizationOptions(keepLines: keepLines))
        let doc = Document(
            source: "t", pages: [Page(blocks: [Block(paragraphs: [Paragraph(lines: lines.map { Line(text: $0) })])])])
        return n.normalize(doc).pages[0].paragraphs.map { $0.lines.map(\.text) }
    }

    @Test("joins a word hyphenated at a line end") func dehyphenate() throws {
        #expect(normalize(["the right to inalien-", "able rights"]) == [["the right to inalienable rights"]])
    }

    @Test("a capital OCR read after a line-end hyphen: joined when only the lower-cased word is one")
    func dehyphenateCapital() {
        #expect(
            normalize(["the free flow of infor-", "Mation and ideas"]) == [["the free flow of information and ideas"]])
        // A word of its own after the hyphen stays a word of its own.
        #expect(normalize(["the Franco-", "German treaty"]) == [["the Franco- German treaty"]])
        #expect(normalize(["the Asia-", "Pacific region"]) == [["the Asia- Pacific region"]])
    }

    @Test("a paragraph OCR split after a hyphenated line end is joined again; a new paragraph is not")
    func splitParagraphs() {
        func paragraphs(_ texts: [[String]]) -> [[String]] {
            let blocks = texts.map { Block(paragraphs: [Paragraph(lines: $0.map { Line(text: $0) })]) }
            let document = Normalizer(lexicon: Self.lexicon).normalize(
                Document(source: "t", pages: [Page(blocks: blocks)]))
            #expect(
                document.edits.filter { $0.rule == "join-paragraphs" }.count
                    == (texts.count == 2 && texts[1][0].first!.isLowercase ? 1 : 0))
            return document.pages[0].paragraphs.map { $0.lines.map(\.text) }
        }
        #expect(
            paragraphs([["and ideas regardless of fron-"], ["tiers, and that the same rights"]])
                == [["and ideas regardless of frontiers, and that the same rights"]])
        #expect(
            paragraphs([["the Tallinn Agenda of 2014-"], ["Further, we commit"]]) == [
                ["the Tallinn Agenda of 2014-"], ["Further, we commit"],
            ])
        #expect(paragraphs([["a multi-"], ["Stakeholder Forum"]]) == [["a multi-"], ["Stakeholder Forum"]])
    }

    @Test(
        "keeps the hyphen of a real compound",
        arguments: [
            (["a multi-", "stakeholder approach"], "a multi-stakeholder approach"),
            (["cyber-", "enabled crime"], "cyber-enabled crime"),
            (["self-", "governing bodies"], "self-governing bodies"),
        ])
    func compound(lines: [String], expected: String) {
        #expect(normalize(lines) == [[expected]])
    }

    @Test("a dash at a line end, a capital after a hyphen, a hyphen on the last line")
    func notHyphenation() {
        #expect(normalize(["rights —", "and freedoms"]) == [["rights — and freedoms"]])
        #expect(normalize(["Franco-", "German talks"]) == [["Franco- German talks"]])
        #expect(normalize(["the end of a page-"]) == [["the end of a page-"]])
    }

    @Test("a URL broken at a line end keeps its hyphen") func url() throws {
        #expect(
            normalize(["see https://www.igf2018.fr/paris-", "messages for more"]) == [
                ["see https://www.igf2018.fr/paris-messages for more"]
            ])
    }

    @Test("soft hyphen and ¬ at a line end always join") func softHyphen() throws {
        #expect(normalize(["gover\u{AD}", "nance"]) == [["governance"]])
        #expect(normalize(["gover¬", "nance"]) == [["governance"]])
    }

    @Test("a list after a paragraph stays a list, one item a block") func lists() throws {
        let out = normalize([
            "We resolve to:", "• protect rights,", "• promote access.", "1. First point", "(a) sub point", "ii) roman",
        ])
        #expect(
            out == [
                ["We resolve to:"], ["• protect rights,"], ["• promote access."], ["1. First point"], ["(a) sub point"],
                ["ii) roman"],
            ])
    }

    @Test("--keep-lines keeps breaks but still joins hyphenated words") func keepLines() throws {
        #expect(
            normalize(["the inalien-", "able rights of", "all people"], keepLines: true) == [
                ["the inalienable", "rights of", "all people"]
            ])
    }

    @Test("ligatures expand; soft hyphens, zero-width characters and controls go; exotic spaces become plain")
    func characters() {
        #expect(normalize(["ﬁnancial e\u{FB00}ort"]) == [["financial effort"]])
        #expect(normalize(["hu\u{AD}man\u{200B} rights\u{0007}"]) == [["human rights"]])
        #expect(normalize(["10\u{00A0}000 and\u{2009}more"]) == [["10 000 and more"]])
    }

    @Test("decomposed letters are composed (NFC)") func nfc() throws {
        #expect(normalize(["Nume\u{0301}rique"]) == [["Numérique"]])
    }

    @Test("space before punctuation goes; numbers, ellipses and URLs are untouched") func spacing() throws {
        #expect(normalize(["rights , freedoms ; and  more ."]) == [["rights, freedoms; and more."]])
        #expect(normalize(["wait ... 3.5 and .5 at www.un.org"]) == [["wait ... 3.5 and .5 at www.un.org"]])
    }

    @Test(
        "non-Latin scripts pass through unchanged",
        arguments: ["インターネットの未来", "حقوق الإنسان", "права человека", "ανθρώπινα δικαιώματα"])
    func nonLatin(text: String) throws {
        #expect(normalize([text]) == [[text]])
    }

    @Test("normalizing twice is normalizing once, on real OCR output") func idempotent() throws {
        for (name, text) in try Paths.texts(in: Paths.texts, suffix: ".ocr.txt") {
            let doc = Document(
                source: name,
                pages: [
                    Page(blocks: [
                        Block(
                            paragraphs: text.split(separator: "\n\n").map { p in
                                Paragraph(lines: p.split(separator: "\n").map { Line(text: String($0)) })
                            })
                    ])
                ])
            let once = normalizer.normalize(doc)
            var twice = normalizer.normalize(once)
            twice.edits = once.edits
            #expect(twice.plainText == once.plainText, "\(name)")
            #expect(normalizer.normalize(Document(source: name, pages: once.pages)).edits.isEmpty, "\(name)")
        }
    }

    @Test("text with nothing to normalize comes out byte for byte, with no edits")
    func passthrough() {
        let lines = [
            "We reaffirm our commitment to an open, free and secure Internet.", "Café: 3.5 % — “quoted”, isn't it?",
        ]
        let doc = Document(
            source: "t", pages: [Page(blocks: [Block(paragraphs: lines.map { Paragraph(lines: [Line(text: $0)]) })])])
        let out = normalizer.normalize(doc)
        #expect(out.plainText == doc.plainText)
        #expect(out.edits.isEmpty)
    }

    @Test("every change is recorded as an edit with its rule") func edits() throws {
        let doc = Document(
            source: "t",
            pages: [
                Page(blocks: [
                    Block(paragraphs: [Paragraph(lines: [Line(text: "the inalien-"), Line(text: "able ﬁght")])])
                ])
            ])
        let rules = Set(normalizer.normalize(doc).edits.map(\.rule))
        #expect(rules == ["dehyphenate", "unicode"])
    }
}

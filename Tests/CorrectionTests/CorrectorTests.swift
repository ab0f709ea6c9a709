import Correction
// The corrector as a spec: what it fixes, what it never touches, and its properties.
import Lexicon
import TestSupport
import Testing

@Suite("Corrector")
struct CorrectorTests {
    func correct(_ text: String) -> String { Corrector(lexicon: Shared.lexicon).correct(text).text }

    @Test(
        "fixes OCR's broken words in context",
        arguments: [
            ("The govemment of Canada", "The government of Canada"),
            ("a rnodern approach", "a modern approach"),
            ("Ihe declaration says", "The declaration says"),
            ("the protection ofthe law", "the protection of the law"),
            ("human rights arid fundamental freedoms", "human rights and fundamental freedoms"),
            ("processes in the Intemet Governance Forum", "processes in the Internet Governance Forum"),
            ("new technoiogies and services", "new technologies and services"),
            ("The Inter net Governance Forum", "The Internet Governance Forum"),
            ("the govern ment of Canada", "the government of Canada"),
            ("the govern- ment of Canada", "the government of Canada"),
            ("We believe (hat the internet must remain open", "We believe that the internet must remain open"),
            ("a bome for rights in the modem world", "a home for rights in the modern world"),
            // Capitalised mid-sentence, but one OCR confusion (rn → m) from a common word: not a name.
            ("engagement in relevant Intemet governance bodies", "engagement in relevant Internet governance bodies"),
            ("models of open Intemet deployment", "models of open Internet deployment"),
        ])
    func fixes(input: String, expected: String) {
        #expect(correct(input) == expected)
    }

    @Test("words of the user's dictionary are never changed")
    func userDictionary() {
        var options = CorrectorOptions()
        #expect(Corrector(lexicon: Shared.lexicon).correct("the Intemet Forum").text == "the Internet Forum")
        options.addUserWords("# our terms\nIntemet 12\n")
        #expect(
            Corrector(lexicon: Shared.lexicon, options: options).correct("the Intemet Forum").text
                == "the Intemet Forum")
    }

    @Test("a word printed in lower case is never read as an acronym: OCR misreads letters, not a word's case")
    func lowerCaseIsNoAcronym() {
        #expect(correct("keys of type rsa are") == "keys of type rsa are")
        #expect(correct("generateKeyPairSync('rsa', {") == "generateKeyPairSync('rsa', {")
        #expect(!correct("in Finland: hut.fi and more").contains("FL"))
        // A capitalised misreading still becomes the acronym, and a lower-case one a word.
        #expect(correct("the Unitcd Nations") == "the United Nations")
        #expect(correct("the govemment") == "the government")
    }

    @Test("keeps case pattern and attached punctuation")
    func casePunctuation() {
        #expect(correct("Govemment, rights.") == "Government, rights.")
        #expect(correct("(the govemment)") == "(the government)")
    }

    @Test(
        "leaves acronyms, names, numbers, URLs and e-mail addresses alone",
        arguments: [
            "The UDHR and WSIS+20 process, with ICANN and the IGF.",
            "John Perry Barlow wrote it in Davos.",
            "In 2023, 3.5 % of 1,000 users at 10:30.",
            "See https://www.igf2018.fr/mesages or write to infro@isoc.org today.",
            "The Tallinn Agenda of Mr Smyth.",
            "Users log in to the site and sign up for it.",
            "I use a modem to connect.",
            "We believe (that is, we hold) it.",
            "Tools build executables and stakeholders.",
        ])
    func leavesAlone(text: String) {
        #expect(correct(text) == text)
    }

    @Test("text with nothing to correct comes back byte for byte, without a copy being made")
    func passthrough() throws {
        let corrector = Corrector(lexicon: Shared.lexicon)
        for (_, text) in try Paths.texts(in: Paths.corpus, suffix: ".txt") {
            for line in text.split(separator: "\n") {
                var copy = String(line)
                var edits: [CorrectionEdit] = []
                let out = copy.withUTF8 { corrector.correct($0, edits: &edits) }
                if out == nil { #expect(edits.isEmpty) }
            }
        }
        // Long enough not to be a small (inline) string: it has storage whose address can be compared.
        let clean = "We reaffirm our commitment to an open, free and secure Internet.\n"
        let result = corrector.correct(clean)
        #expect(result.text == clean)
        #expect(result.edits.isEmpty)
        func storage(_ s: String) -> UnsafeRawPointer? {
            s.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
        }
        #expect(storage(clean) != nil)
        #expect(storage(result.text) == storage(clean), "the text came back as a copy")
    }

    @Test("clean text of the genre passes with at most 0.1 % of words changed")
    func cleanText() throws {
        let corrector = Corrector(lexicon: Shared.lexicon)
        var words = 0
        var changed = 0
        for (_, text) in try Paths.texts(in: Paths.corpus, suffix: ".txt")
            + Paths.texts(in: Paths.corpus, suffix: ".md")
        {
            words += text.split(whereSeparator: { $0 == " " || $0 == "\n" }).count
            changed += corrector.correct(text).edits.count
        }
        #expect(words > 4000)
        #expect(Double(changed) / Double(words) <= 0.001, "\(changed) of \(words) words changed")
    }

    @Test("correcting twice is correcting once, on real OCR output")
    func idempotent() throws {
        let corrector = Corrector(lexicon: Shared.lexicon)
        let pairs = try Paths.texts(in: Paths.texts, suffix: ".ocr.txt")
        #expect(pairs.count >= 5)
        for (name, text) in pairs {
            let once = corrector.correct(text).text
            #expect(corrector.correct(once).text == once, "\(name)")
        }
    }

    @Test("on real OCR output it fixes words and harms none")
    func ocrPairs() throws {
        let corrector = Corrector(lexicon: Shared.lexicon)
        var fixed = 0
        for (name, ocr) in try Paths.texts(in: Paths.texts, suffix: ".ocr.txt") {
            guard
                let truth = try Paths.texts(in: Paths.texts, suffix: ".truth.txt").first(where: { $0.name == name })?
                    .text
            else { continue }
            let truthWords = Set(
                truth.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { $0.trimmingCharacters() })
            for edit in corrector.correct(ocr).edits {
                let before = edit.before.trimmingCharacters()
                let after = edit.after.trimmingCharacters()
                // A word the truth has must not be replaced by one it lacks.
                #expect(
                    !(truthWords.contains(before) && !truthWords.contains(after)),
                    "\(name): \(edit.before) → \(edit.after)")
                if truthWords.contains(after) && !truthWords.contains(before) { fixed += 1 }
            }
        }
        #expect(fixed >= 10)
    }
}

extension StringProtocol {
    func trimmingCharacters() -> String {
        String(self.drop { !$0.isLetter }.reversed().drop { !$0.isLetter }.reversed())
    }
}

@Suite("Corrector with OCR evidence")
struct EvidenceTests {
    let corrector = Corrector(lexicon: Shared.lexicon)

    @Test("a word Tesseract read with high confidence needs far stronger evidence")
    func confidence() {
        #expect(corrector.correct("the Rigths of the people").text == "the Rights of the people")
        #expect(
            corrector.correct("the Rigths of the people", evidence: { $0 == 4 ? WordEvidence(confidence: 99) : nil })
                .text
                == "the Rigths of the people")
    }

    @Test("Tesseract's other reading of a symbol makes that correction cheaper")
    func alternatives() throws {
        let with = corrector.correct(
            "the qeople of the world",
            evidence: {
                $0 == 4
                    ? WordEvidence(
                        confidence: 95, alternatives: [.init(offset: 0, byte: UInt8(ascii: "p"), confidence: 30)]) : nil
            })
        let without = corrector.correct(
            "the qeople of the world", evidence: { $0 == 4 ? WordEvidence(confidence: 95) : nil })
        #expect(with.text == "the people of the world")
        #expect(with.edits.first?.rule == "ocr-alternative")
        #expect(without.edits.first?.rule == "ocr-edit")
        let cheaper = try #require(with.edits.first?.candidates.first { $0.hasPrefix("people ") })
        let dearer = try #require(without.edits.first?.candidates.first { $0.hasPrefix("people ") })
        #expect(cheaper < dearer)
    }
}

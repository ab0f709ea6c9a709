import DocumentModel
// Text input: UTF-8 checked to the byte, paragraphs at blank lines, lines kept.
import Lexicon
import RepairKit
import Testing

@Suite("Text input")
struct TextInputTests {
    @Test("blank lines separate paragraphs; the lines inside one are kept as given")
    func paragraphs() throws {
        let document = try TextInput.document(bytes: Array("a b\nc  d\n \n\n\te f\n".utf8), path: "x.txt")
        let paragraphs = document.pages[0].paragraphs
        #expect(paragraphs.map { $0.lines.map(\.text) } == [["a b", "c  d"], ["\te f"]])
        #expect(document.plainText == "a b\nc  d\n\n\te f\n")
    }

    @Test(
        "the first invalid UTF-8 byte is found",
        arguments: [
            ([0x61, 0xFF], 1), ([0xC3, 0xA9, 0xC3], 2), ([0xE2, 0x82], 0), ([0x61, 0xED, 0xA0, 0x80], 1),
        ])
    func invalidUTF8(bytes: [UInt8], offset: Int) {
        #expect(TextInput.firstInvalidUTF8Offset(bytes) == offset)
    }

    @Test("valid UTF-8 passes") func validUTF8() {
        #expect(TextInput.firstInvalidUTF8Offset(Array("naïve – “quoted” 日本".utf8)) == nil)
    }

    @Test("a byte-order mark is dropped") func bom() throws {
        let document = try TextInput.document(bytes: [0xEF, 0xBB, 0xBF] + Array("Text\n".utf8), path: "x.txt")
        #expect(document.plainText == "Text\n")
    }

    @Test("an encoding ICU does not know is an error naming it") func unknownEncoding() {
        #expect(throws: RepairError.self) {
            _ = try TextInput.document(bytes: [0x61], path: "x.txt", encoding: "no-such-charset")
        }
    }

    @Test("CRLF line ends read as LF") func crlf() throws {
        #expect(try TextInput.document(bytes: Array("a\r\nb\r\n".utf8), path: "x").plainText == "a\nb\n")
    }
}

@Suite("Evaluation")
struct EvaluationTests {
    @Test("word error rate counts substitutions, insertions and deletions")
    func wer() {
        #expect(Evaluation.wordErrorRate("the cat sat", reference: "the cat sat").errors == 0)
        #expect(Evaluation.wordErrorRate("the bat sat", reference: "the cat sat").errors == 1)
        #expect(Evaluation.wordErrorRate("the cat", reference: "the cat sat").errors == 1)
        #expect(Evaluation.wordErrorRate("the cat sat down", reference: "the cat sat").errors == 1)
        #expect(Evaluation.wordErrorRate("x", reference: "the cat sat").rate == 1)
    }

    @Test("character error rate reads any run of white space as one space")
    func cer() {
        #expect(Evaluation.characterErrorRate("a  b\nc", reference: "a b c").errors == 0)
        #expect(Evaluation.characterErrorRate("abd", reference: "abc").rate == 1.0 / 3.0)
    }
}

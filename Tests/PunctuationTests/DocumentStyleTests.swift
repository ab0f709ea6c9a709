import Correction
import DocumentModel
import Foundation
// Dashes and quotes by the document's majority; a confidently printed mark is not speckle.
import Lexicon
import Punctuation
import RepairKit
import TestSupport
import Testing

@Suite("Document style and printed marks")
struct DocumentStyleTests {
    func text(_ paragraphs: [String]) -> String {
        DocumentStyle().repair(
            Document(
                source: "t",
                pages: [Page(blocks: [Block(paragraphs: paragraphs.map { Paragraph(lines: [Line(text: $0)]) })])])
        ).plainText
    }

    @Test("a spaced - or ~ between words becomes the document's dash; ranges and lone hyphens stay")
    func dashes() {
        #expect(
            text(["rights – all of them – matter", "freedoms ~ online - always", "2018 - 2020, well-known"])
                == "rights – all of them – matter\n\nfreedoms – online – always\n\n2018 - 2020, well-known\n")
        // No dash in the document: nothing to follow.
        #expect(text(["freedoms ~ online - always"]) == "freedoms ~ online - always\n")
        // A document that spaces hyphens more often than it prints dashes writes its dash so.
        let hyphens = ["costs - especially energy - as well", "rights – all of them – matter", "illegal - but hurtful"]
        #expect(text(hyphens) == hyphens.joined(separator: "\n\n") + "\n")
    }

    @Test("quotes follow the document's majority and point the way their place says")
    func quotes() {
        #expect(
            text(["“Open” and “free”", "and \"secure\" and “stable“ internet"])
                == "“Open” and “free”\n\nand “secure” and “stable” internet\n")
        #expect(
            text(["\"Open\" and \"free\"", "and “secure” internet"])
                == "\"Open\" and \"free\"\n\nand \"secure\" internet\n")
    }

    @Test("a mark Tesseract read confidently at full height is kept; faint speckle goes")
    func printedMark() throws {
        let lexicon = try Lexicon.load(path: Paths.lexicon)
        func line(confidence: Float, height: Int32) -> Line {
            let words = [
                OCRWord(text: "youth", confidence: 95, box: Box(left: 0, top: 0, right: 100, bottom: 40)),
                OCRWord(
                    text: ":", confidence: confidence, box: Box(left: 110, top: 40 - height, right: 118, bottom: 40)),
                OCRWord(text: "Technical", confidence: 95, box: Box(left: 130, top: 0, right: 300, bottom: 40)),
            ]
            return Line(text: "youth : Technical", words: words)
        }
        func run(_ l: Line) -> String {
            PunctuationStage(lexicon: lexicon).repair(
                Document(source: "t", pages: [Page(blocks: [Block(paragraphs: [Paragraph(lines: [l])])])])
            ).plainText
        }
        #expect(run(line(confidence: 96, height: 30)) == "youth : Technical\n")
        #expect(run(line(confidence: 40, height: 30)) == "youth Technical\n")
        #expect(run(line(confidence: 96, height: 6)) == "youth Technical\n")
    }

    /// The stage's first version, over Characters: the reference the byte version must match.
    enum Reference {
        static func repair(_ lines: [String]) -> [String] {
            let text = lines.joined(separator: "\n")
            let en = text.components(separatedBy: " – ").count - 1
            let em = text.components(separatedBy: " — ").count - 1
            let dash: String? = en + em >= 2 ? (en >= em ? "–" : "—") : nil
            let curly = text.filter { $0 == "“" || $0 == "”" }.count
            let straight = text.filter { $0 == "\"" }.count
            let wantCurly: Bool? = curly + straight >= 4 && curly != straight ? curly > straight : nil
            return lines.map { line in
                var new = line
                if let dash { new = spaced(new, dash) }
                if let wantCurly { new = quotes(new, curly: wantCurly) }
                return new
            }
        }

        static func spaced(_ line: String, _ dash: String) -> String {
            let chars = Array(line)
            guard chars.count >= 5 else { return line }
            var out = ""
            for i in chars.indices {
                if i >= 2, i + 2 < chars.count, chars[i] == "-" || chars[i] == "~", chars[i - 1] == " ",
                    chars[i + 1] == " ", chars[i - 2].isLetter, chars[i + 2].isLetter
                {
                    out += dash
                } else {
                    out.append(chars[i])
                }
            }
            return out
        }

        static func quotes(_ line: String, curly: Bool) -> String {
            let chars = Array(line)
            var out = ""
            for (i, c) in chars.enumerated() {
                guard c == "\"" || c == "“" || c == "”" else {
                    out.append(c)
                    continue
                }
                if !curly {
                    out.append("\"")
                    continue
                }
                let before: Character? = i > 0 ? chars[i - 1] : nil
                let after: Character? = i + 1 < chars.count ? chars[i + 1] : nil
                let opens =
                    (before == nil || before == " " || "([{—–".contains(before!)) && after != nil && after != " "
                out.append(opens ? "“" : "”")
            }
            return out
        }
    }

    @Test("the byte version matches the Character version on 3,000 random documents")
    func matchesReference() {
        let pieces = [
            "a", "b", "Z", "é", "e\u{301}", "ß", "日", "1", "2", " ", " ", " ", "-", "~", "\"", "“", "”", "–", "—",
            " – ", " — ", "(", "[", "{", ",", ".",
        ]
        // (A combining mark only after a letter: one after a quote or dash makes a Character of
        // both, which the reference does not count as a quote; the byte version does.)
        var generator = SplitMix64(state: 42)
        for _ in 0..<3000 {
            let lineCount = 1 + Int(generator.next() % 4)
            let lines = (0..<lineCount).map { _ in
                (0..<Int(generator.next() % 24)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }
                    .joined()
            }
            let document = Document(
                source: "t",
                pages: [Page(blocks: [Block(paragraphs: [Paragraph(lines: lines.map { Line(text: $0) })])])])
            let ours = DocumentStyle().repair(document).pages[0].paragraphs[0].lines.map(\.text)
            let reference = Reference.repair(lines)
            if ours != reference {
                Issue.record(
                    "lines \(lines.debugDescription): \(ours.debugDescription) vs \(reference.debugDescription)")
                return
            }
        }
    }
}

// Punctuation noise, one rule a test, each with the counter-cases it must leave alone.
import Foundation
import Lexicon
import Punctuation
import TestSupport
import Testing

@Suite("Punctuation repair")
struct PunctuationRepairTests {
    let repair = PunctuationRepair(lexicon: Shared.lexicon)
    func fix(_ text: String) -> String { repair.repair(text).text }

    // The pipeline's later passes repair only the lines changed since the punctuation stage
    // last ran: that is exact only when repairing a line's repaired text changes nothing.
    @Test("repairing a repaired line changes nothing, on every line of the OCR text fixtures")
    func idempotentOnOCRLines() throws {
        var lines = 0
        for folder in [Paths.texts, Paths.root.appendingPathComponent("Fixtures/train")] {
            for (name, text) in try Paths.texts(in: folder, suffix: ".ocr.txt") {
                for line in text.split(separator: "\n") {
                    let once = fix(String(line))
                    #expect(fix(once) == once, "\(name): \(line)")
                    lines += 1
                }
            }
        }
        #expect(lines >= 300)
    }

    @Test(
        "speckle read as a mark between words goes",
        arguments: [
            ("The declaration : says it", "The declaration says it"),
            (": The declaration says", "The declaration says"),
            ("deter malicious activity. : :", "deter malicious activity. : :"),  // a run is left for a person to judge
            ("rights ~ and freedoms", "rights and freedoms"),
            // A mark between two terms of a formula is printed.
            ("then f(x) ~ g(x) holds", "then f(x) ~ g(x) holds"),
            ("so that x ~ y for all", "so that x ~ y for all"),
            ("(see below) ~ the rest", "(see below) the rest"),
        ])
    func speckle(input: String, expected: String) { #expect(fix(input) == expected) }

    @Test("in a list of names, commas read as periods, colons or semicolons are commas again")
    func listSeparators() {
        #expect(
            fix("Endorsed by Albania, Andorra. Argentina, Australia; Austria Belgium: Bulgaria. Cabo Verde, and Chile.")
                == "Endorsed by Albania, Andorra, Argentina, Australia, Austria, Belgium, Bulgaria, Cabo Verde, and Chile."
        )
        // The list's last mark, initials and abbreviations keep their periods; a sentence may
        // begin inside the run.
        #expect(
            fix("Signed by Kenya, Latvia, Malta, Niger, Peru. The Board, J. Smith, Acme Inc. Berlin")
                == "Signed by Kenya, Latvia, Malta, Niger, Peru. The Board, J. Smith, Acme Inc. Berlin")
        // Two country names side by side lost their comma; a name of two words keeps its space,
        // and no comma goes before `and`.
        #expect(
            fix("Endorsed by Austria, Canada, Costa Rica Czech Republic the Netherlands Ghana Kenya and Sweden.")
                == "Endorsed by Austria, Canada, Costa Rica, Czech Republic, the Netherlands, Ghana, Kenya and Sweden.")
        // Names that are not both countries stay as printed (`Georgia Smith`, `Jordan Peterson`).
        #expect(
            fix("Speakers: Anna Berg, Carl Dahl, Georgia Smith, Jordan Peterson, Eva Lund, Kenya Moore.")
                == "Speakers: Anna Berg, Carl Dahl, Georgia Smith, Jordan Peterson, Eva Lund, Kenya Moore.")
        // Too few names, or too few commas, is no list: sentences of names stay.
        #expect(fix("We met Anna, Ben. Carl left.") == "We met Anna, Ben. Carl left.")
        #expect(
            fix("Paris Berlin. Rome Madrid. Vienna Prague. Oslo, Bern.")
                == "Paris Berlin. Rome Madrid. Vienna Prague. Oslo, Bern.")
    }

    @Test("a period inside a sentence goes when the words continue each other")
    func sentenceMark() {
        #expect(fix("human rights and. the rule of law") == "human rights and the rule of law")
        #expect(fix("we want to. build capacity") == "we want to build capacity")
        // …unless OCR read the period confidently and the next word's case is weak evidence
        // (fine print read "In particular" as "in particular"); "m" is never a misread "M".
        func printedPeriod(_ text: String) -> String {
            let period = Array(text.utf8).firstIndex(of: UInt8(ascii: "."))!
            return PunctuationRepair(lexicon: Shared.lexicon).repair(text, printed: { $0 == period }).text
        }
        let text = "the EU Global Gateway initiative. in particular"
        #expect(printedPeriod(text) == text)
        // Without OCR's word on it (text input, or repair reading its own output) it stays
        // too, so a second run changes nothing; when OCR says it is not printed, it goes.
        #expect(fix(text) == text)
        #expect(
            PunctuationRepair(lexicon: Shared.lexicon).repair(text, printed: { _ in false }).text
                == "the EU Global Gateway initiative in particular")
        #expect(printedPeriod("ideas through any. media and") == "ideas through any media and")
    }

    @Test("a mark gluing two words becomes a space")
    func glued() {
        #expect(fix("to make the Internet.a safe place") == "to make the Internet a safe place")
        #expect(fix("the United Nations on.a cybercrime treaty") == "the United Nations on a cybercrime treaty")
    }

    @Test("marks inside a run of notation are printed: code and formulas keep them")
    func notationKeepsItsMarks() {
        let code = #"curl -F "name=file,and=text" example.com"#
        #expect(fix(code) == code)
        #expect(fix("x <- c(list,of) and f(x),g(x) in R") == "x <- c(list,of) and f(x),g(x) in R")
        // The same marks between words of prose are OCR's.
        #expect(fix("send the name of file,and text") == "send the name of file, and text")
    }

    @Test("a lone quote glued to a word goes; real quotations and possessives stay")
    func quotes() {
        #expect(fix("same online ‘and offline") == "same online and offline")
        #expect(fix("the ‘new challenges’ of governance") == "the ‘new challenges’ of governance")
        #expect(
            fix("the countries’ obligations and individuals' rights")
                == "the countries’ obligations and individuals' rights")
        // A backtick closes a code span or a TeX quotation.
        #expect(fix("the `search` property of the returned object") == "the `search` property of the returned object")
        #expect(fix("and ``quoted'' text") == "and ``quoted'' text")
        #expect(fix("same online `and offline") == "same online and offline")
    }

    @Test("a comma where a sentence ends becomes a period; commas before names stay")
    func sentenceEnd() {
        #expect(
            fix("signed by many countries, The declaration says") == "signed by many countries. The declaration says")
        #expect(fix("signed by Canada, Germany and France") == "signed by Canada, Germany and France")
        #expect(fix("and children, Internet access") == "and children, Internet access")
        #expect(
            fix("rights and freedoms, We, as participating States, dedicate")
                == "rights and freedoms, We, as participating States, dedicate")
        // After a verb of saying the capital opens speech printed without quotes, as old books print it.
        #expect(fix("And she answered and said, It is well.") == "And she answered and said, It is well.")
        #expect(fix("they answered him, The LORD bless thee") == "they answered him, The LORD bless thee")
        #expect(fix("the answer was said often, This one") == "the answer was said often, This one")
        #expect(fix("as we said before; the plan, This one") == "as we said before; the plan. This one")
    }

    @Test("a period lost before a word that opens sentences is restored; not after a word a sentence cannot end with")
    func lostSentenceEnd() {
        #expect(fix("a safe place for everyone We resolve to act") == "a safe place for everyone. We resolve to act")
        #expect(
            fix("a role for the whole of society In particular we seek")
                == "a role for the whole of society. In particular we seek")
        // `stakeholders in` is a likely pair (log10 P(in | stakeholders) −1.0): OCR's capital.
        let likely = "a role for the whole of stakeholders In particular we seek"
        #expect(fix(likely) == likely)
        // A comma after the opener (`We, as participating States,`), a capital after it, a word that
        // does not end sentences before it, a mark already there: unchanged.
        let comma = "rights and freedoms We, as participating States"
        #expect(fix(comma) == comma)
        #expect(fix("a report on The Hague Rules") == "a report on The Hague Rules")
        #expect(fix("the rules for all those In the list") == "the rules for all those In the list")
        #expect(fix("established through The active cooperation") == "established through The active cooperation")
        // An option's name and its description; a clause of fewer than four words (a heading, a list item).
        #expect(fix("of the files -name This option is") == "of the files -name This option is")
        #expect(fix("do list; done The list of words") == "do list; done The list of words")
        #expect(fix("IGF Messages We resolve to act") == "IGF Messages We resolve to act")
        #expect(fix("for everyone. We resolve to act") == "for everyone. We resolve to act")
    }

    @Test("colons and semicolons stay: lists, legal '; and', a clause after a colon")
    func colonsStay() {
        #expect(fix("all stakeholders: civil society and business") == "all stakeholders: civil society and business")
        #expect(fix("the terms of this section; and the notice") == "the terms of this section; and the notice")
        #expect(fix("it is free software: you can share it") == "it is free software: you can share it")
    }

    @Test("doubled marks become one; an ellipsis stays")
    func doubled() {
        #expect(fix("rights,. and freedoms") == "rights, and freedoms")
        #expect(fix("rights., The end") == "rights. The end")
        #expect(fix("the end..") == "the end.")
        #expect(fix("and so... on") == "and so... on")
        #expect(fix("the U.S., and Canada") == "the U.S., and Canada")
    }

    @Test("a list number read with a comma becomes a period") func listNumber() {
        #expect(fix("1, We resolve to work together") == "1. We resolve to work together")
        #expect(fix("1, 2 and 3 are numbers") == "1, 2 and 3 are numbers")
    }

    @Test(
        "leaves abbreviations, decimals, ellipses, URLs, dashes and real sentence ends alone",
        arguments: [
            "Canada, the U.S. and 59 other countries, e.g. the G7, i.e. most.",
            "It rose 3.5 per cent, to 1,000 users at 10:30.",
            "And then . . . nothing; wait ... more",
            "See www.igf2018.fr or info@isoc.org for more.",
            "Rights — and freedoms – matter - always.",
            "All people are equal online and offline. indeed, this matters.",
            "The statement said so. Canada signed it.",
            "Messages & principles: the new challenges.",
        ])
    func leavesAlone(text: String) { #expect(fix(text) == text) }

    @Test("clean text of the genre passes untouched")
    func cleanText() throws {
        for (name, text) in try Paths.texts(in: Paths.corpus, suffix: ".txt")
            + Paths.texts(in: Paths.corpus, suffix: ".md")
        {
            for line in text.split(separator: "\n") {
                #expect(repair.repair(String(line)).edits.isEmpty, "\(name): \(line.prefix(60))")
            }
        }
    }
}

import Foundation
// The adaptive error model as a spec: the noise estimate and its prior, the document's own
// confusions learned by EM, its own words kept, and the base behaviour restored after it.
import Lexicon
import TestSupport
import Testing

@testable import Correction

@Suite("Adaptation to one document")
struct AdaptationTests {
    /// `text` with n read as s, t as c and e as c (fixed seed): a scan whose misreadings are the
    /// same throughout, like a real bad scan.
    static func damaged(_ text: String, seed: UInt64 = 5) -> String { SyntheticDamage.systematic(text, seed: seed) }

    /// Clean technical prose of another genre: its terms (morp, xfst, lexc) and foreign words recur.
    static let technicalParagraph = """
        The morp tool reads xfst files and writes morp tables. Use morp with the lexc compiler; \
        xfst scripts define the rules, and morp applies them to the lexicon des Wortes. \
        Every morp table names its xfst source.
        """

    static func corpus(_ name: String) throws -> String {
        try String(contentsOf: Paths.corpus.appendingPathComponent(name), encoding: .utf8)
    }

    static func wordErrors(_ hypothesis: String, _ truth: String) -> Int {
        let h = hypothesis.split(whereSeparator: \.isWhitespace)
        let r = truth.split(whereSeparator: \.isWhitespace)
        var previous = Array(0...r.count)
        for i in 1...max(h.count, 1) where !h.isEmpty {
            var current = [i] + [Int](repeating: 0, count: r.count)
            for j in 1...max(r.count, 1) where !r.isEmpty {
                current[j] = min(previous[j - 1] + (h[i - 1] == r[j - 1] ? 0 : 1), previous[j] + 1, current[j - 1] + 1)
            }
            previous = current
        }
        return h.isEmpty ? r.count : previous[r.count]
    }

    func correctDocument(_ text: String, adapt: Bool, options: CorrectorOptions = CorrectorOptions()) -> (
        text: String, adaptation: DocumentAdaptation?
    ) {
        let corrector = Corrector(lexicon: Shared.lexicon, options: options)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let adaptation = adapt ? corrector.adapt(lines, estimate: corrector.estimate(lines)) : nil
        defer { corrector.endDocument() }
        return (lines.map { corrector.correct($0).text }.joined(separator: "\n"), adaptation)
    }

    @Test("the prior: unknown words that occur once are errors, recurring ones are terms; few words keep the default")
    func prior() {
        var noisy = NoiseCounts()
        noisy.words = 300
        noisy.unknown = 100
        noisy.singletons = 98
        #expect(NoiseEstimate(counts: noisy).prior > 0.9)
        var clean = NoiseCounts()
        clean.words = 5000
        clean.unknown = 200
        clean.singletons = 20
        #expect(NoiseEstimate(counts: clean).prior < 0.1)
        var short = NoiseCounts()
        short.words = 20
        short.unknown = 2
        short.singletons = 0
        #expect(abs(NoiseEstimate(counts: short).prior - NoiseEstimate.defaultPrior) < 0.12)
        // Bayes per word: a recurring form is far less likely an error than a singleton.
        let estimate = NoiseEstimate(counts: noisy)
        #expect(estimate.wordPrior(recurring: true) < estimate.wordPrior(recurring: false))
    }

    @Test("notation: runs with code or formula marks are counted, OCR speckle on prose is not")
    func notationRuns() {
        func runs(_ text: String) -> Int {
            var copy = text
            return copy.withUTF8 { Notation.runs(in: $0) }
        }
        #expect(runs("x <- c(1, 2) and f(x) = g(y)") == 5)  // <-, c(1,, f(x), =, g(y)
        #expect(runs("call glp_add_rows, read X[1,3] or $HOME; a ≤ b, 3 × 4, a::b") == 6)
        #expect(runs("the rights (IGF) of all, a. when. it'will has.enabled ~ | ^ _ -") == 0)
        #expect(runs("") == 0)
        // A document prints notation with 1 % of its words so marked (at least 3), unless it has
        // more unknown words than clean text: then its marks are more likely OCR's.
        var counts = NoiseCounts()
        counts.words = 400
        counts.notation = 4
        #expect(NoiseEstimate(counts: counts).printsNotation)
        #expect(!NoiseEstimate(counts: counts).looksNoisy)
        counts.notation = 3
        #expect(!NoiseEstimate(counts: counts).printsNotation)
        #expect(NoiseEstimate(counts: counts).looksNoisy)  // no evidence: the default prior
        counts.notation = 40
        counts.unknown = 100
        counts.singletons = 98
        #expect(!NoiseEstimate(counts: counts).printsNotation)
        #expect(NoiseEstimate(counts: counts).looksNoisy)
    }

    @Test("alignment: substitutions, and insertions or deletions with the letter before them as context")
    func operations() {
        func ops(_ a: String, _ b: String) -> [String] {
            (ChannelLearning.operations(Array(a.utf8), Array(b.utf8)) ?? []).map {
                String(decoding: $0.seen, as: UTF8.self) + ">" + String(decoding: $0.meant, as: UTF8.self)
            }
        }
        #expect(ops("Isternet", "Internet") == ["s>n"])
        #expect(ops("goverment", "government") == ["r>rn"])
        #expect(ops("rnodern", "modern") == ["rn>m"])
        #expect(ops("Partsees", "Partners") == ["s>n", "e>r"])
        // Letters misread side by side are counted one by one (hs for in is h>i and s>n).
        #expect(ops("Ishernet", "Internet") == ["s>n", "h>t"])
        #expect(ChannelLearning.operations(Array("abcdefgh".utf8), Array("zyxwvuts".utf8)) == nil)
    }

    @Test("a scan that misreads the same letters throughout: EM learns them and fixes what the base cannot")
    func learnsTheDocumentsConfusions() throws {
        let truth = try Self.corpus("freedom-online-coalition-declaration.txt")
        let scan = Self.damaged(truth)
        let base = correctDocument(scan, adapt: false).text
        let (adapted, adaptation) = correctDocument(scan, adapt: true)
        let raw = Self.wordErrors(scan, truth)
        let baseErrors = Self.wordErrors(base, truth)
        let adaptedErrors = Self.wordErrors(adapted, truth)
        let learned = try #require(adaptation).learned
        #expect(learned.contains { $0.seen == "s" && $0.meant == "n" && $0.cost < $0.baseCost }, "\(learned)")
        // Each round learns against the base channel, so the rounds settle (a round that
        // measured against the last round's costs learned nothing, and the next started over).
        #expect(try #require(adaptation).converged)
        #expect(learned.contains { $0.seen == "c" && $0.meant == "t" && $0.cost < $0.baseCost })
        #expect(try #require(adaptation).rounds >= 1)
        #expect(adaptedErrors * 2 < baseErrors, "raw \(raw), base \(baseErrors), adapted \(adaptedErrors) word errors")
        #expect(baseErrors < raw)
    }

    @Test(
        "a scan whose errors its learned confusions explain: generic edits stay as dear as that leaves them (thesc is these)"
    )
    func genericEditsFollowWhatIsLeft() throws {
        let truth = try Self.corpus("freedom-online-coalition-declaration.txt")
        let (adapted, adaptation) = correctDocument(Self.damaged(truth), adapt: true)
        let a = try #require(adaptation)
        // Nearly every operation of the confident corrections is a learned one (n as s, t and e as c).
        #expect(a.genericShare < 0.3, "\(a.genericShare)")
        let everyError = a.noise.genericCosts(ErrorModelCosts(), genericShare: 1)
        #expect(a.costs.insertion > everyError.insertion + 0.3, "\(a.costs) against \(everyError)")
        #expect(a.costs.deletion > everyError.deletion + 0.3)
        // 13 word errors of 682 when every error made generic edits cheaper (`thesc` → `the`).
        #expect(Self.wordErrors(adapted, truth) <= 6, "\(Self.wordErrors(adapted, truth)) word errors")
    }

    @Test("a clean document of another genre: its recurring terms and its short words are kept")
    func keepsTermsOfACleanDocument() throws {
        let text = Array(repeating: Self.technicalParagraph, count: 6).joined(separator: "\n")
        let (adapted, adaptation) = correctDocument(text, adapt: true)
        #expect(adapted == text)
        #expect(try #require(adaptation).noise.prior < NoiseEstimate.noisyPrior)
    }

    @Test("a clean document's misprints of its own words are corrected; its terms, prefixed ones too, are kept")
    func misprintsOfTheDocumentsWords() throws {
        let body = Array(repeating: Self.technicalParagraph, count: 6).joined(separator: "\n")
        let probe = "Every morp tahle names its xfst souree, and fhe rtable tool reads thc rules."
        let (adapted, adaptation) = correctDocument(body + "\n" + probe, adapt: true)
        #expect(try #require(adaptation).noise.looksNoisy == false)
        // tahle, souree: once each, one edit from words the document uses six times; thc (a
        // rare word) once beside the ×13; fhe: f read for t, a table confusion dearer than the
        // cheap ones, before a word the document uses 13 times; rtable grows from table by a
        // prefix letter: a term.
        #expect(
            adapted == body + "\nEvery morp table names its xfst source, and the rtable tool reads the rules.",
            "\(adapted.split(separator: "\n").last ?? "")")
    }

    /// `line` corrected as the last line of a scan that misreads letters the same way
    /// throughout (the adapted document must look noisy).
    func lastLineOfNoisyScan(_ line: String) throws -> String {
        let scan = Self.damaged(try Self.corpus("g7-open-internet-action-plan.txt")) + "\n" + line
        let (adapted, adaptation) = correctDocument(scan, adapt: true)
        #expect(try #require(adaptation).noise.looksNoisy)
        return String(adapted.split(separator: "\n", omittingEmptySubsequences: false).last ?? "")
    }

    /// `line` corrected as the last line of a far worse scan of that kind (n and a printed as
    /// s, t, e and c confused, i as h: `SyntheticDamage.harsh`).
    func lastLineOfHarshScan(_ line: String) throws -> String {
        let scan = SyntheticDamage.harsh(try Self.corpus("g7-open-internet-action-plan.txt")) + "\n" + line
        let (adapted, adaptation) = correctDocument(scan, adapt: true)
        #expect(try #require(adaptation).noise.looksNoisy)
        return String(adapted.split(separator: "\n", omittingEmptySubsequences: false).last ?? "")
    }

    /// `line` corrected as the last line of a scan whose errors are varied (letters lost, doubled
    /// or misread, no few confusions explaining them): generic edits stay cheap there.
    func lastLineOfVariedScan(_ line: String, rate: Double) throws -> String {
        let scan = SyntheticDamage.varied(try Self.corpus("g7-open-internet-action-plan.txt"), rate: rate) + "\n" + line
        let (adapted, adaptation) = correctDocument(scan, adapt: true)
        #expect(try #require(adaptation).noise.looksNoisy)
        // Its learned confusions leave much of its errors unexplained: generic edits stay cheap.
        #expect(try #require(adaptation).costs.deletion < ErrorModelCosts().deletion - 0.5)
        return String(adapted.split(separator: "\n", omittingEmptySubsequences: false).last ?? "")
    }

    /// `line` corrected as the last line of a clean technical document (it must look clean).
    func lastLineOfCleanDocument(_ line: String) throws -> String {
        let clean = Array(repeating: Self.technicalParagraph, count: 6).joined(separator: "\n") + "\n" + line
        let (kept, adaptation) = correctDocument(clean, adapt: true)
        #expect(try #require(adaptation).noise.looksNoisy == false)
        return String(kept.split(separator: "\n", omittingEmptySubsequences: false).last ?? "")
    }

    @Test("in a noisy document the words it prints elsewhere are likelier: a misreading one edit from two words")
    func documentWordsAsCache() throws {
        // `Interet` is one insertion from `interest` and from `Internet`: the lexicon prefers
        // `interest`; the document prints `Internet` ten times.
        let probe = "We share a deep interet in the future of the Interet and its governance"
        // (Lightly damaged: the page still prints `Internet` where it means it.)
        let repaired = try lastLineOfVariedScan(probe, rate: 0.015)
        #expect(repaired == "We share a deep interest in the future of the Internet and its governance", "\(repaired)")
    }

    @Test("in a bad scan a capital printed for a small letter of the same shape inside a sentence is made small")
    func caseConfusions() throws {
        let probe =
            "We protect a program and should say so. They say we Should try to Protect the users in Canada, as the Program and the Program say. Protect it."
        #expect(
            try lastLineOfNoisyScan(probe)
                == "We protect a program and should say so. They say we should try to protect the users in Canada, as the Program and the Program say. Protect it."
        )
        // A clean document's capitals are its own; so are the base corrector's.
        #expect(try lastLineOfCleanDocument(probe) == probe)
        #expect(correctDocument(probe, adapt: false).text == probe)
    }

    @Test("a trained collection's words count as printed by each document: a far misreading reaches them")
    func collectionWordsArePrinted() throws {
        // `tredums` shares four letter pairs with `freedoms`, `trends` and a dozen commoner
        // words; the scan never prints `freedoms`, the collection's truth did (three times).
        let scan = SyntheticDamage.varied(try Self.corpus("g7-open-internet-action-plan.txt"), rate: 0.03) + "\n"
        let probe = "They defend the tredums of the press"
        let last = { (options: CorrectorOptions) in
            String(self.correctDocument(scan + probe, adapt: true, options: options).text.split(separator: "\n").last!)
        }
        #expect(!last(CorrectorOptions()).contains("freedoms"))
        var trained = CorrectorOptions()
        trained.trainedVocabulary = [(Shared.lexicon.lookup("freedoms"), 3), (Shared.lexicon.lookup("press"), 2)]
        #expect(last(trained) == "They defend the freedoms of the press")
    }

    @Test("in a noisy document a plural of a rare word is a misreading a likelier word may explain (esds: ends)")
    func pluralsOfRareWords() throws {
        // `esds` is the plural of `esd` (a known word), and `ends` with n printed as s.
        let probe = "technologies for repressive esds, and the stakeholders and executables"
        #expect(
            try lastLineOfNoisyScan(probe) == "technologies for repressive ends, and the stakeholders and executables")
        // A clean document's plurals of known words are words; so are the base corrector's.
        #expect(try lastLineOfCleanDocument(probe) == probe)
        #expect(correctDocument(probe, adapt: false).text == probe)
    }

    @Test(
        "in a scan that prints n and a as s throughout, context reads a common word as a rarer one and a single letter as another (as: an, s: a)"
    )
    func realWordsOfTheLearnedConfusions() throws {
        // `as` is commoner than `an`, and `s` a letter: only the document's confusions and the
        // words around them say otherwise.
        let probe = "They take as inclusive approach and the coalition is s member of the group as it was."
        #expect(
            try lastLineOfHarshScan(probe)
                == "They take an inclusive approach and the coalition is a member of the group as it was.")
        // A clean document's words and letters are its own; so are the base corrector's.
        #expect(try lastLineOfCleanDocument(probe) == probe)
        #expect(correctDocument(probe, adapt: false).text == probe)
    }

    @Test(
        "in a harsh scan two misread words printed without their space are split and read, and so are the misread parts of a compound"
    )
    func misreadWordsWithoutTheirSpace() throws {
        // `chejoinc`: `che` (a word, and `the` with t printed as c) and `joinc`; `mulci-scakeholder`:
        // neither part a word.
        let probe = "We issued chejoinc statement on the mulci-scakeholder model of the world."
        #expect(
            try lastLineOfHarshScan(probe)
                == "We issued the joint statement on the multi-stakeholder model of the world.")
        // A clean document's forms are its own; so are the base corrector's.
        #expect(try lastLineOfCleanDocument(probe) == probe)
        #expect(!correctDocument(probe, adapt: false).text.contains("the joint"))
    }

    @Test(
        "in a harsh scan two words printed without their space are read though misread in many letters, or though the split gains less than nothing (above the margin)"
    )
    func longWordsWithoutTheirSpace() throws {
        // `providisgacccss`: providing access, both halves misread (no half of three letters or
        // less for `misreadSplits`); `thcserights`: these rights, whose split gains less than
        // keeping an unknown word but more than the document's negative margin.
        let probe = "We support providisgacccss to thcserights for all."
        #expect(try lastLineOfHarshScan(probe) == "We support providing access to these rights for all.")
        #expect(try lastLineOfCleanDocument(probe) == probe)
    }

    @Test("in a harsh scan a word its own confusions misread in five letters or more is read (hsccrcscs: interests)")
    func wordsMisreadInMostLetters() throws {
        // n printed as s, t and e as c, i as h: more sites than the learned variants combine,
        // and no letter pair left in common for the far-word search.
        let probe = "We paid acccschos to the hsccrcscs of coopcrachos and to its prcscscachos."
        #expect(
            try lastLineOfHarshScan(probe)
                == "We paid attention to the interests of cooperation and to its presentation.")
        #expect(try lastLineOfCleanDocument(probe) == probe)
    }

    @Test("in a harsh scan the table's confusions its own ones leave aside grow dearer (os: on, not as by o for a)")
    func tableConfusionsTheScanDoesNotMake() throws {
        // The scan reads n as s throughout and never a as o: `os` is `on`.
        let probe = "The talks start os May 30 in Paris."
        #expect(try lastLineOfHarshScan(probe) == "The talks start on May 30 in Paris.")
        // The adaptation names them (the record's `raised`); a scan of varied errors, whose
        // errors are the table's own, raises none.
        let corpus = try Self.corpus("g7-open-internet-action-plan.txt")
        let harsh = try #require(correctDocument(SyntheticDamage.harsh(corpus), adapt: true).adaptation)
        #expect(harsh.genericShare < ChannelLearning.systematicShare)
        #expect(harsh.raised.contains { $0.seen == "o" && $0.meant == "a" && $0.cost > $0.baseCost + 0.5 })
        let varied = try #require(correctDocument(SyntheticDamage.varied(corpus, rate: 0.03), adapt: true).adaptation)
        #expect(varied.genericShare >= ChannelLearning.systematicShare)
        #expect(varied.raised.isEmpty)
    }

    @Test(
        "EM raises a table confusion the corrections do not make, by at most the rise; learned ones and those made stay"
    )
    func unseenTableConfusions() {
        let table = [
            Self.confusion("o", "a", 1.2),  // never made: raised
            Self.confusion("s", "n", 1.2),  // learned: kept
            Self.confusion("c", "e", 1.0),  // made as often as the table says: kept
        ]
        // 40 corrections of n printed as s, 4 of e printed as c (one e in ten: the table's 1.0).
        var corrections = [(observed: [UInt8], corrected: [UInt8])](
            repeating: (Array("sot".utf8), Array("not".utf8)), count: 40)
        corrections += repeatElement((observed: Array("thc".utf8), corrected: Array("the".utf8)), count: 4)
        let truthSide = Array(String(repeating: "a a a not the ", count: 40).utf8)
        let learned = [LearnedConfusion(seen: "s", meant: "n", count: 40, baseCost: 1.2, cost: 0.3)]
        let memo = ChannelLearning.OperationMemo()
        let raised = ChannelLearning.unseen(
            table: table, corrections: corrections, truthSide: truthSide, learned: learned, rise: 0.5, memo: memo)
        #expect(raised.map(\.seen) == ["o"])
        #expect(abs((raised.first?.cost ?? 0) - 1.7) < 0.001)
        #expect(
            ChannelLearning.unseen(
                table: table, corrections: corrections, truthSide: truthSide, learned: learned, rise: 0, memo: memo
            ).isEmpty)
    }

    @Test(
        "in a harsh scan a word misread in most letters is read though a near word explains it too (Isccrsct: Internet, not interact)"
    )
    func classesBeyondANearWord() throws {
        // `interact` is two learned confusions from `Isccrsct` (cheaper than three generic
        // edits, which closed the far-word gate); `Internet` is five, all of them classes.
        let probe = "We keep the Isccrsct open and free for all."
        #expect(try lastLineOfHarshScan(probe) == "We keep the Internet open and free for all.")
        #expect(try lastLineOfCleanDocument(probe) == probe)
    }

    @Test("in a harsh scan that reads n as s half the time, a known word is read through it more readily (is: in)")
    func frequentConfusionsLowerTheRealWordMargin() throws {
        let truth = try Self.corpus("igf-2018-paris-messages.md")
        let scan = SyntheticDamage.harsh(truth, seed: 12)
        var without = CorrectorOptions()
        without.frequentConfusionMarginCut = 0
        let (cut, adaptation) = correctDocument(scan, adapt: true)
        let (kept, _) = correctDocument(scan, adapt: true, options: without)
        let learned = try #require(adaptation).learned
        let ns = try #require(learned.first { $0.seen == "s" && $0.meant == "n" })
        #expect(ns.cost <= DocumentAdaptation.frequentConfusionCost)
        // The `is` more than the page has: words read as `is` that are `in`.
        func excessIs(_ text: String) -> Int {
            text.split(whereSeparator: \.isWhitespace).filter { $0 == "is" }.count
                - truth.split(whereSeparator: \.isWhitespace).filter { $0 == "is" }.count
        }
        let before = excessIs(kept)
        let after = excessIs(cut)
        #expect(before > 0 && after < before, "is for in: \(before) → \(after)")
        #expect(Self.wordErrors(cut, truth) < Self.wordErrors(kept, truth))
    }

    @Test("in a harsh scan a hyphenated word misread the scan's way is the compound the lexicon knows whole")
    func compoundsReadWhole() throws {
        let scan = SyntheticDamage.harsh(try Self.corpus("igf-2018-paris-messages.md"), seed: 12)
        // Parts that are words (`drives`, `not`) or not (`sos`): either way the whole is read.
        let probe = "The forum backs locally-drives and sos-governmental work on ethics-drives rules."
        let (adapted, _) = correctDocument(scan + "\n" + probe, adapt: true)
        #expect(
            adapted.split(separator: "\n").last
                == "The forum backs locally-driven and non-governmental work on ethics-driven rules.")
        #expect(try lastLineOfCleanDocument(probe) == probe)
    }

    @Test("in a harsh scan that loses n after a, a short word reads as the word that lost it (ad: and)")
    func shortWordsThatLostALetter() throws {
        // A long scan (3,000 words) whose confident corrections see the loss, though dearer than
        // the confusions every word's variants use.
        let scan = SyntheticDamage.harsh(try Self.corpus("igf-2018-paris-messages.md"), seed: 12)
        let probe = "The members of the coalition ad the groups of the world met."
        let (adapted, adaptation) = correctDocument(scan + "\n" + probe, adapt: true)
        let loss = try #require(adaptation).learned.first { $0.seen == "a" && $0.meant == "an" }
        #expect(try #require(loss).cost > CandidateSearch.learnedVariantCost)
        #expect(adapted.split(separator: "\n").last == "The members of the coalition and the groups of the world met.")
        #expect(try lastLineOfCleanDocument(probe) == probe)
    }

    @Test(
        "in a noisy document a word the lexicon spells capitalised keeps the small letter OCR printed, where the document writes it small"
    )
    func smallLettersOfCapitalisedWords() throws {
        // The lexicon's `Cybersecurity` (its commoner print); the document writes it small.
        let probe = "Cybcrsecurity matters: we work for cybersecurity and to improve cybcrsecurity in the world."
        #expect(
            try lastLineOfHarshScan(probe)
                == "Cybersecurity matters: we work for cybersecurity and to improve cybersecurity in the world.")
    }

    @Test("in a noisy document a word printed apart before its ending is joined and corrected; not after a common word")
    func wordEndingPrintedApart() throws {
        let probe = "through connie tion technologies and the ity of London"
        // After `the`, `ity` is a word that lost its first letter, not an ending.
        #expect(try lastLineOfNoisyScan(probe) == "through connection technologies and the city of London")
        // A clean document's words stay apart; the base corrector reads each part alone.
        #expect(try lastLineOfCleanDocument(probe) == probe)
        #expect(!correctDocument(probe, adapt: false).text.contains("connection"))
    }

    @Test("in a noisy document a word misread beyond two edits is found by its letter pairs")
    func farWordsInANoisyDocument() throws {
        let probe = "Governments should publish their algenthis and the principlcs behind them"
        #expect(
            try lastLineOfVariedScan(probe, rate: 0.03)
                == "Governments should publish their algorithms and the principles behind them")
        // The base corrector keeps what it cannot explain.
        #expect(correctDocument(probe, adapt: false).text.contains("algenthis"))
    }

    @Test("a phrase quoted in another language is kept in a noisy document; English errors beside it are not")
    func foreignPhrases() throws {
        let probe = "The examples des Hauses, das Haus and zu Hause show how the govemment works"
        #expect(
            try lastLineOfNoisyScan(probe)
                == "The examples des Hauses, das Haus and zu Hause show how the government works")
        // One function word is no phrase: a misreading that happens to spell one is still read.
        #expect(
            try lastLineOfNoisyScan("We des the government to act on its plan")
                != "We des the government to act on its plan")
    }

    @Test("where OCR misreads letters at random, a very rare known word is read as the common word one edit away")
    func rareKnownWordsInANoisyDocument() throws {
        // `haman` is in the lexicon (a name), a million times rarer than `human`.
        let probe = "They shall respect haman rights and the repressive measures of misappropriation"
        let repaired = try lastLineOfVariedScan(probe, rate: 0.06)
        #expect(
            repaired == "They shall respect human rights and the repressive measures of misappropriation", "\(repaired)"
        )
        // A clean document, and the base corrector, keep the rare word.
        #expect(try lastLineOfCleanDocument(probe) == probe)
        #expect(correctDocument(probe, adapt: false).text == probe)
    }

    @Test("in a scan misread at random a rare word printed again is its own, unless it prints the likelier word")
    func recurringRareWordsAreTheDocuments() throws {
        // `haman` alone is `human` misread (rareKnownWordsInANoisyDocument); a name printed three
        // times is not one misreading made three times at random: this document never prints `human`.
        let probe = "So the king and Haman came to the banquet, and Haman rejoiced, for Haman was honoured"
        let repaired = try lastLineOfVariedScan(probe, rate: 0.06)
        #expect(repaired == probe, "\(repaired)")
    }

    @Test("a first letter the correction replaces has no case of its own: the lexicon's, capital at a sentence start")
    func misreadFirstLetterCase() throws {
        // `N` is a misreading of `h`: its case is OCR's, not the author's.
        let probe = "Numan rights matter. We defend the Numan rights of all people."
        let repaired = try lastLineOfVariedScan(probe, rate: 0.06)
        #expect(repaired == "Human rights matter. We defend the human rights of all people.")
        // Beside a capitalised word, as in a list of names, the capital is the place's.
        let list = "signed by Peru, Poland, Qurkey, Senegal and Serbia."
        let names = try lastLineOfVariedScan(list, rate: 0.06)
        #expect(names == "signed by Peru, Poland, Turkey, Senegal and Serbia.")
    }

    @Test("in a clean document a letter doubled or dropped from a common word of three letters or more is a slip")
    func slipsOfCommonWords() throws {
        // `the` is printed all through the document; `iff` and `tto` sit one letter from two-letter words.
        let probe = "The morp tool reads thhe xfst files; iff morp runs, tto"
        let repaired = try lastLineOfCleanDocument(probe)
        #expect(repaired == "The morp tool reads the xfst files; iff morp runs, tto")
    }

    @Test("a period before a small letter does not end the sentence's context: the words around it decide")
    func contextThroughMarkBeforeSmallLetter() throws {
        // A speck read as a period after a misread `can`: `can be` decides, not a sentence's start.
        let probe = "the products and services cin. be used by everyone"
        let repaired = try lastLineOfVariedScan(probe, rate: 0.06)
        #expect(repaired == "the products and services can. be used by everyone")
    }

    @Test("old verb forms of common words are words: a book quoting scripture keeps them")
    func oldVerbForms() throws {
        let probe = "when he lieth down, and the one that selleth the land maketh it known to the people"
        let repaired = try lastLineOfVariedScan(probe, rate: 0.06)
        #expect(repaired == probe, "\(repaired)")
    }

    @Test("in a noisy document a misread part of a hyphenated word is corrected; in a clean one compounds are kept")
    func hyphenatedWords() throws {
        let probe = "the multi-stakeholdcr model and a humas-centric approach, not an ethics-driven xfst-morp one"
        #expect(
            try lastLineOfNoisyScan(probe)
                == "the multi-stakeholder model and a human-centric approach, not an ethics-driven xfst-morp one")
        // The base corrector, and a clean document, keep every compound whole.
        #expect(correctDocument(probe, adapt: false).text == probe)
        let flags = "Give morp the no-acls flag for multi-stakeholdcr tables."
        #expect(try lastLineOfCleanDocument(flags) == flags)
    }

    @Test("a noisy document's letters printed as digits are read; numbers, names and a clean document's codes kept")
    func digitsForLetters() throws {
        let probe = "This 1s part 0f the plan t0 be read on the 10th, in the 1960s, by G7 and A1 in col1, 0x 1f."
        #expect(
            try lastLineOfNoisyScan(probe)
                == "This is part of the plan to be read on the 10th, in the 1960s, by G7 and A1 in col1, 0x if.")
        // A clean document's words with digits are its codes: kept.
        #expect(try lastLineOfCleanDocument(probe) == probe)
    }

    @Test("code in a noisy document is kept: options, path parts, names given values, variables")
    func codeIsKept() throws {
        let code = "Use --dns-interface or -iname with /dev/tcp/host and --xform=EXPR for $HOMR"
        // A dash glued between words is not an option: the words beside it are still corrected.
        let corrected = try lastLineOfNoisyScan(code + ", or the govemment--the peopie.")
        #expect(corrected == code + ", or the government--the people.")
    }

    @Test("after a document, the corrector is the base corrector again")
    func endDocumentRestoresTheBase() throws {
        let scan = Self.damaged(try Self.corpus("g7-open-internet-action-plan.txt"))
        let probe = "the Isternet and thc govemment of Canada"
        let fresh = Corrector(lexicon: Shared.lexicon).correct(probe).text
        let corrector = Corrector(lexicon: Shared.lexicon)
        let lines = scan.split(separator: "\n").map(String.init)
        corrector.adapt(lines, estimate: corrector.estimate(lines))
        corrector.endDocument()
        #expect(corrector.adaptation == nil)
        #expect(corrector.correct(probe).text == fresh)
    }

    /// A confusion: OCR printed `seen` for `meant`, at `cost`.
    static func confusion(_ seen: String, _ meant: String, _ cost: Float) -> Confusion {
        Confusion(seen: Array(seen.utf8), meant: Array(meant.utf8), cost: cost)
    }

    /// A candidate search over the shared lexicon and its base channel.
    static func search() -> CandidateSearch {
        CandidateSearch(lexicon: Shared.lexicon, errorModel: ErrorModel(confusions: Shared.lexicon.confusions))
    }

    @Test("learned variants reach words two or three cheap learned confusions away")
    func learnedVariants() {
        let search = CandidateSearch(
            lexicon: Shared.lexicon, errorModel: ErrorModel(confusions: Shared.lexicon.confusions))
        search.setLearned([
            Confusion(seen: Array("s".utf8), meant: Array("n".utf8), cost: 0.6),
            Confusion(seen: Array("e".utf8), meant: Array("r".utf8), cost: 0.9),
        ])
        var out: [Candidate] = []
        Array("Partsees".utf8).withUnsafeBufferPointer { search.learnedVariants($0, into: &out) }
        #expect(out.contains { Shared.lexicon.word($0.first).lowercased() == "partners" && abs($0.cost - 1.5) < 0.01 })
        search.setLearned([])
        out.removeAll()
        Array("Partsees".utf8).withUnsafeBufferPointer { search.learnedVariants($0, into: &out) }
        #expect(out.isEmpty)
    }

    @Test("a lost space beside a word misread the document's way: split, the misread half corrected")
    func splitsWithALearnedHalf() {
        let search = CandidateSearch(
            lexicon: Shared.lexicon, errorModel: ErrorModel(confusions: Shared.lexicon.confusions))
        func splits(_ word: String) -> [String] {
            var out: [Candidate] = []
            Array(word.utf8).withUnsafeBufferPointer { search.splits($0, into: &out) }
            return out.map { Shared.lexicon.word($0.first) + " " + Shared.lexicon.word($0.second) }
        }
        #expect(!splits("assemblyasd").contains("assembly and"))
        search.setLearned([Confusion(seen: Array("s".utf8), meant: Array("n".utf8), cost: 0.6)])
        #expect(splits("assemblyasd").contains("assembly and"))
        #expect(splits("Cossideringthe").contains { $0.lowercased() == "considering the" })
        // Both halves misread: not a split (the search would guess twice).
        #expect(!splits("Cossideringasd").contains { $0.lowercased() == "considering and" })
    }

    @Test("a document's confusion that a trained model knows too is one builder of variants, not two")
    func learnedAndTrained() {
        let search = Self.search()
        // What `repair train` learned from a scan reading n as s, t and e as c.
        search.setTrainedConfusions([
            Self.confusion("s", "n", 0.5), Self.confusion("c", "t", 0.6), Self.confusion("c", "e", 0.7),
            Self.confusion("cs", "en", 1.5), Self.confusion("sc", "nt", 1.1), Self.confusion("sc", "ne", 1.2),
            Self.confusion("cc", "te", 1.3), Self.confusion("ss", "nn", 1.0), Self.confusion("cc", "ee", 1.4),
        ])
        // The document's EM found one of them again.
        search.setLearned([Self.confusion("sc", "nt", 1.138)])
        var out: [Candidate] = []
        Array("discosnccc".utf8).withUnsafeBufferPointer { search.learnedVariants($0, into: &out) }
        #expect(out.contains { Shared.lexicon.word($0.first) == "disconnect" }, "\(out)")
    }

    /// What `learnedVariants` must find, the slow way: every set of one to three (four in a
    /// long word) non-overlapping sites, each variant looked up whole (no prefix pruning, no budget).
    static func referenceVariants(_ word: String, _ learned: [Confusion], maxCost: Float) -> [Int32: Float] {
        let w = Array(word.utf8).map(asciiLower)
        var sites: [(at: Int, conf: Confusion)] = []
        for i in w.indices {
            for c in learned where i + c.seen.count <= w.count && Array(w[i..<(i + c.seen.count)]) == c.seen {
                sites.append((i, c))
            }
        }
        var best: [Int32: Float] = [:]
        func visit(_ from: Int, _ end: Int, _ chosen: [Int]) {
            if !chosen.isEmpty {
                var v: [UInt8] = []
                var at = 0
                var cost: Float = 0
                for s in chosen {
                    v += w[at..<sites[s].at] + sites[s].conf.meant
                    at = sites[s].at + sites[s].conf.seen.count
                    cost += sites[s].conf.cost
                }
                v += w[at...]
                let id = v.withUnsafeBufferPointer { Shared.lexicon.lookup($0.baseAddress!, $0.count) }
                if cost <= maxCost, id >= 0 { best[id] = min(best[id] ?? .infinity, cost) }
            }
            guard chosen.count < CandidateSearch.learnedOperations(length: w.count) else { return }
            for s in from..<sites.count where sites[s].at >= end {
                visit(s + 1, sites[s].at + sites[s].conf.seen.count, chosen + [s])
            }
        }
        visit(0, 0, [])
        return best
    }

    @Test("learned variants: the pruned search finds what trying every combination finds (differential)")
    func learnedVariantsAgreeWithReference() throws {
        let learned = [
            Self.confusion("s", "n", 0.5), Self.confusion("c", "t", 0.6), Self.confusion("c", "e", 0.7),
            Self.confusion("h", "i", 0.9), Self.confusion("rn", "m", 0.8), Self.confusion("ii", "u", 1.2),
            Self.confusion("l", "i", 1.0), Self.confusion("o", "a", 1.5),
        ]
        let search = Self.search()
        search.setLearned(learned)
        var rng = SplitMix64(state: 17)
        let words = try Self.corpus("freedom-online-coalition-declaration.txt").split { !$0.isLetter }.map(String.init)
        var compared = 0
        var found = 0
        for word in words.shuffled(using: &rng).prefix(600) {
            // The word damaged the document's way: each reversible site flipped with chance 1/2.
            var damaged = word.lowercased()
            for c in learned.shuffled(using: &rng).prefix(3) where Bool.random(using: &rng) {
                let meant = String(decoding: c.meant, as: UTF8.self)
                let seen = String(decoding: c.seen, as: UTF8.self)
                if let r = damaged.range(of: meant) { damaged.replaceSubrange(r, with: seen) }
            }
            // Within the budget the pruned search must be exact: at most 8 sites (≤ 92 sets of
            // three), 6 in a word that may take four (≤ 56 sets).
            let sites = damaged.utf8.indices.reduce(0) { n, i in
                n + learned.filter { damaged.utf8[i...].starts(with: $0.seen) }.count
            }
            let limit = CandidateSearch.learnedOperations(length: damaged.utf8.count) > 3 ? 6 : 8
            guard sites <= limit, damaged.utf8.count >= 2 else { continue }
            var out: [Candidate] = []
            Array(damaged.utf8).withUnsafeBufferPointer { search.learnedVariants($0, into: &out) }
            let got = Dictionary(out.map { ($0.first, $0.cost) }, uniquingKeysWith: min)
            let expected = Self.referenceVariants(damaged, learned, maxCost: search.maxCost)
            #expect(got == expected, "\(damaged): \(got) vs \(expected)")
            compared += 1
            found += expected.count
        }
        #expect(compared >= 300)
        #expect(found >= 100)
    }

    @Test("a long word with many sites still reaches a word three confusions away at its end")
    func manySites() {
        let search = Self.search()
        search.setLearned([
            Self.confusion("s", "n", 0.5), Self.confusion("c", "t", 0.6), Self.confusion("c", "e", 0.7),
            Self.confusion("s", "r", 0.9),
            Self.confusion("ss", "nn", 1.0), Self.confusion("sc", "nt", 1.1), Self.confusion("cs", "en", 1.2),
            Self.confusion("sc", "ne", 1.3), Self.confusion("s", "e", 1.4),
        ])
        var out: [Candidate] = []
        // "assessment" read with e as c (twice) and n as s; many s and c sites come first.
        Array("asscssmcst".utf8).withUnsafeBufferPointer { search.learnedVariants($0, into: &out) }
        #expect(out.contains { Shared.lexicon.word($0.first) == "assessment" }, "\(out)")
    }
}

@Suite("Candidate cache")
struct CandidateCacheTests {
    /// Lines of every OCR text pair, then the same text with a scan's systematic damage.
    func documents() throws -> [[String]] {
        let pairs = try Paths.texts(in: Paths.texts, suffix: ".ocr.txt")
        let all = pairs.map(\.text).joined(separator: "\n")
        return [all, SyntheticDamage.systematic(all)].map { $0.split(separator: "\n").map(String.init) }
    }

    @Test("the cache changes no decision: every line as a corrector without it corrects it, adapted and not")
    func sameDecisions() throws {
        for lines in try documents() {
            for adapt in [false, true] {
                let cached = Corrector(lexicon: Shared.lexicon)
                let fresh = Corrector(lexicon: Shared.lexicon)
                fresh.cachesCandidates = false
                if adapt {
                    for corrector in [cached, fresh] {
                        corrector.adapt(lines, estimate: corrector.estimate(lines))
                    }
                }
                var changed = 0
                for line in lines {
                    let a = cached.correct(line)
                    let b = fresh.correct(line)
                    #expect(a.text == b.text && a.edits == b.edits, "\(line)")
                    if !a.edits.isEmpty { changed += 1 }
                }
                #expect(changed >= 20, "too few corrections to compare: \(changed)")
            }
        }
    }
}

extension CandidateCacheTests {
    @Test(
        "the estimate's tokens are the tokenizer's, kept only for a line still the same; correcting with them changes nothing"
    )
    func keptTokens() throws {
        let lines = try documents()[1]
        let corrector = Corrector(lexicon: Shared.lexicon)
        let estimate = corrector.estimate(lines, keepingTokens: true)
        let tokenized = try #require(estimate.tokenized)
        #expect(tokenized.lines.count == lines.count && lines.count >= 100)
        #expect(corrector.estimate(lines).tokenized == nil)
        corrector.adapt(lines, estimate: estimate)
        defer { corrector.endDocument() }
        var changed = 0
        for (i, line) in lines.enumerated() {
            let made = try #require(tokenized.line(i, text: line))
            #expect(made.tokens == Tokenizer().tokenize(line), "\(line)")
            #expect(made.ids.count == made.tokens.count)
            for (token, id) in zip(made.tokens, made.ids) where id != Corrector.notLookedUp {
                #expect(token.kind == .word)
                #expect(id == Shared.lexicon.lookup(String(decoding: Array(line.utf8)[token.range], as: UTF8.self)))
            }
            #expect(tokenized.line(i, text: line + " x") == nil)
            let shared = corrector.correct(line, tokens: made.tokens, ids: made.ids)
            let own = corrector.correct(line)
            #expect(shared.text == own.text && shared.edits == own.edits, "\(line)")
            if !own.edits.isEmpty { changed += 1 }
        }
        #expect(changed >= 20, "too few corrections to compare: \(changed)")
        // Equal strings of other bytes (é composed and decomposed) are not the same line.
        let composed = ["the caf\u{E9} govemment"]
        let decomposed = "the cafe\u{301} govemment"
        #expect(composed[0] == decomposed)
        let accents = try #require(corrector.estimate(composed, keepingTokens: true).tokenized)
        #expect(accents.line(0, text: composed[0]) != nil)
        #expect(accents.line(0, text: decomposed) == nil)
        // A huge document keeps the tokens of its first lines only, up to the limit.
        let counts = lines.map { Tokenizer().tokenize($0).count }
        let half = counts.prefix(lines.count / 2).reduce(0, +)
        var kept = 0
        var sum = 0
        while kept < lines.count && sum + counts[kept] <= half {
            sum += counts[kept]
            kept += 1
        }
        #expect(kept >= lines.count / 2 && kept < lines.count)
        let prefix = try #require(corrector.estimate(lines, keepingTokens: true, tokenLimit: half).tokenized)
        #expect(prefix.tokens.count == kept && prefix.ids.count == kept)
        #expect(prefix.line(kept - 1, text: lines[kept - 1]) != nil)
        #expect(prefix.line(kept, text: lines[kept]) == nil)
    }

    @Test("the table grows as forms come: every form stored is found with its candidates, until the cache is emptied")
    func growsAndForgets() {
        let cache = CandidateCache(maximumSlots: 1 << 14, maximumCandidates: 1 << 20)
        func form(_ i: Int) -> [UInt8] { Array("form\(i)".utf8) }
        func candidates(_ i: Int) -> [Candidate] {
            (0..<(i % 4)).map { Candidate(first: Int32(i), second: Candidate.none, cost: Float($0), rule: .edit) }
        }
        // 2^14 slots hold 8,192 forms: 6,000 need three doublings from the first 4,096 slots.
        for i in 0..<6_000 { form(i).withUnsafeBufferPointer { cache.insert($0, candidates(i)) } }
        #expect(cache.count == 6_000)
        for i in 0..<6_000 {
            var found: [Candidate] = []
            #expect(form(i).withUnsafeBufferPointer { cache.find($0, into: &found) })
            #expect(found.map(\.cost) == candidates(i).map(\.cost) && found.allSatisfy { $0.first == Int32(i) })
        }
        var none: [Candidate] = []
        #expect(!Array("form6000".utf8).withUnsafeBufferPointer { cache.find($0, into: &none) })
        // Full (half the largest table): it starts again rather than grow past its bound.
        for i in 6_000..<9_000 { form(i).withUnsafeBufferPointer { cache.insert($0, candidates(i)) } }
        #expect(cache.count < 8_192)
        cache.removeAll()
        #expect(!form(8_999).withUnsafeBufferPointer { cache.find($0, into: &none) })
    }

    @Test("EM's stability: the share of two rounds' corrections that only one made")
    func changedShare() {
        let a: [[UInt8]] = [[1], [2], [3], [4]]
        #expect(Corrector.changedShare(a, a) == 0)
        #expect(Corrector.changedShare(a, [[1], [2], [3], [5]]) == 2.0 / 8.0)
        #expect(Corrector.changedShare(a, []) == 1)
        #expect(Corrector.changedShare([], []) == 0)
    }

    @Test("a change made through the corrector's search empties the cache: nothing cached under the old channel")
    func channelChangedFromOutside() {
        let corrector = Corrector(lexicon: Shared.lexicon)
        #expect(corrector.correct("the Intemet Forum").text == "the Internet Forum")
        corrector.search.maxCost = 0.01
        #expect(corrector.correct("the Intemet Forum").text == "the Intemet Forum")
        corrector.search.maxCost = 5.2
        #expect(corrector.correct("the Intemet Forum").text == "the Internet Forum")
    }
}

@Suite("Short sequence counts")
struct ShortSequenceCountsTests {
    @Test("one pass counts what a scan for each sequence counts, overlapping; other sequences are not counted")
    func matchesScan() {
        var generator = SplitMix64(state: 9)
        let alphabet = Array("abcen  ".utf8) + [0x2D]
        for _ in 0..<200 {
            let text = (0..<Int(generator.next() % 300)).map { _ in alphabet[Int(generator.next() % 8)] }
            let counts = ShortSequenceCounts(text)
            for _ in 0..<20 {
                let needle = (0..<(1 + Int(generator.next() % 3))).map { _ in alphabet[Int(generator.next() % 7)] }
                #expect(counts.count(of: needle) == ChannelLearning.occurrenceCount(of: needle, in: text))
            }
            #expect(counts.count(of: Array("-a".utf8)) == nil)
            #expect(counts.count(of: Array("abce".utf8)) == nil)
        }
        #expect(ShortSequenceCounts(Array("aaaa".utf8)).count(of: Array("aa".utf8)) == 3)
    }
}

@Suite("Count table")
struct CountTableTests {
    @Test("counts what a dictionary counts, through growth and emptying, for keys that collide in the table")
    func sameAsDictionary() {
        var rng = SplitMix64(state: 0xC0_07)
        var table = CountTable()
        var reference: [UInt64: Int32] = [:]
        for round in 0..<3 {
            // Keys from a small range (repeats) and multiples of a power of two (same low bits).
            for _ in 0..<20_000 {
                let key =
                    Bool.random(using: &rng)
                    ? UInt64.random(in: 0..<3_000, using: &rng) : UInt64.random(in: 0..<5_000, using: &rng) << 40
                let n = Int32.random(in: 1...3, using: &rng)
                table.add(key, n)
                reference[key, default: 0] += n
            }
            #expect(table.count == reference.count)
            for (key, n) in reference { #expect(table.count(of: key) == n) }
            #expect(table.count(of: 1 << 63) == 0)
            var seen: [UInt64: Int32] = [:]
            table.forEachKey { seen[$0] = $1 }
            #expect(seen == reference, "round \(round)")
            table.removeAll()
            reference.removeAll()
            #expect(table.count == 0 && table.count(of: 7) == 0)
        }
    }
}

// What the corrector learned about one document before correcting it: its noise estimate,
// the margins that follow from it, and the confusions its own confident corrections taught.
import Lexicon

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A document's noise estimate and which of its unknown forms recur.
public struct DocumentEstimate: Sendable {
    /// The document's noise estimate.
    public var noise: NoiseEstimate
    var forms: UnknownForms
    /// The lines estimated and their tokens, when kept (`Corrector.estimate(_:keepingTokens:)`).
    package var tokenized: Tokenized?

    /// Lines, the tokens the estimate made of each, and the lexicon ids it looked up: all
    /// lines, or the first of a huge document (`Corrector.keptTokenLimit`).
    package struct Tokenized: Sendable {
        package var lines: [String]
        package var tokens: [[Token]]
        /// One per token: the lexicon's id (−1: unknown), or `Corrector.notLookedUp`.
        package var ids: [[Int32]]

        /// The tokens and ids of line `index` when they were kept and its text is still `text`,
        /// byte for byte (`==` on strings holds for other bytes too: é composed or not).
        package func line(_ index: Int, text: String) -> (tokens: [Token], ids: [Int32])? {
            guard index < tokens.count else { return nil }
            var kept = lines[index]
            var given = text
            let same = kept.withUTF8 { a in
                given.withUTF8 { b in
                    a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
                }
            }
            return same ? (tokens[index], ids[index]) : nil
        }
    }

    /// Whether the document looks like OCR output rather than clean text of another genre: most
    /// of its unknown words look like errors. Punctuation and style repairs run only then.
    public var looksNoisy: Bool { noise.looksNoisy }
}

/// How the corrector adapted to one document: its noise, margins, costs and learned confusions.
public struct DocumentAdaptation: Sendable {
    /// The document's noise estimate.
    public var noise: NoiseEstimate
    /// Confusions learned by EM, most frequent first (empty when the document was too clean to learn from).
    public var learned: [LearnedConfusion] = []
    /// The table's confusions EM found the document makes less often, at their dearer cost.
    public var raised: [LearnedConfusion] = []
    /// EM rounds run (0: none), and whether the corrections stopped changing.
    public var rounds = 0
    /// Whether the corrections stopped changing before the last round.
    public var converged = false
    /// The generic edit costs in force for the document.
    public var costs = ErrorModelCosts()
    /// The share of the document's confident corrections' operations that its learned
    /// confusions do not cover (1 before EM): the generic costs follow only that part of its errors.
    public var genericShare = 1.0
    /// The document's unknown forms (case-folded) that recur, held by reference: the corrector
    /// reads its adaptation for every word, and each copy of a struct holding the tables
    /// retained and released every one of them (1.1 G of the 28 G instructions of 1 M harsh words).
    private let sharedForms: SharedForms

    /// The base corrector's margins.
    let base: BaseMargins

    init(noise: NoiseEstimate, forms: UnknownForms, base: CorrectorOptions) {
        self.noise = noise
        self.sharedForms = SharedForms(forms)
        self.base = BaseMargins(
            unknownMargin: base.unknownMargin, nameMargin: base.nameMargin, realWordMargin: base.realWordMargin)
    }

    /// The margins of the corrector's options that the document's prior moves.
    struct BaseMargins: Sendable {
        var unknownMargin: Float
        var nameMargin: Float
        var realWordMargin: Float
    }

    final class SharedForms: Sendable {
        let value: UnknownForms
        /// The known words the document prints, a bit a lexicon id (a test per far word found).
        let printed: [UInt64]
        init(_ value: UnknownForms) {
            self.value = value
            var printed: [UInt64] = []
            value.knownWords.forEachKey { key, _ in
                let id = Int(key)
                if id >> 6 >= printed.count { printed += [UInt64](repeating: 0, count: (id >> 6) + 1 - printed.count) }
                printed[id >> 6] |= 1 << UInt64(id & 63)
            }
            self.printed = printed
        }

        /// Whether the document prints known word `id`.
        func prints(_ id: Int32) -> Bool {
            let word = Int(id) >> 6
            return id >= 0 && word < printed.count && printed[word] & (1 << UInt64(id & 63)) != 0
        }

        /// Whether an unknown form occurs more than once in a window of the document.
        func recurs(_ form: UInt64) -> Bool { value.recurring.count(of: form) != 0 }
        /// Whether a rare known word (its form's key) occurs more than once in a window.
        func recursKnown(_ form: UInt64) -> Bool { value.recurringKnown.count(of: form) != 0 }
        /// How often the document uses known word `id`.
        func knownOccurrences(_ id: Int32) -> Int32 { value.knownOccurrences(id) }
        /// How often the document prints known word `id` capitalised after another word.
        func capitalisedInside(_ id: Int32) -> Int32 { value.capitalisedInsideCount(id) }
        /// How often the document prints known word `id` small.
        func printedSmall(_ id: Int32) -> Int32 { value.printedSmallCount(id) }
        /// How often an unknown form (case-folded) occurs in its windows: 1 unless it recurs.
        func occurrences(_ form: UInt64) -> Int32 { max(value.recurring.count(of: form), 1) }
        /// Whether a form seen `occurrences` times reads as a misprint of known word `id`: the
        /// document uses the word at least `documentWordCount` times, and, for a form that
        /// recurs, `misprintRatio` times as often as the form (`thc` ×3 beside `the` ×1,600; not
        /// `morp` ×9 beside `more` ×20).
        func isMisprint(of id: Int32, occurrences: Int32) -> Bool {
            let n = knownOccurrences(id)
            return n >= DocumentAdaptation.documentWordCount
                && (occurrences <= 1 || Int(n) >= Int(occurrences) * Int(DocumentAdaptation.misprintRatio))
        }
    }

    /// The prior of an unknown word seen once at the default document prior: the base margins
    /// were measured there. A correction must clear `base + slope · (logit p₀ − logit p)`.
    static let defaultWordPrior = NoiseEstimate(counts: NoiseCounts()).wordPrior(recurring: false)

    /// log10 units of margin per log10 unit of prior odds. The gain is not a calibrated
    /// likelihood ratio (unigram frequencies span six orders of magnitude against a flat
    /// unknown-word score), so the odds weigh twice (measured: README).
    public static let slope: Float = 2

    /// The margin an unknown word's correction must clear.
    public func unknownMargin(recurring: Bool) -> Float {
        let shift = logit10(Self.defaultWordPrior) - logit10(noise.wordPrior(recurring: recurring))
        return min(max(base.unknownMargin + Self.slope * Float(shift), -8), 8)
    }

    /// The extra margin of a capitalised unknown word inside a sentence (a name, unless the
    /// document is noisy): the base margin scaled by the odds that an unknown word is real.
    public var nameMargin: Float {
        let scale = (1 - noise.prior) / (1 - NoiseEstimate.defaultPrior)
        return min(max(base.nameMargin * Float(scale), 0.3), 8)
    }

    /// The least real-word margin, however noisy the document (measured: README).
    public static let realWordFloor: Float = 0.5

    /// A learned confusion this cheap (log10: made at least a quarter of the time) makes a known
    /// word's reading as another word as likely as the word: the real-word margin is cut by
    /// `CorrectorOptions.frequentConfusionMarginCut` (not below 0) for a candidate through it.
    public static let frequentConfusionCost: Float = 0.6

    /// The margin for replacing a rare known word by a more likely one (real-word errors).
    public var realWordMargin: Float {
        let shift = logit10(NoiseEstimate.defaultPrior) - logit10(noise.prior)
        return min(max(base.realWordMargin + Self.slope * Float(shift), Self.realWordFloor), 6)
    }

    /// Whether an unknown form occurs more than once in a window of the document.
    func recurs(_ form: UInt64) -> Bool { sharedForms.recurs(form) }

    /// How often an unknown form (case-folded) occurs in its windows: 1 unless it recurs.
    func occurrences(_ form: UInt64) -> Int32 { sharedForms.occurrences(form) }

    /// What the corrector reads of the adaptation for every word, computed once: its margins
    /// (each a logarithm of the prior) and the document's forms by reference.
    var decisions: Decisions {
        Decisions(
            looksNoisy: noise.looksNoisy, realWordMargin: realWordMargin, nameMargin: nameMargin,
            unknownMargin: unknownMargin(recurring: false), recurringMargin: unknownMargin(recurring: true),
            words: noise.counts.words + sharedForms.value.collectionWords, forms: sharedForms,
            fixesCase: noise.looksNoisy && noise.characterErrorRate >= Self.caseConfusionRate,
            misreadsAtRandom: genericShare >= ChannelLearning.systematicShare)
    }

    /// Estimated character error rates from which OCR's case confusions of letters whose two
    /// cases share a shape (`Protect`, `Counties` inside a sentence) are undone: four times the
    /// base scans' (0.0026). Our bad scans estimate 0.011–0.081; the medium and hard pages, where
    /// a capital inside a sentence was as often a heading or a name, at most 0.005 (README).
    public static let caseConfusionRate = 0.01

    /// An adaptation as the corrector's per-word decisions read it.
    struct Decisions {
        let looksNoisy: Bool
        let realWordMargin: Float
        let nameMargin: Float
        /// `unknownMargin(recurring:)`, false and true.
        let unknownMargin: Float
        let recurringMargin: Float
        /// The document's words.
        let words: Int
        let forms: SharedForms
        /// Whether OCR's case confusions are undone (`caseConfusionRate`).
        let fixesCase: Bool
        /// Whether the document's learned confusions leave most of its errors unexplained (generic
        /// share ≥ `ChannelLearning.systematicShare`): a word it prints again is not one
        /// systematic misreading made again.
        let misreadsAtRandom: Bool

        func unknownMargin(recurring: Bool) -> Float { recurring ? recurringMargin : unknownMargin }
        func recurs(_ form: UInt64) -> Bool { forms.recurs(form) }
        func recursKnown(_ form: UInt64) -> Bool { forms.recursKnown(form) }
        func knownOccurrences(_ id: Int32) -> Int32 { forms.knownOccurrences(id) }
        func prints(_ id: Int32) -> Bool { forms.prints(id) }
        func capitalisedInside(_ id: Int32) -> Int32 { forms.capitalisedInside(id) }
        func printedSmall(_ id: Int32) -> Int32 { forms.printedSmall(id) }
        func occurrences(_ form: UInt64) -> Int32 { forms.occurrences(form) }
        func isMisprint(of id: Int32, occurrences: Int32) -> Bool { forms.isMisprint(of: id, occurrences: occurrences) }

        /// log10 of the share of the document's words that are `id`.
        func documentLogProbability(_ id: Int32) -> Float {
            let count = Double(forms.knownOccurrences(id))
            return count > 0 ? Float(log10(count / Double(max(words, 1)))) : -.infinity
        }
    }

    /// How much more often than a recurring form the document word must occur.
    public static let misprintRatio: Int32 = 20

    /// How often a known word must occur in a clean document for a singleton one edit away to be
    /// read as its misprint (measured: README).
    public static let documentWordCount: Int32 = 3
    /// The most a misprint of a document word may cost (one generic edit is 1.2–2.2 in a clean
    /// document).
    public static let documentWordCost: Float = 2.5
    /// Observed forms shorter than this are read as a document word's misprint only through a
    /// cheap table confusion (`thc`: the), not a generic edit (`ecb`, `xts`, `usr`: short terms
    /// sit one edit from many words).
    public static let documentWordMinimumLength = 5
    /// ... unless a letter doubled or dropped explains it as a word of three letters or more at
    /// least this frequent (log10; `the`, `and`, `will`, `this`: the commonest fifty; measured: README).
    public static let slipLogProbability: Float = -2.7
    /// A table confusion below this cost (and below every generic edit) explains a form of any
    /// length as a document word's misprint (`fhe`, `tbe`: the).
    public static let confusionMisprintCost: Float = 1.6
}

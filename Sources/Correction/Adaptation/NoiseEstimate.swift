// How noisy one document is, from its own words. An OCR error is rarely made twice the same
// way, while a real word the lexicon lacks (a term, a name, a foreign word) recurs: the share
// of unknown words that occur only once estimates the prior probability that an unknown word
// is an error, and that prior sets the corrector's margins for the document.
import Lexicon

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Counts over a document's words (the words the corrector would consider).
public struct NoiseCounts: Sendable, Equatable, Codable {
    /// Words the corrector may change (not numbers, acronyms, protected forms), and their letters.
    public var words = 0
    /// Letters in the words counted.
    public var letters = 0
    /// Of those, words the lexicon does not know.
    public var unknown = 0
    /// Unknown words whose form occurs once in the document.
    public var singletons = 0
    /// Unknown words whose form recurs but which the document's learned channel corrects
    /// confidently (the same systematic misreading again): counted with the singletons.
    public var explainedRecurring = 0
    /// Unknown words looked up for an explanation (by `repair-bench noise` only), and those a
    /// dictionary word explains at channel cost ≤ `NoiseEstimate.explainedCost`.
    public var sampled = 0
    /// Sampled unknown words a cheap candidate explains.
    public var explained = 0
    /// Pairs of known words next to each other in a sentence, and those the bigram list counts
    /// (counted by `repair-bench noise` only).
    public var knownPairs = 0
    /// Adjacent known-word pairs the bigram table has counted.
    public var countedPairs = 0
    /// Sum and count of OCR word confidences, where OCR gave them (0...100).
    public var confidenceSum: Double = 0
    /// OCR word confidences seen.
    public var confidenceCount = 0
    /// Runs of non-space bytes that look like notation (`Notation.runs`: `f(x)`, `glp_add_rows`).
    public var notation = 0

    /// No counts yet.
    public init() {}
}

/// Occurrences of a document's unknown forms (case-folded), counted in windows of
/// `window` words, so that a long document's statistics are a page's: in a book every OCR
/// error recurs somewhere, but rarely twice in a few pages. A form is keyed by the 64-bit
/// hash of its folded bytes (`UnknownForms.key`): no array is made per word.
public struct UnknownForms: Sendable {
    /// Words per window (a long chapter; measured: README).
    public static let window = 5_000
    private var current = CountTable()
    private var currentKnown = CountTable()
    private var wordsInWindow = 0
    /// Unknown words whose form occurred once in its window.
    public private(set) var singletons = 0
    /// Forms that occurred twice or more in a window, with those occurrences.
    private(set) var recurring = CountTable()
    /// Rare known words (real-word errors' suspects) that occurred twice or more in a window.
    private(set) var recurringKnown = CountTable()
    /// How often each known word occurs in the whole document (its own vocabulary: what a
    /// form one edit away and far rarer was most likely printed for).
    private(set) var knownWords = CountTable()
    /// How often each known word is printed capitalised after another word (not at a
    /// sentence's start): a term the document capitalises (`the Program`) recurs so.
    private(set) var capitalisedInside = CountTable()
    /// How often each known word is printed small (the case a capital inside a sentence may
    /// have been misread from).
    private(set) var printedSmall = CountTable()

    /// No forms yet.
    public init() {}

    /// The key of a form: its bytes hashed with ASCII letters folded to lower case.
    @inline(__always)
    static func key(_ form: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = form.baseAddress else { return 0xCBF2_9CE4_8422_2325 }  // FNV-1a of nothing
        return ByteHash.folded(base, form.count)
    }

    static func key(_ form: [UInt8]) -> UInt64 { form.withUnsafeBufferPointer { key($0) } }

    /// One more word the corrector considers (known or not).
    mutating func countWord() {
        wordsInWindow += 1
        if wordsInWindow >= Self.window { closeWindow() }
    }

    mutating func addKnownWord(_ id: Int32) { knownWords.add(UInt64(UInt32(bitPattern: id))) }

    /// Occurrences a trained model's collection added to the document's known words.
    private(set) var collectionWords = 0

    /// Adds a trained collection's words (lexicon id, count) to the document's own, as if it
    /// printed them: scaled so that they weigh at most as much as the document's `words`.
    mutating func addCollection(_ vocabulary: [(id: Int32, count: Int32)], documentWords: Int) {
        let total = vocabulary.reduce(0) { $0 + Int($1.count) }
        guard total > 0, documentWords > 0 else { return }
        let scale = min(1, Double(documentWords) / Double(total))
        for (id, count) in vocabulary where id >= 0 && count > 0 {
            let n = max(1, Int32((Double(count) * scale).rounded()))
            knownWords.add(UInt64(UInt32(bitPattern: id)), n)
            collectionWords += Int(n)
        }
    }

    mutating func addCapitalisedInside(_ id: Int32) { capitalisedInside.add(UInt64(UInt32(bitPattern: id))) }

    mutating func addPrintedSmall(_ id: Int32) { printedSmall.add(UInt64(UInt32(bitPattern: id))) }

    /// How often the document prints known word `id` small.
    func printedSmallCount(_ id: Int32) -> Int32 { printedSmall.count(of: UInt64(UInt32(bitPattern: id))) }

    /// How often the document prints known word `id` capitalised after another word.
    func capitalisedInsideCount(_ id: Int32) -> Int32 {
        capitalisedInside.count(of: UInt64(UInt32(bitPattern: id)))
    }

    /// How often the document uses known word `id`.
    func knownOccurrences(_ id: Int32) -> Int32 { knownWords.count(of: UInt64(UInt32(bitPattern: id))) }

    mutating func add(_ form: UnsafeBufferPointer<UInt8>, known: Bool = false) {
        let key = Self.key(form)
        if known { currentKnown.add(key) } else { current.add(key) }
    }

    /// Ends the current window (call once more at the end of the document).
    public mutating func closeWindow() {
        current.forEachKey { form, n in
            if n == 1 { singletons += 1 } else { recurring.add(form, n) }
        }
        currentKnown.forEachKey { form, n in
            if n >= 2 && recurringKnown.count(of: form) == 0 { recurringKnown.add(form) }
        }
        current.removeAll()
        currentKnown.removeAll()
        wordsInWindow = 0
    }
}

/// A document's noise: its counts and the priors derived from them.
public struct NoiseEstimate: Sendable, Equatable, Codable {
    /// The counts it was made from.
    public var counts: NoiseCounts
    /// P(an unknown word of this document is an OCR error).
    public var prior: Double

    /// An unknown word is "explained" when a dictionary word is this cheap under the channel.
    public static let explainedCost: Float = 2.5

    /// P(form occurs once in its window | OCR error): the share of singletons among unknown
    /// words of our noisy fixtures (synthetic and harsh scans: 96–100 %; the 1 M-token harsh
    /// corpus 89 %; README, `repair-bench noise`).
    public static let singletonIfError = 0.95
    /// P(form occurs once in its window | real word the lexicon lacks): on licences, man pages
    /// and /usr/share/doc 5–51 % (README, `repair-bench noise`).
    public static let singletonIfTerm = 0.3
    /// How many unknown words the estimate needs before it trusts the document over the
    /// default; and the default: the prior our base margins were measured at (synthetic scans).
    public static let pseudoCount = 12.0
    /// The prior with no evidence.
    public static let defaultPrior = 0.7

    /// The estimate from `counts`.
    public init(counts: NoiseCounts) {
        self.counts = counts
        let a = Self.singletonIfError
        let b = Self.singletonIfTerm
        let n = Double(counts.unknown)
        let s = counts.unknown > 0 ? Double(min(counts.singletons + counts.explainedRecurring, counts.unknown)) / n : 0
        // The mixture s = π·a + (1 − π)·b solved for π, shrunk toward the default.
        let pi = min(max((s - b) / (a - b), 0.01), 0.99)
        // A document printing notation (code, formulas) is a technical text until its unknown
        // words say otherwise: the prior with no evidence is such texts'.
        let printsNotation = Self.printsNotation(counts)
        let start = printsNotation ? Self.notationPrior : Self.defaultPrior
        let shrunk = (pi * n + start * Self.pseudoCount) / (n + Self.pseudoCount)
        // More unknown words than clean text of any genre has: the excess are errors, whatever
        // their recurrence says (a long scan repeats its misreadings).
        let words = Double(counts.words)
        let share = (n + 0.02 * Self.shareWeight) / (words + Self.shareWeight)
        let floor = max(0, (share - Self.cleanUnknownShare) / share)
        prior = min(max(shrunk, floor, 0.02), 0.98)
    }

    /// The largest share of unknown words measured in clean text of another genre (Node.js's
    /// crypto documentation, 14.7 %; licences, man pages and other documentation 0.1–9.6 %:
    /// `repair-bench noise` over `scripts/other-genre-texts`).
    public static let cleanUnknownShare = 0.15

    /// P(error) of one unknown word, by Bayes: the document's prior and whether its form recurs.
    public func wordPrior(recurring: Bool) -> Double {
        let a = recurring ? 1 - Self.singletonIfError : Self.singletonIfError
        let b = recurring ? 1 - Self.singletonIfTerm : Self.singletonIfTerm
        return prior * a / (prior * a + (1 - prior) * b)
    }

    /// The share of a document's letters OCR got wrong, estimated from the words it turned into
    /// non-words: a word of L letters survives with probability (1 − q)^L, and
    /// `unknownShare × prior` of the words did not.
    public var characterErrorRate: Double {
        guard counts.words > 0 else { return 0 }
        // A short text says little: its unknown share is shrunk toward the base scans' 2 %.
        let unknown = (Double(counts.unknown) + 0.02 * Self.shareWeight) / (Double(counts.words) + Self.shareWeight)
        let damaged = min(unknown * prior, 0.95)
        let length = max(Double(counts.letters) / Double(counts.words), 1)
        return 1 - pow(1 - damaged, 1 / length)
    }

    /// The character error rate the base channel's generic costs were measured at: our synthetic
    /// scans (2 % unknown words, 5.5 letters a word, the default prior).
    public static let baseCharacterErrorRate = 1 - pow(1 - 0.02 * defaultPrior, 1 / 5.5)

    /// Words of pseudo-count for the unknown share (a page has 200–300).
    public static let shareWeight = 50.0

    /// The generic edit costs for this document: cheaper by log10(q / q₀) when it is noisier than
    /// the scans the base costs were measured on, dearer when cleaner (by at most
    /// `maximumCostRise`); never below `minimumGenericCost`.
    /// `genericShare`: the share of the document's errors that generic edits (not its learned
    /// confusions) make; the generic costs follow that part of the error rate.
    public func genericCosts(_ base: ErrorModelCosts, genericShare: Double = 1) -> ErrorModelCosts {
        let q = max(characterErrorRate * genericShare, 1e-9)
        var shift = max(Float(log10(q / Self.baseCharacterErrorRate)), -Self.maximumCostRise)
        // A document whose unknown words are mostly real is never read as noisier than the base
        // scans: its unknown share is its terms'.
        if !looksNoisy { shift = min(shift, 0) }
        var costs = base
        costs.substitution = max(base.substitution - shift, Self.minimumGenericCost)
        costs.insertion = max(base.insertion - shift, Self.minimumGenericCost)
        costs.deletion = max(base.deletion - shift, Self.minimumGenericCost)
        costs.transposition = max(base.transposition - shift, Self.minimumGenericCost)
        return costs
    }

    /// How much dearer generic edits get in a document cleaner than the base scans.
    public static let maximumCostRise: Float = 1.0
    /// Documents whose prior is below this look like clean text of another genre.
    public static let noisyPrior = 0.5

    /// A generic edit is never cheaper than this: the table's confusions (0.6–1.5) stay cheaper.
    public static let minimumGenericCost: Float = 1.2

    /// Whether most unknown words look like errors (OCR output rather than clean text of another genre).
    public var looksNoisy: Bool { prior >= Self.noisyPrior }

    /// Whether the document prints notation (code, formulas, commands) and has no more unknown
    /// words than clean text: its marks are the author's (the punctuation stage leaves them), and
    /// its prior starts from `notationPrior`, not the scans' default.
    public var printsNotation: Bool { Self.printsNotation(counts) }

    static func printsNotation(_ counts: NoiseCounts) -> Bool {
        let words = Double(counts.words)
        return counts.notation >= notationRuns && Double(counts.notation) >= notationShare * words
            && Double(counts.unknown) < cleanUnknownShare * words
    }

    /// The prior with no evidence for a document that prints notation: the priors of the
    /// other-genre texts that print it (man pages, Node.js documentation: 0.02–0.31; README).
    public static let notationPrior = 0.2

    /// Notation runs per word from which a document prints notation, and the fewest: OCR text of
    /// our scans has at most 0.006 (3 of 490 words, `lgpl-3-worse`; the 1 M harsh words 0.0001),
    /// the OCR of technical manuals' pages 0.002–0.23, most above 0.01 (README).
    public static let notationShare = 0.01
    /// The fewest notation runs that count.
    public static let notationRuns = 3

    /// The share of words the lexicon does not know.
    public var unknownShare: Double { counts.words > 0 ? Double(counts.unknown) / Double(counts.words) : 0 }
    /// The mean OCR word confidence (0...100), when OCR gave any.
    public var meanConfidence: Double? {
        counts.confidenceCount > 0 ? counts.confidenceSum / Double(counts.confidenceCount) : nil
    }
}

/// log10 odds.
@inline(__always)
func logit10(_ p: Double) -> Double {
    let q = min(max(p, 1e-6), 1 - 1e-6)
    return log10(q / (1 - q))
}

import Lexicon
// The noisy-channel corrector: for each word OCR may have got wrong, candidates from the
// lexicon and the OCR error model, decided in context by the bigram model (Viterbi over
// runs of uncertain words), and changed only when the evidence clears a margin.
import Platform

#if canImport(Glibc)
    import Glibc
#endif

/// The corrector's margins and user vocabulary.
public struct CorrectorOptions: Sendable {
    /// log10 gain a correction of an unknown word must reach over keeping it.
    public var unknownMargin: Float = 1.0
    /// Extra margin for a capitalised unknown word inside a sentence: likely a name. (3.0 when
    /// counted bigrams weighed 50.5 times too much; 1.3 = 3.0 − log10 50.5, one decisive pair.)
    public var nameMargin: Float = 1.3
    /// …lowered to this when a single word one cheap OCR confusion away (channel cost at
    /// most `cheapConfusionCost`, e.g. rn read as m: `Intemet`) is a candidate: names are
    /// rarely one OCR confusion from a common word. Measured: +2 words fixed on the fixtures,
    /// 0 harmed; licence prose unchanged (`Licensor` → `License` is two edits, not one confusion).
    public var nameMarginNearConfusion: Float = 1.0
    /// Confusion candidates at most this costly are tried in a clean document.
    public var cheapConfusionCost: Float = 1.0
    /// Margin for replacing a known word by a more likely one (real-word errors: arid → and);
    /// moved with `nameMargin` when the bigrams were rescaled.
    public var realWordMargin: Float = 1.3
    /// Known words rarer than this (log10 relative frequency) are checked for real-word errors.
    public var realWordCeiling: Float = -4.0
    /// How much lower the real-word margin is (not below 0) for a candidate through a learned
    /// confusion the document makes at least a quarter of the time
    /// (`DocumentAdaptation.frequentConfusionCost`: `is` for `in` where n is read as s
    /// throughout). Measured: README.
    public var frequentConfusionMarginCut: Float = 0.5
    /// Extra margin per point of OCR confidence above 90 (0...100) for words read from an image.
    public var confidenceMarginPerPoint: Float = 0.3
    /// Candidates kept per word for the decoder.
    public var beam = 6
    /// Off: an edit says what changed and by which rule, not the candidates weighed nor its
    /// gain and margin (plain text output prints none of it; writing it out was about a quarter
    /// of the instructions of 1 M harsh words).
    public var describesEdits = true
    /// Use word bigrams (off: unigram frequencies only, for ablation).
    public var useContext = true
    /// A trained model's whole-word misreadings: candidates for those forms.
    public var trainedForms: [LearnedForm] = []
    /// A trained model's confusions (positive costs): variant builders in every document.
    public var trainedConfusions: [Confusion] = []
    /// A trained model's collection words (lexicon id, count in the truth): read as words each
    /// document prints (the cache and the far words' preference).
    public var trainedVocabulary: [(id: Int32, count: Int32)] = []
    /// The user's own words (names, terms): never changed. Stored case-folded.
    public var userWords: Set<[UInt8]> = []

    /// Reads a user dictionary: one word a line, optionally followed by a tab or space and
    /// a count (accepted and ignored); blank lines and `#` comments skipped.
    public mutating func addUserWords(_ text: String) {
        for line in text.split(whereSeparator: \.isNewline) {
            guard let word = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first, !word.hasPrefix("#") else {
                continue
            }
            userWords.insert(Array(word.utf8).map(asciiLower))
        }
    }
    /// The base options.
    public init() {}
}

/// What OCR said about one word: its confidence and the other readings of uncertain symbols.
public struct WordEvidence: Sendable, Equatable {
    /// Tesseract's word confidence, 0...100.
    public var confidence: Float
    /// Other readings of single symbols: byte offset in the word, the letter, its confidence (0...100).
    public var alternatives: [Alternative]

    /// A single-letter alternative OCR considered for a symbol.
    public struct Alternative: Sendable, Equatable {
        /// Byte offset from the word's first letter.
        public var offset: Int
        /// The alternative letter.
        public var byte: UInt8
        /// Tesseract's confidence in it, 0...100.
        public var confidence: Float
        /// An alternative.
        public init(offset: Int, byte: UInt8, confidence: Float) {
            self.offset = offset
            self.byte = byte
            self.confidence = confidence
        }
    }

    /// OCR's evidence for a word.
    public init(confidence: Float, alternatives: [Alternative] = []) {
        self.confidence = confidence
        self.alternatives = alternatives
    }
}

/// One change the corrector made, with what it weighed.
public struct CorrectionEdit: Sendable, Equatable {
    /// Byte range in the input.
    public var range: Range<Int>
    /// The text replaced.
    public var before: String
    /// The text put in its place.
    public var after: String
    /// The rule that fired.
    public var rule: String
    /// log10 gain of the change over keeping the word, and the margin it had to clear.
    public var gain: Float
    /// The margin the gain had to clear.
    public var margin: Float
    /// The candidates considered, best first: (text, channel cost, log10 context score).
    public var candidates: [String]
}

/// The noisy-channel corrector: each word weighed against lexicon, bigram context and the OCR channel; a word changes only when the best candidate beats keeping it by a margin.
public final class Corrector {
    /// The lexicon.
    public let lexicon: Lexicon
    /// Its options.
    public let options: CorrectorOptions
    /// The bigram model.
    public let languageModel: LanguageModel
    /// The candidate search (and its channel).
    public let search: CandidateSearch
    private let tokenizer = Tokenizer()

    // Scratch reused across calls. A corrector is used by one thread at a time, and no method
    // touches one of these while another holds it borrowed: the runtime's exclusivity checks on
    // them and on the search's, the model's and the cache's state (`@exclusivity(unchecked)`)
    // were 7–10 % of the instructions on harsh text.
    @exclusivity(unchecked) private var tokens: [Token] = []
    /// The lexicon's id of each token of `tokens` when the noise estimate looked it up (empty:
    /// none known; `notLookedUp`: that token not).
    @exclusivity(unchecked) private var tokenIDs: [Int32] = []
    /// While on, `observe` keeps the ids it looked up in `observedIDs` (one per token).
    @exclusivity(unchecked) private var recordsIDs = false
    @exclusivity(unchecked) private var observedIDs: [Int32] = []
    /// A token's id the estimate did not look up.
    public static let notLookedUp = Int32.min
    /// The most tokens an estimate keeps (16 bytes each with their ids: 128 MB; the 1 M-token
    /// harsh file has 2.3 M).
    public static let keptTokenLimit = 8 << 20
    @exclusivity(unchecked) private var slots: [Slot] = []
    @exclusivity(unchecked) private var candidates: [Candidate] = []
    @exclusivity(unchecked) private var scratch: [Candidate] = []
    /// A hyphenated word's compound candidates (`compoundVariants`).
    @exclusivity(unchecked) private var compoundScratch: [Candidate] = []
    @exclusivity(unchecked) private var priors: [Float] = []
    @exclusivity(unchecked) private var lattice: [Float] = []
    @exclusivity(unchecked) private var back: [Int32] = []
    /// The word state after each candidate of the slot before, in `viterbi`.
    @exclusivity(unchecked) private var previousStates: [Int32] = []

    struct Slot {
        var token: Int32
        var start: Int32, end: Int32  // the word's bytes
        var id: Int32  // lexicon id of the observed word, or -1
        var candidateStart: Int32, candidateCount: Int32  // in `candidates`; index 0 is the observed word
        var contextBefore: Int32  // LanguageModel.start / .unknown / .previousSlot
        var margin: Float
        var choice: Int32
        /// Added to keeping the word in the lattice (see `local`).
        var keepBias: Float = 0
        /// A capital OCR may have printed for a small letter of the same shape (`caseConfusable`).
        var lowersCase = false
    }

    /// A corrector over `lexicon`; one per thread.
    public init(lexicon: Lexicon, options: CorrectorOptions = CorrectorOptions()) {
        self.lexicon = lexicon
        self.options = options
        var model = LanguageModel(lexicon: lexicon)
        model.useContext = options.useContext
        self.languageModel = model
        self.search = CandidateSearch(lexicon: lexicon, errorModel: ErrorModel(confusions: lexicon.confusions))
        if !options.trainedForms.isEmpty { search.setTrainedForms(options.trainedForms) }
        if !options.trainedConfusions.isEmpty { search.setTrainedConfusions(options.trainedConfusions) }
    }

    /// `text` corrected, and the edits made (empty when nothing changed: the text is returned as is).
    /// `evidence(byteOffset)` gives what OCR said of the word that starts at that offset, when known.
    /// `tokens`: the text's tokens when already made (by `estimate(_:keepingTokens:)`).
    /// `ids`: the lexicon's id of each of those tokens the estimate looked up (`notLookedUp`
    /// for the others).
    public func correct(
        _ text: String, evidence: ((Int) -> WordEvidence?)? = nil, tokens: [Token]? = nil, ids: [Int32]? = nil
    ) -> (text: String, edits: [CorrectionEdit]) {
        var copy = text
        var edits: [CorrectionEdit] = []
        let output = copy.withUTF8 { correct($0, edits: &edits, evidence: evidence, tokens: tokens, ids: ids) }
        guard let output else { return (text, []) }
        return (String(decoding: output, as: UTF8.self), edits)
    }

    /// Corrects `text`; nil when nothing changed (the hot path allocates nothing then).
    public func correct(
        _ text: UnsafeBufferPointer<UInt8>, edits: inout [CorrectionEdit],
        evidence: ((Int) -> WordEvidence?)? = nil, tokens made: [Token]? = nil, ids madeIDs: [Int32]? = nil
    ) -> [UInt8]? {
        tokenIDs.removeAll(keepingCapacity: true)
        if let made {
            tokens.removeAll(keepingCapacity: true)
            tokens.append(contentsOf: made)
            if let madeIDs, madeIDs.count == made.count { tokenIDs.append(contentsOf: madeIDs) }
        } else {
            tokenizer.tokenize(text, into: &tokens)
        }
        let tokenCount = tokens.count
        splitCompounds(text)
        if tokens.count != tokenCount { tokenIDs.removeAll(keepingCapacity: true) }  // other tokens now
        // Candidates cached under another channel (set by adaptation, or through `search`) go.
        cache.validate(channel: search.channelGeneration)
        collectSlots(text, evidence: evidence)
        guard slots.contains(where: { $0.candidateCount > 1 || $0.lowersCase }) else { return nil }
        decide()
        return apply(text, edits: &edits)
    }

    // MARK: Adaptation to one document

    /// The document being corrected, when the corrector adapted to it (`adapt`); nil: the base behaviour.
    @exclusivity(unchecked) public private(set) var adaptation: DocumentAdaptation? {
        didSet {
            cache.removeAll()
            decisions = adaptation?.decisions
        }
    }
    /// What every word's decision reads of `adaptation` (its margins computed once, its forms by
    /// reference: reading the adaptation itself copied it, retaining each table it holds).
    @exclusivity(unchecked) private var decisions: DocumentAdaptation.Decisions?
    /// Each word form's candidates while the channel and the document's adaptation stay the same.
    private let cache = CandidateCache()
    /// Where a weighed candidate's line of the edit is put together.
    @exclusivity(unchecked) private var consideredBuffer: [UInt8] = []
    /// Off: edits carry no list of the candidates weighed (EM's rounds read only the choice).
    @exclusivity(unchecked) private var listsCandidates = true
    /// Whether EM's rounds are decoding their sample.
    @exclusivity(unchecked) private var learning = false
    /// Off: every word searched afresh (the reference the cache is tested against).
    var cachesCandidates = true {
        didSet { search.cachesHalves = cachesCandidates }
    }

    private var nameMargin: Float { decisions?.nameMargin ?? options.nameMargin }

    /// EM stops after this many rounds, or when the learned operations or the confident
    /// corrections stop changing.
    public static let maxRounds = 8
    /// EM's first rounds read part of a long document's sample (a quarter, then a half): on 100k
    /// harsh words 8,186,549,611 → 7,320,374,959 instructions, WER 8.41 → 8.44 %.
    public static let partialRounds = 2
    /// ... when the sample holds this many bytes (a page's rounds read all of it).
    public static let partialSampleBytes = 40_000
    /// EM is stable when fewer than this share of the confident corrections changed from one
    /// round to the next (the rest of the rounds learn the same costs to ±0.01: on 100k harsh
    /// words rounds 4–8 differed in 2–20 of 8,200 corrections, an operation at the variant
    /// bound, `r`→`rn` at 1.80, coming and going).
    public static let stableCorrectionShare = 0.01
    /// A correction the channel learns from must clear its margin by this much (log10).
    public static let confidentExtra: Float = 1.0
    /// The EM rounds read at most this many bytes of the document (statistics saturate; a
    /// 1 M-token file is not decoded five times).
    public static let learningSample = 200_000
    /// ... and no more than it takes to hold about this many unknown words at the document's
    /// unknown share (a very noisy document's counts saturate sooner: on 1 M harsh words, 6,000
    /// learn what 8,000 do, WER 7.88 % and CER 2.35 % both; 5,000: CER 2.37 %).
    public static let learningSampleUnknown = 6_000
    /// The document must look this noisy (prior) and have this many unknown words to learn from.
    public static let learningPrior = 0.5
    /// Unknown words sampled per learning round.
    public static let learningUnknown = 8

    /// The noise of the document made of `lines` (OCR word `confidences` where known), with the
    /// occurrences of its unknown forms: what `adapt` starts from.
    /// `unknownWord`: as for `observe` (measurement only).
    /// With `keepingTokens`, the estimate keeps the lines and their tokens, which `correct` then
    /// need not make again for a line still the same.
    public func estimate(
        _ lines: [String], confidences: [Float] = [], keepingTokens: Bool = false,
        tokenLimit: Int = Corrector.keptTokenLimit,
        unknownWord: ((String, Float) -> Void)? = nil
    ) -> DocumentEstimate {
        var counts = NoiseCounts()
        var forms = UnknownForms()
        for c in confidences {
            counts.confidenceSum += Double(c)
            counts.confidenceCount += 1
        }
        var kept: [[Token]] = []
        var keptIDs: [[Int32]] = []
        if keepingTokens {
            kept.reserveCapacity(lines.count)
            keptIDs.reserveCapacity(lines.count)
        }
        recordsIDs = keepingTokens
        defer { recordsIDs = false }
        var keeping = keepingTokens
        var keptTokens = 0
        for line in lines {
            observe(line, into: &counts, forms: &forms, unknownWord: unknownWord)
            // The lines up to `keptTokenLimit` tokens (a prefix of the document): a huge input's
            // later lines are tokenized again rather than held.
            keptTokens += tokens.count
            if keeping && keptTokens > tokenLimit {
                keeping = false
                recordsIDs = false
            }
            if keeping {
                // Copies of their own size: the buffers have the longest line's capacity.
                var copy: [Token] = []
                copy.reserveCapacity(tokens.count)
                copy.append(contentsOf: tokens)
                kept.append(copy)
                var ids: [Int32] = []
                ids.reserveCapacity(observedIDs.count)
                ids.append(contentsOf: observedIDs)
                keptIDs.append(ids)
            }
        }
        forms.addCollection(options.trainedVocabulary, documentWords: counts.words)
        forms.closeWindow()
        counts.singletons = forms.singletons
        var estimate = DocumentEstimate(noise: NoiseEstimate(counts: counts), forms: forms)
        if keepingTokens {
            estimate.tokenized = DocumentEstimate.Tokenized(lines: lines, tokens: kept, ids: keptIDs)
        }
        return estimate
    }

    /// Sets the margins and generic costs that follow from the document's noise estimate and
    /// (with `learn`) learns the document's confusions by EM from its confident corrections on
    /// `lines`. The adaptation stays in force until `endDocument()`.
    @discardableResult
    /// `helpers` (other correctors over the same lexicon) decode the rounds' sample beside this
    /// one, each adopting this one's state first: the outcome is the same as without them.
    public func adapt(
        _ lines: [String], estimate: DocumentEstimate, learn: Bool = true, helpers: [Corrector] = []
    ) -> DocumentAdaptation {
        endDocument()
        // EM's rounds decode the same sample under a new channel each round, and the later
        // passes the forms an earlier one left: their neighbours are searched once.
        for corrector in [self] + helpers { corrector.search.cachesNeighbours = cachesCandidates }
        let counts = estimate.noise.counts
        var adaptation = DocumentAdaptation(noise: estimate.noise, forms: estimate.forms, base: options)
        applyCosts(&adaptation)
        self.adaptation = adaptation
        guard learn, adaptation.noise.prior >= Self.learningPrior, counts.unknown >= Self.learningUnknown else {
            return adaptation
        }

        // The sample the rounds decode, and its case-folded letters (the truth side's counts).
        var sample: [String] = []
        var bytes = 0
        let unknownShare = Double(counts.unknown) / Double(max(counts.words, 1))
        let bytesPerWord = Double(counts.letters + counts.words) / Double(max(counts.words, 1))
        let sampleBytes = min(
            Self.learningSample, Int(Double(Self.learningSampleUnknown) / unknownShare * bytesPerWord))
        for line in lines where bytes < sampleBytes {
            sample.append(line)
            bytes += line.utf8.count
        }
        let partialRounds = bytes >= Self.partialSampleBytes ? Self.partialRounds : 0
        var previous: [String] = []
        var previousCorrections: [[UInt8]] = []
        let alignments = ChannelLearning.OperationMemo()
        // The rounds read only the choices, and search the same sample's words each round.
        for corrector in [self] + helpers {
            corrector.listsCandidates = false
            corrector.learning = true
            corrector.search.findsFarWords = false
        }
        defer {
            for corrector in [self] + helpers {
                corrector.listsCandidates = true
                corrector.learning = false
                corrector.search.findsFarWords = true
            }
        }
        for round in 1...Self.maxRounds {
            var corrections: [(observed: [UInt8], corrected: [UInt8])] = []
            var truthSide: [UInt8] = []
            truthSide.reserveCapacity(bytes + 64)
            for helper in helpers { helper.adopt(self) }
            // In a long document the first rounds, far from its channel, read a quarter and a
            // half of the sample: their estimates only start the later ones.
            let lines = sample.prefix(
                round > partialRounds ? sample.count : sample.count >> (partialRounds + 1 - round))
            let runs = (lines.count + 63) / 64
            let decoded = concurrently(items: runs, workers: helpers.count + 1) { w, run in
                let corrector = w == 0 ? self : helpers[w - 1]
                return ((run * 64)..<min(run * 64 + 64, lines.count)).map {
                    let made = estimate.tokenized?.line($0, text: lines[$0])
                    return corrector.correct(lines[$0], tokens: made?.tokens, ids: made?.ids)
                }
            }.flatMap { $0 }
            for (text, edits) in decoded {
                for e in edits
                where e.gain >= e.margin + Self.confidentExtra && !e.before.utf8.contains(0x20)
                    && !e.after.utf8.contains(0x20)
                {
                    corrections.append((Array(e.before.utf8), Array(e.after.utf8)))
                }
                for b in text.utf8 { truthSide.append(ASCII.isUpper(b) ? b | 0x20 : (ASCII.isLower(b) ? b : 0x20)) }
            }
            // The prior of learning is the base channel: the previous round's confusions are
            // taken out first (else a cost already learned is no cheaper than itself, and the
            // round learns nothing).
            search.errorModel.setLearned([])
            let learned = ChannelLearning.learn(
                corrections: corrections, truthSide: truthSide, memo: alignments, baseCost: baseCost)
            search.setLearned(
                learned.map { Confusion(seen: Array($0.seen.utf8), meant: Array($0.meant.utf8), cost: $0.cost) })
            // Recurring forms the corrections explain are the same misreading made again:
            // they count as errors in the prior (which sets margins and costs for the next round).
            var corrected = Set<UInt64>()
            for c in corrections { corrected.insert(UnknownForms.key(c.observed)) }
            var noise = estimate.noise
            noise.counts.explainedRecurring = corrected.reduce(0) { total, form in
                total + (adaptation.recurs(form) ? Int(adaptation.occurrences(form)) : 0)
            }
            adaptation.noise = NoiseEstimate(counts: noise.counts)
            if let share = ChannelLearning.genericShare(corrections: corrections, learned: learned, memo: alignments) {
                adaptation.genericShare = share
            }
            applyCosts(&adaptation)
            // Where the learned confusions explain most of the errors, the table's others rise as
            // the generic edits do for them (a trained model's stay as measured).
            let rise =
                adaptation.genericShare < ChannelLearning.systematicShare
                ? min(
                    adaptation.costs.substitution
                        - adaptation.noise.genericCosts(search.errorModel.baseCosts, genericShare: 1).substitution,
                    NoiseEstimate.maximumCostRise) : 0
            let raised = ChannelLearning.unseen(
                table: search.untrainedConfusions, corrections: corrections, truthSide: truthSide, learned: learned,
                rise: rise, memo: alignments)
            if !raised.isEmpty {
                search.setLearned(
                    search.learned,
                    raised: raised.map {
                        Confusion(seen: Array($0.seen.utf8), meant: Array($0.meant.utf8), cost: $0.cost)
                    })
            }
            adaptation.raised = raised
            adaptation.learned = learned
            adaptation.rounds = round
            self.adaptation = adaptation
            // Stable: the channel learned the same operations again (or nothing in the first
            // round), or the confident corrections hardly changed: another round decodes the same.
            let signature = learned.map { "\($0.seen)>\($0.meant)" }
            let decided = corrections.map { $0.observed + [0] + $0.corrected }.sorted {
                $0.lexicographicallyPrecedes($1)
            }
            // (A partial round never ends EM; the first whole one does when it learned nothing.)
            if (round == partialRounds + 1 && learned.isEmpty)
                || (round > partialRounds + 1
                    && (signature == previous
                        || Self.changedShare(decided, previousCorrections) < Self.stableCorrectionShare))
            {
                adaptation.converged = true
                self.adaptation = adaptation
                break
            }
            previous = signature
            previousCorrections = decided
        }
        return adaptation
    }

    /// The share of two rounds' confident corrections (sorted) that only one of them made.
    static func changedShare(_ a: [[UInt8]], _ b: [[UInt8]]) -> Double {
        var i = 0
        var j = 0
        var differ = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                i += 1
                j += 1
            } else if a[i].lexicographicallyPrecedes(b[j]) {
                differ += 1
                i += 1
            } else {
                differ += 1
                j += 1
            }
        }
        differ += (a.count - i) + (b.count - j)
        return Double(differ) / Double(max(a.count + b.count, 1))
    }

    /// The generic edit costs (and the cost of a lost space, an OCR error like any other) that
    /// the document's noise estimate sets.
    private func applyCosts(_ adaptation: inout DocumentAdaptation) {
        adaptation.costs = adaptation.noise.genericCosts(
            search.errorModel.baseCosts, genericShare: adaptation.genericShare)
        search.errorModel.setCosts(adaptation.costs)
        let shift = adaptation.costs.substitution - search.errorModel.baseCosts.substitution
        search.splitCost = max(CandidateSearch.baseSplitCost + shift, 1.0)
    }

    /// Takes `other`'s adaptation to the document in hand (margins, costs, learned confusions):
    /// a second corrector on the same document's other lines then decides as `other` would.
    public func adopt(_ other: Corrector) {
        endDocument()
        guard let adopted = other.adaptation else { return }
        search.cachesNeighbours = other.search.cachesNeighbours
        search.errorModel.setCosts(other.search.errorModel.costs)
        search.splitCost = other.search.splitCost
        search.setLearned(other.search.learned, raised: other.search.raised)
        adaptation = adopted
    }

    /// Back to the base behaviour (margins and channel).
    public func endDocument() {
        if adaptation?.learned.isEmpty == false || !search.raised.isEmpty { search.setLearned([]) }
        guard adaptation != nil else { return }  // the base channel's candidates stay cached
        search.errorModel.setCosts(search.errorModel.baseCosts)
        search.splitCost = CandidateSearch.baseSplitCost
        adaptation = nil
    }

    /// The base channel's cost of one operation (the prior of learning).
    private func baseCost(_ seen: [UInt8], _ meant: [UInt8]) -> Float {
        let limit = search.errorModel.editLimit
        search.errorModel.editLimit = nil
        defer { search.errorModel.editLimit = limit }
        let cost = seen.withUnsafeBufferPointer { o in
            meant.withUnsafeBufferPointer { search.errorModel.cost(observed: o, candidate: $0, bound: .infinity) }
        }
        return cost.isFinite ? cost : 2.5 * Float(max(seen.count, meant.count))
    }

    // MARK: Noise estimate

    /// Best channel cost of a dictionary word for each unknown form sampled by `observe` (folded).
    @exclusivity(unchecked) private var explanationCache: [[UInt8]: Float] = [:]

    /// Adds `text`'s words to `counts` and its unknown forms (case-folded) to `forms`.
    func observe(
        _ text: String, into counts: inout NoiseCounts, forms: inout UnknownForms,
        unknownWord: ((String, Float) -> Void)? = nil
    ) {
        var copy = text
        copy.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return }
            counts.notation += Notation.runs(in: buffer)
            tokenizer.tokenize(buffer, into: &tokens)
            if recordsIDs {
                observedIDs.removeAll(keepingCapacity: true)
                observedIDs.append(contentsOf: repeatElement(Self.notLookedUp, count: tokens.count))
            }
            var previous: Int32 = -1
            var afterWord = false
            for (t, token) in tokens.enumerated() {
                switch token.kind {
                case .space, .newline: continue
                case .punctuation, .number, .url, .email:
                    previous = -1
                    afterWord = false
                    continue
                case .word: break
                }
                defer { afterWord = true }
                if isProtected(token, base: base) {
                    previous = -1
                    continue
                }
                let start = Int(token.start)
                let count = token.count
                counts.words += 1
                counts.letters += count
                forms.countWord()
                let raw = lexicon.lookup(base + start, count)
                if recordsIDs { observedIDs[t] = raw }
                let id = knownID(base + start, count, raw: raw)
                if id >= 0 {
                    forms.addKnownWord(id)
                    // Counted only where a case confusion can be decided (`caseConfusable`).
                    if Self.hasSameShapeCapital(base[start]) {
                        if ASCII.isLower(base[start]) {
                            forms.addPrintedSmall(id)
                        } else if afterWord {
                            forms.addCapitalisedInside(id)
                        }
                    }
                    // A rare known word is a real-word error's suspect: its recurrence is counted too.
                    if lexicon.logProbability(id) < options.realWordCeiling {
                        forms.add(UnsafeBufferPointer(start: base + start, count: count), known: true)
                    }
                    // Two known words in a row: does the language model know the pair? (Reported
                    // by repair-bench noise; no decision uses it, so only when measuring.)
                    if unknownWord != nil && previous >= 0 {
                        counts.knownPairs += 1
                        if lexicon.bigram(previous, id) != nil { counts.countedPairs += 1 }
                    }
                    previous = id
                    continue
                }
                previous = -1
                counts.unknown += 1
                let word = UnsafeBufferPointer(start: base + start, count: count)
                forms.add(word)
                if let unknownWord {
                    let cost = bestExplanation(word)
                    counts.sampled += 1
                    if cost <= NoiseEstimate.explainedCost { counts.explained += 1 }
                    unknownWord(String(decoding: word, as: UTF8.self), cost)
                }
            }
        }
    }

    /// The lexicon id of a word, a plural of a known lower-case word counting as known, and an
    /// old verb form of a common one (`archaicStem`).
    private func knownID(_ word: UnsafePointer<UInt8>, _ count: Int, raw: Int32? = nil) -> Int32 {
        let id = raw ?? lexicon.lookup(word, count)
        if id >= 0 || count <= 3 { return id }
        if word[count - 1] | 0x20 != 0x73 { return archaicStem(word, count) }
        let stem = lexicon.lookup(word, count - 1)
        return stem >= 0 && lexicon.flags(stem).contains(.indexed) && lexicon.caseClass(stem) == .lower ? stem : -1
    }

    /// The third person of an old verb form (`selleth`, `lieth`, `maketh`): a common lower-case
    /// word of three letters or more before `-eth` (or, after its `e`, `-th`), as books quoting
    /// scripture or verse print them. Not after the commonest words (`theth` is no form of `the`),
    /// nor after a rare one (a misreading's part). Not the second person's `-est`: where OCR reads
    /// n as s, `-ent` reads so (`costest` is `content`).
    private func archaicStem(_ word: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
        guard count >= 5, word[count - 3] | 0x20 == 0x65 else { return -1 }
        guard word[count - 2] | 0x20 == 0x74, word[count - 1] | 0x20 == 0x68 else { return -1 }
        // `sell|eth`, `lie|th`: the stem before `-eth`, or before `-th` with its `e`.
        for stemLength in [count - 3, count - 2] where stemLength >= 3 {
            let stem = lexicon.lookup(word, stemLength)
            guard stem >= 0, lexicon.caseClass(stem) == .lower else { continue }
            let p = lexicon.logProbability(stem)
            if p <= Self.archaicStemCeiling && p >= Self.archaicStemFloor { return stem }
        }
        return -1
    }

    /// The frequency band (log10) of the stems of old verb forms: rarer than the commonest
    /// words (`the` −1.3; `make` −2.9) and no rarer than a word of everyday prose.
    static let archaicStemCeiling: Float = -2.5
    /// The rarest stem of an old verb form.
    static let archaicStemFloor: Float = -5.5

    /// The cheapest channel cost of a dictionary word for `word` (infinity: none within reach).
    private func bestExplanation(_ word: UnsafeBufferPointer<UInt8>) -> Float {
        let key = word.map(asciiLower)
        if let cached = explanationCache[key] { return cached }
        scratch.removeAll(keepingCapacity: true)
        search.nearWords(word, into: &scratch)
        let best = scratch.reduce(Float.infinity) { min($0, $1.cost) }
        if explanationCache.count > 200_000 { explanationCache.removeAll(keepingCapacity: true) }
        explanationCache[key] = best
        return best
    }

    // MARK: Slots and candidates

    /// A hyphenated word the lexicon does not know whole, with a part it does not know
    /// and others it knows (`multi-scakeholder`, `humas-centric`): its parts become words and its
    /// hyphens marks, so the misread part is corrected like any word. A compound whose parts
    /// are all words (`ethics-driven`) or none (`xfst-morp`) stays one protected token, and so
    /// does every compound of a document that looks clean (and of the base corrector's).
    private func splitCompounds(_ text: UnsafeBufferPointer<UInt8>) {
        // In a clean document such compounds are its terms (no-acls, xfst-morp): kept whole; and
        // the base corrector (`--no-adapt`) keeps every compound whole, as it always did.
        guard decisions?.looksNoisy == true, let base = text.baseAddress, memchr(base, 0x2D, text.count) != nil
        else { return }
        var t = 0
        while t < tokens.count {
            let token = tokens[t]
            t += 1
            guard token.kind == .word, !token.hasDigit, !token.nonASCII, token.count >= 5,
                memchr(base + Int(token.start), 0x2D, token.count) != nil,
                lexicon.lookup(base + Int(token.start), token.count) < 0, !Self.isCode(token, in: text)
            else { continue }
            var parts: [Token] = []
            var start = Int(token.start)
            var unknown = 0
            for i in Int(token.start)...Int(token.end) where i == Int(token.end) || base[i] == 0x2D {
                guard i > start else {
                    parts = []
                    break
                }
                var upper: UInt8 = 0
                for k in start..<i where ASCII.isUpper(base[k]) { upper &+= 1 }
                parts.append(Token(kind: .word, start: Int32(start), end: Int32(i), upperCount: upper))
                if lexicon.lookup(base + start, i - start) < 0 && knownID(base + start, i - start) < 0 { unknown += 1 }
                if i < Int(token.end) { parts.append(Token(kind: .punctuation, start: Int32(i), end: Int32(i + 1))) }
                start = i + 1
            }
            // Some parts known, some not: a word misread. None known: a term or a name (xfst-morp),
            // unless the document's own confusions make each a word (`mulci-scakeholder`).
            guard unknown > 0, parts.count >= 3 else { continue }
            // A compound the lexicon knows whole is the document's reading of it: kept whole, and
            // corrected as one word (`sos-governmental`: non-governmental, not `not`).
            if compoundVariants(UnsafeBufferPointer(start: base + Int(token.start), count: token.count)) { continue }
            if unknown == (parts.count + 1) / 2,
                !parts.allSatisfy({
                    $0.kind != .word
                        || search.hasLearnedVariant(UnsafeBufferPointer(start: base + Int($0.start), count: $0.count))
                })
            {
                continue
            }
            tokens.replaceSubrange((t - 1)..<t, with: parts)
            t += parts.count - 1
        }
    }

    /// Whether the document's learned confusions make the hyphenated `word` a compound the
    /// lexicon knows whole (`locally-drives`: locally-driven); its candidates are then in
    /// `compoundScratch`.
    private func compoundVariants(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        compoundScratch.removeAll(keepingCapacity: true)
        // Not while EM's rounds decode (`learning`): a compound's correction, as a far word's,
        // is no evidence for the channel, and its changes between rounds kept EM going a round longer.
        guard !learning, search.hasLearnedVariants, decisions?.looksNoisy == true else { return false }
        search.learnedVariants(word, into: &compoundScratch)
        compoundScratch.removeAll { c in
            c.isTwoWords || !lexicon.spelling(c.first).contains(0x2D)
        }
        return !compoundScratch.isEmpty
    }

    /// Whether the next word after token `t` (past spaces and line breaks only) starts with a small letter.
    private func smallWordFollows(_ t: Int, base: UnsafePointer<UInt8>) -> Bool {
        var n = t + 1
        while n < tokens.count, tokens[n].kind == .space || tokens[n].kind == .newline { n += 1 }
        return n < tokens.count && tokens[n].kind == .word && ASCII.isLower(base[Int(tokens[n].start)])
    }

    private func collectSlots(_ text: UnsafeBufferPointer<UInt8>, evidence: ((Int) -> WordEvidence?)?) {
        slots.removeAll(keepingCapacity: true)
        candidates.removeAll(keepingCapacity: true)
        let base = text.baseAddress!
        let backticks = memchr(base, 0x60, text.count) != nil
        var context: Int32 = LanguageModel.start
        var wordAfterForeign = -1
        let unknownToEnglish = { [tokens, tokenIDs, lexicon] (k: Int) -> Bool in
            let id =
                tokenIDs.isEmpty || tokenIDs[k] == Self.notLookedUp
                ? lexicon.lookup(base + Int(tokens[k].start), tokens[k].count) : tokenIDs[k]
            return id < 0
        }
        for (t, token) in tokens.enumerated() {
            switch token.kind {
            case .space, .newline:
                continue
            case .punctuation:
                let b = base[Int(token.start)]
                // . ! ? : ; end a sentence's context, unless a small letter follows: the sentence
                // goes on (`services cin. be used`: speckle read as a period; `as follows: the`).
                if b == 0x2E || b == 0x21 || b == 0x3F || b == 0x3A || b == 0x3B, !smallWordFollows(t, base: base) {
                    context = LanguageModel.start
                }
                continue
            case .number, .url, .email:
                context = LanguageModel.unknown
                continue
            case .word:
                break
            }
            let start = Int(token.start)
            let count = token.count
            var id =
                tokenIDs.isEmpty || tokenIDs[t] == Self.notLookedUp
                ? lexicon.lookup(base + start, count) : tokenIDs[t]
            // A function word of a phrase in another language, and the word after it, are kept.
            let foreign =
                id < 0
                && ForeignPhrase.isFunctionWord(
                    t, tokens: tokens, base: base, unknownToEnglish: unknownToEnglish)
            let inForeignPhrase = foreign || t == wordAfterForeign
            if foreign { wordAfterForeign = ForeignPhrase.wordAfter(t, tokens: tokens) }
            // A plural of a known word is a word (executables, stakeholders). In a noisy document
            // it is read as its stem, a known word that a likelier one may replace (`esds`: ends).
            let plural = id < 0 ? knownID(base + start, count, raw: id) : -1
            if plural >= 0 { id = plural }
            if plural >= 0, decisions?.looksNoisy != true {
                slots.append(
                    Slot(
                        token: Int32(t), start: token.start, end: token.end, id: id,
                        candidateStart: Int32(candidates.count),
                        candidateCount: 1, contextBefore: context, margin: 0, choice: 0))
                candidates.append(Candidate(first: id, second: Candidate.none, cost: 0, rule: .keep))
                context = LanguageModel.previousSlot
                continue
            }
            if tryMerge(token: t, id: id, base: base) {
                context = LanguageModel.previousSlot
                continue
            }
            var slot = Slot(
                token: Int32(t), start: token.start, end: token.end, id: id,
                candidateStart: Int32(candidates.count), candidateCount: 1,
                contextBefore: context, margin: 0, choice: 0)
            candidates.append(Candidate(first: id, second: Candidate.none, cost: 0, rule: .keep))
            context = LanguageModel.previousSlot
            // A noisy document's word with a letter printed as a digit (`1s`, `t0`) is read.
            let digitsMisread = token.hasDigit && id < 0 && decisions?.looksNoisy == true
            // A noisy document's own confusions may explain a single letter (`s` for `a`).
            let singleLetters = id >= 0 && decisions?.looksNoisy == true && search.hasLearnedVariants
            // A hyphenated word the document's confusions make a compound the lexicon knows.
            let compound =
                id < 0 && !token.hasDigit && !token.nonASCII && count >= 5 && search.hasLearnedVariants
                && memchr(base + start, 0x2D, count) != nil && Int(token.upperCount) < count
                && compoundVariants(UnsafeBufferPointer(start: base + start, count: count))
            if (!compound && isProtected(token, base: base, digits: !digitsMisread, singleLetters: singleLetters))
                || Self.isCode(token, in: text, backticks: backticks)
                || (inForeignPhrase && (id < 0 || lexicon.logProbability(id) < ForeignPhrase.englishCeiling))
                || (!options.userWords.isEmpty && id < 0
                    && options.userWords.contains(
                        UnsafeBufferPointer(start: base + start, count: count).map(asciiLower)))
                || (joinedByPeriod(token, text: text)
                    && (decisions?.looksNoisy == false
                        || (id < 0
                            && decisions?.recurs(
                                UnknownForms.key(UnsafeBufferPointer(start: base + start, count: count))) == true)))
            {
                slots.append(slot)
                continue
            }
            let atSentenceStart = slot.contextBefore == LanguageModel.start
            let capitalised = ASCII.isUpper(base[start])
            if capitalised, id >= 0, plural < 0, decisions?.fixesCase == true, !atSentenceStart,
                caseConfusable(t, id: id, base: base)
            {
                slot.lowersCase = true
            }
            scratch.removeAll(keepingCapacity: true)
            let word = UnsafeBufferPointer(start: base + start, count: count)
            if id >= 0 {
                // A known word: only a much more likely word one OCR confusion away can replace it.
                let p = lexicon.logProbability(id)
                let searched =
                    p < options.realWordCeiling || (decisions != nil && search.hasLearnedVariants)
                    || search.hasTrainedForms
                if searched && !(cachesCandidates && cache.find(word, into: &scratch)) {
                    knownWordCandidates(word, id: id, probability: p, into: &scratch)
                    if cachesCandidates { cache.insert(word, scratch) }
                }
                slot.margin = decisions?.realWordMargin ?? options.realWordMargin
                if let adaptation = decisions, !adaptation.looksNoisy, !scratch.isEmpty, count >= 3 {
                    // A misprint of a word the clean document uses: the base margin.
                    let occurrences = adaptation.knownOccurrences(id)
                    if scratch.contains(where: { adaptation.isMisprint(of: $0.first, occurrences: occurrences) }) {
                        slot.margin = options.realWordMargin
                    }
                }
            } else if digitsMisread {
                search.digitReadings(word, into: &scratch)
                // One letter and a digit is read only as a common word (`1s`, `t0`: not `0x`, ox).
                if count == 2 { scratch.removeAll { lexicon.logProbability($0.first) < options.realWordCeiling } }
                slot.margin = options.unknownMargin + (capitalised && !atSentenceStart ? nameMargin : 0)
            } else if compound {
                scratch.append(contentsOf: compoundScratch)
                slot.margin = options.unknownMargin
            } else {
                if !(cachesCandidates && cache.find(word, into: &scratch)) {
                    unknownWordCandidates(word, into: &scratch)
                    if cachesCandidates { cache.insert(word, scratch) }
                }
                slot.margin = options.unknownMargin + (capitalised && !atSentenceStart ? nameMargin : 0)
            }
            // "(hat" for "that": an opening parenthesis glued to a word it does not close.
            if start > 0, base[start - 1] == 0x28, ASCII.isLower(base[start]), !parenthesisCloses(after: t, in: base) {
                addParenthesisVariants(word, into: &scratch)
            }
            if let ocr = evidence?(start) {
                if ocr.confidence > 90 { slot.margin += (ocr.confidence - 90) * options.confidenceMarginPerPoint }
                if !ocr.alternatives.isEmpty { search.alternativeReadings(word, ocr.alternatives, into: &scratch) }
            }
            // OCR misreads letters, not a whole word's case: a word printed in lower case is never
            // an acronym (`rsa` is not `USA`, `fi` not `FL`).
            if !scratch.isEmpty, token.upperCount == 0, count >= 2 {
                scratch.removeAll { !$0.isTwoWords && lexicon.caseClass($0.first) == .upper }
            }
            if !scratch.isEmpty {
                // Keep the best few by prior minus channel cost (selection, not a full sort).
                let kept = min(scratch.count, options.beam)
                priors.removeAll(keepingCapacity: true)
                for c in scratch { priors.append(prior(c)) }
                for k in 0..<kept {
                    var best = k
                    for i in (k + 1)..<scratch.count where priors[i] > priors[best] { best = i }
                    scratch.swapAt(k, best)
                    priors.swapAt(k, best)
                    candidates.append(scratch[k])
                }
                slot.candidateCount = Int32(kept + 1)
                let cheap = scratch[0..<kept].contains(where: {
                    !$0.isTwoWords && $0.cost <= options.cheapConfusionCost
                })
                if id < 0, capitalised, !atSentenceStart, cheap {
                    slot.margin -= nameMargin - min(nameMargin, options.nameMarginNearConfusion)
                }
                if id < 0, let adaptation = decisions {
                    // The document's prior for this word: a form that recurs is a term unless
                    // one cheap OCR confusion explains it (Intemet ×2: the same misreading twice);
                    // in a document whose unknown words are mostly real, it is a term.
                    let folded = UnknownForms.key(word)
                    let recurs = adaptation.recurs(folded)
                    let recurring = recurs && !cheap
                    // A form (seen once, or far less often than the word) one edit from a word
                    // the clean document uses: a misprint as likely as in the scans the base
                    // margins came from (the default prior).
                    let occurrences = adaptation.occurrences(folded)
                    let misprint =
                        !adaptation.looksNoisy && count >= 3
                        && scratch[0..<kept].contains {
                            !$0.isTwoWords && adaptation.isMisprint(of: $0.first, occurrences: occurrences)
                        }
                    if recurs && !adaptation.looksNoisy && !misprint {
                        // A term of a clean document: kept.
                        candidates.removeSubrange(Int(slot.candidateStart + 1)...)
                        slot.candidateCount = 1
                    }
                    if !misprint {
                        slot.margin += adaptation.unknownMargin(recurring: recurring) - options.unknownMargin
                    }
                }
                // A margin below zero (an unknown word in a very noisy document) makes keeping the
                // word dearer in the lattice too: the final check alone cannot turn a kept word
                // into a correction (measured: README).
                if slot.margin < 0 { slot.keepBias = slot.margin }
            }
            slots.append(slot)
        }
    }

    /// The candidates for a known word (`probability`: its log10 frequency): more likely words
    /// one OCR confusion away, the document's learned variants, a trained model's forms.
    private func knownWordCandidates(
        _ word: UnsafeBufferPointer<UInt8>, id: Int32, probability p: Float, into scratch: inout [Candidate]
    ) {
        // A rare word that recurs in a clean document is the document's word, unless the
        // document uses a word one confusion away far more often (`thc` ×7 beside `the` ×1,600).
        let clean = decisions.map { !$0.looksNoisy } ?? false
        let noisy = decisions?.looksNoisy == true
        let termOfCleanDocument =
            p < options.realWordCeiling && clean
            && decisions?.recursKnown(UnknownForms.key(word)) == true
        if p < options.realWordCeiling { search.confusionVariants(word, into: &scratch) }
        // Where OCR misreads letters at random, a very rare word may be any word's misreading (`haman`).
        if noisy, p < Self.rareKnownCeiling, word.count >= 3,
            search.errorModel.costs.substitution <= Self.rareKnownGenericCost
        {
            search.nearWords(word, into: &scratch)
        }
        // The document's own systematic confusions apply to every word, frequent ones
        // too: where OCR reads n as s throughout, "is" may be "in" (context decides).
        if decisions != nil && !termOfCleanDocument { search.learnedVariants(word, into: &scratch) }
        search.trainedVariants(word, into: &scratch)
        if !scratch.isEmpty {
            scratch.removeAll {
                $0.isTwoWords || $0.first == id
                    || ($0.rule != .trained && !(noisy && $0.rule == .learned) && lexicon.logProbability($0.first) < p)
            }
        }
        if clean, let adaptation = decisions, !scratch.isEmpty {
            // Two letters are too few to tell a misprint from a term (`ls`, `ln` beside `is`, `in`).
            let occurrences = word.count >= 3 ? adaptation.knownOccurrences(id) : Int32.max
            if termOfCleanDocument {
                scratch.removeAll {
                    $0.rule != .trained && !adaptation.isMisprint(of: $0.first, occurrences: occurrences)
                }
            }
            boostDocumentWords(&scratch, occurrences: occurrences)
        }
        if noisy, let adaptation = decisions, adaptation.misreadsAtRandom, !scratch.isEmpty {
            keepDocumentWord(id, &scratch, adaptation)
        }
    }

    /// The cache of `mixDocumentWords` for the word as printed too: in a noisy document a known
    /// word printed again elsewhere is as likely as its share of those other occurrences, where
    /// a candidate is a word the document never prints (`Haman` ×4 in a chapter of Esther is not
    /// `human` misread four times at random). A candidate the document prints may have been
    /// misread the same way again (`ot` ×3 beside `of` ×15), and so may every word in a scan
    /// that misreads letters systematically (`thc` ×20 where e reads as c throughout): only
    /// where the document misreads at random (`misreadsAtRandom`).
    private func keepDocumentWord(_ id: Int32, _ scratch: inout [Candidate], _ adaptation: DocumentAdaptation.Decisions)
    {
        let others = adaptation.knownOccurrences(id) - 1
        guard others > 0 else { return }
        let own = cacheGain(id, occurrences: others, adaptation)
        for k in scratch.indices
        where !scratch[k].isTwoWords && scratch[k].rule != .trained && !adaptation.prints(scratch[k].first) {
            scratch[k].cost += own
        }
    }

    /// log10 of how much more likely the cache of `mixDocumentWords` makes word `id`, printed
    /// `occurrences` times, than the lexicon does.
    private func cacheGain(_ id: Int32, occurrences: Int32, _ adaptation: DocumentAdaptation.Decisions) -> Float {
        let words = Double(max(adaptation.words, 1))
        let lexical = Double(lexicon.logProbability(id))
        let mixed = log10(
            (1 - Self.documentWordWeight) * pow(10, lexical) + Self.documentWordWeight * Double(occurrences) / words)
        return Float(mixed - lexical)
    }

    /// In a clean document, a candidate the document itself uses (of which the observed form
    /// reads as a misprint) is as likely as its share of the document's words, where that is
    /// more than its lexicon frequency (`cipher` is rare in English, common in a page on ciphers).
    private func boostDocumentWords(_ scratch: inout [Candidate], occurrences: Int32) {
        guard let adaptation = decisions else { return }
        for k in scratch.indices where adaptation.isMisprint(of: scratch[k].first, occurrences: occurrences) {
            let boost = adaptation.documentLogProbability(scratch[k].first) - lexicon.logProbability(scratch[k].first)
            if boost > 0 { scratch[k].cost = max(scratch[k].cost - boost, 0) }
        }
    }

    /// The candidates for an unknown word: dictionary words near it, splits, the learned and
    /// trained variants.
    private func unknownWordCandidates(
        _ word: UnsafeBufferPointer<UInt8>, into scratch: inout [Candidate], splitting: Bool = true
    ) {
        search.nearWords(word, into: &scratch)
        search.splits(word, into: &scratch)
        search.trainedVariants(word, into: &scratch)
        if let adaptation = decisions {
            search.learnedVariants(word, into: &scratch)
            if adaptation.looksNoisy {
                // Two misread words without their space, unless one learned confusion or two
                // explain it as one word (a split costs more than that by itself).
                let splitCost = search.splitCost
                if splitting, !scratch.contains(where: { !$0.isTwoWords && $0.cost <= splitCost }) {
                    search.misreadSplits(word, into: &scratch)
                }
                if word.count >= CandidateSearch.farWordMinimumLength {
                    // Nothing as cheap as three generic substitutions: the word may be farther (a
                    // very noisy document's generic edits are cheap enough for the channel to allow it).
                    let threeEdits = Self.farWordSubstitutions * search.errorModel.costs.substitution
                    let far = !scratch.contains(where: { !$0.isTwoWords && $0.cost <= threeEdits })
                    // A word misread in most letters is looked up by its classes whatever else
                    // explains it: a near word (`Isccrsct`: interact) is no reason to miss `Internet`.
                    search.classVariants(word, into: &scratch)
                    if far {
                        if splitting { search.classSplits(word, into: &scratch) }
                        search.farWords(word, preferring: { adaptation.prints($0) }, into: &scratch)
                    }
                }
            }
            // A clean document's unknown words are mostly its terms (iff, perf, xfst):
            // only a cheap OCR confusion (rn read as m) can explain one as an error, or, for
            // a form seen once, one edit from a word the document itself uses.
            if !adaptation.looksNoisy && !scratch.isEmpty {
                let occurrences = adaptation.occurrences(UnknownForms.key(word))
                // A generic edit (not a table confusion) explains only a long form seen once
                // that keeps its word's first letter: terms grow from words by a prefix letter
                // (`fgrep`, `egrep`, `xdigit` beside `grep`, `digit`), and a misreading made
                // twice the same way is a confusion, not a random edit.
                let generic = word.count >= DocumentAdaptation.documentWordMinimumLength && occurrences == 1
                let first = asciiLower(word[0])
                // Below every generic edit's cost, a candidate's cost is one of the table's OCR
                // confusions (`fhe`, `lhe`, `tbe`: the), as likely in a clean document as anywhere.
                let costs = search.errorModel.costs
                let tableOnly = min(
                    DocumentAdaptation.confusionMisprintCost, costs.substitution, costs.insertion, costs.deletion)
                scratch.removeAll {
                    $0.isTwoWords
                        || ($0.cost > options.cheapConfusionCost
                            && !($0.cost < tableOnly && adaptation.isMisprint(of: $0.first, occurrences: occurrences))
                            && !((generic || slip(word, to: $0.first))
                                && $0.cost <= DocumentAdaptation.documentWordCost
                                && asciiLower(lexicon.spelling($0.first).first ?? 0) == first
                                && adaptation.isMisprint(of: $0.first, occurrences: occurrences)))
                }
                boostDocumentWords(&scratch, occurrences: occurrences)
            } else if adaptation.looksNoisy && !scratch.isEmpty {
                mixDocumentWords(&scratch, adaptation)
            }
        }
    }

    /// Whether a short form may be a slip of one of the commonest words (a letter doubled or
    /// dropped: `thhe`, `wil`): it is one letter longer or shorter than a word of three letters
    /// or more at least as frequent as `DocumentAdaptation.slipLogProbability` (a form that
    /// recurs must still be 20× rarer than the word: `isMisprint`). Two-letter words stay out
    /// (`iff`, `tto` sit one letter from `if`, `to`, as terms do).
    private func slip(_ word: UnsafeBufferPointer<UInt8>, to id: Int32) -> Bool {
        guard id >= 0, word.count >= 3 else { return false }
        let length = lexicon.spelling(id).count
        return length >= 3 && abs(length - word.count) == 1
            && lexicon.logProbability(id) >= DocumentAdaptation.slipLogProbability
    }

    /// A noisy document's own words as a cache language model (Kuhn & De Mori): a candidate's
    /// probability is its lexicon probability mixed with its share of the document's known
    /// words, `(1 − λ) · P_lexicon + λ · count / words`, the difference taken off its cost
    /// (`Interet` is the `Internet` the page prints elsewhere, not `interest`).
    private func mixDocumentWords(_ scratch: inout [Candidate], _ adaptation: DocumentAdaptation.Decisions) {
        for k in scratch.indices where !scratch[k].isTwoWords {
            let n = adaptation.knownOccurrences(scratch[k].first)
            guard n > 0 else { continue }
            scratch[k].cost = max(scratch[k].cost - cacheGain(scratch[k].first, occurrences: n, adaptation), 0)
        }
    }

    /// λ of `mixDocumentWords` (measured: README).
    static let documentWordWeight = 0.1

    /// A noisy document's unknown word is searched for far words when no candidate is as cheap
    /// as this many generic substitutions (measured on the 100k harsh words: README).
    static let farWordSubstitutions: Float = 3
    /// A known word rarer than this (log10; `haman` −6.6, beside `human` −3.5) is looked up by
    /// generic edits too, in a noisy document whose generic edits are cheap: where OCR misreads
    /// letters at random, a word that rare is as likely another word's misreading. −5 and −4.5
    /// broke more right words in damaged documentation; −6 found fewer (measured: README).
    static let rareKnownCeiling: Float = -5.5
    /// The generic substitution cost at or below which rare known words are searched so: a
    /// document misread at random (our bad renders: 1.2–1.26); not a systematic scan whose
    /// learned confusions explain its errors (the 1 M harsh file: 3.1), nor a hard page (2.0–2.3).
    static let rareKnownGenericCost: Float = 1.5

    /// "Inter net", "govern ment", "govern- ment": when the word before and this one,
    /// separated by one space (or a hyphen and a space), make a known word, the previous
    /// slot becomes one slot over both: keep the two words, or join them.
    private func tryMerge(token t: Int, id: Int32, base: UnsafePointer<UInt8>) -> Bool {
        guard let previous = slots.last, previous.candidateCount == 1 || previous.id < 0 else { return false }
        let p = Int(previous.token)
        guard p + 2 <= t, t - p <= 3, previous.end == tokens[p].end else { return false }
        // The gap: " " or "- ".
        let gapStart = Int(tokens[p].end)
        let gapEnd = Int(tokens[t].start)
        let gapCount = gapEnd - gapStart
        guard
            (gapCount == 1 && base[gapStart] == 0x20)
                || (gapCount == 2 && base[gapStart] == 0x2D && base[gapStart + 1] == 0x20)
        else { return false }
        let a = tokens[p]
        let b = tokens[t]
        // The second part starts in lower case (a new sentence or name is not a fragment).
        guard ASCII.isLower(base[Int(b.start)]) else { return false }
        if isProtected(a, base: base) || isProtected(b, base: base) { return false }
        let joinedCount = a.count + b.count
        guard joinedCount < mergeBuffer.count else { return false }
        let merged = mergeBuffer.withUnsafeMutableBufferPointer { buffer -> Int32 in
            let joined = buffer.baseAddress!
            memcpy(joined, base + Int(a.start), a.count)
            memcpy(joined + a.count, base + Int(b.start), b.count)
            return lexicon.lookup(joined, joinedCount)
        }
        if merged < 0 {
            return mergeMisread(previous: previous, second: b, secondID: id, base: base, joinedCount: joinedCount)
        }
        guard lexicon.flags(merged).contains(.indexed) else { return false }
        let cls = lexicon.caseClass(merged)
        guard cls == .lower || cls == .capitalized else { return false }
        // Replace the previous slot by one over both words.
        candidates.removeSubrange(Int(previous.candidateStart)...)
        var slot = previous
        slot.end = b.end
        slot.candidateCount = 2
        slot.margin = (previous.id >= 0 && id >= 0) ? options.realWordMargin : options.unknownMargin
        candidates.append(
            Candidate(first: previous.id, second: id >= 0 ? id : Candidate.unknownSecond, cost: 0, rule: .keep))
        candidates.append(
            Candidate(
                first: merged, second: Candidate.none, cost: gapCount == 1 ? search.splitCost : search.splitCost + 0.5,
                rule: .merge))
        slots[slots.count - 1] = slot
        return true
    }

    @exclusivity(unchecked) private var mergeBuffer = [UInt8](repeating: 0, count: 64)
    @exclusivity(unchecked) private var mergeScratch: [Candidate] = []

    /// Word endings OCR prints apart when it loses a line's hyphen or reads a gap inside a word
    /// (`connie tion`: connection); none is a word a sentence uses on its own.
    static let suffixFragments: [[UInt8]] = [
        "tion", "tions", "sion", "sions", "ment", "ments", "ness", "ity", "ities", "ance", "ances", "ence", "ences",
        "ture", "tures", "tive", "tives", "ing", "ings", "ical", "ically",
    ].map { Array($0.utf8) }

    /// Whether `count` bytes at `word` are one of `suffixFragments` (no allocation: most calls
    /// are for two words whose join is not a word, on every line of a noisy document).
    static func isSuffixFragment(_ word: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard (3...6).contains(count) else { return false }
        let key = fragmentKey(word, count)
        for fragment in suffixFragmentKeys where fragment == key { return true }
        return false
    }

    /// A fragment of up to seven bytes as one number (its bytes and its length).
    @inline(__always)
    private static func fragmentKey(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var key = UInt64(count) << 56
        for i in 0..<count { key |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        return key
    }

    /// `suffixFragments` as `fragmentKey`s (compared as numbers: the join of two words is tested
    /// on every line of a noisy document).
    private static let suffixFragmentKeys: [UInt64] = suffixFragments.map { fragment in
        fragment.withUnsafeBufferPointer { fragmentKey($0.baseAddress!, $0.count) }
    }

    /// In a noisy document, a word and a word ending printed apart whose join is not a word
    /// (`connie tion`): the join's candidates (as an unknown word's, plus the split's cost)
    /// against keeping both. `mergeBuffer` holds the join.
    private func mergeMisread(
        previous: Slot, second b: Token, secondID: Int32, base: UnsafePointer<UInt8>, joinedCount: Int
    ) -> Bool {
        // The first part unknown or rare: after a common word (`the ity`) the fragment is more
        // likely a word that lost its first letter (city).
        guard decisions?.looksNoisy == true,
            previous.id < 0 || lexicon.logProbability(previous.id) < options.realWordCeiling,
            Self.isSuffixFragment(base + Int(b.start), b.count)
        else { return false }
        mergeScratch.removeAll(keepingCapacity: true)
        mergeBuffer.withUnsafeBufferPointer {
            unknownWordCandidates(
                UnsafeBufferPointer(rebasing: $0[0..<joinedCount]), into: &mergeScratch, splitting: false)
        }
        mergeScratch.removeAll { $0.isTwoWords || $0.first < 0 }
        guard !mergeScratch.isEmpty else { return false }
        mergeScratch.sort { prior($0) > prior($1) }
        candidates.removeSubrange(Int(previous.candidateStart)...)
        var slot = previous
        slot.end = b.end
        slot.margin = decisions?.unknownMargin(recurring: false) ?? options.unknownMargin
        candidates.append(
            Candidate(
                first: previous.id, second: secondID >= 0 ? secondID : Candidate.unknownSecond, cost: 0, rule: .keep))
        for c in mergeScratch.prefix(options.beam) {
            candidates.append(
                Candidate(first: c.first, second: Candidate.none, cost: c.cost + search.splitCost, rule: .merge))
        }
        slot.candidateCount = Int32(candidates.count) - slot.candidateStart
        slots[slots.count - 1] = slot
        return true
    }

    @inline(__always)
    private func prior(_ c: Candidate) -> Float {
        var p = lexicon.logProbability(c.first) - c.cost
        if c.isTwoWords { p += languageModel.score(c.first, c.second) }
        return p
    }

    /// Longer tokens are never corrected (no lexicon word is this long; the work per token stays
    /// bounded, so a 2 MB token costs what reading it costs).
    public static let maximumWordLength = 48

    /// Words the corrector never touches: longer than `maximumWordLength`, with digits, non-ASCII letters, all capitals
    /// (acronyms), single letters, and hyphenated or apostrophe words whose parts are words.
    private func isProtected(
        _ token: Token, base: UnsafePointer<UInt8>, digits: Bool = true, singleLetters: Bool = false
    ) -> Bool {
        let count = token.count
        if (digits && token.hasDigit) || token.nonASCII || count < (singleLetters ? 1 : 2)
            || count > Self.maximumWordLength
        {
            return true
        }
        if Int(token.upperCount) == count || (token.upperCount >= 2 && count <= 6) { return true }
        var hasJoiner = false
        for i in token.range where base[i] == 0x2D || base[i] == 0x27 {
            hasJoiner = true
            break
        }
        return hasJoiner
    }

    /// A word that is code, not prose, in any document: a command-line option (`--tls-max`,
    /// `-iname`: hyphens glued before it, a space or an opening mark before them), a part of a
    /// path (`/dev/tcp/host`: a slash glued on each side), a name given a value (`--xform=`,
    /// `cx=`), a variable (`$HOME`), or inside a Markdown code span (a backtick before it and
    /// after it with no space between: `` `ws:` ``, `` `url.parse()` ``; a fence's ```` ```js ````).
    /// `backticks`: whether the text has a backtick at all (false skips the code-span test).
    static func isCode(_ token: Token, in text: UnsafeBufferPointer<UInt8>, backticks: Bool = true) -> Bool {
        let start = Int(token.start)
        let end = Int(token.end)
        if backticks && inCodeSpan(start, end, text) { return true }
        if start > 0 && text[start - 1] == 0x24 { return true }  // $
        if end < text.count && text[end] == 0x3D { return true }  // =
        if start > 0 && end < text.count && text[start - 1] == 0x2F && text[end] == 0x2F { return true }  // /x/
        var k = start
        while k > 0 && start - k < 2 && text[k - 1] == 0x2D { k -= 1 }
        guard k < start else { return false }
        if k == 0 { return true }
        let before = text[k - 1]
        // space, tab, newline, ( [ ` " '
        return before == 0x20 || before == 0x09 || before == 0x0A || before == 0x28 || before == 0x5B
            || before == 0x60 || before == 0x22 || before == 0x27
    }

    /// A backtick before `start` and one from `end` on, within the same run of non-space bytes
    /// (looked for up to 64 bytes each way), or a fence's opening backticks before `start`.
    static func inCodeSpan(_ start: Int, _ end: Int, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }
        var k = start
        var opening = -1
        while k > 0 && start - k < 64 && !isSpace(text[k - 1]) {
            k -= 1
            if text[k] == 0x60 { opening = k }
        }
        guard opening >= 0 else { return false }
        if opening + 2 < start && text[opening + 1] == 0x60 && text[opening + 2] == 0x60 { return true }
        var e = end
        while e < text.count && e - end < 64 && !isSpace(text[e]) {
            if text[e] == 0x60 { return true }
            e += 1
        }
        return false
    }

    /// A word joined to a letter by a period with no space (lexc.txt, example.com): a file name
    /// or an identifier in a clean document (in OCR output the punctuation stage splits glued marks).
    private func joinedByPeriod(_ token: Token, text: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(token.start)
        let end = Int(token.end)
        func isLetter(_ b: UInt8) -> Bool { ASCII.isLetter(b) }
        if start >= 2 && text[start - 1] == 0x2E && isLetter(text[start - 2]) { return true }
        return end + 1 < text.count && text[end] == 0x2E && isLetter(text[end + 1])
    }

    private func parenthesisCloses(after t: Int, in base: UnsafePointer<UInt8>) -> Bool {
        var i = t + 1
        while i < tokens.count && i < t + 60 {
            let tok = tokens[i]
            if tok.kind == .punctuation && base[Int(tok.start)] == 0x29 { return true }
            if tok.kind == .punctuation && base[Int(tok.start)] == 0x28 { return false }
            i += 1
        }
        return false
    }

    /// Candidates reading the "(" before `word` as t or c: they replace the parenthesis too.
    private func addParenthesisVariants(_ word: UnsafeBufferPointer<UInt8>, into out: inout [Candidate]) {
        var buffer = [UInt8](repeating: 0, count: word.count + 1)
        for (letter, cost) in [(UInt8(ascii: "t"), Float(1.0)), (UInt8(ascii: "c"), Float(1.2))] {
            buffer[0] = letter
            for k in 0..<word.count { buffer[k + 1] = word[k] }
            let id = buffer.withUnsafeBufferPointer { lexicon.lookup($0.baseAddress!, $0.count) }
            if id >= 0 { out.append(Candidate(first: id, second: Candidate.none, cost: cost, rule: .parenthesis)) }
        }
    }

    // MARK: Decoding

    /// Chooses a candidate per slot: Viterbi over each run of consecutive uncertain slots,
    /// between its fixed neighbours; then each change must clear its slot's margin.
    private func decide() {
        var i = 0
        while i < slots.count {
            guard slots[i].candidateCount > 1 else {
                i += 1
                continue
            }
            var j = i
            while j + 1 < slots.count && slots[j + 1].candidateCount > 1
                && slots[j + 1].contextBefore == LanguageModel.previousSlot
            { j += 1 }
            viterbi(i, j)
            i = j + 1
        }
        for s in slots.indices where slots[s].choice != 0 {
            var margin = slots[s].margin
            // A known word read as another through a confusion the document makes at least a
            // quarter of the time (`is` for `in` where n is read as s throughout): the misreading
            // is as likely as the word, and the real-word margin, set for chance confusions, is
            // lowered.
            if slots[s].id >= 0 {
                let c = candidates[Int(slots[s].candidateStart + slots[s].choice)]
                if c.rule == .learned && !c.isTwoWords && c.cost <= DocumentAdaptation.frequentConfusionCost {
                    margin = max(margin - options.frequentConfusionMarginCut, 0)
                }
            }
            if gain(s) < margin { slots[s].choice = 0 }
        }
    }

    /// The lexicon state after slot `s`'s chosen candidate.
    @inline(__always)
    private func lastState(_ s: Int, choice: Int32) -> Int32 {
        let c = candidates[Int(slots[s].candidateStart + choice)]
        let last = c.isTwoWords ? c.second : c.first
        return last >= 0 ? last : LanguageModel.unknown
    }

    @inline(__always)
    private func stateBefore(_ s: Int) -> Int32 {
        let ctx = slots[s].contextBefore
        if ctx != LanguageModel.previousSlot { return ctx }
        return lastState(s - 1, choice: slots[s - 1].choice)
    }

    /// Score of slot `s` taking candidate `k` from the previous state, with its inner bigram and channel cost.
    @inline(__always)
    private func local(_ s: Int, _ k: Int32, from previous: Int32) -> Float {
        let c = candidates[Int(slots[s].candidateStart + k)]
        var score = languageModel.score(previous, c.first) - c.cost
        if k == 0 { score += slots[s].keepBias }
        if c.isTwoWords { score += languageModel.score(c.first >= 0 ? c.first : LanguageModel.unknown, c.second) }
        return score
    }

    /// The transition out of slot `s` with candidate `k` into the next slot's choice (0 when none follows in context).
    @inline(__always)
    private func outgoing(_ s: Int, _ k: Int32) -> Float {
        guard s + 1 < slots.count, slots[s + 1].contextBefore == LanguageModel.previousSlot else { return 0 }
        let next = candidates[Int(slots[s + 1].candidateStart + slots[s + 1].choice)]
        return languageModel.score(lastState(s, choice: k), next.first)
    }

    private func viterbi(_ first: Int, _ last: Int) {
        let width = options.beam + 1
        let n = last - first + 1
        if lattice.count < n * width {
            lattice = [Float](repeating: 0, count: n * width)
            back = [Int32](repeating: 0, count: n * width)
        }
        if previousStates.count < width { previousStates = [Int32](repeating: 0, count: width) }
        let entry = stateBefore(first)
        for k in 0..<Int(slots[first].candidateCount) {
            lattice[k] = local(first, Int32(k), from: entry)
            back[k] = -1
        }
        if n > 1 {
            for r in 1..<n {
                let s = first + r
                let previousCount = Int(slots[s - 1].candidateCount)
                for p in 0..<previousCount { previousStates[p] = lastState(s - 1, choice: Int32(p)) }
                for k in 0..<Int(slots[s].candidateCount) {
                    // `local` without the transition: the same from every previous candidate.
                    let c = candidates[Int(slots[s].candidateStart) + k]
                    var own = -c.cost
                    if k == 0 { own += slots[s].keepBias }
                    if c.isTwoWords {
                        own += languageModel.score(c.first >= 0 ? c.first : LanguageModel.unknown, c.second)
                    }
                    var best = -Float.infinity
                    var arg: Int32 = 0
                    for p in 0..<previousCount {
                        let v = lattice[(r - 1) * width + p] + languageModel.score(previousStates[p], c.first)
                        if v > best {
                            best = v
                            arg = Int32(p)
                        }
                    }
                    lattice[r * width + k] = best + own
                    back[r * width + k] = arg
                }
            }
        }
        // Close with the transition into the fixed slot after the run.
        var best = -Float.infinity
        var arg: Int32 = 0
        for k in 0..<Int(slots[last].candidateCount) {
            let v = lattice[(n - 1) * width + k] + outgoing(last, Int32(k))
            if v > best {
                best = v
                arg = Int32(k)
            }
        }
        var r = n - 1
        while r >= 0 {
            slots[first + r].choice = arg
            arg = back[r * width + Int(arg)]
            r -= 1
        }
    }

    /// How much better slot `s`'s choice is than keeping the observed word, neighbours fixed.
    private func gain(_ s: Int) -> Float {
        let before = stateBefore(s)
        let chosen = slots[s].choice
        let withChoice = local(s, chosen, from: before) + outgoing(s, chosen)
        let kept = local(s, 0, from: before) + outgoing(s, 0)
        // Without the lattice's bias against keeping (`local`): the gain the margin is for.
        return withChoice - kept + slots[s].keepBias
    }

    // MARK: Output

    private func apply(_ text: UnsafeBufferPointer<UInt8>, edits: inout [CorrectionEdit]) -> [UInt8]? {
        guard slots.contains(where: { $0.choice != 0 || $0.lowersCase }) else { return nil }
        let base = text.baseAddress!
        var out: [UInt8] = []
        out.reserveCapacity(text.count + 16)
        var cursor = 0
        var changed = false
        for s in slots.indices where slots[s].choice != 0 || slots[s].lowersCase {
            let slot = slots[s]
            let c = candidates[Int(slot.candidateStart + slot.choice)]
            let lower = slot.lowersCase && slot.choice == 0 && lowersCase(to: c)
            guard slot.choice != 0 || lower else { continue }
            changed = true
            let range = Int(slot.start) - (c.rule == .parenthesis ? 1 : 0)..<Int(slot.end)
            out.append(contentsOf: UnsafeBufferPointer(start: base + cursor, count: range.lowerBound - cursor))
            let wordStart = Int(tokens[Int(slot.token)].start)
            let observed = UnsafeBufferPointer(start: base + wordStart, count: Int(slot.end) - wordStart)
            var replacement: [UInt8]
            if lower {
                // Kept, only its capital made small.
                replacement = Array(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
                replacement[wordStart - range.lowerBound] |= 0x20
            } else {
                replacement = cased(
                    c.first, like: observed, first: true, sentenceStart: slot.contextBefore == LanguageModel.start,
                    amongCapitals: besideCapital(Int(slot.token), base: base))
            }
            if c.isTwoWords && c.second >= 0 {
                // The second word takes the case of the letter where OCR lost the space.
                let split = lexicon.spelling(c.first).count
                let rest = UnsafeBufferPointer(rebasing: observed[min(split, observed.count)...])
                replacement.append(0x20)
                replacement += cased(c.second, like: rest, first: true, sentenceStart: false)
            }
            out += replacement
            cursor = range.upperBound
            // "word (cost 1.25)" for each candidate weighed (not while EM learns: it reads none).
            let considered =
                !listsCandidates || !options.describesEdits
                ? []
                : (0..<Int(slot.candidateCount)).map { k -> String in
                    let cand = candidates[Int(slot.candidateStart) + k]
                    var text: [UInt8] = []
                    swap(&text, &consideredBuffer)
                    text.removeAll(keepingCapacity: true)
                    defer { swap(&text, &consideredBuffer) }
                    if cand.rule == .keep || cand.first < 0 {
                        text.append(contentsOf: observed)
                    } else {
                        text.append(contentsOf: lexicon.spelling(cand.first))
                        if cand.second >= 0 {
                            text.append(0x20)
                            text.append(contentsOf: lexicon.spelling(cand.second))
                        }
                    }
                    text.append(contentsOf: " (cost ".utf8)
                    appendDecimal(Double(cand.cost), places: 2, to: &text)
                    text.append(0x29)
                    return String(decoding: text, as: UTF8.self)
                }
            edits.append(
                CorrectionEdit(
                    range: range,
                    before: String(
                        decoding: UnsafeBufferPointer(start: base + range.lowerBound, count: range.count), as: UTF8.self
                    ),
                    after: String(decoding: replacement, as: UTF8.self),
                    rule: slot.choice == 0 ? "ocr-case" : ruleName(c.rule), gain: gain(s), margin: slot.margin,
                    candidates: considered))
        }
        guard changed else { return nil }
        out.append(contentsOf: UnsafeBufferPointer(start: base + cursor, count: text.count - cursor))
        return out
    }

    /// Capitals whose small letter has the same shape (c o p s u v w x z; k nearly): OCR of a poor
    /// scan prints one for the other inside words of running text (`Protect`, `Counties`).
    @inline(__always)
    static func hasSameShapeCapital(_ letter: UInt8) -> Bool {
        let folded = letter | 0x20
        guard folded >= 0x61, folded <= 0x7A else { return false }
        // Bits of c k o p s u v w x z (a = bit 0).
        return (0x2F4_C404 as UInt32) >> UInt32(folded - 0x61) & 1 != 0
    }

    /// Whether word token `t` reads as a same-shape capital OCR printed for a small letter
    /// inside a sentence: the rest of the word is small; the word before is a known small word
    /// with one space between (no line break, no mark); the word after is a known small word
    /// (a comma may come first); and the bigrams know the word after the one before or before
    /// the one after (`that protect`, `any problems`; not `destination connect`, `option can`,
    /// where reflow joined a list's term to its description).
    private func caseConfusable(_ t: Int, id: Int32, base: UnsafePointer<UInt8>) -> Bool {
        let token = tokens[t]
        let start = Int(token.start)
        guard token.count >= 2, ASCII.isUpper(base[start]), Self.hasSameShapeCapital(base[start]) else { return false }
        for i in 1..<token.count where !ASCII.isLower(base[start + i]) { return false }
        guard t >= 2, tokens[t - 1].kind == .space, tokens[t - 2].kind == .word else { return false }
        let before = tokens[t - 2]
        let previous = lexicon.lookup(base + Int(before.start), before.count)
        guard ASCII.isLower(base[Int(before.start)]), previous >= 0 else { return false }
        var n = t + 1
        if n < tokens.count, tokens[n].kind == .punctuation, tokens[n].count == 1, base[Int(tokens[n].start)] == 0x2C {
            n += 1
        }
        guard n + 1 < tokens.count, tokens[n].kind == .space, tokens[n + 1].kind == .word else { return false }
        let after = tokens[n + 1]
        let next = lexicon.lookup(base + Int(after.start), after.count)
        guard ASCII.isLower(base[Int(after.start)]), next >= 0 else { return false }
        return lexicon.bigram(previous, id) != nil || (n == t + 1 && lexicon.bigram(id, next) != nil)
    }

    /// Whether the word before token `t` or the word after it (past spaces and marks, within
    /// three tokens) starts with a capital.
    private func besideCapital(_ t: Int, base: UnsafePointer<UInt8>) -> Bool {
        for step in [-1, 1] {
            var n = t + step
            while n >= 0, n < tokens.count, abs(n - t) <= 3, tokens[n].kind != .word { n += step }
            if n >= 0, n < tokens.count, abs(n - t) <= 3, ASCII.isUpper(base[Int(tokens[n].start)]) { return true }
        }
        return false
    }

    /// Whether a case-confusable slot's kept word is written small: a known word the document
    /// prints small elsewhere (the lexicon's spellings are folded: `canada`) and does not print
    /// capitalised inside a sentence elsewhere (`the Program` ×20 is the document's term). A corrected word keeps OCR's case: the
    /// document's other capitalised prints of it may be misread too (`Scates`: States).
    private func lowersCase(to c: Candidate) -> Bool {
        guard let adaptation = decisions, c.first >= 0, !c.isTwoWords,
            let first = lexicon.spelling(c.first).first, ASCII.isLower(first)
        else { return false }
        return adaptation.capitalisedInside(c.first) <= 1 && adaptation.printedSmall(c.first) >= 1
    }

    /// The lexicon word in the case pattern of what OCR printed.
    /// When the correction replaces a capital first letter (`Numan`: human), OCR's capital says
    /// nothing: the lexicon's case is written (its spellings are folded; a name's case class is
    /// capitalised), capitalised at a sentence's start. (A small letter replaced keeps the rules
    /// below: the lexicon capitalises words its titles do, `Cybersecurity`.)
    /// `amongCapitals`: a capitalised word stands next to it, as in a list of names (`New
    /// Zealand, Page North Macedonia`): there a capital is the place's, and OCR's case is kept.
    private func cased(
        _ id: Int32, like observed: UnsafeBufferPointer<UInt8>, first: Bool, sentenceStart: Bool,
        amongCapitals: @autoclosure () -> Bool = false
    ) -> [UInt8] {
        var word = Array(lexicon.spelling(id))
        var upper = 0
        var letters = 0
        for b in observed {
            if ASCII.isUpper(b) {
                upper += 1
                letters += 1
            } else if ASCII.isLower(b) {
                letters += 1
            }
        }
        if letters >= 2 && upper == letters {
            for i in word.indices where ASCII.isLower(word[i]) { word[i] -= 32 }
        } else if first, let f = observed.first, let w = word.first, ASCII.isUpper(f), ASCII.isLower(w),
            f | 0x20 != w, !amongCapitals()
        {
            if lexicon.caseClass(id) == .capitalized || sentenceStart { word[0] = w - 32 }
        } else if first, let f = observed.first, ASCII.isUpper(f), let w = word.first, ASCII.isLower(w) {
            word[0] = w - 32
        } else if first, let f = observed.first, ASCII.isLower(f), writesSmall(id, printed: f) {
            word[0] |= 0x20
        }
        return word
    }

    /// Whether a word the lexicon spells capitalised (`Cybersecurity`, the commoner print in its
    /// sources), printed by OCR with a small first letter, is written small in a noisy document:
    /// OCR misreads letters, not their case, unless the capital has the small letter's shape
    /// (c, o, s …); then the document decides (it prints the word small elsewhere, and not
    /// capitalised inside a sentence).
    private func writesSmall(_ id: Int32, printed: UInt8) -> Bool {
        guard let adaptation = decisions, adaptation.looksNoisy, id >= 0, lexicon.caseClass(id) == .capitalized
        else { return false }
        if !Self.hasSameShapeCapital(printed) { return true }
        return adaptation.capitalisedInside(id) <= 1 && adaptation.printedSmall(id) >= 1
    }

    private func ruleName(_ rule: Candidate.Rule) -> String {
        switch rule {
        case .keep: return "keep"
        case .edit: return "ocr-edit"
        case .confusion: return "ocr-confusion"
        case .split: return "split"
        case .merge: return "merge"
        case .parenthesis: return "ocr-parenthesis"
        case .alternative: return "ocr-alternative"
        case .learned: return "ocr-learned"
        case .trained: return "ocr-trained"
        case .far: return "ocr-far"
        }
    }

}

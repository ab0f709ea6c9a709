// Candidates for an observed word: dictionary words within edit distance 2 (through the
// symmetric-delete index), single OCR-confusion variants, and two-word splits.
import Lexicon

/// A candidate for an observed word: one or two lexicon words and their channel cost.
public struct Candidate: Sendable {
    /// Entry ids: one word, or two for a split ("ofthe" → "of the").
    public var first: Int32
    /// `Candidate.none` when one word; `Candidate.unknownSecond`: two words, the second unknown.
    public var second: Int32
    /// No second word.
    public static let none: Int32 = -1
    /// Two words, the second not in the lexicon.
    public static let unknownSecond: Int32 = -4
    /// Whether the candidate is two words (a split).
    public var isTwoWords: Bool { second != Candidate.none }
    /// Channel cost (positive log10 units) of reading this as the observed text.
    public var cost: Float
    /// How it was found.
    public var rule: Rule

    /// How a candidate was found.
    public enum Rule: UInt8, Sendable {
        case keep, edit, confusion, split, merge, parenthesis, alternative, learned, trained, far
    }
}

/// Finds candidates for an observed word and scores them with the channel.
public final class CandidateSearch {
    /// The lexicon searched.
    public let lexicon: Lexicon
    /// The channel that scores candidates.
    public let errorModel: ErrorModel
    /// The most a candidate's channel cost may be.
    @exclusivity(unchecked) public var maxCost: Float = 5.2 { didSet { generation &+= 1 } }
    /// The cost of a missing space (a split).
    @exclusivity(unchecked) public var splitCost: Float = CandidateSearch.baseSplitCost { didSet { generation &+= 1 } }
    /// The split cost of the base channel.
    public static let baseSplitCost: Float = 1.6
    private let confusions: [Confusion]
    /// The confusions by the first byte of what OCR printed: only these can start at a position.
    @exclusivity(unchecked) private var confusionsByFirst: [[Confusion]]
    private let baseByFirst: [[Confusion]]
    /// A document's cheap learned confusions (positive costs), by the first byte of `seen`.
    @exclusivity(unchecked) private var learnedByFirst: [[Confusion]] = []
    /// `learnedByFirst` with the dearer losses and additions of a letter a short word's
    /// variants use too (`shortWordVariantCost`).
    @exclusivity(unchecked) private var shortWordByFirst: [[Confusion]] = []
    @exclusivity(unchecked) private var generation: UInt64 = 0
    /// Changes whenever anything that decides candidates or their costs changes (costs, learned
    /// confusions, the cost bound, the split cost): what a cache of candidates compares.
    public var channelGeneration: UInt64 { generation &+ errorModel.generation }
    /// The document's learned confusions in force (`setLearned`).
    @exclusivity(unchecked) public private(set) var learned: [Confusion] = []
    /// Table confusions the document makes less often than the table says, at their dearer cost
    /// (`setLearned`).
    @exclusivity(unchecked) public private(set) var raised: [Confusion] = []
    /// The base table's confusions (case-folded) but a trained model's: what a document's EM
    /// may find it makes less often than the table says (a model's were measured on the
    /// scanner's pairs).
    package var untrainedConfusions: [Confusion] {
        guard !trainedConfusions.isEmpty else { return confusions }
        let trained = Set(trainedConfusions.map { $0.seen + [0] + $0.meant })
        return confusions.filter { !trained.contains($0.seen + [0] + $0.meant) }
    }
    /// Whether the document's learned confusions make variants (`learnedVariants` finds any).
    public var hasLearnedVariants: Bool { !learnedByFirst.isEmpty }
    /// Whether a trained model's word forms are set (`trainedVariants` finds any).
    public var hasTrainedForms: Bool { !trainedForms.isEmpty }
    /// Words at least this long may be three plain edits from a candidate of another length in
    /// a document with cheap learned confusions (from 6 letters on, the 1 M harsh words' CER
    /// went 4.09 → 4.85 % and cost 1.5 G of their 24 G instructions; from 10, CER 3.44 %, WER
    /// 9.30 → 9.19 %, and the 31 accuracy inputs 10.10 → 10.06 % as from 6).
    public static let lengthChangeEditLength = 10
    /// Learned confusions at most this costly make variants of several operations.
    public static let learnedVariantCost: Float = 1.8
    /// The dearest learned loss or addition of a letter a short word's variants use (`ad`, `sd`
    /// → `and` where OCR loses `n` after `a`: EM's confident corrections see few of those losses).
    static let shortWordVariantCost: Float = 2.0
    /// The longest word `shortWordVariantCost` applies to.
    static let shortWordLength = 3
    // Scratch, reused across calls: no allocation per token. Buffers this object owns (not
    // arrays): no copy-on-write, exclusivity or bounds checks in the loops that fill them;
    // every index is below the word-length bounds the callers check first.
    private let seenStamp: UnsafeMutableBufferPointer<UInt32>
    @exclusivity(unchecked) private var stamp: UInt32 = 0
    private let deleteBuffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 64)
    private let variant = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 64)
    private let deleted = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 64)

    /// A search over `lexicon`, scored by `errorModel`.
    public init(lexicon: Lexicon, errorModel: ErrorModel) {
        self.lexicon = lexicon
        self.errorModel = errorModel
        let folded = lexicon.confusions.map {
            Confusion(seen: $0.seen.map(asciiLower), meant: $0.meant.map(asciiLower), cost: -$0.cost)
        }
        self.confusions = folded
        var byFirst = [[Confusion]](repeating: [], count: 256)
        for c in folded where !c.seen.isEmpty { byFirst[Int(c.seen[0])].append(c) }
        self.confusionsByFirst = byFirst
        self.baseByFirst = byFirst
        seenStamp = .allocate(capacity: max(lexicon.wordCount, 1))
        seenStamp.initialize(repeating: 0)
    }

    /// A trained model's confusions (positive costs, folded): cheap ones build variants in
    /// every document, beside the document's own.
    @exclusivity(unchecked) private var trainedConfusions: [Confusion] = []

    /// Sets a trained model's confusions (they are in the lexicon's table already; this makes
    /// the cheap ones variant builders too).
    public func setTrainedConfusions(_ confusions: [Confusion]) {
        trainedConfusions = confusions.filter { !$0.seen.isEmpty && !$0.meant.isEmpty }.map {
            Confusion(seen: $0.seen.map(asciiLower), meant: $0.meant.map(asciiLower), cost: $0.cost)
        }
        setLearned([])
    }

    /// Whole words a trained model saw OCR print for others (folded form → word ids and costs).
    @exclusivity(unchecked) private var trainedForms: [[UInt8]: [(id: Int32, cost: Float)]] = [:]

    /// Sets a trained model's word forms: each whose word the lexicon knows becomes a
    /// candidate for that form, at the form's cost.
    public func setTrainedForms(_ forms: [LearnedForm]) {
        trainedForms = [:]
        for form in forms {
            let id = form.meant.withUnsafeBufferPointer { lexicon.lookup($0.baseAddress!, $0.count) }
            guard id >= 0 else { continue }
            trainedForms[form.seen.map(asciiLower), default: []].append((id, form.cost))
        }
    }

    /// The words a trained model saw OCR misread as `word`.
    public func trainedVariants(_ word: UnsafeBufferPointer<UInt8>, into out: inout [Candidate]) {
        guard !trainedForms.isEmpty, word.count <= LearnedForm.maxLength,
            let found = trainedForms[word.map(asciiLower)]
        else { return }
        for (id, cost) in found { out.append(Candidate(first: id, second: Candidate.none, cost: cost, rule: .trained)) }
    }

    deinit {
        for buffer in [deleteBuffer, variant, deleted] { buffer.deallocate() }
        siteStart.deallocate()
        siteSeenCount.deallocate()
        siteCost.deallocate()
        siteMeantStart.deallocate()
        siteMeant.deallocate()
        variantStack.deallocate()
        seenStamp.deallocate()
    }

    private func nextStamp() {
        stamp &+= 1
        if stamp == 0 {
            seenStamp.update(repeating: 0)
            stamp = 1
        }
    }

    /// The edit bound for a word of `length` letters: two edits, one for two-letter words
    /// (whose two-edit "neighbours" share no letter with them).
    public static func editBound(length: Int) -> Int { length >= 3 ? LexiconFormat.maxEditDistance : 1 }

    /// Dictionary words within `editBound` edits of `word`, scored by the error model.
    public func nearWords(_ word: UnsafeBufferPointer<UInt8>, into out: inout [Candidate]) {
        let n = word.count
        guard n >= 2, n <= 40 else { return }
        // Two plain edits (one for a two-letter word). Where the document's own confusions are
        // cheap, a long word may be three away when its length changed (`partculady`: i lost,
        // `rl` read as `d`, which two plain edits count); words three or four substitutions
        // away (`cemmitmcst`: o, n and e misread) are the learned variants' to find (a third
        // edit of any kind cost a quarter of a harsh text's instructions and, beside the learned
        // variants, broke more right words than it fixed).
        errorModel.editLimit = Self.editBound(length: n)
        errorModel.lengthChangeEdit = !learnedByFirst.isEmpty && n >= Self.lengthChangeEditLength
        defer {
            errorModel.editLimit = LexiconFormat.maxEditDistance
            errorModel.lengthChangeEdit = false
        }
        if cachesNeighbours {
            scoreNeighbours(word, into: &out)
            return
        }
        visitDeletes(word) { word, id, spelling in
            let cost = errorModel.cost(observed: word, candidate: spelling, bound: maxCost)
            if cost.isFinite && cost > 0 {
                out.append(Candidate(first: id, second: Candidate.none, cost: cost, rule: .edit))
            }
        }
    }

    /// Words at least this long with no cheap candidate are searched for far words (`farWords`).
    public static let farWordMinimumLength = 6
    /// The letter-pair search's Dice floor, how many words it scores, and the length slack.
    static let farWordDice: Float = 0.35
    static let farWordLimit = 8
    static let farWordLengthSlack = 2
    /// ... and how many of the document's own words it scores beyond those (the best by shared
    /// pairs that the eight lack): all 31 accuracy inputs 9.82 → 9.80 %, 100k harsh words 7.50 →
    /// 7.49 % for 0.16 % more instructions (1 M: 0.4 %); 8 of them changed nothing more.
    static let farWordPreferredExtra = 4
    /// Whether `farWords` and `misreadSplits` search (off while EM's rounds decode their sample:
    /// their confident corrections are never far words or splits, and the search would be most
    /// of their cost).
    @exclusivity(unchecked) public var findsFarWords = true { didSet { generation &+= 1 } }
    @exclusivity(unchecked) private var pairIndex: LetterPairIndex?
    @exclusivity(unchecked) private var pairScratch: LetterPairIndex.Scratch?
    @exclusivity(unchecked) private var farIDs: [Int32] = []

    /// Words more edits away than `nearWords` reaches (`stakeboikbers`: stakeholders, four), found by
    /// shared letter pairs and scored by the channel without an edit limit, within `maxCost`:
    /// for a very noisy document, whose generic edits are cheap, when nothing near explains a word.
    /// Between words sharing as many pairs, those `preferred` (the document's own) come first,
    /// and a few more of them are scored besides.
    public func farWords(
        _ word: UnsafeBufferPointer<UInt8>, preferring preferred: (Int32) -> Bool = { _ in false },
        into out: inout [Candidate]
    ) {
        guard findsFarWords, word.count >= Self.farWordMinimumLength, word.count <= LetterPairIndex.maximumLength,
            word.allSatisfy(ASCII.isLetter)
        else { return }
        let index = pairIndex ?? lexicon.letterPairIndex
        pairIndex = index
        let scratch = pairScratch ?? LetterPairIndex.Scratch(for: index)
        pairScratch = scratch
        index.similar(
            word, limit: Self.farWordLimit, minimumDice: Self.farWordDice, lengthSlack: Self.farWordLengthSlack,
            preferring: preferred, preferredExtra: Self.farWordPreferredExtra, scratch: scratch, into: &farIDs)
        offerFar(farIDs, for: word, into: &out)
    }

    /// Words `ids` (those not offered yet) scored as far candidates of `word`: by the channel
    /// with no edit limit, within `maxCost`.
    private func offerFar(_ ids: [Int32], for word: UnsafeBufferPointer<UInt8>, into out: inout [Candidate]) {
        let limit = errorModel.editLimit
        errorModel.editLimit = nil
        defer { errorModel.editLimit = limit }
        for id in ids where !out.contains(where: { $0.first == id && !$0.isTwoWords }) {
            let cost = errorModel.cost(observed: word, candidate: lexicon.spelling(id), bound: maxCost)
            if cost.isFinite && cost > 0 {
                out.append(Candidate(first: id, second: Candidate.none, cost: cost, rule: .far))
            }
        }
    }

    /// Keeps each folded form's neighbours in the lexicon while on (`nearWords` then scores
    /// them without searching again): EM's rounds decode the same sample under a new channel
    /// each round, and only the costs change. Off empties it.
    public var cachesNeighbours = false {
        didSet { if !cachesNeighbours { neighbourCache.removeAll() } }
    }
    /// Folded form → its neighbours: `first` a word id, `second` 1 when the word is one plain
    /// edit beyond the bound and of another length (a neighbour only with `lengthChangeEdit`).
    private let neighbourCache = CandidateCache(maximumSlots: 1 << 17, maximumCandidates: 1 << 21)
    @exclusivity(unchecked) private var neighbours: [Candidate] = []
    @exclusivity(unchecked) private var foldedWord: [UInt8] = []

    /// `nearWords` through the neighbour cache: the same candidates, in the same order.
    private func scoreNeighbours(_ word: UnsafeBufferPointer<UInt8>, into out: inout [Candidate]) {
        foldedWord.removeAll(keepingCapacity: true)
        for b in word { foldedWord.append(asciiLower(b)) }
        neighbours.removeAll(keepingCapacity: true)
        let found = foldedWord.withUnsafeBufferPointer { neighbourCache.find($0, into: &neighbours) }
        if !found {
            // Every word within the bound, and, for a word long enough, those one edit beyond
            // it of another length (whether that edit is allowed depends on the channel).
            let bound = Self.editBound(length: word.count)
            let further = word.count >= Self.lengthChangeEditLength
            visitDeletes(word) { word, id, spelling in
                guard let (o, c) = ErrorModel.differingMiddle(word, spelling) else { return }
                let beyond = further && o.count != c.count
                guard errorModel.withinLimit(o, c, bound + (beyond ? 1 : 0)) else { return }
                let extra: Int32 = beyond && !errorModel.withinLimit(o, c, bound) ? 1 : 0
                neighbours.append(Candidate(first: id, second: extra, cost: 0, rule: .edit))
            }
            foldedWord.withUnsafeBufferPointer { neighbourCache.insert($0, neighbours) }
        }
        // Scored without the plain-edit check, which the neighbours passed.
        errorModel.editLimit = nil
        let lengthChange = errorModel.lengthChangeEdit
        for neighbour in neighbours where neighbour.second == 0 || lengthChange {
            let cost = errorModel.cost(observed: word, candidate: lexicon.spelling(neighbour.first), bound: maxCost)
            if cost.isFinite && cost > 0 {
                out.append(Candidate(first: neighbour.first, second: Candidate.none, cost: cost, rule: .edit))
            }
        }
    }

    /// Calls `body` once for each lexicon word the symmetric-delete index finds for `word`
    /// within two edits of its prefix, at most two bytes longer or shorter.
    @inline(__always)
    private func visitDeletes(
        _ word: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>, Int32, UnsafeBufferPointer<UInt8>) -> Void
    ) {
        let n = word.count
        nextStamp()
        let p = min(n, LexiconFormat.prefixLength)
        for k in 0..<p { deleteBuffer[k] = asciiLower(word[k]) }
        // The prefix, its 1-deletes and its 2-deletes; a run of equal letters gives the
        // same delete at each position, so only its first is taken.
        visit(skipping: -1, -1, prefix: p, word: word, body)
        for a in 0..<p {
            if a > 0 && deleteBuffer[a] == deleteBuffer[a - 1] { continue }
            visit(skipping: a, -1, prefix: p, word: word, body)
            guard p > 2 else { continue }
            for b in (a + 1)..<p {
                if b > a + 1 && deleteBuffer[b] == deleteBuffer[b - 1] { continue }
                visit(skipping: a, b, prefix: p, word: word, body)
            }
        }
    }

    /// Looks up the prefix without the bytes at `a` and `b` (-1: none).
    @inline(__always)
    private func visit(
        skipping a: Int, _ b: Int, prefix p: Int, word: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>, Int32, UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var w = 0
        for k in 0..<p where k != a && k != b {
            deleted[w] = deleteBuffer[k]
            w += 1
        }
        let hash = ByteHash.folded(deleted.baseAddress!, w)
        let postings = lexicon.deletePostings(hash: hash)
        let fingerprint = LexiconFormat.fingerprint(hash)
        for raw in postings where raw >> LexiconFormat.postingIDBits == fingerprint {
            let id = Int32(bitPattern: raw & LexiconFormat.postingIDMask)
            if seenStamp[Int(id)] == stamp { continue }
            seenStamp[Int(id)] = stamp
            let spelling = lexicon.spelling(id)
            if abs(spelling.count - word.count) > LexiconFormat.maxEditDistance { continue }
            body(word, id, spelling)
        }
    }

    /// Sets a document's learned confusions (positive costs; empty: the base table alone) for
    /// the error model, the one-confusion variants and the learned variants.
    public func setLearned(_ learned: [Confusion], raised: [Confusion] = []) {
        generation &+= 1
        self.learned = learned
        self.raised = raised
        errorModel.setLearned(learned, raised: raised)
        var byFirst = baseByFirst
        for c in raised where !c.seen.isEmpty {
            let key = Int(c.seen[0])
            if let i = byFirst[key].firstIndex(where: { $0.seen == c.seen && $0.meant == c.meant }) {
                byFirst[key][i].cost = max(byFirst[key][i].cost, c.cost)
            }
        }
        var cheap = [[Confusion]](repeating: [], count: 256)
        var anyCheap = false
        let forShortWords = { (c: Confusion) in
            c.cost <= Self.learnedVariantCost || (c.cost <= Self.shortWordVariantCost && c.seen.count != c.meant.count)
        }
        for c in trainedConfusions where forShortWords(c) {
            cheap[Int(c.seen[0])].append(c)
            anyCheap = anyCheap || c.cost <= Self.learnedVariantCost
        }
        for c in learned where !c.seen.isEmpty && !c.meant.isEmpty {
            let key = Int(c.seen[0])
            if let i = byFirst[key].firstIndex(where: { $0.seen == c.seen && $0.meant == c.meant }) {
                byFirst[key][i].cost = min(byFirst[key][i].cost, c.cost)
            } else {
                byFirst[key].append(c)
            }
            if forShortWords(c) {
                // Once per operation (a trained model may know it too): every duplicate site
                // multiplies the combinations tried within the budget.
                if let i = cheap[key].firstIndex(where: { $0.seen == c.seen && $0.meant == c.meant }) {
                    cheap[key][i].cost = min(cheap[key][i].cost, c.cost)
                } else {
                    cheap[key].append(c)
                }
                anyCheap = anyCheap || c.cost <= Self.learnedVariantCost
            }
        }
        confusionsByFirst = byFirst
        // `cheap` holds the short words' dearer losses and additions too; other words use only
        // the cheap confusions.
        shortWordByFirst = anyCheap ? cheap : []
        learnedByFirst = anyCheap ? cheap.map { $0.filter { $0.cost <= Self.learnedVariantCost } } : []
        buildClassIndex()
    }

    // MARK: Words as letter classes

    /// Each lower-case letter's class under the document's cheap learned one-letter confusions
    /// (the letters they join, transitively, share the smallest as their representative; a letter
    /// no confusion joins is its own), and the lexicon's words keyed by their letters' classes.
    @exclusivity(unchecked) private var letterClass: [UInt8] = (0..<256).map { UInt8($0) }
    @exclusivity(unchecked) private var classIndex: [UInt64: [Int32]] = [:]
    /// The classes `classIndex` was built for (EM's rounds often learn the same ones again).
    @exclusivity(unchecked) private var classesIndexed: [UInt8] = []

    /// Words at least as frequent as this are keyed by their classes (about the lexicon's
    /// candidate index, ~56k words).
    static let classWordFloor: Float = -7
    /// The most frequent words kept per key, and scored per lookup.
    static let classWordLimit = 6

    private func buildClassIndex() {
        var parent = [UInt8](0..<26)
        func root(_ x: UInt8) -> UInt8 {
            var r = x
            while parent[Int(r)] != r { r = parent[Int(r)] }
            return r
        }
        for c in learned where c.seen.count == 1 && c.meant.count == 1 && c.cost <= Self.learnedVariantCost {
            let a = asciiLower(c.seen[0])
            let b = asciiLower(c.meant[0])
            guard ASCII.isLower(a), ASCII.isLower(b) else { continue }
            let ra = root(a &- 0x61)
            let rb = root(b &- 0x61)
            if ra != rb { parent[Int(max(ra, rb))] = min(ra, rb) }
        }
        var classes = [UInt8](repeating: 0, count: 26)
        for k in 0..<26 { classes[k] = root(UInt8(k)) }
        guard classes != classesIndexed else { return }
        classesIndexed = classes
        letterClass = (0..<256).map { UInt8($0) }
        for k in 0..<26 {
            letterClass[0x61 + k] = 0x61 + classes[k]
            letterClass[0x41 + k] = 0x61 + classes[k]
        }
        classIndex = [:]
        guard classes.enumerated().contains(where: { Int($0.element) != $0.offset }) else { return }
        var index: [UInt64: [Int32]] = [:]
        for id in 0..<Int32(lexicon.wordCount) where lexicon.logProbability(id) >= Self.classWordFloor {
            let word = lexicon.spelling(id)
            guard word.count >= Self.farWordMinimumLength, word.count <= LetterPairIndex.maximumLength,
                word.allSatisfy(ASCII.isLetter)
            else { continue }
            index[classKey(word), default: []].append(id)
        }
        classIndex = index.mapValues { ids in
            guard ids.count > Self.classWordLimit else { return ids }
            let frequentFirst = ids.sorted { lexicon.logProbability($0) > lexicon.logProbability($1) }
            return Array(frequentFirst.prefix(Self.classWordLimit))
        }
    }

    @inline(__always)
    private func classKey(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in word { h = (h ^ UInt64(letterClass[Int(b)])) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// Words whose every letter the document's cheap learned confusions may have printed as the
    /// observed one, however many (`Isccrsec`: Internet, five, where n prints as s and t, e as c),
    /// scored by the channel without an edit limit: as many substitutions as letters.
    public func classVariants(_ word: UnsafeBufferPointer<UInt8>, into out: inout [Candidate]) {
        guard findsFarWords, !classIndex.isEmpty, word.count >= Self.farWordMinimumLength,
            word.count <= LetterPairIndex.maximumLength, word.allSatisfy(ASCII.isLetter),
            let ids = classIndex[classKey(word)]
        else { return }
        offerFar(ids, for: word, into: &out)
    }

    /// Two long words printed without their space, each misread in any of its letters the
    /// document's way (`isfrastructurccapachty`: infrastructure capacity), which `misreadSplits`
    /// (one half of at most three letters) does not reach: at each point whose halves both have
    /// `farWordMinimumLength` letters, each half is looked up by its letter classes (as
    /// `classVariants`); the pair likeliest for its channel cost is the candidate.
    public func classSplits(_ word: UnsafeBufferPointer<UInt8>, into out: inout [Candidate]) {
        let n = word.count
        let half = Self.farWordMinimumLength
        guard findsFarWords, !classIndex.isEmpty, n >= 2 * half, n <= 2 * LetterPairIndex.maximumLength,
            let base = word.baseAddress, word.allSatisfy(ASCII.isLetter)
        else { return }
        let limit = errorModel.editLimit
        errorModel.editLimit = nil
        defer { errorModel.editLimit = limit }
        var best: Candidate?
        var bestScore = Float.infinity
        for k in half...(n - half) {
            let left = UnsafeBufferPointer(start: base, count: k)
            let right = UnsafeBufferPointer(start: base + k, count: n - k)
            guard let lefts = classIndex[classKey(left)], let rights = classIndex[classKey(right)] else { continue }
            guard let l = cheapestClassWord(lefts, left), let r = cheapestClassWord(rights, right) else { continue }
            let cost = splitCost + l.cost + r.cost
            let score = cost - lexicon.logProbability(l.id) - lexicon.logProbability(r.id)
            if cost <= maxCost, score < bestScore {
                bestScore = score
                best = Candidate(first: l.id, second: r.id, cost: cost, rule: .split)
            }
        }
        if let best { out.append(best) }
    }

    /// The likeliest for its channel cost of `ids` as readings of `half`.
    private func cheapestClassWord(_ ids: [Int32], _ half: UnsafeBufferPointer<UInt8>) -> (id: Int32, cost: Float)? {
        var best: (id: Int32, cost: Float)?
        var bestScore = Float.infinity
        for id in ids where isSplitHalf(id) {
            let cost = errorModel.cost(observed: half, candidate: lexicon.spelling(id), bound: maxCost)
            let score = cost - lexicon.logProbability(id)
            if cost.isFinite, score < bestScore {
                bestScore = score
                best = (id, cost)
            }
        }
        return best
    }

    /// Dictionary words one to three (four for a word of 8+ letters: `Isccrnes`, Internet) of
    /// the document's cheap learned confusions away from `word` (Partsees → Partners when OCR
    /// read n as s and r as e throughout the document).
    public func learnedVariants(_ word: UnsafeBufferPointer<UInt8>, into out: inout [Candidate]) {
        let n = word.count
        guard !learnedByFirst.isEmpty, n >= 1, n <= 40 else { return }
        // Where each cheap learned confusion matches, in order of position: the bytes it
        // consumes, its cost and the bytes it puts back (folded), in buffers this object owns.
        var count = 0
        var meantCount = 0
        var lastSite = -1
        // A word of three letters or fewer has few sites: dearer letters lost or added are tried too.
        let learnedByFirst = n <= Self.shortWordLength ? self.shortWordByFirst : self.learnedByFirst
        for i in 0..<n {
            siteStart[i] = count
            for conf in learnedByFirst[Int(asciiLower(word[i]))] {
                let sl = conf.seen.count
                guard i + sl <= n, count < Self.maximumSites, meantCount + conf.meant.count <= Self.maximumSiteBytes
                else { continue }
                var match = true
                for k in 1..<max(sl, 1) where asciiLower(word[i + k]) != conf.seen[k] {
                    match = false
                    break
                }
                guard match else { continue }
                siteSeenCount[count] = sl
                siteCost[count] = conf.cost
                siteMeantStart[count] = meantCount
                for b in conf.meant {
                    siteMeant[meantCount] = asciiLower(b)
                    meantCount += 1
                }
                count += 1
                siteMeantStart[count] = meantCount
                lastSite = i
            }
        }
        siteStart[n] = count
        guard lastSite >= 0 else { return }
        let filter = prefixFilter ?? lexicon.prefixFilter
        prefixFilter = filter
        // The variant is built left to right, each byte kept or a site's confusion undone; a
        // branch ends as soon as its bytes begin no word of the lexicon.
        var budget = Self.learnedVariantNodes
        let most = Self.learnedOperations(length: n)
        let maxCost = self.maxCost
        let (variant, siteStart, seenCount, siteCost, meantStart, meant) = (
            self.variant, self.siteStart, siteSeenCount, self.siteCost, siteMeantStart, siteMeant
        )
        // Depth first with a stack of frames this object owns (a recursive local function held
        // the runtime's access to `budget` and `out` open on every level, and each new access
        // scanned the open ones: 6.7 % of a harsh text's instructions). A frame's `next` is -1
        // until its printed letter has been tried, then the next site to try.
        let stack = variantStack
        var depth = 0
        /// Enters a node: a whole variant is looked up; otherwise a frame, within the budget.
        /// (Its state passed in, not captured: a local function's captured `var`s are accessed
        /// through the runtime's checks.)
        func enter(
            _ at: Int, _ w: Int, _ hash: UInt64, _ cost: Float, _ operations: Int, _ budget: inout Int,
            _ depth: inout Int, _ out: inout [Candidate]
        ) {
            if at == n {
                guard operations > 0 else { return }
                let id = lexicon.lookup(variant.baseAddress!, w, hash: hash)
                guard id >= 0 else { return }
                Self.offer(id, cost: cost, rule: .learned, into: &out)
                return
            }
            // No operation is left to take: only variants with one are wanted.
            if operations == 0 && at > lastSite { return }
            if operations >= most || at > lastSite {
                // The rest of the word as printed: one node a letter, as frames would take them
                // (the same budget and filter), without the frames.
                var (a, v, h) = (at, w, hash)
                while a < n {
                    guard budget > 0 else { return }
                    budget -= 1
                    let b = asciiLower(word[a])
                    h = PrefixFilter.extend(h, b)
                    guard filter.mayBegin(h) else { return }
                    variant[v] = b
                    a += 1
                    v += 1
                }
                let id = lexicon.lookup(variant.baseAddress!, v, hash: h)
                if id >= 0 { Self.offer(id, cost: cost, rule: .learned, into: &out) }
                return
            }
            guard budget > 0 else { return }
            budget -= 1
            stack[depth] = VariantFrame(at: at, w: w, hash: hash, cost: cost, operations: operations, next: -1)
            depth += 1
        }
        enter(0, 0, PrefixFilter.empty, 0, 0, &budget, &depth, &out)
        while depth > 0 {
            let f = stack[depth - 1]
            if f.next < 0 {
                // The letter as printed first (most are right: variants with few operations are
                // reached before the budget ends), then each learned confusion that starts here.
                stack[depth - 1].next = siteStart[f.at]
                let b = asciiLower(word[f.at])
                let kept = PrefixFilter.extend(f.hash, b)
                if filter.mayBegin(kept) {
                    variant[f.w] = b
                    enter(f.at + 1, f.w + 1, kept, f.cost, f.operations, &budget, &depth, &out)
                }
                continue
            }
            let s = f.next
            guard f.operations < most, s < siteStart[f.at + 1], budget > 0 else {
                depth -= 1
                continue
            }
            stack[depth - 1].next = s + 1
            let total = f.cost + siteCost[s]
            guard total <= maxCost else { continue }
            var h = f.hash
            var v = f.w
            for k in meantStart[s]..<meantStart[s + 1] {
                h = PrefixFilter.extend(h, meant[k])
                variant[v] = meant[k]
                v += 1
            }
            budget -= 1
            if filter.mayBegin(h) {
                enter(f.at + seenCount[s], v, h, total, f.operations + 1, &budget, &depth, &out)
            }
        }
    }

    /// Adds the one-word candidate `id`, or, when it is there already, gives it `cost` and
    /// `rule` if that is cheaper (a word reached two ways is one candidate at its lower cost).
    static func offer(_ id: Int32, cost: Float, rule: Candidate.Rule, into out: inout [Candidate]) {
        if let k = out.firstIndex(where: { $0.first == id && $0.second == Candidate.none }) {
            if cost < out[k].cost {
                out[k].cost = cost
                out[k].rule = rule
            }
        } else {
            out.append(Candidate(first: id, second: Candidate.none, cost: cost, rule: rule))
        }
    }

    /// The most learned operations a variant of a word of `length` letters may take.
    static func learnedOperations(length: Int) -> Int { length >= 8 ? 4 : 3 }

    /// The most branches one word's learned-variant search takes (a long word with many
    /// sites stays bounded).
    static let learnedVariantNodes = 4096
    /// Where each position's sites begin in `sites` (one slot per position and one more).
    private let siteStart = UnsafeMutableBufferPointer<Int>.allocate(capacity: 65)
    /// The lexicon's prefix filter, fetched on first use.
    @exclusivity(unchecked) private var prefixFilter: PrefixFilter?

    /// A node of the learned-variant search: `at` bytes of the word read, `w` of the variant built.
    private struct VariantFrame {
        var at: Int
        var w: Int
        var hash: UInt64
        var cost: Float
        var operations: Int
        var next: Int
    }
    /// The search's frames: one per byte of the word at most (and the root).
    private let variantStack = UnsafeMutableBufferPointer<VariantFrame>.allocate(capacity: 66)
    /// Sites one word may have (a confusion matching at a position), and the bytes they put back.
    static let maximumSites = 512
    static let maximumSiteBytes = 2048
    /// Each site's bytes consumed, cost, and where its bytes put back begin in `siteMeant`.
    private let siteSeenCount = UnsafeMutableBufferPointer<Int>.allocate(capacity: CandidateSearch.maximumSites)
    private let siteCost = UnsafeMutableBufferPointer<Float>.allocate(capacity: CandidateSearch.maximumSites)
    private let siteMeantStart = UnsafeMutableBufferPointer<Int>.allocate(capacity: CandidateSearch.maximumSites + 1)
    private let siteMeant = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: CandidateSearch.maximumSiteBytes)

    /// Dictionary words one OCR confusion away from `word` (arid → and, modem → modern).
    public func confusionVariants(_ word: UnsafeBufferPointer<UInt8>, into out: inout [Candidate]) {
        let n = word.count
        guard n >= 2, n <= 40 else { return }
        for i in 0..<n {
            for conf in confusionsByFirst[Int(asciiLower(word[i]))] {
                let sl = conf.seen.count
                guard i + sl <= n, n - sl + conf.meant.count > 0 else { continue }
                var match = true
                for k in 1..<max(sl, 1) where asciiLower(word[i + k]) != conf.seen[k] {
                    match = false
                    break
                }
                guard match else { continue }
                var w = 0
                for k in 0..<i {
                    variant[w] = asciiLower(word[k])
                    w += 1
                }
                for b in conf.meant {
                    variant[w] = b
                    w += 1
                }
                for k in (i + sl)..<n {
                    variant[w] = asciiLower(word[k])
                    w += 1
                }
                let id = lexicon.lookup(variant.baseAddress!, w)
                if id >= 0 && !out.contains(where: { $0.first == id && $0.second < 0 }) {
                    out.append(Candidate(first: id, second: Candidate.none, cost: conf.cost, rule: .confusion))
                }
            }
        }
    }

    /// Known words read with one or two letters printed as digits (`1s`, `t0`, `0f`: is, to,
    /// of), through the table's digit confusions. Only a word whose digits are each alone
    /// (`10th`, `1960s` are numbers), at most two, each one the table maps, with a lower-case
    /// letter (`A1`, `G7` are names), not ending in a digit after two letters (`col1`, `md5`,
    /// `item2` are names given a number).
    public func digitReadings(_ word: UnsafeBufferPointer<UInt8>, into out: inout [Candidate]) {
        let n = word.count
        guard n >= 2, n <= 40, word.contains(where: ASCII.isLower), !(n >= 3 && ASCII.isDigit(word[n - 1])) else {
            return
        }
        var digits: [(at: Int, options: [Confusion])] = []
        for i in 0..<n where ASCII.isDigit(word[i]) {
            guard i == 0 || !ASCII.isDigit(word[i - 1]), digits.count < 2 else { return }
            let options = confusionsByFirst[Int(word[i])].filter {
                $0.seen.count == 1 && $0.meant.count == 1 && ASCII.isLetter($0.meant[0])
            }
            guard !options.isEmpty else { return }
            digits.append((i, options))
        }
        guard !digits.isEmpty else { return }
        for i in 0..<n { variant[i] = asciiLower(word[i]) }
        func choose(_ k: Int, _ cost: Float) {
            guard k < digits.count else {
                let id = lexicon.lookup(variant.baseAddress!, n)
                if id >= 0, !out.contains(where: { $0.first == id && $0.second == Candidate.none }) {
                    out.append(Candidate(first: id, second: Candidate.none, cost: cost, rule: .confusion))
                }
                return
            }
            for option in digits[k].options {
                variant[digits[k].at] = option.meant[0]
                choose(k + 1, cost + option.cost)
            }
        }
        choose(0, 0)
    }

    /// Words made by taking one or two of OCR's other readings of single symbols; the
    /// cost grows as the reading's confidence falls (Tesseract's own doubt is the evidence).
    public func alternativeReadings(
        _ word: UnsafeBufferPointer<UInt8>, _ alternatives: [WordEvidence.Alternative],
        into out: inout [Candidate]
    ) {
        let n = word.count
        let usable = alternatives.filter {
            $0.offset < n && $0.confidence >= alternativeFloor && $0.byte != word[$0.offset]
        }.prefix(8)
        guard !usable.isEmpty, n < variant.count else { return }
        func cost(_ a: WordEvidence.Alternative) -> Float { 0.4 + (100 - a.confidence) / 50 }
        func tryVariant(_ changes: [WordEvidence.Alternative]) {
            for k in 0..<n { variant[k] = word[k] }
            for c in changes { variant[c.offset] = c.byte }
            let id = lexicon.lookup(variant.baseAddress!, n)
            guard id >= 0 else { return }
            let total = changes.reduce(Float(0)) { $0 + cost($1) }
            Self.offer(id, cost: total, rule: .alternative, into: &out)
        }
        let list = Array(usable)
        for i in list.indices {
            tryVariant([list[i]])
            for j in (i + 1)..<list.count where list[j].offset != list[i].offset { tryVariant([list[i], list[j]]) }
        }
    }

    /// Other readings below this confidence are not evidence.
    public var alternativeFloor: Float = 10

    /// A split's halves are common words spelled in lower case or capitalised, not acronyms.
    @inline(__always)
    private func isSplitHalf(_ id: Int32) -> Bool {
        let cls = lexicon.caseClass(id)
        return lexicon.flags(id).contains(.indexed) && (cls == .lower || cls == .capitalized)
    }

    /// Two known words that `word` is without its space ("ofthe", "theInternet").
    public func splits(_ word: UnsafeBufferPointer<UInt8>, into out: inout [Candidate]) {
        let n = word.count
        guard n >= 4, let base = word.baseAddress else { return }
        halfSplits.removeAll(keepingCapacity: true)
        for k in 1..<n {
            // One-letter halves only for "a" and "I".
            if k == 1 && !(base[0] | 0x20 == 0x61 || base[0] | 0x20 == 0x69) { continue }
            if n - k == 1 && !(base[k] | 0x20 == 0x61 || base[k] | 0x20 == 0x69) { continue }
            let left = lexicon.lookup(base, k)
            let leftKnown = left >= 0 && isSplitHalf(left)
            let right = lexicon.lookup(base + k, n - k)
            let rightKnown = right >= 0 && isSplitHalf(right)
            if leftKnown && rightKnown {
                out.append(Candidate(first: left, second: right, cost: splitCost, rule: .split))
            } else if leftKnown != rightKnown, !learnedByFirst.isEmpty {
                // A word and a half of three letters or more that may be misread.
                let knownLength = leftKnown ? k : n - k
                if knownLength >= 2 && n - knownLength >= 3 {
                    halfSplits.append((k, leftKnown ? left : right, leftKnown))
                }
            }
        }
        guard !halfSplits.isEmpty else { return }
        // One half a word, the other misread the document's way (`assemblyasd`: assembly and;
        // `Cossideringthe`: Considering the). The longest known halves first, and only a few
        // (each search tries up to 1,024 variants): a long garbled token costs what a short one does.
        halfSplits.sort { a, b in
            let la = a.leftKnown ? a.k : n - a.k
            let lb = b.leftKnown ? b.k : n - b.k
            return la != lb ? la > lb : a.k < b.k
        }
        for split in halfSplits.prefix(Self.learnedHalvesPerWord) {
            let half =
                split.leftKnown
                ? UnsafeBufferPointer(start: base + split.k, count: n - split.k)
                : UnsafeBufferPointer(start: base, count: split.k)
            guard let best = bestLearnedVariant(half) else { continue }
            out.append(
                Candidate(
                    first: split.leftKnown ? split.known : best.first,
                    second: split.leftKnown ? best.first : split.known,
                    cost: splitCost + best.cost, rule: .split))
        }
    }

    @exclusivity(unchecked) private var halfSplits: [(k: Int, known: Int32, leftKnown: Bool)] = []

    /// The word a half of a split is (one letter only as `a` or `I`), or -1.
    @inline(__always)
    private func splitWord(_ start: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
        if count == 1 {
            let b = start[0] | 0x20
            guard b == 0x61 || b == 0x69 else { return -1 }
        }
        let id = lexicon.lookup(start, count)
        return id >= 0 && isSplitHalf(id) ? id : -1
    }

    /// A misread half of a split (two letters or more): its likeliest learned variant for its cost.
    @inline(__always)
    private func misreadHalf(_ start: UnsafePointer<UInt8>, _ count: Int) -> Candidate? {
        count >= 2 ? bestLearnedVariant(UnsafeBufferPointer(start: start, count: count)) : nil
    }

    /// Two words printed without their space and both misread the document's way (`chejoinc`:
    /// the joint; `soimpacc`: to impact). At each split point each half is the word it is or
    /// its likeliest learned variant (`che` is a word, and `the` misread); the split whose
    /// halves are likeliest for their channel cost is the candidate.
    public func misreadSplits(_ word: UnsafeBufferPointer<UInt8>, into out: inout [Candidate]) {
        let n = word.count
        guard findsFarWords, n >= 5, n <= Self.maximumMisreadSplitLength, !learnedByFirst.isEmpty,
            let base = word.baseAddress,
            word.allSatisfy(ASCII.isLetter)
        else { return }
        var best = Candidate(first: 0, second: 0, cost: .infinity, rule: .split)
        var bestScore = Float.infinity
        // A space is lost most often beside a short word (`che`, `so`, `of`): a half of at most
        // `misreadSplitShortHalf` letters keeps the search to a few points a word.
        let short = Self.misreadSplitShortHalf
        for k in 1..<n where k <= short || n - k <= short {
            // The short half first: its answer is cached for many words, and without one the
            // long half is not searched.
            let leftID: Int32
            let leftVariant: Candidate?
            let rightID: Int32
            let rightVariant: Candidate?
            if k <= short {
                leftID = splitWord(base, k)
                leftVariant = misreadHalf(base, k)
                guard leftID >= 0 || leftVariant != nil else { continue }
                rightID = splitWord(base + k, n - k)
                rightVariant = misreadHalf(base + k, n - k)
            } else {
                rightID = splitWord(base + k, n - k)
                rightVariant = misreadHalf(base + k, n - k)
                guard rightID >= 0 || rightVariant != nil else { continue }
                leftID = splitWord(base, k)
                leftVariant = misreadHalf(base, k)
            }
            guard leftID >= 0 || leftVariant != nil, rightID >= 0 || rightVariant != nil else { continue }
            // Each half as itself (a word) or misread; both as themselves is `splits`' reading.
            for l in 0..<2 {
                let left = l == 0 ? (leftID >= 0 ? (leftID, Float(0)) : nil) : leftVariant.map { ($0.first, $0.cost) }
                guard let left else { continue }
                for r in 0..<2 where l + r > 0 {
                    let right =
                        r == 0 ? (rightID >= 0 ? (rightID, Float(0)) : nil) : rightVariant.map { ($0.first, $0.cost) }
                    guard let right else { continue }
                    let cost = splitCost + left.1 + right.1
                    let score = cost - lexicon.logProbability(left.0) - lexicon.logProbability(right.0)
                    if score < bestScore {
                        bestScore = score
                        best = Candidate(first: left.0, second: right.0, cost: cost, rule: .split)
                    }
                }
            }
        }
        if best.cost <= maxCost { out.append(best) }
    }

    /// Whether the document's learned confusions make `word` a word (searched and cached as a
    /// split's half is).
    public func hasLearnedVariant(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        word.count >= 2 && !learnedByFirst.isEmpty && bestLearnedVariant(word) != nil
    }

    /// The longest half of a `misreadSplits` point one of whose halves is short.
    static let misreadSplitShortHalf = 3

    /// The longest word `misreadSplits` reads (its search is linear in the length, each half cached).
    static let maximumMisreadSplitLength = 24

    /// The cheapest split half among the learned variants of `half`. Halves recur more than
    /// the forms they come from (`asd` in `assemblyasd`, `wasasd`), so each folded half's answer
    /// is kept while the channel stays the same.
    private func bestLearnedVariant(_ half: UnsafeBufferPointer<UInt8>) -> Candidate? {
        halfScratch.removeAll(keepingCapacity: true)
        foldedHalf.removeAll(keepingCapacity: true)
        for b in half { foldedHalf.append(asciiLower(b)) }
        if cachesHalves {
            halfCache.validate(channel: channelGeneration)
            let found = foldedHalf.withUnsafeBufferPointer { halfCache.find($0, into: &halfScratch) }
            if found { return halfScratch.first }
        }
        learnedVariants(half, into: &halfScratch)
        // The likeliest for its cost (`so` misread is `to`, though `no` is one cheaper confusion).
        var best: Candidate?
        var bestScore = Float.infinity
        for c in halfScratch where isSplitHalf(c.first) {
            let score = c.cost - lexicon.logProbability(c.first)
            if score < bestScore {
                best = c
                bestScore = score
            }
        }
        if cachesHalves {
            foldedHalf.withUnsafeBufferPointer { half in
                if let best {
                    halfCache.insert(half, CollectionOfOne(best))
                } else {
                    halfCache.insert(half, EmptyCollection())
                }
            }
        }
        return best
    }

    @exclusivity(unchecked) private var halfScratch: [Candidate] = []
    @exclusivity(unchecked) private var foldedHalf: [UInt8] = []
    /// Each folded half's best learned variant (or none).
    private let halfCache = CandidateCache(maximumSlots: 1 << 18, maximumCandidates: 1 << 18)
    /// Off: every half searched afresh (the reference the cache is tested against).
    var cachesHalves = true
    /// The most split points per word whose misread half is searched for learned variants.
    static let learnedHalvesPerWord = 3
}

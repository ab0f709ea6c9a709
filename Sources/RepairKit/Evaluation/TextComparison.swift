// One (truth, hypothesis) pair compared as an OCR evaluation does: NFC, white space read as one
// space, CER over characters (grapheme clusters, as dinglehopper counts), WER over
// whitespace-separated words; the aligned words for a person to read, the confusions and the
// word errors; with a third text (`--before`), the words the hypothesis fixed and harmed.
import Normalization

/// A (truth, hypothesis) pair compared: error rates, the alignment, confusions, word errors.
public struct TextComparison: Sendable {
    /// Where the two texts came from (for the report).
    public var truthName: String, hypothesisName: String
    /// Character error rate: character edit distance / truth characters.
    public var cer: ErrorRate
    /// Word error rate: word edit distance / truth words.
    public var wer: ErrorRate
    /// Character operations of the alignment: truth characters the hypothesis lacks (deleted),
    /// hypothesis characters the truth lacks (inserted), and characters read as others.
    public var insertions = 0, deletions = 0, substitutions = 0
    /// The aligned words: each step a truth word, a hypothesis word, or both.
    public var steps: [Step] = []
    /// The truth's and hypothesis's words.
    public var truthWords: [String] = [], hypothesisWords: [String] = []
    /// Truth word indices that end a line of the truth (the report's rows break there).
    public var lineEnds: Set<Int> = []
    /// Runs of characters read wrongly (truth → hypothesis, "" for nothing), most frequent first.
    public var confusions: [Count] = []
    /// Per truth character: how often it occurs, was read as another, was lost; per
    /// hypothesis character, how often it was spurious. Most errors first.
    public var characters: [CharacterCount] = []
    /// Word runs read wrongly (truth → hypothesis), most frequent first.
    public var wordErrors: [Count] = []
    /// With a text before repair: truth words the hypothesis has right and the earlier text
    /// had wrong (fixed), and the reverse (harmed), on minimum-edit alignments.
    public var fixed: Int?, harmed: Int?
    /// The earlier text's error rates, with `before`.
    public var beforeCER: ErrorRate?, beforeWER: ErrorRate?

    /// One step of the word alignment: indices into `truthWords` and `hypothesisWords`.
    public struct Step: Sendable, Equatable {
        /// The truth word, or nil for a spurious hypothesis word.
        public var truth: Int?
        /// The hypothesis word, or nil for a lost truth word.
        public var hypothesis: Int?
    }

    /// How often `truth` was read as `hypothesis`.
    public struct Count: Sendable, Equatable {
        /// The truth's side ("" when the hypothesis added it).
        public var truth: String
        /// The hypothesis's side ("" when it lost the truth's).
        public var hypothesis: String
        /// Occurrences.
        public var count: Int
        /// A count.
        public init(truth: String, hypothesis: String, count: Int) {
            self.truth = truth
            self.hypothesis = hypothesis
            self.count = count
        }
    }

    /// One character's errors.
    public struct CharacterCount: Sendable, Equatable {
        /// The character.
        public var character: String
        /// Occurrences in the truth.
        public var inTruth = 0
        /// Truth occurrences read as another character.
        public var confused = 0
        /// Truth occurrences missing from the hypothesis.
        public var lost = 0
        /// Hypothesis occurrences with nothing in the truth.
        public var spurious = 0
        /// All its errors.
        public var errors: Int { confused + lost + spurious }
    }

    /// The text as compared: NFC (its words are then split at white space).
    public static func prepare(_ text: String) -> String {
        ICU.normalize(text, form: .nfc)
    }

    /// Compares `hypothesis` with `truth` (and `before`, the text before repair, when given).
    public init(
        truth: String, hypothesis: String, before: String? = nil, truthName: String = "truth",
        hypothesisName: String = "hypothesis"
    ) {
        self.truthName = truthName
        self.hypothesisName = hypothesisName
        let truth = Self.prepare(truth)
        let hypothesis = Self.prepare(hypothesis)
        let t = Evaluation.words(truth)
        let h = Evaluation.words(hypothesis)
        truthWords = t.map(String.init)
        hypothesisWords = h.map(String.init)
        // Line ends of the truth, as word indices.
        var index = -1
        var inWord = false
        for c in truth.unicodeScalars {
            let space = c == " " || c == "\t" || c == "\r" || c == "\n"
            if !space && !inWord { index += 1 }
            inWord = !space
            if c == "\n" && index >= 0 { lineEnds.insert(index) }
        }
        lineEnds.insert(truthWords.count - 1)

        wer = ErrorRate(errors: Evaluation.editDistance(h, t), total: t.count)
        steps = Evaluation.alignment(t, h).map { Step(truth: $0.a, hypothesis: $0.b) }
        let tc = Array(truthWords.joined(separator: " "))
        let hc = Array(hypothesisWords.joined(separator: " "))
        // A page is aligned character by character at once; a book, inside the word alignment's
        // blocks of differing words (the count is then an upper bound of the distance).
        let exact = Evaluation.fitsExactly(tc.count, hc.count)
        let characterSteps =
            exact
            ? Evaluation.alignment(tc, hc)
            : Self.characterSteps(following: steps, truth: truthWords, hypothesis: hypothesisWords, tc, hc)
        var table: [Character: CharacterCount] = [:]
        for c in tc { table[c, default: CharacterCount(character: String(c))].inTruth += 1 }
        for step in characterSteps {
            switch (step.a, step.b) {
            case (let i?, let j?) where tc[i] != hc[j]:
                substitutions += 1
                table[tc[i]]?.confused += 1
            case (let i?, nil):
                deletions += 1
                table[tc[i]]?.lost += 1
            case (nil, let j?):
                insertions += 1
                table[hc[j], default: CharacterCount(character: String(hc[j]))].spurious += 1
            default: break
            }
        }
        let operations = insertions + deletions + substitutions
        // The distance is exact; a book's character steps follow the word alignment and may
        // take a few more.
        cer = ErrorRate(errors: min(Evaluation.editDistance(tc, hc), operations), total: tc.count)
        characters = table.values.filter { $0.errors > 0 }.sorted {
            ($0.errors, $1.character) > ($1.errors, $0.character)
        }

        (confusions, wordErrors) = Self.errors(steps: steps, truth: truthWords, hypothesis: hypothesisWords)

        if let before {
            let b = Evaluation.words(Self.prepare(before))
            let fixedAndHarmed = Self.fixedAndHarmed(truth: t, before: b, after: h)
            fixed = fixedAndHarmed.fixed
            harmed = fixedAndHarmed.harmed
            beforeWER = ErrorRate(errors: Evaluation.editDistance(b, t), total: t.count)
            beforeCER = ErrorRate(
                errors: Evaluation.editDistance(Array(b.joined(separator: " ")), tc), total: tc.count)
        }
    }

    /// Character steps that follow the word alignment: matching words match letter for letter
    /// (with the space before them), each block of differing words is aligned on its own.
    static func characterSteps(
        following steps: [Step], truth: [String], hypothesis: [String], _ tc: [Character], _ hc: [Character]
    ) -> [(a: Int?, b: Int?)] {
        func starts(_ words: [String]) -> [Int] {
            var result: [Int] = []
            var at = 0
            for w in words {
                result.append(at)
                at += w.count + 1
            }
            return result
        }
        let ts = starts(truth)
        let hs = starts(hypothesis)
        // A word's characters with the space before it (none for the first).
        func unit(_ k: Int, _ s: [Int], _ words: [String]) -> Range<Int> {
            (k == 0 ? 0 : s[k] - 1)..<(s[k] + words[k].count)
        }
        var result: [(a: Int?, b: Int?)] = []
        var blockT: Range<Int>?
        var blockH: Range<Int>?
        func flush() {
            switch (blockT, blockH) {
            case (let r?, let q?):
                for step in Evaluation.alignment(Array(tc[r]), Array(hc[q])) {
                    result.append((step.a.map { $0 + r.lowerBound }, step.b.map { $0 + q.lowerBound }))
                }
            case (let r?, nil): for i in r { result.append((i, nil)) }
            case (nil, let q?): for j in q { result.append((nil, j)) }
            default: break
            }
            blockT = nil
            blockH = nil
        }
        for step in steps {
            if let t = step.truth, let h = step.hypothesis, truth[t] == hypothesis[h], (t == 0) == (h == 0) {
                flush()
                let r = unit(t, ts, truth)
                let q = unit(h, hs, hypothesis)
                for (i, j) in zip(r, q) { result.append((i, j)) }
                continue
            }
            if let t = step.truth {
                let r = unit(t, ts, truth)
                blockT = blockT.map { $0.lowerBound..<r.upperBound } ?? r
            }
            if let h = step.hypothesis {
                let q = unit(h, hs, hypothesis)
                blockH = blockH.map { $0.lowerBound..<q.upperBound } ?? q
            }
        }
        flush()
        return result
    }

    /// Truth words right after and wrong before (fixed), and the reverse (harmed).
    static func fixedAndHarmed(truth: [Substring], before: [Substring], after: [Substring]) -> (fixed: Int, harmed: Int)
    {
        func right(_ text: [Substring]) -> Set<Int> {
            Set(
                Evaluation.alignment(truth, text).compactMap { step in
                    guard let t = step.a, let h = step.b, truth[t] == text[h] else { return nil }
                    return t
                })
        }
        let b = right(before)
        let a = right(after)
        return (a.subtracting(b).count, b.subtracting(a).count)
    }

    /// The runs of differing words between matches, and inside each the runs of differing
    /// characters, counted.
    static func errors(steps: [Step], truth: [String], hypothesis: [String]) -> (confusions: [Count], words: [Count]) {
        var characterRuns: [Pair: Int] = [:]
        var wordRuns: [Pair: Int] = [:]
        var t: [String] = []
        var h: [String] = []
        func flush() {
            guard !t.isEmpty || !h.isEmpty else { return }
            let a = t.joined(separator: " ")
            let b = h.joined(separator: " ")
            wordRuns[Pair(truth: a, hypothesis: b), default: 0] += 1
            let ac = Array(a)
            let bc = Array(b)
            var ra = ""
            var rb = ""
            func endRun() {
                if !ra.isEmpty || !rb.isEmpty { characterRuns[Pair(truth: ra, hypothesis: rb), default: 0] += 1 }
                ra = ""
                rb = ""
            }
            for step in Evaluation.alignment(ac, bc) {
                if let i = step.a, let j = step.b, ac[i] == bc[j] {
                    endRun()
                    continue
                }
                if let i = step.a { ra.append(ac[i]) }
                if let j = step.b { rb.append(bc[j]) }
            }
            endRun()
            t.removeAll()
            h.removeAll()
        }
        for step in steps {
            if let i = step.truth, let j = step.hypothesis, truth[i] == hypothesis[j] {
                flush()
                continue
            }
            if let i = step.truth { t.append(truth[i]) }
            if let j = step.hypothesis { h.append(hypothesis[j]) }
        }
        flush()
        func sorted(_ counts: [Pair: Int]) -> [Count] {
            counts.map { Count(truth: $0.key.truth, hypothesis: $0.key.hypothesis, count: $0.value) }
                .sorted { ($0.count, $1.truth, $1.hypothesis) > ($1.count, $0.truth, $0.hypothesis) }
        }
        return (sorted(characterRuns), sorted(wordRuns))
    }

    struct Pair: Hashable {
        var truth: String
        var hypothesis: String
    }
}

/// Several comparisons (files of two folders matched by name) and their totals.
public struct EvaluationSummary: Sendable {
    /// One comparison per matched pair, in name order.
    public var files: [TextComparison]
    /// Character and word errors over all files (sums of errors over sums of lengths).
    public var cer: ErrorRate {
        ErrorRate(errors: files.reduce(0) { $0 + $1.cer.errors }, total: files.reduce(0) { $0 + $1.cer.total })
    }
    /// Word errors over all files.
    public var wer: ErrorRate {
        ErrorRate(errors: files.reduce(0) { $0 + $1.wer.errors }, total: files.reduce(0) { $0 + $1.wer.total })
    }
    /// A summary of `files`.
    public init(files: [TextComparison]) { self.files = files }
}

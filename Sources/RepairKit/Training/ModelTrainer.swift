// `repair train`: a model from a user's (OCR, truth) pairs. Each pair is read as repair reads
// it (our OCR stage for an image, the normalizer for both), aligned word by word, and cut into
// ten slices; in each fold of a cross-validation a share of the slices (`validate`) is held
// out. From the rest: the scanner's confusions (operations of up to three characters a side,
// with a letter of context for an insertion or deletion, Brill & Moore style, smoothed toward
// the base channel), the truth's words (those the lexicon lacks become known) and word pairs,
// mixed into the base counts with weight λ. The held-out slices, repaired with each candidate
// (λ, margin shift), choose the calibration by their errors over all folds; the model written
// is then trained on every slice.
import Correction
import Lexicon
import Platform

#if canImport(Glibc)
    import Glibc
#endif

/// Trains a model from pairs.
public struct ModelTrainer {
    /// The share of each pair held out in each fold of the cross-validation that chooses the
    /// calibration (1/share folds; 0: none, defaults used).
    public var validate: Double = 0.2
    /// How each input is read (OCR options, normalization); correction is off while reading.
    public var pipeline: PipelineOptions
    /// The repair that writes the model (its header names it).
    public var creator = ""
    /// Progress lines.
    public var progress: (String) -> Void = { _ in }

    /// The candidate mixture weights of the collection's words (the smoothing held-out pairs choose).
    public static let vocabularyWeights: [Double] = [0.03, 0.1, 0.3, 0.6]
    /// The candidate margin shifts (log10 units).
    public static let marginShifts: [Float] = [-1, -0.5, 0, 0.5]
    /// Pseudo-count of the base channel against the pairs' counts (supervised counts are trusted more than a document's own corrections).
    public static let channelPriorWeight = 5.0

    /// A trainer reading inputs with `pipeline`.
    public init(pipeline: PipelineOptions) { self.pipeline = pipeline }

    /// What training made.
    public struct Result {
        /// The model file's bytes.
        public var model: [UInt8]
        /// Its header.
        public var info: ModelInfo
        /// The confusions learned, most frequent first.
        public var learned: [LearnedConfusion]
        /// Pairs that could not be used.
        public var problems: [RepairError]
        /// Held-out WER for each candidate tried: (λ, shift, WER).
        public var candidates: [(weight: Double, shift: Float, wer: ErrorRate)]
    }

    /// A pair as the corrector sees it: the OCR's words (normalized) and the truth's, aligned.
    struct ReadPair {
        var ocr: [Substring]
        var truth: [Substring]
        var steps: [(a: Int?, b: Int?)]
        /// The slice (0..<10) of each step.
        var slice: [UInt8]
    }

    /// Trains on `pairs` (files) over the lexicon `base`.
    public func train(_ pairs: [TrainingPair], base: Lexicon) throws(RepairError) -> Result {
        let reader = makeReader()
        return try train(
            pairs.enumerated().map { n, pair in
                (
                    pair.ocr, pair.truth,
                    { () throws(RepairError) -> (String, String) in
                        progress("reading \(n + 1)/\(pairs.count): \(pair.ocr)")
                        return (
                            try reader.process(pair.ocr).plainText,
                            try TextInput.decode(bytes: try FileIO.read(pair.truth), path: pair.truth)
                        )
                    }
                )
            }, base: base)
    }

    /// Trains on pairs of texts in memory: (OCR as printed, truth).
    public func train(texts: [(ocr: String, truth: String)], base: Lexicon) throws(RepairError) -> Result {
        let reader = makeReader()
        return try train(
            texts.enumerated().map { n, pair in
                (
                    "<ocr \(n + 1)>", "<truth \(n + 1)>",
                    { () throws(RepairError) -> (String, String) in
                        (try reader.repair(text: pair.ocr).plainText, pair.truth)
                    }
                )
            }, base: base)
    }

    /// Reads inputs without correcting them, as the corrector will see them.
    private func makeReader() -> RepairPipeline {
        var reading = pipeline
        reading.correct = false
        reading.model = nil
        return RepairPipeline(options: reading)
    }

    private func train(
        _ pairs: [(ocrName: String, truthName: String, read: () throws(RepairError) -> (String, String))], base: Lexicon
    ) throws(RepairError) -> Result {
        var problems: [RepairError] = []
        var read: [ReadPair] = []
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for pair in pairs {
            do throws(RepairError) {
                let (ocrText, truthText) = try pair.read()
                let truth = ICUText.nfc(truthText)
                let ocr = ICUText.nfc(ocrText)
                let t = Evaluation.words(truth)
                guard !t.isEmpty else { throw RepairError(path: pair.truthName, reason: .unsupported("empty truth")) }
                let o = Evaluation.words(ocr)
                guard !o.isEmpty else { throw RepairError(path: pair.ocrName, reason: .unsupported("no text read")) }
                for b in ocr.utf8 { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
                for b in truth.utf8 { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
                let steps = Evaluation.alignment(o, t)
                let slice = steps.indices.map { UInt8($0 * 10 / max(steps.count, 1)) }
                read.append(ReadPair(ocr: o, truth: t, steps: steps, slice: slice))
            } catch {
                problems.append(error)
            }
        }
        guard !read.isEmpty else {
            throw RepairError(path: pairs.first?.truthName ?? "", reason: .unsupported("no usable pair"))
        }
        let folds = Self.folds(validate)
        let rebuilt = LexiconBuilder(rebuilding: base)

        // Calibration by cross-validation: each fold's slices are repaired with a model of the
        // other slices, so that every slice is held out once and the choice rests on all the
        // text, not on a fifth of it (a fifth of a page is a few dozen words).
        var candidates: [(weight: Double, shift: Float, wer: ErrorRate)] = []
        for weight in Self.vocabularyWeights {
            for shift in Self.marginShifts { candidates.append((weight, shift, ErrorRate(errors: 0, total: 0))) }
        }
        var chosen = (weight: 0.1, shift: Float(0))
        var heldOutWER: (untrained: Float, trained: Float)?
        var untrained = ErrorRate(errors: 0, total: 0)
        for (f, held) in folds.enumerated() {
            let rest = Set(0..<10).subtracting(held)
            let heldOut = read.map { pair in
                let text = Self.text(of: pair, slices: held)
                return (ocr: text.ocr, truth: text.truth, context: Self.text(of: pair, slices: rest).ocr)
            }
            guard heldOut.contains(where: { !$0.truth.isEmpty }) else { continue }
            let statistics = Statistics(read, slices: rest)
            progress(
                "fold \(f + 1) of \(folds.count): validating on "
                    + "\(heldOut.reduce(0) { $0 + Evaluation.words($1.truth).count }) held-out words")
            untrained.add(try validationWER(heldOut, model: nil))
            // What the fold teaches besides the lexicon: the same for every candidate.
            let (foldForms, foldConfusions, foldVocabulary) =
                (forms(statistics), confusionRecords(statistics, base: base), vocabulary(statistics))
            for (w, weight) in Self.vocabularyWeights.enumerated() {
                let (bytes, info) = build(statistics, weight: weight, rebuilt: rebuilt, base: base)
                let lexicon: Lexicon
                do { lexicon = try Lexicon(bytes: bytes) } catch {
                    throw RepairError(path: "<model>", reason: .model(error.description))
                }
                for (m, shift) in Self.marginShifts.enumerated() {
                    var candidateInfo = info
                    candidateInfo.marginShift = shift
                    let model = TrainedModel(
                        path: "<candidate>", info: candidateInfo, lexicon: lexicon, forms: foldForms,
                        confusions: foldConfusions, vocabulary: foldVocabulary)
                    candidates[w * Self.marginShifts.count + m].wer.add(try validationWER(heldOut, model: model))
                }
            }
        }
        if untrained.total > 0 {
            progress("held out, untrained: WER \(untrained)")
            var best: (wer: ErrorRate, weight: Double, shift: Float)?
            for c in candidates {
                progress("held out, λ \(c.weight), margin shift \(c.shift): WER \(c.wer)")
                // Ties go to the smaller change: shift 0, then the smaller weight.
                if best == nil || c.wer.errors < best!.wer.errors
                    || (c.wer.errors == best!.wer.errors && (abs(c.shift), c.weight) < (abs(best!.shift), best!.weight))
                {
                    best = (c.wer, c.weight, c.shift)
                }
            }
            if let best {
                chosen = (best.weight, best.shift)
                heldOutWER = (Float(untrained.rate), Float(best.wer.rate))
            }
        } else {
            candidates = []
        }

        progress("training on every slice (λ \(chosen.weight), margin shift \(chosen.shift))")
        let statistics = Statistics(read, slices: Set(0..<10))
        var (bytes, info) = build(statistics, weight: chosen.weight, rebuilt: rebuilt, base: base)
        info.marginShift = chosen.shift
        info.validationWER = heldOutWER
        info.pairs = read.count
        info.trainingHash = hash
        info.creator = creator
        return Result(
            model: TrainedModel.encode(
                info: info, lexicon: bytes, forms: forms(statistics),
                confusions: confusionRecords(statistics, base: base), vocabulary: vocabulary(statistics)),
            info: info,
            learned: learned(statistics, base: base).filter { $0.seen.utf8.count <= 3 && $0.meant.utf8.count <= 3 },
            problems: problems, candidates: candidates)
    }

    /// The folds of the cross-validation for a share `validate`: k = 1/share folds (2 to 10), fold
    /// f holding out the slices s with s mod k = f (for 0.2: {0, 5}, {1, 6}, … {4, 9}); none for 0.
    static func folds(_ validate: Double) -> [Set<Int>] {
        guard validate > 0 else { return [] }
        let k = min(max(Int((1 / min(validate, 0.5)).rounded()), 2), 10)
        return (0..<k).map { f in Set((0..<10).filter { $0 % k == f }) }
    }

    /// The OCR words and truth words of `slices` of a pair, a paragraph per run of slices.
    static func text(of pair: ReadPair, slices: Set<Int>) -> (ocr: String, truth: String) {
        var ocr = ""
        var truth = ""
        var previous = -1
        for (k, step) in pair.steps.enumerated() where slices.contains(Int(pair.slice[k])) {
            let separator = previous >= 0 && previous != k - 1 ? "\n\n" : " "
            if let a = step.a { ocr += (ocr.isEmpty ? "" : separator) + pair.ocr[a] }
            if let b = step.b { truth += (truth.isEmpty ? "" : separator) + pair.truth[b] }
            previous = k
        }
        return (ocr, truth)
    }

    /// WER of the held-out texts repaired with `model` (nil: the base lexicon). Each is repaired
    /// as the first page of a document whose second page is the rest of its pair's OCR: the
    /// adaptation reads the whole document, as it will when the model is used (a fifth of a
    /// page alone is too little to learn its confusions from), and only the held-out page is scored.
    func validationWER(_ texts: [(ocr: String, truth: String, context: String)], model: TrainedModel?)
        throws(RepairError) -> ErrorRate
    {
        var options = pipeline
        options.model = model
        let repairer = RepairPipeline(options: options)
        var rate = ErrorRate(errors: 0, total: 0)
        for text in texts where !text.truth.isEmpty {
            let held = try TextInput.document(bytes: Array(text.ocr.utf8), path: "<held out>")
            let context = try TextInput.document(bytes: Array(text.context.utf8), path: "<held out>")
            let document = Document(source: "<held out>", pages: held.pages + context.pages)
            let repaired = try repairer.repair(document)
            let page = Document(source: "<held out>", pages: Array(repaired.pages.prefix(held.pages.count)))
            rate.add(Evaluation.wordErrorRate(page.plainText, reference: text.truth))
        }
        return rate
    }

    // MARK: Counting

    /// What the slices of the pairs teach: the truth's words and word pairs, the OCR's
    /// operations on the words it read wrongly.
    struct Statistics {
        /// Folded core → (count, the spellings seen with their counts).
        var words: [[UInt8]: (count: Int, spellings: [[UInt8]: Int])] = [:]
        var bigrams: [[UInt8]: (first: [UInt8], second: [UInt8], count: Int)] = [:]
        var wordCount = 0
        var misread: [(observed: [UInt8], corrected: [UInt8])] = []
        /// Whole-word misreadings: folded OCR form + 0 + the truth's spelling → count.
        var forms: [[UInt8]: (seen: [UInt8], meant: [UInt8], count: Int)] = [:]
        /// How often each folded OCR form was the truth's word (read right).
        var formRight: [[UInt8]: Int] = [:]
        /// The truth's letters, folded, words separated by a space: the channel's denominators.
        var truthSide: [UInt8] = []

        /// One more occurrence of `word` in the truth (folded, with its spelling).
        mutating func countWord(_ word: [UInt8]) {
            let folded = word.map(asciiLower)
            words[folded, default: (0, [:])].count += 1
            words[folded]!.spellings[word, default: 0] += 1
        }

        init(_ pairs: [ReadPair], slices: Set<Int>) {
            for pair in pairs {
                var previous: [UInt8]?
                for (k, step) in pair.steps.enumerated() {
                    guard slices.contains(Int(pair.slice[k])) else {
                        previous = nil
                        continue
                    }
                    if let b = step.b {
                        let core = ModelTrainer.core(pair.truth[b])
                        truthSide += core.map(asciiLower) + [0x20]
                        if ModelTrainer.isWord(core) {
                            let folded = core.map(asciiLower)
                            wordCount += 1
                            countWord(core)
                            // A compound's parts are printed too: a noisy document's corrector
                            // reads `multi-stakeholder` as `multi`, `-`, `stakeholder`.
                            if core.contains(0x2D) {
                                for part in core.split(separator: 0x2D).map(Array.init) where ModelTrainer.isWord(part)
                                {
                                    countWord(part)
                                }
                            }
                            if let previous {
                                bigrams[previous + [0] + folded, default: (previous, folded, 0)].count += 1
                            }
                            previous = folded
                        } else {
                            previous = nil
                        }
                    }
                    if let a = step.a, let b = step.b {
                        let seen = ModelTrainer.core(pair.ocr[a])
                        let meant = ModelTrainer.core(pair.truth[b])
                        // A misreading, not two different words the alignment paired: most
                        // letters must survive (distance at most a third of the longer, and 3).
                        let seenFolded = seen.map(asciiLower)
                        if seenFolded == meant.map(asciiLower) {
                            formRight[seenFolded, default: 0] += 1
                        } else if !seen.isEmpty, seen.count <= LearnedForm.maxLength, ModelTrainer.isWord(meant),
                            Evaluation.editDistance(seenFolded, meant.map(asciiLower)) * 5
                                <= max(seen.count, meant.count) * 3
                        {
                            forms[seenFolded + [0] + meant, default: (seenFolded, meant, 0)].count += 1
                        }
                        if !seen.isEmpty, !meant.isEmpty, seen.map(asciiLower) != meant.map(asciiLower),
                            Evaluation.editDistance(seen.map(asciiLower), meant.map(asciiLower))
                                <= min(3, max(1, max(seen.count, meant.count) / 3))
                        {
                            misread.append((seen, meant))
                        }
                    }
                }
            }
        }
    }

    /// A word without the punctuation around it.
    static func core(_ word: Substring) -> [UInt8] {
        var bytes = Array(word.utf8)[...]
        let marks: Set<UInt8> = Set(Array(".,;:!?\"'()[]{}*".utf8))
        while let first = bytes.first, marks.contains(first) { bytes = bytes.dropFirst() }
        while let last = bytes.last, marks.contains(last) { bytes = bytes.dropLast() }
        // Curly quotes (three bytes each) around the word.
        for quote in ["“", "”", "‘", "’", "«", "»"].map({ Array($0.utf8) }) {
            if bytes.starts(with: quote) { bytes = bytes.dropFirst(quote.count) }
            if bytes.count >= quote.count && Array(bytes.suffix(quote.count)) == quote {
                bytes = bytes.dropLast(quote.count)
            }
        }
        return Array(bytes)
    }

    /// Whether a core is a word the lexicon could hold: ASCII letters, inner apostrophes and
    /// hyphens, 2 to 24 bytes.
    static func isWord(_ core: [UInt8]) -> Bool {
        guard (2...24).contains(core.count), ASCII.isLetter(core[0]), ASCII.isLetter(core[core.count - 1]) else {
            return false
        }
        return core.allSatisfy { ASCII.isLetter($0) || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "-") }
    }

    /// The confusions the misread words teach, smoothed toward the base channel.
    func learned(_ statistics: Statistics, base: Lexicon) -> [LearnedConfusion] {
        let channel = ErrorModel(confusions: base.confusions)
        channel.editLimit = nil
        // Letters (and digits OCR may print for them) on the truth's side: marks are the
        // punctuation stage's, not the channel's.
        return ChannelLearning.learn(
            corrections: statistics.misread, truthSide: statistics.truthSide, priorWeight: Self.channelPriorWeight
        ) { seen, meant in
            channel.cost(
                observed: String(decoding: seen, as: UTF8.self), candidate: String(decoding: meant, as: UTF8.self))
        }.filter { $0.meant.utf8.allSatisfy { ASCII.isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) } }
    }

    /// The model's lexicon: the base words and bigrams with the collection's mixed in at weight
    /// `weight`, the base confusions with the learned ones.
    func build(_ statistics: Statistics, weight: Double, rebuilt: LexiconBuilder, base: Lexicon) -> (
        [UInt8], ModelInfo
    ) {
        var builder = rebuilt
        var info = ModelInfo()
        info.truthWords = statistics.wordCount
        info.vocabularyWeight = Float(weight)
        let total = builder.words.reduce(0) { $0 + $1.count }
        let scale = weight / (1 - weight) * total / Double(max(statistics.wordCount, 1))
        var room = LexiconFormat.maxWords - 1 - base.wordCount
        var counts: [[UInt8]: Double] = [:]  // folded → the merged count (for bigram probabilities)
        var spellings: [[UInt8]: [UInt8]] = [:]  // folded → the base lexicon's spelling
        for word in builder.words {
            let folded = word.spelling.map(asciiLower)
            counts[folded, default: 0] += word.count
            if spellings[folded] == nil { spellings[folded] = word.spelling }
        }
        // Most frequent first, so that a full lexicon keeps the collection's commonest words.
        let vocabulary = statistics.words.sorted {
            $0.value.count != $1.value.count
                ? $0.value.count > $1.value.count : $0.key.lexicographicallyPrecedes($1.key)
        }
        for (folded, entry) in vocabulary {
            let known = counts[folded] != nil
            if !known {
                guard room > 0 else { continue }
                room -= 1
                info.wordsAdded += 1
            }
            // A known word keeps the base's spelling (a heading's EVOLUTION, a sentence's
            // Emerging must not teach the corrector to capitalise them); a new one takes the
            // collection's commonest, between equals the first in byte order.
            let spelling =
                spellings[folded]
                ?? entry.spellings.max { a, b in
                    a.value != b.value ? a.value < b.value : b.key.lexicographicallyPrecedes(a.key)
                }!.key
            let added = Double(entry.count) * scale
            builder.words.append(
                LexiconBuilder.Word(spelling: spelling, count: added, flags: known ? [] : .domain))
            counts[folded, default: 0] += added
        }
        // Bigrams: the builder keeps the first row of a pair, so the counts are merged here.
        var bigramIndex: [[UInt8]: Int] = [:]
        for (k, b) in builder.bigrams.enumerated() {
            bigramIndex[b.first.map(asciiLower) + [0] + b.second.map(asciiLower)] = k
        }
        for (key, entry) in statistics.bigrams.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) })
        where counts[entry.first] != nil && counts[entry.second] != nil {
            let added = Double(entry.count) * scale
            if let k = bigramIndex[key] {
                builder.bigrams[k].count += added
            } else {
                builder.bigrams.append((entry.first, entry.second, added))
            }
            info.bigramsAdded += 1
        }
        // The file holds up to three bytes a side (an insertion's context letter can make four).
        let learned = learned(statistics, base: base).filter { $0.seen.utf8.count <= 3 && $0.meant.utf8.count <= 3 }
        info.confusionsLearned = learned.count
        for c in learned {
            let seen = Array(c.seen.utf8)
            let meant = Array(c.meant.utf8)
            if let k = builder.confusions.firstIndex(where: { $0.seen == seen && $0.meant == meant }) {
                builder.confusions[k].cost = max(builder.confusions[k].cost, -c.cost)
            } else {
                builder.confusions.append((seen, meant, -c.cost))
            }
        }
        return (builder.build(), info)
    }

    /// The learned confusions as the model file keeps them (at most three bytes a side).
    func confusionRecords(_ statistics: Statistics, base: Lexicon) -> [LearnedForm] {
        learned(statistics, base: base).filter { $0.seen.utf8.count <= 3 && $0.meant.utf8.count <= 3 }.map {
            LearnedForm(seen: Array($0.seen.utf8), meant: Array($0.meant.utf8), count: $0.count, cost: $0.cost)
        }
    }

    /// The truth's words with their counts, most frequent first (ties by the folded bytes): each
    /// spelled as the collection spells it most often.
    func vocabulary(_ statistics: Statistics) -> [LearnedForm] {
        statistics.words.map { folded, entry in
            let spelling = entry.spellings.max { a, b in
                a.value != b.value ? a.value < b.value : b.key.lexicographicallyPrecedes(a.key)
            }!.key
            return LearnedForm(seen: folded, meant: spelling, count: entry.count, cost: 0)
        }.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.seen.lexicographicallyPrecedes($1.seen)
        }
    }

    /// The whole-word misreadings worth a candidate: seen more often misread than read right,
    /// at cost −log10(count / (occurrences of the word + 1)).
    func forms(_ statistics: Statistics) -> [LearnedForm] {
        var result: [LearnedForm] = []
        for (_, form) in statistics.forms where form.count > statistics.formRight[form.seen, default: 0] {
            let occurrences = statistics.words[form.meant.map(asciiLower)]?.count ?? form.count
            let p = Double(form.count) / Double(occurrences + 1)
            result.append(LearnedForm(seen: form.seen, meant: form.meant, count: form.count, cost: Float(-log10(p))))
        }
        // Most frequent first; ties by the bytes, so the file never depends on hashing.
        return result.sorted {
            $0.count != $1.count
                ? $0.count > $1.count
                : ($0.seen + [0] + $0.meant).lexicographicallyPrecedes($1.seen + [0] + $1.meant)
        }
    }
}

/// NFC through the ICU shim.
enum ICUText {
    static func nfc(_ text: String) -> String { TextComparison.prepare(text) }
}

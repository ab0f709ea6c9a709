import Correction
import DocumentModel
// The correction stage over a document: the Corrector on each line, OCR confidences as
// evidence, every change an Edit.
import Lexicon
import Punctuation

/// The correction stage over a document: the corrector on each line, with OCR's confidences and alternatives as evidence, every change an edit.
public struct CorrectionStage {
    /// The corrector (one per thread).
    public let corrector: Corrector
    /// Adapt margins and channel to each document (off: the base corrector, `--no-adapt`).
    public let adapt: Bool

    /// Threads that correct a long document's lines at once (each with a corrector from
    /// `makeCorrector`, adopting the document's adaptation); 1: this corrector alone.
    public let jobs: Int
    private let makeCorrector: (() -> Corrector)?

    /// Documents shorter than this many bytes are corrected on one thread.
    public let parallelBytes: Int
    /// The default: a page is milliseconds, and a second corrector costs more than it saves.
    public static let defaultParallelBytes = 200_000

    /// The stage around `corrector`; `adapt` off gives the base corrector (`--no-adapt`).
    /// With `jobs` > 1 and `makeCorrector`, a long document's lines are corrected on `jobs`
    /// threads; the output is the same as on one.
    public init(
        corrector: Corrector, adapt: Bool = true, jobs: Int = 1, makeCorrector: (() -> Corrector)? = nil,
        parallelBytes: Int = CorrectionStage.defaultParallelBytes
    ) {
        self.corrector = corrector
        self.parallelBytes = parallelBytes
        self.adapt = adapt
        self.jobs = makeCorrector == nil ? 1 : max(jobs, 1)
        self.makeCorrector = makeCorrector
    }

    /// The document's lines and its OCR word confidences.
    static func lines(of document: Document) -> (lines: [String], confidences: [Float]) {
        var lines: [String] = []
        var confidences: [Float] = []
        for page in document.pages {
            for paragraph in page.paragraphs {
                for line in paragraph.lines {
                    lines.append(line.text)
                    confidences += line.words.map(\.confidence)
                }
            }
        }
        return (lines, confidences)
    }

    /// The document's noise estimate (made before the punctuation stage, which it guides).
    public func estimate(_ document: Document) -> DocumentEstimate {
        let (lines, confidences) = Self.lines(of: document)
        return corrector.estimate(lines, confidences: confidences, keepingTokens: true)
    }

    /// The document corrected; adapted to `estimate` (made by `estimate(_:)`, else here) unless
    /// `adapt` is off. With `punctuation`, the marks next to words the corrector fixed are
    /// repaired afterwards (a glued mark `content.on` needs both words known), and the words
    /// once more, so that a second run of repair finds nothing left to do.
    public func correct(_ document: Document, estimate: DocumentEstimate? = nil, punctuation: PunctuationStage? = nil)
        -> Document
    {
        var result = document
        correct(&result, estimate: estimate, punctuation: punctuation)
        return result
    }

    /// The document corrected in place (as `correct(_:estimate:punctuation:)`), without a copy
    /// of its edits.
    public func correct(
        _ result: inout Document, estimate: DocumentEstimate? = nil, punctuation: PunctuationStage? = nil
    ) {
        let (lines, confidences) = Self.lines(of: result)
        // A long document gets helper correctors for its EM rounds and its lines.
        var helpers: [Corrector] = []
        if jobs > 1, let makeCorrector, lines.reduce(0, { $0 + $1.utf8.count }) >= parallelBytes {
            helpers = (1..<jobs).map { _ in makeCorrector() }
        }
        if adapt {
            let estimate = estimate ?? corrector.estimate(lines, confidences: confidences)
            result.adaptation = Self.record(corrector.adapt(lines, estimate: estimate, helpers: helpers))
        }
        defer { corrector.endDocument() }
        var start = result.edits.count
        var changed = correctLines(&result, helpers: helpers, tokenized: estimate?.tokenized)
        var round = 0
        while changed, let punctuation, round < Self.maximumMarkRounds {
            // Only the lines the corrector changed have new marks to look at, and only the lines
            // whose marks changed are corrected again.
            let corrected = Set(result.edits[start...].map(\.location))
            start = result.edits.count
            punctuation.repair(&result, only: corrected)
            guard result.edits.count > start else { break }
            let touched = Set(result.edits[start...].map(\.location))
            start = result.edits.count
            changed = correctLines(&result, only: touched)
            round += 1
        }
    }

    /// Punctuation and correction alternate at most this often after the first correction
    /// (within one of the pipeline's passes, `PipelineOptions.maximumPasses`).
    static let maximumMarkRounds = 2

    /// Corrects every line (or those at `only`'s locations); whether any changed. With `helpers`,
    /// every line is corrected on them and this corrector at once (each adopting its adaptation).
    /// `tokenized`: the lines' tokens as the noise estimate made them, used for the lines still
    /// the same.
    private func correctLines(
        _ document: inout Document, only: Set<Edit.Location>? = nil, helpers: [Corrector] = [],
        tokenized: DocumentEstimate.Tokenized? = nil
    ) -> Bool {
        let before = document.edits.count
        // Each line's place in reading order (the estimate's order).
        var order: [Edit.Location: Int] = [:]
        if tokenized != nil {
            order.reserveCapacity(tokenized?.lines.count ?? 0)
            document.forEachLocation { order[$0] = order.count }
        }
        func made(_ line: Line, _ location: Edit.Location) -> (tokens: [Token], ids: [Int32])? {
            guard let tokenized, let index = order[location] else { return nil }
            return tokenized.line(index, text: line.text)
        }
        if only == nil, !helpers.isEmpty {
            let main = corrector
            for helper in helpers { helper.adopt(main) }
            let worker = { (k: Int) -> Corrector in k == 0 ? main : helpers[k - 1] }
            document.rewriteLines(jobs: helpers.count + 1, minimumBytes: 0, worker: worker) {
                corrector, line, location in
                Self.correct(line, at: location, with: corrector, made: made(line, location))
            }
        } else {
            document.rewriteLines { line, location in
                if let only, !only.contains(location) { return nil }
                return Self.correct(line, at: location, with: corrector, made: made(line, location))
            }
        }
        return document.edits.count > before
    }

    /// One line corrected, with OCR's evidence for its words; nil when nothing changed.
    private static func correct(
        _ line: Line, at location: Edit.Location, with corrector: Corrector,
        made: (tokens: [Token], ids: [Int32])? = nil
    ) -> (text: String, edits: [Edit])? {
        let evidence = Self.wordEvidence(line)
        let (text, edits) = corrector.correct(
            line.text, evidence: evidence.isEmpty ? nil : { evidence[$0] }, tokens: made?.tokens, ids: made?.ids)
        guard !edits.isEmpty else { return nil }
        let describes = corrector.options.describesEdits
        return (
            text,
            edits.map { e in
                Edit(
                    stage: "correct", rule: e.rule, location: location, before: e.before, after: e.after,
                    detail: describes
                        ? "gain \(e.gain), margin \(e.margin); candidates: " + e.candidates.joined(separator: ", ")
                        : "",
                    span: e.range)
            }
        )
    }

    /// Byte offset in the line's text → what OCR said of the word whose first letter is there:
    /// its confidence, and the single-letter alternatives of its symbols, offsets from that letter.
    static func wordEvidence(_ line: Line) -> [Int: WordEvidence] {
        let text = Array(line.text.utf8)
        var result: [Int: WordEvidence] = [:]
        for (word, i) in line.placedWords() {
            // The confidence belongs to the first letter of the word (after any punctuation OCR glued on).
            var start = i
            let end = i + word.text.utf8.count
            while start < end && !(ASCII.isLetter(text[start])) { start += 1 }
            result[start] = WordEvidence(
                confidence: word.confidence, alternatives: alternatives(of: word, skipping: start - i))
        }
        return result
    }
}

extension CorrectionStage {
    /// The single-ASCII-letter alternatives of a word's symbols, by byte offset (minus `skipping`
    /// leading bytes), when the symbols spell the word exactly.
    static func alternatives(of word: OCRWord, skipping: Int) -> [WordEvidence.Alternative] {
        guard !word.symbolChoices.isEmpty else { return [] }
        var result: [WordEvidence.Alternative] = []
        var offset = 0
        var spelled: [UInt8] = []
        for choices in word.symbolChoices {
            guard let chosen = choices.first else { return [] }
            let bytes = Array(chosen.text.utf8)
            spelled += bytes
            if bytes.count == 1 {
                for alt in choices.dropFirst() {
                    let a = Array(alt.text.utf8)
                    if a.count == 1, ASCII.isLetter(a[0]), offset - skipping >= 0 {
                        result.append(
                            WordEvidence.Alternative(offset: offset - skipping, byte: a[0], confidence: alt.confidence))
                    }
                }
            }
            offset += bytes.count
        }
        return spelled == Array(word.text.utf8) ? result : []
    }
}

extension CorrectionStage {
    /// The adaptation as the document model records it.
    static func record(_ a: DocumentAdaptation) -> AdaptationRecord {
        let c = a.noise.counts
        func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
        var record = AdaptationRecord(
            words: c.words, unknown: c.unknown, singletons: c.singletons,
            meanConfidence: a.noise.meanConfidence.map { ($0 * 10).rounded() / 10 },
            characterErrorRate: round3(a.noise.characterErrorRate),
            substitutionCost: round3(Double(a.costs.substitution)), prior: round3(a.noise.prior),
            singletonPrior: round3(a.noise.wordPrior(recurring: false)),
            recurringPrior: round3(a.noise.wordPrior(recurring: true)),
            unknownMargin: round3(Double(a.unknownMargin(recurring: false))),
            recurringMargin: round3(Double(a.unknownMargin(recurring: true))),
            nameMargin: round3(Double(a.nameMargin)), realWordMargin: round3(Double(a.realWordMargin)),
            rounds: a.rounds, converged: a.converged,
            confusions: a.learned.prefix(10).map {
                AdaptationRecord.Confusion(
                    seen: $0.seen, meant: $0.meant, count: $0.count, baseCost: round3(Double($0.baseCost)),
                    cost: round3(Double($0.cost)))
            }, genericShare: round3(a.genericShare),
            raised: a.raised.sorted {
                ($0.cost - $0.baseCost, $1.seen, $1.meant) > ($1.cost - $1.baseCost, $0.seen, $0.meant)
            }.prefix(10).map {
                AdaptationRecord.Confusion(
                    seen: $0.seen, meant: $0.meant, count: $0.count, baseCost: round3(Double($0.baseCost)),
                    cost: round3(Double($0.cost)))
            })
        record.notation = c.notation
        record.printsNotation = a.noise.printsNotation
        return record
    }

    /// The document's noise estimate without adapting to it.
    public func noise(of document: Document, unknownWord: ((String, Float) -> Void)? = nil) -> NoiseEstimate {
        let (lines, confidences) = Self.lines(of: document)
        return corrector.estimate(lines, confidences: confidences, unknownWord: unknownWord).noise
    }
}

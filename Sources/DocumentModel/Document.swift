// The document model that flows through every stage: pages of blocks of paragraphs of
// lines, each line keeping its text and, when it came from an image, its OCR words.

/// A rectangle in page pixels, origin at the top left.
public struct Box: Sendable, Hashable, Codable {
    public var left: Int32, top: Int32, right: Int32, bottom: Int32
    /// A box from its four edges.
    public init(left: Int32, top: Int32, right: Int32, bottom: Int32) {
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
    }
    /// Width in pixels.
    public var width: Int32 { right - left }
    /// Height in pixels.
    public var height: Int32 { bottom - top }

    /// The smallest box holding both.
    public func union(_ other: Box) -> Box {
        Box(
            left: min(left, other.left), top: min(top, other.top), right: max(right, other.right),
            bottom: max(bottom, other.bottom))
    }

    /// The smallest box holding all of `boxes`; nil for none.
    public static func bounds(_ boxes: some Sequence<Box>) -> Box? {
        boxes.reduce(nil as Box?) { partial, box in partial?.union(box) ?? box }
    }
}

/// One alternative reading of a symbol, as Tesseract scored it (confidence 0...100).
public struct SymbolChoice: Sendable, Hashable, Codable {
    /// The symbol as read.
    public var text: String
    /// Tesseract's confidence in it, 0...100.
    public var confidence: Float
    /// A symbol reading.
    public init(text: String, confidence: Float) {
        self.text = text
        self.confidence = confidence
    }
}

/// A word as OCR read it.
public struct OCRWord: Sendable, Hashable, Codable {
    /// The word as OCR read it.
    public var text: String
    /// Tesseract's word confidence, 0...100.
    public var confidence: Float
    /// The word's box on the page.
    public var box: Box
    /// Per symbol, the readings Tesseract considered (the chosen one first); empty when
    /// alternatives were not requested.
    public var symbolChoices: [[SymbolChoice]]
    /// A word with its evidence.
    public init(text: String, confidence: Float, box: Box, symbolChoices: [[SymbolChoice]] = []) {
        self.text = text
        self.confidence = confidence
        self.box = box
        self.symbolChoices = symbolChoices
    }
}

/// A line of text. `text` is what later stages read and rewrite; `words` keeps OCR's
/// evidence for it (empty for text input).
public struct Line: Sendable, Hashable, Codable {
    /// The text later stages read and rewrite.
    public var text: String
    /// OCR's words on the line, in reading order.
    public var words: [OCRWord]
    /// The line's box on the page, for an image.
    public var box: Box?
    /// A line; `words` and `box` only for an image.
    public init(text: String, words: [OCRWord] = [], box: Box? = nil) {
        self.text = text
        self.words = words
        self.box = box
    }
}

/// Lines that belong together; the output puts a blank line between paragraphs.
public struct Paragraph: Sendable, Hashable, Codable {
    /// The lines, in reading order.
    public var lines: [Line]
    /// The paragraph's box, for an image.
    public var box: Box?
    /// A paragraph of `lines`.
    public init(lines: [Line], box: Box? = nil) {
        self.lines = lines
        self.box = box
    }
}

/// A region of a page (a column, a heading, a list) in reading order.
public struct Block: Sendable, Hashable, Codable {
    /// The paragraphs, in reading order.
    public var paragraphs: [Paragraph]
    /// The block's box, for an image.
    public var box: Box?
    /// A block of `paragraphs`.
    public init(paragraphs: [Paragraph], box: Box? = nil) {
        self.paragraphs = paragraphs
        self.box = box
    }
}

/// One page: of an image, or the whole of a text input.
public struct Page: Sendable, Hashable, Codable {
    /// Width in pixels (0 for text).
    public var width: Int32
    /// Height in pixels (0 for text).
    public var height: Int32
    /// The blocks, in reading order.
    public var blocks: [Block]
    /// What the OCR stage decided beyond Tesseract's own reading (lines re-read, a
    /// segmentation chosen, a block straightened), as edits of stage "ocr".
    public var ocrEdits: [Edit] = []
    /// A page of `blocks`.
    public init(width: Int32 = 0, height: Int32 = 0, blocks: [Block]) {
        self.width = width
        self.height = height
        self.blocks = blocks
    }

    /// Every paragraph of the page in reading order.
    public var paragraphs: [Paragraph] { blocks.flatMap(\.paragraphs) }
}

/// A change a stage made, kept so `--explain` can show every edit and why.
public struct Edit: Sendable, Hashable, Codable {
    /// Which stage made it ("normalize", "correct").
    public var stage: String
    /// The rule that fired ("dehyphenate", "ocr-confusion", ...).
    public var rule: String
    /// Where: page, block, paragraph, line indices.
    public var location: Location
    /// The text the rule replaced.
    public var before: String
    /// The text it put in its place.
    public var after: String
    /// Free-form evidence (candidates with scores, the lexicon entry, ...).
    public var detail: String
    /// UTF-8 byte range [start, end) of `before` in the line's text as the stage saw it, when the stage knows it.
    public var span: [Int]?

    /// An edit; `span` is the byte range of `before` when the stage knows it.
    public init(
        stage: String, rule: String, location: Location, before: String, after: String, detail: String = "",
        span: Range<Int>? = nil
    ) {
        self.stage = stage
        self.rule = rule
        self.location = location
        self.before = before
        self.after = after
        self.detail = detail
        self.span = span.map { [$0.lowerBound, $0.upperBound] }
    }

    /// Where in the document an edit was made.
    public struct Location: Sendable, Hashable, Codable {
        public var page: Int, block: Int, paragraph: Int, line: Int
        /// A location by indices.
        public init(page: Int, block: Int, paragraph: Int, line: Int) {
            self.page = page
            self.block = block
            self.paragraph = paragraph
            self.line = line
        }
    }
}

/// A whole input: one or more pages and the edits made to them.
public struct Document: Sendable, Hashable, Codable {
    /// Where it came from (a path or "-").
    public var source: String
    /// The pages, in order.
    public var pages: [Page]
    /// Every change the stages made, in the order they made them.
    public var edits: [Edit]
    /// How the corrector adapted to this document (nil: it did not run, or ran with `--no-adapt`).
    public var adaptation: AdaptationRecord?
    /// A document read from `source`.
    public init(source: String, pages: [Page], edits: [Edit] = [], adaptation: AdaptationRecord? = nil) {
        self.source = source
        self.pages = pages
        self.edits = edits
        self.adaptation = adaptation
    }

    /// Rewrites lines in place, in reading order: `body` gets each line and where it is and
    /// returns its new text and the edits that made it, or nil to leave the line as it is.
    public mutating func rewriteLines(_ body: (Line, Edit.Location) -> (text: String, edits: [Edit])?) {
        for p in pages.indices {
            for b in pages[p].blocks.indices {
                for q in pages[p].blocks[b].paragraphs.indices {
                    for l in pages[p].blocks[b].paragraphs[q].lines.indices {
                        let location = Edit.Location(page: p, block: b, paragraph: q, line: l)
                        guard let (text, new) = body(pages[p].blocks[b].paragraphs[q].lines[l], location) else {
                            continue
                        }
                        pages[p].blocks[b].paragraphs[q].lines[l].text = text
                        edits += new
                    }
                }
            }
        }
    }

    /// The document as plain text: paragraphs separated by one blank line, lines of a
    /// paragraph by a newline, ending with one newline (nothing for an empty document).
    public var plainText: String {
        var paragraphs: [String] = []
        for page in pages {
            for paragraph in page.paragraphs {
                let text = paragraph.lines.map(\.text).joined(separator: "\n")
                if !text.allSatisfy({ $0.isWhitespace }) { paragraphs.append(text) }
            }
        }
        return paragraphs.isEmpty ? "" : paragraphs.joined(separator: "\n\n") + "\n"
    }
}

/// The corrector's document-level decision, as `--explain` and `--format json` show it: the
/// noise estimate, the prior and margins that follow, and the confusions the document taught.
public struct AdaptationRecord: Sendable, Hashable, Codable {
    /// Words the corrector considered, those the lexicon does not know, and unknown forms seen once.
    public var words: Int
    /// Of those, the words the lexicon does not know.
    public var unknown: Int
    /// Of those, the forms seen once.
    public var singletons: Int
    /// Mean OCR word confidence (0...100), for an image.
    public var meanConfidence: Double?
    /// P(an unknown word is an OCR error), and for a form seen once or recurring.
    public var prior: Double
    /// P(error) for an unknown form seen once.
    public var singletonPrior: Double
    /// P(error) for an unknown form that recurs.
    public var recurringPrior: Double
    /// The estimated share of letters OCR got wrong, and the generic substitution cost that follows.
    public var characterErrorRate: Double
    /// The generic substitution cost (log10) that follows from it.
    public var substitutionCost: Double
    /// The margins (log10) a correction had to clear.
    public var unknownMargin: Double
    /// The margin for a recurring unknown form.
    public var recurringMargin: Double
    /// The margin for a capitalised word (a possible name).
    public var nameMargin: Double
    /// The margin for replacing a known word by another.
    public var realWordMargin: Double
    /// EM rounds and whether the corrections stopped changing.
    public var rounds: Int
    /// Whether the corrections stopped changing before the last round.
    public var converged: Bool
    /// The learned confusions, most frequent first (at most 10).
    public var confusions: [Confusion]

    /// A confusion the document taught: OCR printed `seen` where the page had `meant`.
    public struct Confusion: Sendable, Hashable, Codable {
        public var seen: String, meant: String
        /// How often the confident corrections showed it.
        public var count: Int
        public var baseCost: Double, cost: Double
        /// A learned confusion.
        public init(seen: String, meant: String, count: Int, baseCost: Double, cost: Double) {
            self.seen = seen
            self.meant = meant
            self.count = count
            self.baseCost = baseCost
            self.cost = cost
        }
    }

    /// A record with every figure given.
    public init(
        words: Int, unknown: Int, singletons: Int, meanConfidence: Double?,
        characterErrorRate: Double, substitutionCost: Double, prior: Double, singletonPrior: Double,
        recurringPrior: Double, unknownMargin: Double, recurringMargin: Double,
        nameMargin: Double, realWordMargin: Double, rounds: Int, converged: Bool, confusions: [Confusion]
    ) {
        self.words = words
        self.unknown = unknown
        self.singletons = singletons
        self.meanConfidence = meanConfidence
        self.prior = prior
        self.characterErrorRate = characterErrorRate
        self.substitutionCost = substitutionCost
        self.singletonPrior = singletonPrior
        self.recurringPrior = recurringPrior
        self.unknownMargin = unknownMargin
        self.recurringMargin = recurringMargin
        self.nameMargin = nameMargin
        self.realWordMargin = realWordMargin
        self.rounds = rounds
        self.converged = converged
        self.confusions = confusions
    }
}

extension Line {
    /// Each OCR word of the line with the byte offset where its text stands in the line's
    /// text, found left to right; words the text stages changed are left out.
    public func placedWords() -> [(word: OCRWord, offset: Int)] {
        guard !words.isEmpty else { return [] }
        let text = Array(self.text.utf8)
        var result: [(word: OCRWord, offset: Int)] = []
        var cursor = 0
        for word in words {
            let w = Array(word.text.utf8)
            guard !w.isEmpty else { continue }
            var i = cursor
            while i + w.count <= text.count && !text[i..<(i + w.count)].elementsEqual(w) { i += 1 }
            guard i + w.count <= text.count else { continue }
            result.append((word, i))
            cursor = i + w.count
        }
        return result
    }
}

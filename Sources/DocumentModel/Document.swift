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
    /// Where the word stands in its line's text: a UTF-8 byte range, kept true by every stage
    /// that rewrites the text (through `Line`'s editing methods and `Document.rewriteLines`).
    /// Empty when a stage removed the word; nil until the word is placed in a line.
    public var range: Range<Int>?
    /// A word with its evidence.
    public init(
        text: String, confidence: Float, box: Box, symbolChoices: [[SymbolChoice]] = [], range: Range<Int>? = nil
    ) {
        self.text = text
        self.confidence = confidence
        self.box = box
        self.symbolChoices = symbolChoices
        self.range = range
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
    /// What the OCR stage decided about this line (read again, straightened), as edits of
    /// stage "ocr": they travel with the line while the page is assembled, and
    /// `Page.collectOCRNotes()` gives them the line's final location.
    public var ocrNotes: [Edit] = []
    /// A line; `words` and `box` only for an image. Words without a range are placed where
    /// their text stands, left to right (a word not found gets an empty range at the end).
    public init(text: String, words: [OCRWord] = [], box: Box? = nil) {
        self.text = text
        self.words = words
        self.box = box
        if words.contains(where: { $0.range == nil }) { placeUnplacedWords() }
    }

    /// A line of OCR's words joined by single spaces, each word's range exact.
    public init(words: [OCRWord], box: Box? = nil) {
        var text = ""
        var placed = words
        for i in placed.indices {
            if i > 0 { text += " " }
            let start = text.utf8.count
            text += placed[i].text
            placed[i].range = start..<text.utf8.count
        }
        self.text = text
        self.words = placed
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

extension Line {
    /// The backticks of a Markdown code fence in typed text (no OCR words): up to three
    /// spaces, then three or more backticks (```` ```js ````); 0 for any other line.
    public var codeFence: Int {
        guard words.isEmpty, let first = text.utf8.first, first == 0x60 || first == 0x20 else { return 0 }
        var utf8 = text.utf8[...]
        var indent = 0
        while indent < 3, utf8.first == 0x20 {
            utf8 = utf8.dropFirst()
            indent += 1
        }
        var ticks = 0
        while utf8.first == 0x60 {
            utf8 = utf8.dropFirst()
            ticks += 1
        }
        return ticks >= 3 ? ticks : 0
    }
}

/// A paragraph's place on its page.
public struct ParagraphPosition: Sendable, Hashable {
    /// Its block, and its index in the block.
    public var block: Int, paragraph: Int
    /// A position by indices.
    public init(block: Int, paragraph: Int) {
        self.block = block
        self.paragraph = paragraph
    }
}

extension Page {
    /// The paragraphs of Markdown code on the page: from a line opening a code fence to the
    /// line closing it (as many backticks or more, nothing after them). Every text stage passes
    /// them through as they are. A fence never closed opens nothing: a stray line of backticks
    /// in OCR output does not take the rest of the page from correction.
    public func codeParagraphs() -> Set<ParagraphPosition> {
        var code = Set<ParagraphPosition>()
        var opened: (position: ParagraphPosition, ticks: Int)?
        for b in blocks.indices {
            for q in blocks[b].paragraphs.indices {
                let here = ParagraphPosition(block: b, paragraph: q)
                for line in blocks[b].paragraphs[q].lines {
                    let ticks = line.codeFence
                    guard ticks > 0 else { continue }
                    if let open = opened {
                        let closes =
                            ticks >= open.ticks
                            && line.text.utf8.drop(while: { $0 == 0x20 }).dropFirst(ticks).allSatisfy {
                                $0 == 0x20 || $0 == 0x09
                            }
                        guard closes else { continue }
                        for k in open.position.block...b {
                            let first = k == open.position.block ? open.position.paragraph : 0
                            let last = k == b ? q : blocks[k].paragraphs.count - 1
                            if first <= last {
                                for r in first...last { code.insert(ParagraphPosition(block: k, paragraph: r)) }
                            }
                        }
                        opened = nil
                    } else {
                        opened = (here, ticks)
                    }
                }
            }
        }
        return code
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

    /// Moves the lines' OCR notes into `ocrEdits`, each located at its line (page 0: the
    /// pipeline numbers the pages).
    public mutating func collectOCRNotes() {
        for b in blocks.indices {
            for p in blocks[b].paragraphs.indices {
                for l in blocks[b].paragraphs[p].lines.indices where !blocks[b].paragraphs[p].lines[l].ocrNotes.isEmpty
                {
                    for var note in blocks[b].paragraphs[p].lines[l].ocrNotes {
                        note.location = Edit.Location(page: 0, block: b, paragraph: p, line: l)
                        ocrEdits.append(note)
                    }
                    blocks[b].paragraphs[p].lines[l].ocrNotes = []
                }
            }
        }
    }

    /// Every paragraph of the page in reading order.
    public var paragraphs: [Paragraph] { blocks.flatMap(\.paragraphs) }

    /// The page with every box (blocks, paragraphs, lines, words) moved by `transform`: a
    /// reading of part of an image, turned or cropped, put back in the page's coordinates.
    public func mappingBoxes(_ transform: (Box) -> Box) -> Page {
        var page = self
        for b in page.blocks.indices {
            page.blocks[b].box = page.blocks[b].box.map(transform)
            for p in page.blocks[b].paragraphs.indices {
                page.blocks[b].paragraphs[p].box = page.blocks[b].paragraphs[p].box.map(transform)
                for l in page.blocks[b].paragraphs[p].lines.indices {
                    page.blocks[b].paragraphs[p].lines[l].box = page.blocks[b].paragraphs[p].lines[l].box.map(transform)
                    for w in page.blocks[b].paragraphs[p].lines[l].words.indices {
                        page.blocks[b].paragraphs[p].lines[l].words[w].box = transform(
                            page.blocks[b].paragraphs[p].lines[l].words[w].box)
                    }
                }
            }
        }
        return page
    }
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
            let code = pages[p].codeParagraphs()
            for b in pages[p].blocks.indices {
                for q in pages[p].blocks[b].paragraphs.indices {
                    if !code.isEmpty && code.contains(ParagraphPosition(block: b, paragraph: q)) { continue }
                    for l in pages[p].blocks[b].paragraphs[q].lines.indices {
                        let location = Edit.Location(page: p, block: b, paragraph: q, line: l)
                        guard let (text, new) = body(pages[p].blocks[b].paragraphs[q].lines[l], location) else {
                            continue
                        }
                        pages[p].blocks[b].paragraphs[q].lines[l].apply(text, edits: new)
                        edits += new
                    }
                }
            }
        }
    }

    /// Calls `body` with each line's location, in reading order (as `rewriteLines` visits them).
    public func forEachLocation(_ body: (Edit.Location) -> Void) {
        for p in pages.indices {
            for b in pages[p].blocks.indices {
                for q in pages[p].blocks[b].paragraphs.indices {
                    for l in pages[p].blocks[b].paragraphs[q].lines.indices {
                        body(Edit.Location(page: p, block: b, paragraph: q, line: l))
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
    /// The share of the confident corrections' operations that no learned confusion covers: the
    /// generic costs follow only that part of the error rate (1 without EM).
    public var genericShare: Double
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
    /// The table's confusions the document makes less often than the table says, at their
    /// dearer cost (at most 10, the largest rise first).
    public var raised: [Confusion] = []
    /// How often the text stages ran until they changed nothing (the pipeline sets it).
    public var passes: Int = 1
    /// Runs of non-space text that look like notation (`f(x)`, `glp_add_rows`, `x <- c(1)`), and
    /// whether there are enough of them that the document's marks count as printed: the
    /// punctuation stage leaves them, and the prior starts from a technical text's.
    public var notation = 0
    /// Whether the document prints notation (see `notation`).
    public var printsNotation = false

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
        nameMargin: Double, realWordMargin: Double, rounds: Int, converged: Bool, confusions: [Confusion],
        genericShare: Double = 1, raised: [Confusion] = []
    ) {
        self.genericShare = genericShare
        self.raised = raised
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
    /// Each OCR word that still stands in the text as OCR read it, with its byte offset;
    /// words the text stages changed or removed are left out.
    public func placedWords() -> [(word: OCRWord, offset: Int)] {
        guard !words.isEmpty else { return [] }
        let bytes = Array(text.utf8)
        return words.compactMap { word in
            guard let r = word.range, !r.isEmpty, r.upperBound <= bytes.count,
                bytes[r].elementsEqual(word.text.utf8)
            else { return nil }
            return (word, r.lowerBound)
        }
    }

    /// Replaces byte ranges of the text (in the text's current offsets, not overlapping, in
    /// any order) and keeps every word's range true: a word before a replacement stays, one
    /// after moves with it, one that overlaps it stretches or shrinks to cover what replaced
    /// its part, and one wholly replaced by nothing becomes empty.
    public mutating func replace(_ replacements: [(range: Range<Int>, with: String)]) {
        replace(bytes: replacements.map { ($0.range, Array($0.with.utf8)) })
    }

    /// `replace` on bytes: a byte diff may cut a character in two, and each piece is only
    /// valid UTF-8 together with the rest, so the text is decoded once, whole, at the end.
    mutating func replace(bytes replacements: [(range: Range<Int>, with: [UInt8])]) {
        guard !replacements.isEmpty else { return }
        var bytes = Array(text.utf8)
        for (range, new) in replacements.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            let s = range.lowerBound
            let e = range.upperBound
            bytes.replaceSubrange(s..<e, with: new)
            let delta = new.count - (e - s)
            for w in words.indices {
                guard let r = words[w].range else { continue }
                let a = r.lowerBound < s ? r.lowerBound : (r.lowerBound >= e ? r.lowerBound + delta : s)
                let b = r.upperBound <= s ? r.upperBound : (r.upperBound >= e ? r.upperBound + delta : s + new.count)
                words[w].range = a..<max(a, b)
            }
        }
        text = String(decoding: bytes, as: UTF8.self)
    }

    /// Sets a new text made by a rule that cannot say which bytes it changed: the changes are
    /// found by a byte diff of the two texts (Myers), and the words' ranges follow them.
    public mutating func rewrite(to newText: String) {
        guard newText != text else { return }
        guard !words.isEmpty else {
            text = newText
            return
        }
        replace(bytes: TextDiff.replacements(from: Array(text.utf8), to: Array(newText.utf8)))
        if text != newText {  // cannot happen (the diff reproduces the new text); if it did, ranges stay inside
            text = newText
            let end = newText.utf8.count
            for w in words.indices {
                if let r = words[w].range { words[w].range = min(r.lowerBound, end)..<min(r.upperBound, end) }
            }
        }
    }

    /// Appends `other` after `separator`; its words move with their text.
    public mutating func append(_ other: Line, separator: String = " ") {
        let offset = text.utf8.count + separator.utf8.count
        text += separator + other.text
        words += other.words.map { word in
            var word = word
            word.range = word.range.map { ($0.lowerBound + offset)..<($0.upperBound + offset) }
            return word
        }
        if let a = box, let b = other.box { box = a.union(b) } else if box == nil { box = other.box }
    }

    /// Lines joined into one, `separators[i]` between `parts[i]` and `parts[i + 1]`: what
    /// appending them one by one gives, in one pass (a paragraph of 100,000 lines is not
    /// copied again for each line).
    public init(joining parts: [Line], separators: [String]) {
        precondition(!parts.isEmpty && separators.count == parts.count - 1, "one separator between two parts")
        var text = ""
        text.reserveCapacity(
            parts.reduce(0) { $0 + $1.text.utf8.count } + separators.reduce(0) { $0 + $1.utf8.count })
        var words: [OCRWord] = []
        var box: Box?
        var notes: [Edit] = []
        for (i, part) in parts.enumerated() {
            if i > 0 { text += separators[i - 1] }
            let offset = text.utf8.count
            text += part.text
            for var word in part.words {
                word.range = word.range.map { ($0.lowerBound + offset)..<($0.upperBound + offset) }
                words.append(word)
            }
            if let a = box, let b = part.box { box = a.union(b) } else if box == nil { box = part.box }
            notes += part.ocrNotes
        }
        self.text = text
        self.words = words
        self.box = box
        self.ocrNotes = notes
    }

    /// The line cut in two at byte `offset`: words ending at or before it go left, the rest
    /// right (their ranges moved to the new line's start).
    public func cut(at offset: Int) -> (Line, Line) {
        let bytes = Array(text.utf8)
        var left = Line(text: String(decoding: bytes[..<offset], as: UTF8.self), words: [], box: box)
        var right = Line(text: String(decoding: bytes[offset...], as: UTF8.self), words: [], box: box)
        for word in words {
            guard let r = word.range else { continue }
            if r.upperBound <= offset && !(r.isEmpty && r.lowerBound == offset) {
                left.words.append(word)
            } else {
                var moved = word
                moved.range = max(r.lowerBound - offset, 0)..<max(r.upperBound - offset, 0)
                right.words.append(moved)
            }
        }
        return (left, right)
    }

    /// Sets the text a stage made, with the edits it reports: when their spans say exactly
    /// which bytes became what, the words follow those; otherwise a diff finds the changes.
    mutating func apply(_ newText: String, edits: [Edit]) {
        guard !words.isEmpty else {
            text = newText
            return
        }
        var replacements: [(range: Range<Int>, with: String)] = []
        let old = Array(text.utf8)
        for edit in edits {
            guard let span = edit.span, span.count == 2, 0 <= span[0], span[0] <= span[1], span[1] <= old.count,
                old[span[0]..<span[1]].elementsEqual(edit.before.utf8)
            else {
                replacements = []
                break
            }
            replacements.append((span[0]..<span[1], edit.after))
        }
        let sorted = replacements.sorted { $0.range.lowerBound < $1.range.lowerBound }
        let disjoint = zip(sorted, sorted.dropFirst()).allSatisfy { $0.range.upperBound <= $1.range.lowerBound }
        if !replacements.isEmpty && disjoint {
            var trial = self
            trial.replace(sorted)
            if trial.text == newText {
                self = trial
                return
            }
        }
        rewrite(to: newText)
    }

    /// Gives each word without a range the place where its text stands, left to right.
    mutating func placeUnplacedWords() {
        let bytes = Array(text.utf8)
        var cursor = 0
        for w in words.indices {
            if let r = words[w].range {
                cursor = max(cursor, r.upperBound)
                continue
            }
            let target = Array(words[w].text.utf8)
            var i = cursor
            while i + target.count <= bytes.count && !bytes[i..<(i + target.count)].elementsEqual(target) { i += 1 }
            if target.isEmpty || i + target.count > bytes.count {
                words[w].range = bytes.count..<bytes.count
            } else {
                words[w].range = i..<(i + target.count)
                cursor = i + target.count
            }
        }
    }
}

/// The changes between two byte strings as replacements of the first's ranges.
enum TextDiff {
    /// Beyond this many inserted plus deleted bytes the diff gives up on detail: one
    /// replacement from the first difference to the last.
    static let maximumEdits = 512

    static func replacements(from a: [UInt8], to b: [UInt8]) -> [(range: Range<Int>, with: [UInt8])] {
        var prefix = 0
        while prefix < a.count && prefix < b.count && a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix && suffix < b.count - prefix
            && a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
        {
            suffix += 1
        }
        let x = Array(a[prefix..<(a.count - suffix)])
        let y = Array(b[prefix..<(b.count - suffix)])
        guard let pairs = matches(x, y) else {
            return [(prefix..<(a.count - suffix), y)]
        }
        // Between consecutive matched bytes, what the first had is replaced by what the second has.
        var result: [(range: Range<Int>, with: [UInt8])] = []
        var i = 0
        var j = 0
        for (mi, mj) in pairs + [(x.count, y.count)] {
            if mi > i || mj > j {
                result.append(((prefix + i)..<(prefix + mi), Array(y[j..<mj])))
            }
            i = mi + 1
            j = mj + 1
        }
        return result
    }

    /// The matched byte pairs of a shortest edit script (Myers 1986), in order; nil when it
    /// takes more than `maximumEdits` edits.
    static func matches(_ a: [UInt8], _ b: [UInt8]) -> [(Int, Int)]? {
        let n = a.count
        let m = b.count
        if n == 0 || m == 0 { return [] }
        let limit = min(n + m, maximumEdits)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        var found = false
        for d in 0...limit {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x =
                    (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                    ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n && y < m && a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n && y >= m {
                    found = true
                    break
                }
            }
            if found { break }
        }
        guard found else { return nil }
        var pairs: [(Int, Int)] = []
        var x = n
        var y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? k + 1 : k - 1
            let previousX = d == 0 ? 0 : v[offset + previousK]
            let previousY = d == 0 ? 0 : previousX - previousK
            while x > previousX && y > previousY {
                x -= 1
                y -= 1
                pairs.append((x, y))
            }
            if d > 0 {
                x = previousX
                y = previousY
            }
        }
        return pairs.reversed()
    }
}

import DocumentModel
// The normalization stage: per paragraph, characters cleaned (CharacterCleanup), list items
// and headings kept as their own blocks, lines joined (Dehyphenator decides line-end
// hyphens), spacing tidied. Every change is an Edit; untouched text passes byte for byte.
import Lexicon

/// What the normalization stage does.
public struct NormalizationOptions: Sendable {
    /// The Unicode normal form.
    public var form: UnicodeForm = .nfc
    /// Keep line breaks (hyphenated words are still joined).
    public var keepLines = false
    /// How quotes are written.
    public var quotes: PunctuationStyle = .keep
    /// How dashes are written.
    public var dashes: PunctuationStyle = .keep
    /// Remove running headers, footers and page numbers.
    public var stripHeaders = false
    /// The defaults, or as given.
    public init(
        form: UnicodeForm = .nfc, keepLines: Bool = false, quotes: PunctuationStyle = .keep,
        dashes: PunctuationStyle = .keep, stripHeaders: Bool = false
    ) {
        self.form = form
        self.keepLines = keepLines
        self.quotes = quotes
        self.dashes = dashes
        self.stripHeaders = stripHeaders
    }
}

/// The normalization stage: Unicode clean-up, page furniture, list items and headings, de-hyphenation and reflow, spacing, quotes and dashes; every change an edit.
public struct Normalizer {
    /// Its options.
    public let options: NormalizationOptions
    /// The line-end hyphen judge.
    public let dehyphenator: Dehyphenator

    /// A normalizer deciding hyphens by `lexicon`.
    public init(lexicon: Lexicon?, options: NormalizationOptions = NormalizationOptions()) {
        self.options = options
        self.dehyphenator = Dehyphenator(lexicon: lexicon)
    }

    /// The document normalized, with an edit for every change.
    public func normalize(_ document: Document) -> Document {
        var result = document
        if options.stripHeaders { PageFurniture.stripHeaders(&result) }
        for p in result.pages.indices {
            Self.joinSplitParagraphs(&result.pages[p], page: p, edits: &result.edits)
            let code = result.pages[p].codeParagraphs()
            for b in result.pages[p].blocks.indices {
                var paragraphs: [Paragraph] = []
                for (q, paragraph) in result.pages[p].blocks[b].paragraphs.enumerated() {
                    // Code in a Markdown fence keeps its lines and marks.
                    if !code.isEmpty && code.contains(ParagraphPosition(block: b, paragraph: q)) {
                        paragraphs.append(paragraph)
                        continue
                    }
                    let location = Edit.Location(page: p, block: b, paragraph: q, line: 0)
                    paragraphs += normalize(paragraph, at: location, edits: &result.edits)
                }
                result.pages[p].blocks[b].paragraphs = paragraphs
            }
        }
        return result
    }

    /// A paragraph whose last line ends in a word hyphenated at the line end, followed by one
    /// that starts with a lower-case letter, is one paragraph OCR split (a break in the layout
    /// analysis, or a column's foot and the next column's head): the second joins the first.
    static func joinSplitParagraphs(_ page: inout Page, page number: Int, edits: inout [Edit]) {
        var b = 0
        var previous: (block: Int, paragraph: Int)?
        while b < page.blocks.count {
            var q = 0
            while q < page.blocks[b].paragraphs.count {
                let paragraph = page.blocks[b].paragraphs[q]
                if let (pb, pq) = previous, let last = page.blocks[pb].paragraphs[pq].lines.last?.text,
                    let first = paragraph.lines.first?.text, endsHyphenated(last),
                    let letter = first.utf8.first, ASCII.isLower(letter)
                {
                    page.blocks[pb].paragraphs[pq].lines += paragraph.lines
                    if let a = page.blocks[pb].paragraphs[pq].box, let c = paragraph.box {
                        page.blocks[pb].paragraphs[pq].box = a.union(c)
                    }
                    page.blocks[b].paragraphs.remove(at: q)
                    let tail = last.split(separator: " ").last.map(String.init) ?? last
                    let head = first.split(separator: " ").first.map(String.init) ?? first
                    edits.append(
                        Edit(
                            stage: "normalize", rule: "join-paragraphs",
                            location: Edit.Location(page: number, block: pb, paragraph: pq, line: 0),
                            before: tail + "¶" + head, after: tail + "⏎" + head))
                    continue
                }
                previous = (b, q)
                q += 1
            }
            if page.blocks[b].paragraphs.isEmpty {
                page.blocks.remove(at: b)
                if let p = previous, p.block > b { previous = (p.block - 1, p.paragraph) }
                continue
            }
            b += 1
        }
    }

    /// A line ending in a letter and a hyphen: a word hyphenated at the line end.
    static func endsHyphenated(_ line: String) -> Bool {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[bytes.count - 1] == 0x2D else { return false }
        let before = bytes[bytes.count - 2]
        return ASCII.isLetter(before)
    }

    /// One paragraph in, one or more out (list items and headings split off).
    public func normalize(_ paragraph: Paragraph, at location: Edit.Location, edits: inout [Edit]) -> [Paragraph] {
        var lines: [Line] = []
        for (i, line) in paragraph.lines.enumerated() {
            if PageFurniture.isNoise(line) {
                var loc = location
                loc.line = i
                if !line.text.trimmingSpaces().isEmpty {
                    edits.append(
                        Edit(stage: "normalize", rule: "noise-line", location: loc, before: line.text, after: ""))
                }
                continue
            }
            lines.append(line)
        }
        if lines.isEmpty { return [] }
        for i in lines.indices {
            var counts = CharacterCleanup.Counts()
            let cleaned = CharacterCleanup.clean(lines[i].text, form: options.form, counts: &counts)
            if cleaned != lines[i].text {
                var loc = location
                loc.line = i
                let what = [
                    ("ligatures", counts.ligatures), ("invisible", counts.invisible), ("spaces", counts.spaces),
                    ("recomposed", counts.recomposed),
                ]
                .filter { $0.1 > 0 }.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
                edits.append(
                    Edit(
                        stage: "normalize", rule: "unicode", location: loc, before: lines[i].text, after: cleaned,
                        detail: what))
                lines[i].rewrite(to: cleaned)
            }
        }
        // Blocks: a list item starts a new block; so does the line after a heading-like short line.
        var groups: [[Line]] = []
        let longest = lines.count > 1 ? lines.map { $0.text.utf8.count }.max() ?? 0 : 0
        for (i, line) in lines.enumerated() {
            let afterHeading =
                i > 0 && isHeading(lines[i - 1], next: line, longest: longest, paragraphBox: paragraph.box)
            if groups.isEmpty || ListItems.isItemStart(line.text) || afterHeading {
                groups.append([line])
            } else {
                groups[groups.count - 1].append(line)
            }
        }
        return groups.map { group in
            var paragraph = Paragraph(lines: [], box: paragraph.box)
            paragraph.lines = join(group, at: location, edits: &edits)
            return paragraph
        }
    }

    /// The lines of one block joined into one line (or kept, with --keep-lines).
    func join(_ lines: [Line], at location: Edit.Location, edits: inout [Edit]) -> [Line] {
        guard
            lines.count > 1
                || lines.first.map({
                    needsSpacing($0.text) || $0.text.unicodeScalars.last == "\u{AD}"
                        || QuotesAndDashes.apply($0.text, quotes: options.quotes, dashes: options.dashes) != $0.text
                }) == true
        else { return lines }
        var out: [Line] = []
        // The line being built, as its parts: rules change only its last part, and the parts are
        // joined once when it is done (joining line by line copied the text again per line).
        var parts = [lines[0]]
        var separators: [String] = []
        func finish() { out.append(parts.count == 1 ? parts[0] : Line(joining: parts, separators: separators)) }
        // Lines are joined through Line's editing methods, so every OCR word keeps its place.
        for index in 1..<lines.count {
            var next = lines[index]
            let left = trimmedRight(lines[index - 1].text)
            let decision = dehyphenator.decide(left, trimmedLeft(next.text))
            Self.trimLeading(&next)
            if decision == .dropHyphenLowercasingNext, let first = next.text.first {
                next.replace([(0..<String(first).utf8.count, String(first).lowercased())])
            }
            Self.trimTrailing(&parts, separators: &separators)
            switch decision {
            case .notHyphenated:
                if options.keepLines {
                    finish()
                    parts = [next]
                    separators = []
                    continue
                }
                parts.append(next)
                separators.append(" ")
                continue
            case .dropHyphen, .keepHyphen, .dropHyphenLowercasingNext:
                let hyphen = String(left.unicodeScalars.last!)
                let end = parts[parts.count - 1].text.utf8.count
                let glue = decision == .keepHyphen ? "-" : ""
                parts[parts.count - 1].replace([((end - hyphen.utf8.count)..<end, glue)])
                let right = next.text
                let firstWordEnd = right.firstIndex(of: " ") ?? right.endIndex
                let stem = String(left.unicodeScalars.dropLast())
                let fragmentLeft = String(stem.split(separator: " ").last ?? "")
                edits.append(
                    Edit(
                        stage: "normalize", rule: decision == .keepHyphen ? "dehyphenate-compound" : "dehyphenate",
                        location: location, before: fragmentLeft + hyphen + "⏎" + right[..<firstWordEnd],
                        after: fragmentLeft + glue + right[..<firstWordEnd]))
                if options.keepLines {
                    // The word's second half joins this line; the rest of the next line stays a line.
                    var (head, rest) = next.cut(at: right.utf8.distance(from: right.startIndex, to: firstWordEnd))
                    parts.append(head)
                    separators.append("")
                    Self.trimLeading(&rest)
                    if rest.text.isEmpty { continue }
                    finish()
                    parts = [rest]
                    separators = []
                    continue
                }
                parts.append(next)
                separators.append("")
            }
        }
        finish()
        return out.map { line in
            var line = line
            if line.text.unicodeScalars.last == "\u{AD}" {  // a break marker with nothing after it
                let end = line.text.utf8.count
                line.replace([((end - 2)..<end, "")])
            }
            let spaced = tidySpacing(line.text)
            if spaced != line.text {
                edits.append(
                    Edit(stage: "normalize", rule: "spacing", location: location, before: line.text, after: spaced))
                line.rewrite(to: spaced)
            }
            let styled = QuotesAndDashes.apply(line.text, quotes: options.quotes, dashes: options.dashes)
            if styled != line.text {
                edits.append(
                    Edit(
                        stage: "normalize", rule: "quotes-dashes", location: location, before: line.text, after: styled)
                )
                line.rewrite(to: styled)
            }
            return line
        }
    }

    /// A heading or a short centred line: its own block. Short against the paragraph's
    /// longest line, without closing punctuation, followed by a capitalised line; or, for
    /// OCR lines, centred in the paragraph's box.
    func isHeading(_ line: Line, next: Line, longest: Int, paragraphBox: Box?) -> Bool {
        let text = line.text.trimmingSpaces()
        guard let last = text.unicodeScalars.last,
            let first = next.text.unicodeScalars.first(where: { $0 != " " && $0 != "\t" })
        else { return false }
        if ".,;:!?-\u{2010}\u{AD}¬\u{2013}\u{2014}".unicodeScalars.contains(last) { return false }
        guard first.properties.isUppercase || first.properties.numericType != nil else { return false }
        if let box = line.box, let para = paragraphBox, para.width > 0 {
            let left = box.left - para.left
            let right = para.right - box.right
            if left > para.width / 10 && abs(left - right) < para.width / 10 { return true }
        }
        return Double(text.utf8.count) < 0.6 * Double(longest) && text.utf8.lazy.filter({ $0 == 0x20 }).count < 10
    }

    private func needsSpacing(_ text: String) -> Bool { tidySpacing(text) != text }

    /// Runs of spaces made one; no space before , . ; : ! ? after a word; no trailing space.
    func tidySpacing(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        // Leading indentation is kept as it was.
        while i < bytes.count && bytes[i] == 0x20 {
            out.append(0x20)
            i += 1
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 {
                var j = i
                while j < bytes.count && bytes[j] == 0x20 { j += 1 }
                if j == bytes.count { break }  // trailing spaces
                let next = bytes[j]
                let prev = out.last ?? 0x20
                let after = j + 1 < bytes.count ? bytes[j + 1] : 0x20
                let isMark =
                    next == 0x2C || next == 0x2E || next == 0x3B || next == 0x3A || next == 0x21 || next == 0x3F
                let prevIsWord = ASCII.isLetter(prev) || ASCII.isDigit(prev) || prev == 0x29 || prev == 0x22
                // "word ," -> "word,"; but not " ..." or " .5" or ": " starting a list.
                if isMark && prevIsWord && (after == 0x20 || j + 1 == bytes.count) && !(next == 0x2E && after == 0x2E) {
                    i = j
                    continue
                }
                out.append(0x20)
                i = j
                continue
            }
            out.append(b)
            i += 1
        }
        return out.count == bytes.count && out == bytes ? text : String(decoding: out, as: UTF8.self)
    }

    /// Spaces at the end of the line removed.
    static func trimTrailing(_ line: inout Line) {
        let bytes = line.text.utf8
        var end = bytes.count
        while end > 0, case let b = bytes[bytes.index(bytes.startIndex, offsetBy: end - 1)], b == 0x20 || b == 0x09 {
            end -= 1
        }
        if end < bytes.count { line.replace([(end..<bytes.count, "")]) }
    }

    /// Trailing spaces of the line being built (its parts) removed: from its last part, and
    /// when that is left empty, from the parts before it as one line would lose them.
    static func trimTrailing(_ parts: inout [Line], separators: inout [String]) {
        trimTrailing(&parts[parts.count - 1])
        while parts.count > 1 && parts[parts.count - 1].text.isEmpty {
            let last = parts.removeLast()
            parts[parts.count - 1].append(last, separator: separators.removeLast())
            trimTrailing(&parts[parts.count - 1])
        }
    }

    /// Spaces at the start of the line removed.
    static func trimLeading(_ line: inout Line) {
        let count = line.text.utf8.prefix { $0 == 0x20 }.count
        if count > 0 { line.replace([(0..<count, "")]) }
    }

    private func trimmedRight(_ s: String) -> String {
        guard s.utf8.last == 0x20 else { return s }
        var u = Substring(s)
        while u.last == " " { u = u.dropLast() }
        return String(u)
    }

    private func trimmedLeft(_ s: String) -> String {
        guard s.utf8.first == 0x20 else { return s }
        return String(s.drop { $0 == " " })
    }
}

/// Lines that start a list item: • - * – — followed by a space, 1. 1) (1) a. a) (a) i. ii) (iv).
public enum ListItems {
    /// Whether `line` starts a list item.
    public static func isItemStart(_ line: String) -> Bool {
        // Fast refusal on bytes: most lines start with a word of two or more letters
        // (one-letter words pass on to the checks below).
        let u = line.utf8
        guard let firstIndex = u.firstIndex(where: { $0 != 0x20 }) else { return false }
        let b = u[firstIndex]
        if ASCII.isLetter(b) {
            var j = u.index(after: firstIndex)
            var letters = 1
            while j < u.endIndex, ASCII.isLetter(u[j]) {
                letters += 1
                j = u.index(after: j)
            }
            guard letters <= 4, j < u.endIndex, u[j] == 0x2E || u[j] == 0x29 else { return false }
        }
        let t = line.drop { $0 == " " }
        guard let first = t.first else { return false }
        if "•▪◦●■*-–—·+«»".contains(first) { return t.dropFirst().first == " " }
        var s = t
        let paren = s.first == "("
        if paren { s = s.dropFirst() }
        let label = s.prefix { $0.isNumber || $0.isLetter }
        guard !label.isEmpty, label.count <= 4 else { return false }
        let isNumber = label.allSatisfy(\.isNumber)
        let isRoman = label.allSatisfy { "ivxlIVXL".contains($0) }
        let isLetter = label.count == 1 && label.first!.isLetter
        guard isNumber || isRoman || isLetter else { return false }
        let rest = s.dropFirst(label.count)
        guard let mark = rest.first else { return false }
        if paren { return mark == ")" && rest.dropFirst().first == " " }
        return (mark == "." || mark == ")") && rest.dropFirst().first == " "
    }
}

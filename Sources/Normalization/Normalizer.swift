// The normalization stage: per paragraph, characters cleaned (CharacterCleanup), list items
// and headings kept as their own blocks, lines joined (Dehyphenator decides line-end
// hyphens), spacing tidied. Every change is an Edit; untouched text passes byte for byte.
import Correction
import DocumentModel

public struct NormalizationOptions: Sendable {
    public var form: UnicodeForm = .nfc
    /// Keep line breaks (hyphenated words are still joined).
    public var keepLines = false
    public init(form: UnicodeForm = .nfc, keepLines: Bool = false) { self.form = form; self.keepLines = keepLines }
}

public struct Normalizer {
    public let options: NormalizationOptions
    public let dehyphenator: Dehyphenator

    public init(lexicon: Lexicon?, options: NormalizationOptions = NormalizationOptions()) {
        self.options = options
        self.dehyphenator = Dehyphenator(lexicon: lexicon)
    }

    public func normalize(_ document: Document) -> Document {
        var result = document
        for p in result.pages.indices {
            for b in result.pages[p].blocks.indices {
                var paragraphs: [Paragraph] = []
                for (q, paragraph) in result.pages[p].blocks[b].paragraphs.enumerated() {
                    let location = Edit.Location(page: p, block: b, paragraph: q, line: 0)
                    paragraphs += normalize(paragraph, at: location, edits: &result.edits)
                }
                result.pages[p].blocks[b].paragraphs = paragraphs
            }
        }
        return result
    }

    /// One paragraph in, one or more out (list items and headings split off).
    public func normalize(_ paragraph: Paragraph, at location: Edit.Location, edits: inout [Edit]) -> [Paragraph] {
        var lines = paragraph.lines
        for i in lines.indices {
            var counts = CharacterCleanup.Counts()
            let cleaned = CharacterCleanup.clean(lines[i].text, form: options.form, counts: &counts)
            if cleaned != lines[i].text {
                var loc = location; loc.line = i
                let what = [("ligatures", counts.ligatures), ("invisible", counts.invisible), ("spaces", counts.spaces), ("recomposed", counts.recomposed)]
                    .filter { $0.1 > 0 }.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
                edits.append(Edit(stage: "normalize", rule: "unicode", location: loc, before: lines[i].text, after: cleaned, detail: what))
                lines[i].text = cleaned
            }
        }
        // Blocks: a list item starts a new block; so does the line after a heading-like short line.
        var groups: [[Line]] = []
        for line in lines {
            if groups.isEmpty || ListItems.isItemStart(line.text) { groups.append([line]) } else { groups[groups.count - 1].append(line) }
        }
        return groups.map { group in
            var paragraph = Paragraph(lines: [], box: paragraph.box)
            paragraph.lines = join(group, at: location, edits: &edits)
            return paragraph
        }
    }

    /// The lines of one block joined into one line (or kept, with --keep-lines).
    func join(_ lines: [Line], at location: Edit.Location, edits: inout [Edit]) -> [Line] {
        guard lines.count > 1 || lines.first.map({ needsSpacing($0.text) || $0.text.unicodeScalars.last == "\u{AD}" }) == true else { return lines }
        var out: [Line] = []
        var current = lines[0]
        for next in lines.dropFirst() {
            let left = trimmedRight(current.text), right = trimmedLeft(next.text)
            let decision = dehyphenator.decide(left, right)
            switch decision {
            case .notHyphenated:
                if options.keepLines {
                    out.append(current); current = next; continue
                }
                current.text = left + " " + right
            case .dropHyphen, .keepHyphen:
                let hyphenLength = left.unicodeScalars.last.map { String($0).utf8.count } ?? 1
                let stem = String(decoding: Array(left.utf8).dropLast(hyphenLength), as: UTF8.self)
                let glue = decision == .keepHyphen ? "-" : ""
                let firstWordEnd = right.firstIndex(of: " ") ?? right.endIndex
                let fragmentLeft = String(stem.split(separator: " ").last ?? "")
                edits.append(Edit(stage: "normalize", rule: decision == .keepHyphen ? "dehyphenate-compound" : "dehyphenate",
                                  location: location, before: fragmentLeft + String(left.unicodeScalars.last!) + "⏎" + right[..<firstWordEnd],
                                  after: fragmentLeft + glue + right[..<firstWordEnd]))
                if options.keepLines {
                    current.text = stem + glue + right[..<firstWordEnd]
                    let rest = trimmedLeft(String(right[firstWordEnd...]))
                    out.append(current)
                    current = next
                    current.text = rest
                    if rest.isEmpty { current = out.removeLast() }
                    continue
                }
                current.text = stem + glue + right
            }
            current.words += next.words
        }
        out.append(current)
        return out.map { line in
            var line = line
            if line.text.unicodeScalars.last == "\u{AD}" {  // a break marker with nothing after it
                line.text = String(line.text.unicodeScalars.dropLast())
            }
            let spaced = tidySpacing(line.text)
            if spaced != line.text {
                edits.append(Edit(stage: "normalize", rule: "spacing", location: location, before: line.text, after: spaced))
                line.text = spaced
            }
            return line
        }
    }

    private func needsSpacing(_ text: String) -> Bool { tidySpacing(text) != text }

    /// Runs of spaces made one; no space before , . ; : ! ? after a word; no trailing space.
    func tidySpacing(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        // Leading indentation is kept as it was.
        while i < bytes.count && bytes[i] == 0x20 { out.append(0x20); i += 1 }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 {
                var j = i
                while j < bytes.count && bytes[j] == 0x20 { j += 1 }
                if j == bytes.count { break }  // trailing spaces
                let next = bytes[j]
                let prev = out.last ?? 0x20
                let after = j + 1 < bytes.count ? bytes[j + 1] : 0x20
                let isMark = next == 0x2C || next == 0x2E || next == 0x3B || next == 0x3A || next == 0x21 || next == 0x3F
                let prevIsWord = (prev | 0x20) &- 97 < 26 || prev &- 48 < 10 || prev == 0x29 || prev == 0x22
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

    private func trimmedRight(_ s: String) -> String {
        var u = Substring(s)
        while u.last == " " { u = u.dropLast() }
        return String(u)
    }

    private func trimmedLeft(_ s: String) -> String { String(s.drop { $0 == " " }) }
}

/// Lines that start a list item: • - * – — followed by a space, 1. 1) (1) a. a) (a) i. ii) (iv).
public enum ListItems {
    public static func isItemStart(_ line: String) -> Bool {
        let t = line.drop { $0 == " " }
        guard let first = t.first else { return false }
        if "•▪◦●*-–—·".contains(first) { return t.dropFirst().first == " " }
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

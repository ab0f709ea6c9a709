import DocumentModel
// Lines that are not text: speckle lines (no letter or digit) and, with --strip-headers,
// running headers, footers and page numbers. A line that holds a word is never removed
// except as a header/footer the user asked to strip, and every removal is an Edit.
import Lexicon

/// Running headers, page numbers and speckle lines: what a page has besides its text.
public enum PageFurniture {
    /// Marks a scene break in typed text; kept.
    static let separators: Set<String> = ["***", "* * *", "---", "___", "•••", "* *", "—", "§"]

    /// A line of speckle: no letter or digit, not a separator, and — when OCR read it —
    /// read with low confidence.
    public static func isNoise(_ line: Line) -> Bool {
        // Most lines hold an ASCII letter or digit early on: then they are text.
        for b in line.text.utf8.prefix(16) where ASCII.isLetter(b) || ASCII.isDigit(b) { return false }
        let text = line.text.trimmingSpaces()
        if text.isEmpty { return true }
        if text.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) {
            return false
        }
        if separators.contains(text) { return false }
        if !line.words.isEmpty {
            let mean = line.words.reduce(Float(0)) { $0 + $1.confidence } / Float(line.words.count)
            return mean < 75 || text.count <= 2
        }
        // Typed text: short runs of the marks speckle turns into, but not a Markdown code fence.
        if line.codeFence > 0 { return false }
        return text.count <= 4
            && text.unicodeScalars.allSatisfy { ".,'`~_-:;‘’\"|^°·".unicodeScalars.contains($0) || $0 == " " }
    }

    /// A page number: 12, - 12 -, [12], Page 12, page 3 of 9, xiv.
    public static func isPageNumber(_ text: String) -> Bool {
        let t = text.trimmingSpaces().lowercased().filter { !"-–—[]().".contains($0) }.trimmingSpaces()
        if t.isEmpty { return false }
        var words = t.split(separator: " ")
        if words.first == "page" { words.removeFirst() }
        if words.count == 3 && words[1] == "of" { words = [words[0]] }
        guard words.count == 1, let w = words.first else { return false }
        return (w.count <= 4 && w.allSatisfy(\.isNumber)) || isRomanNumeral(String(w))
    }

    /// A canonical lower-case Roman numeral up to 399 (i, iv, xiv, cxx), not a word made of those letters (civil).
    static func isRomanNumeral(_ s: String) -> Bool {
        let values: [Character: Int] = ["i": 1, "v": 5, "x": 10, "l": 50, "c": 100]
        let digits = s.compactMap { values[$0] }
        guard !digits.isEmpty, digits.count == s.count else { return false }
        var total = 0
        for (k, d) in digits.enumerated() { total += k + 1 < digits.count && d < digits[k + 1] ? -d : d }
        guard total > 0, total < 400 else { return false }
        var canonical = ""
        var rest = total
        for (v, r) in [
            (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
        ] {
            while rest >= v {
                canonical += r
                rest -= v
            }
        }
        return canonical == s
    }

    /// The key two running headers share: the text without digits, case-folded.
    static func runningKey(_ text: String) -> String {
        text.lowercased().filter { !$0.isNumber }.trimmingSpaces()
    }

    /// Removes page numbers and running headers/footers (first or last line of a page,
    /// repeated on another page) from a document of several pages.
    public static func stripHeaders(_ document: inout Document) {
        guard document.pages.count >= 1 else { return }
        func edges(_ page: Page) -> [(b: Int, p: Int, l: Int)] {
            var out: [(Int, Int, Int)] = []
            if let b = page.blocks.indices.first, let p = page.blocks[b].paragraphs.indices.first,
                let l = page.blocks[b].paragraphs[p].lines.indices.first
            {
                out.append((b, p, l))
            }
            if let b = page.blocks.indices.last, let p = page.blocks[b].paragraphs.indices.last,
                let l = page.blocks[b].paragraphs[p].lines.indices.last, out.first.map({ $0 != (b, p, l) }) ?? true
            {
                out.append((b, p, l))
            }
            return out
        }
        var counts: [String: Int] = [:]
        for page in document.pages {
            for e in edges(page) {
                counts[runningKey(page.blocks[e.b].paragraphs[e.p].lines[e.l].text), default: 0] += 1
            }
        }
        for pageIndex in document.pages.indices {
            for e in edges(document.pages[pageIndex]).reversed() {
                let text = document.pages[pageIndex].blocks[e.b].paragraphs[e.p].lines[e.l].text
                let key = runningKey(text)
                guard isPageNumber(text) || (!key.isEmpty && (counts[key] ?? 0) >= 2 && document.pages.count >= 2)
                else { continue }
                document.edits.append(
                    Edit(
                        stage: "normalize", rule: isPageNumber(text) ? "page-number" : "running-header",
                        location: Edit.Location(page: pageIndex, block: e.b, paragraph: e.p, line: e.l),
                        before: text, after: ""))
                document.pages[pageIndex].blocks[e.b].paragraphs[e.p].lines.remove(at: e.l)
            }
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (the same string when there are none).
    func trimmingSpaces() -> String {
        let u = utf8
        var start = u.startIndex
        var end = u.endIndex
        while start < end, u[start] == 0x20 || u[start] == 0x09 { start = u.index(after: start) }
        while end > start, u[u.index(before: end)] == 0x20 || u[u.index(before: end)] == 0x09 {
            end = u.index(before: end)
        }
        if start == u.startIndex && end == u.endIndex { return self }
        return String(self[start..<end])
    }
}

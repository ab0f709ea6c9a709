// --format hocr: the page layout OCR found (areas, paragraphs, lines, words with boxes and
// confidences) carrying the repaired words; a word repair changed keeps OCR's reading in an
// `x_ocr` property. Lines are the printed lines, recovered from the words' boxes after the
// text stages joined them into paragraphs.
import DocumentModel

enum HOCROutput {
    /// The document as hOCR (`OutputFormat.render` has checked that it has a page layout).
    static func render(_ document: Document, system: String) -> [UInt8] {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
            <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
             <head>
              <title>\(escape(document.source))</title>
              <meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>
              <meta name="ocr-system" content="\(escape(system))"/>
              <meta name="ocr-capabilities" content="ocr_page ocr_carea ocr_par ocr_line ocrx_word ocrp_wconf"/>
             </head>
             <body>

            """
        var counts = (area: 0, par: 0, line: 0, word: 0)
        for (p, page) in document.pages.enumerated() {
            let n = p + 1
            out +=
                "  <div class=\"ocr_page\" id=\"page_\(n)\" title=\"image &quot;\(escape(document.source))&quot;; bbox 0 0 \(page.width) \(page.height); ppageno \(p)\">\n"
            for block in page.blocks {
                let paragraphs = block.paragraphs.filter { !$0.lines.allSatisfy { $0.text.allSatisfy(\.isWhitespace) } }
                guard !paragraphs.isEmpty else { continue }
                counts.area += 1
                out += "   <div class=\"ocr_carea\" id=\"block_\(n)_\(counts.area)\"\(bbox(block.box))>\n"
                for paragraph in paragraphs {
                    counts.par += 1
                    out += "    <p class=\"ocr_par\" id=\"par_\(n)_\(counts.par)\"\(bbox(paragraph.box))>\n"
                    for line in printedLines(WordPlacement.place(paragraph)) {
                        counts.line += 1
                        let box = Box.bounds(line.compactMap(\.box))
                        out += "     <span class=\"ocr_line\" id=\"line_\(n)_\(counts.line)\"\(bbox(box))>"
                        for word in line {
                            counts.word += 1
                            var title: [String] = []
                            if let b = word.box { title.append("bbox \(b.left) \(b.top) \(b.right) \(b.bottom)") }
                            if let c = word.confidence { title.append("x_wconf \(Int(c.rounded()))") }
                            if let o = word.ocrText { title.append("x_ocr &quot;\(escape(o))&quot;") }
                            let attribute = title.isEmpty ? "" : " title=\"\(title.joined(separator: "; "))\""
                            out +=
                                "<span class=\"ocrx_word\" id=\"word_\(n)_\(counts.word)\"\(attribute)>\(escape(word.text))</span> "
                        }
                        if out.hasSuffix(" ") { out.removeLast() }
                        out += "</span>\n"
                    }
                    out += "    </p>\n"
                }
                out += "   </div>\n"
            }
            out += "  </div>\n"
        }
        out += " </body>\n</html>\n"
        return Array(out.utf8)
    }

    /// Words split into the lines they were printed on: a word that starts left of the one
    /// before it, and below its middle, begins a new line; a word hyphenated across lines
    /// ends the line it starts on.
    static func printedLines(_ words: [PlacedWord]) -> [[PlacedWord]] {
        var lines: [[PlacedWord]] = []
        var previous: Box?
        var breakAfter = false  // the word before was hyphenated across lines: it ends its line
        for word in words {
            if breakAfter || (word.box.flatMap { box in previous.map { startsNewLine(box, after: $0) } } ?? false) {
                lines.append([])
            }
            if lines.isEmpty { lines.append([]) }
            lines[lines.count - 1].append(word)
            if let b = word.pieces.last ?? word.box { previous = b }
            breakAfter = !word.pieces.isEmpty
        }
        return lines.filter { !$0.isEmpty }
    }

    static func startsNewLine(_ box: Box, after last: Box) -> Bool {
        let middle = (last.top + last.bottom) / 2
        return box.left < last.left && box.top > middle
    }

    static func bbox(_ box: Box?) -> String {
        guard let b = box else { return "" }
        return " title=\"bbox \(b.left) \(b.top) \(b.right) \(b.bottom)\""
    }

    /// Text for XML content and attributes: markup characters as entities, and the
    /// characters XML 1.0 cannot carry at all (controls other than tab, line feed and
    /// carriage return; U+FFFE, U+FFFF) as U+FFFD, so the document stays well-formed.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(c)
            case _ where c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF: out += "\u{FFFD}"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

// --format alto: ALTO 4.4 (the layout format libraries and archives exchange), the page as OCR
// laid it out, carrying the repaired words. A word repair changed keeps OCR's reading as an
// ALTERNATIVE; a word hyphenated across lines is two Strings (HypPart1, HypPart2) with the
// whole word in SUBS_CONTENT and a HYP between them. Lines are the printed lines, as in hOCR.
import DocumentModel
import Platform

enum ALTOOutput {
    static let namespace = "http://www.loc.gov/standards/alto/ns-v4#"
    static let schema = "http://www.loc.gov/standards/alto/v4/alto-4-4.xsd"

    /// The document as ALTO (`OutputFormat.render` has checked that it has a page layout).
    static func render(_ document: Document, system: String) -> [UInt8] {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <alto xmlns="\(namespace)" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="\(namespace) \(schema)">
              <Description>
                <MeasurementUnit>pixel</MeasurementUnit>
                <sourceImageInformation>
                  <fileName>\(HOCROutput.escape(document.source))</fileName>
                </sourceImageInformation>
                <Processing ID="processing_1">
                  <processingStepDescription>OCR by Tesseract; normalization, punctuation and correction by repair</processingStepDescription>
                  <processingSoftware>
                    <softwareName>repair</softwareName>
                    <softwareVersion>\(HOCROutput.escape(system))</softwareVersion>
                  </processingSoftware>
                </Processing>
              </Description>
              <Layout>

            """
        var ids = (block: 0, line: 0, string: 0)
        for (p, page) in document.pages.enumerated() {
            let n = p + 1
            out +=
                "    <Page ID=\"page_\(n)\" PHYSICAL_IMG_NR=\"\(n)\" WIDTH=\"\(page.width)\" HEIGHT=\"\(page.height)\">\n"
            out += "      <PrintSpace HPOS=\"0\" VPOS=\"0\" WIDTH=\"\(page.width)\" HEIGHT=\"\(page.height)\">\n"
            for block in page.blocks {
                for paragraph in block.paragraphs {
                    let lines = textLines(HOCROutput.printedLines(WordPlacement.place(paragraph)))
                    guard !lines.isEmpty else { continue }
                    ids.block += 1
                    let box = Box.bounds(lines.compactMap(\.box)) ?? paragraph.box
                    out += "        <TextBlock ID=\"block_\(ids.block)\"\(position(box))>\n"
                    for line in lines {
                        ids.line += 1
                        out += "          <TextLine ID=\"line_\(ids.line)\"\(position(line.box))>\n"
                        for (k, string) in line.strings.enumerated() {
                            ids.string += 1
                            if k > 0 && !line.strings[k - 1].isHypPart1 { out += "            <SP/>\n" }
                            out += element(string, id: "string_\(ids.string)")
                            if string.isHypPart1 { out += "            <HYP CONTENT=\"-\"/>\n" }
                        }
                        out += "          </TextLine>\n"
                    }
                    out += "        </TextBlock>\n"
                }
            }
            out += "      </PrintSpace>\n    </Page>\n"
        }
        out += "  </Layout>\n</alto>\n"
        return Array(out.utf8)
    }

    /// One ALTO String: a whole word, or one part of a word hyphenated across lines.
    struct StringPart {
        var content: String
        var box: Box?
        var confidence: Float?
        var ocr: String?
        var subsType: String?
        var subsContent: String?
        var isHypPart1: Bool { subsType == "HypPart1" }
    }

    struct TextLine {
        var strings: [StringPart]
        var box: Box? { Box.bounds(strings.compactMap(\.box)) }
    }

    /// The printed lines as ALTO lines: a word hyphenated across lines ends its line with its
    /// first part and opens the next with the second.
    static func textLines(_ printed: [[PlacedWord]]) -> [TextLine] {
        var lines: [TextLine] = []
        var carried: StringPart?
        for words in printed {
            var strings: [StringPart] = carried.map { [$0] } ?? []
            carried = nil
            for word in words {
                guard word.pieces.count >= 2 else {
                    strings.append(
                        StringPart(content: word.text, box: word.box, confidence: word.confidence, ocr: word.ocrText))
                    continue
                }
                let (first, second) = split(word)
                // OCR's reading of each piece, its line-end hyphen being the HYP.
                let pieces = word.ocrText?.split(separator: " ").map(String.init) ?? []
                let ocrFirst = pieces.first.map { $0.hasSuffix("-") || $0.hasSuffix("¬") ? String($0.dropLast()) : $0 }
                strings.append(
                    StringPart(
                        content: first, box: word.pieces[0], confidence: word.confidence, ocr: ocrFirst,
                        subsType: "HypPart1", subsContent: word.text))
                carried = StringPart(
                    content: second, box: word.pieces[word.pieces.count - 1], confidence: word.confidence,
                    ocr: pieces.count > 1 ? pieces[pieces.count - 1] : nil, subsType: "HypPart2", subsContent: word.text
                )
            }
            if !strings.isEmpty { lines.append(TextLine(strings: strings)) }
        }
        if let carried { lines.append(TextLine(strings: [carried])) }
        return lines
    }

    /// A word printed on two lines, cut where OCR's first piece ended (its hyphen left out).
    static func split(_ word: PlacedWord) -> (String, String) {
        let firstPiece = word.ocrText?.split(separator: " ").first.map(String.init) ?? ""
        let letters = firstPiece.hasSuffix("-") || firstPiece.hasSuffix("¬") ? firstPiece.count - 1 : firstPiece.count
        let cut = min(max(letters, 1), max(word.text.count - 1, 1))
        let second = word.text.dropFirst(cut)
        // A compound's own hyphen is the HYP between the parts (multi | stakeholder).
        return (
            String(word.text.prefix(cut)), String(second.first == "-" && second.count > 1 ? second.dropFirst() : second)
        )
    }

    static func element(_ s: StringPart, id: String) -> String {
        var attributes = " ID=\"\(id)\" CONTENT=\"\(HOCROutput.escape(s.content))\"" + position(s.box)
        if let c = s.confidence { attributes += " WC=\"\(decimal(Double(max(0, min(c, 100))) / 100, places: 2))\"" }
        if let type = s.subsType, let whole = s.subsContent {
            attributes += " SUBS_TYPE=\"\(type)\" SUBS_CONTENT=\"\(HOCROutput.escape(whole))\""
        }
        guard let ocr = s.ocr, ocr != s.content else { return "            <String\(attributes)/>\n" }
        return
            "            <String\(attributes)>\n              <ALTERNATIVE>\(HOCROutput.escape(ocr))</ALTERNATIVE>\n            </String>\n"
    }

    /// HPOS, VPOS, WIDTH and HEIGHT of a box, when there is one.
    static func position(_ box: Box?) -> String {
        guard let b = box else { return "" }
        return " HPOS=\"\(b.left)\" VPOS=\"\(b.top)\" WIDTH=\"\(b.width)\" HEIGHT=\"\(b.height)\""
    }
}

// List markers OCR misread: in a run of list items (paragraphs that start with a marker and
// a space), a marker read as + * e « » : - o · becomes the document's bullet — the marker most
// of its items use, or the one --bullet names.
import DocumentModel

/// List markers OCR misread, made the document's bullet.
public struct BulletRepair {
    /// What a printed bullet comes out of OCR as.
    static let misreads: Set<String> = ["+", "*", "e", "«", "»", ":", "-", "o", "·", "°", "¢", "©", "@"]
    static let bullets: Set<String> = ["•", "▪", "◦", "●", "■", "–", "—"]

    /// The bullet every item gets (nil: the document's own majority marker, else •).
    public var bullet: String?
    /// A repair with `bullet`.
    public init(bullet: String? = nil) { self.bullet = bullet }

    /// The marker a paragraph starts with ("• ", "+ "), if any.
    static func marker(_ text: String) -> String? {
        guard let space = text.firstIndex(of: " "), space != text.startIndex else { return nil }
        let m = String(text[..<space])
        guard m.count == 1, misreads.contains(m) || bullets.contains(m) else { return nil }
        // The item must go on with a word.
        let rest = text[text.index(after: space)...]
        return rest.first.map { $0.isLetter || $0.isNumber || $0 == "“" || $0 == "\"" } == true ? m : nil
    }

    /// The document with its list markers repaired.
    public func repair(_ document: Document) -> Document {
        var result = document
        // Items in reading order: (page, block, paragraph).
        var items: [(Int, Int, Int, String)] = []
        for p in result.pages.indices {
            let code = result.pages[p].codeParagraphs()
            for b in result.pages[p].blocks.indices {
                for q in result.pages[p].blocks[b].paragraphs.indices {
                    if !code.isEmpty && code.contains(ParagraphPosition(block: b, paragraph: q)) { continue }
                    if let first = result.pages[p].blocks[b].paragraphs[q].lines.first, let m = Self.marker(first.text)
                    {
                        items.append((p, b, q, m))
                    }
                }
            }
        }
        // Runs: items whose paragraphs follow each other.
        var runs: [[(Int, Int, Int, String)]] = []
        for item in items {
            if let last = runs.last?.last, Self.follows(last, item, in: result) {
                runs[runs.count - 1].append(item)
            } else {
                runs.append([item])
            }
        }
        // The document's bullet: the marker most items use; ties go to a real bullet, then to
        // the marker the document uses first (never to hash order: the same input gives the
        // same output in every run).
        var counts: [String: (count: Int, first: Int)] = [:]
        var order = 0
        for run in runs where run.count >= 2 {
            for item in run {
                counts[item.3, default: (0, order)].count += 1
                order += 1
            }
        }
        let majority = counts.max { a, b in
            if a.value.count != b.value.count { return a.value.count < b.value.count }
            let aBullet = Self.bullets.contains(a.key)
            let bBullet = Self.bullets.contains(b.key)
            if aBullet != bBullet { return bBullet }
            return a.value.first > b.value.first
        }?.key
        // Plain text's own bullets (- and *) are the document's choice when most items use them.
        guard let target = bullet ?? majority.map({ Self.bullets.contains($0) || $0 == "-" || $0 == "*" ? $0 : "•" })
        else { return result }
        for run in runs where run.count >= 2 {
            for (p, b, q, m) in run where m != target && (Self.misreads.contains(m) || bullet != nil) {
                let old = result.pages[p].blocks[b].paragraphs[q].lines[0].text
                let new = target + old.dropFirst(m.count)
                result.pages[p].blocks[b].paragraphs[q].lines[0].text = new
                result.edits.append(
                    Edit(
                        stage: "punctuation", rule: "bullet",
                        location: Edit.Location(page: p, block: b, paragraph: q, line: 0),
                        before: m, after: target, span: 0..<m.utf8.count))
            }
        }
        return result
    }

    /// Whether paragraph `b` comes right after paragraph `a` (same block, or the first of the next block).
    static func follows(_ a: (Int, Int, Int, String), _ b: (Int, Int, Int, String), in doc: Document) -> Bool {
        if a.0 == b.0 && a.1 == b.1 { return b.2 == a.2 + 1 }
        if a.0 == b.0 && b.1 == a.1 + 1 { return b.2 == 0 && a.2 == doc.pages[a.0].blocks[a.1].paragraphs.count - 1 }
        return false
    }
}

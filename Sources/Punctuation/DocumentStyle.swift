// Dashes and quotes by the document's own majority: a spaced - or ~ between words that stands
// for the dash the document uses (– or —) becomes that dash; straight double quotes in a
// document that mostly uses curly ones become curly (and the reverse), and a curly quote
// that points the wrong way for its place is turned. Runs before the punctuation stage.
import DocumentModel

/// Dashes and quotes made the document's own: its majority dash and quote style.
public struct DocumentStyle {
    /// The stage.
    public init() {}

    /// The document with its dashes and quotes made consistent.
    public func repair(_ document: Document) -> Document {
        var result = document
        let text = document.plainText
        // The document's spaced dash, if it has one: counted over all its text.
        let en = Self.occurrences(of: " – ", in: text)
        let em = Self.occurrences(of: " — ", in: text)
        let dash: String? = en + em >= 2 ? (en >= em ? "–" : "—") : nil
        let curly = text.filter { $0 == "“" || $0 == "”" }.count
        let straight = text.filter { $0 == "\"" }.count
        let wantCurly: Bool? = curly + straight >= 4 && curly != straight ? curly > straight : nil
        result.rewriteLines { line, location in
            var new = line.text
            if let dash {
                // Only between two words; "2018 - 2020" is a range and stays.
                new = Self.replaceSpacedMarks(new, marks: ["-", "~"], with: dash)
            }
            if let wantCurly { new = Self.quotes(new, curly: wantCurly) }
            guard new != line.text else { return nil }
            return (
                new,
                [Edit(stage: "punctuation", rule: "document-style", location: location, before: line.text, after: new)]
            )
        }
        return result
    }

    /// " - " or " ~ " between two letters becomes " <dash> ".
    static func replaceSpacedMarks(_ line: String, marks: Set<Character>, with dash: String) -> String {
        let chars = Array(line)
        guard chars.count >= 5 else { return line }
        var out = ""
        var i = 0
        while i < chars.count {
            if i >= 2, i + 2 < chars.count, marks.contains(chars[i]), chars[i - 1] == " ", chars[i + 1] == " ",
                chars[i - 2].isLetter, chars[i + 2].isLetter
            {
                out += dash
            } else {
                out.append(chars[i])
            }
            i += 1
        }
        return out
    }

    /// Double quotes in the wanted style, each pointing the way its place says: opening after
    /// a space or a bracket (or at the start), closing otherwise.
    static func quotes(_ line: String, curly: Bool) -> String {
        guard line.contains(where: { $0 == "\"" || $0 == "“" || $0 == "”" }) else { return line }
        let chars = Array(line)
        var out = ""
        for (i, c) in chars.enumerated() {
            guard c == "\"" || c == "“" || c == "”" else {
                out.append(c)
                continue
            }
            if !curly {
                out.append("\"")
                continue
            }
            let before: Character? = i > 0 ? chars[i - 1] : nil
            let after: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            let opens = (before == nil || before == " " || "([{—–".contains(before!)) && after != nil && after != " "
            out.append(opens ? "“" : "”")
        }
        return out
    }

    /// How often `needle` stands in `text` (non-overlapping).
    static func occurrences(of needle: String, in text: String) -> Int {
        let n = Array(needle.utf8)
        let t = Array(text.utf8)
        guard !n.isEmpty, t.count >= n.count else { return 0 }
        var count = 0
        var i = 0
        while i + n.count <= t.count {
            if t[i] == n[0] && t[i..<(i + n.count)].elementsEqual(n) {
                count += 1
                i += n.count
            } else {
                i += 1
            }
        }
        return count
    }
}

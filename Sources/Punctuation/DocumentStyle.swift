// Dashes and quotes by the document's own majority: a spaced - or ~ between words that stands
// for the dash the document uses (– or —) becomes that dash; straight double quotes in a
// document that mostly uses curly ones become curly (and the reverse), and a curly quote
// that points the wrong way for its place is turned. Runs before the punctuation stage.
import DocumentModel
import Lexicon

/// Dashes and quotes made the document's own: its majority dash and quote style.
public struct DocumentStyle {
    /// The stage.
    public init() {}

    /// The document with its dashes and quotes made consistent.
    public func repair(_ document: Document) -> Document {
        var result = document
        // The document's spaced dash and its quotes, counted over all its lines.
        var counts = MarkCounts()
        for page in document.pages {
            for paragraph in page.paragraphs {
                for line in paragraph.lines {
                    var text = line.text
                    text.withUTF8 { counts.add($0) }
                }
            }
        }
        // A document that spaces hyphens between words more often than it prints dashes writes
        // its dash so (`costs - especially`): its few dashes are not the style OCR missed.
        let dashes = counts.en + counts.em
        let dash: [UInt8]? =
            dashes >= 2 && dashes >= counts.hyphens ? (counts.en >= counts.em ? Self.enDash : Self.emDash) : nil
        let curly = counts.curly
        let straight = counts.straight
        let wantCurly: Bool? = curly + straight >= 4 && curly != straight ? curly > straight : nil
        guard dash != nil || wantCurly != nil else { return result }
        result.rewriteLines { line, location in
            var text = line.text
            let new = text.withUTF8 { bytes -> [UInt8]? in
                var changed: [UInt8]?
                // Only between two words; "2018 - 2020" is a range and stays.
                if let dash { changed = Self.replaceSpacedMarks(bytes, with: dash) }
                if let wantCurly {
                    if let once = changed {
                        changed = once.withUnsafeBufferPointer { Self.quotes($0, curly: wantCurly) } ?? once
                    } else {
                        changed = Self.quotes(bytes, curly: wantCurly)
                    }
                }
                return changed
            }
            guard let new else { return nil }
            let after = String(decoding: new, as: UTF8.self)
            guard after != line.text else { return nil }
            return (
                after,
                [
                    Edit(
                        stage: "punctuation", rule: "document-style", location: location, before: line.text,
                        after: after)
                ]
            )
        }
        return result
    }

    static let enDash: [UInt8] = [0xE2, 0x80, 0x93]
    static let emDash: [UInt8] = [0xE2, 0x80, 0x94]
    static let leftQuote: [UInt8] = [0xE2, 0x80, 0x9C]
    static let rightQuote: [UInt8] = [0xE2, 0x80, 0x9D]

    /// Spaced dashes (` – `, ` — `) and double quotes (curly, straight) in a text.
    struct MarkCounts {
        var en = 0
        var em = 0
        /// Spaced hyphens between words (" - "): the document's own dash where they outnumber
        /// its dashes.
        var hyphens = 0
        var curly = 0
        var straight = 0

        mutating func add(_ t: UnsafeBufferPointer<UInt8>) {
            var i = 0
            let n = t.count
            while i < n {
                let b = t[i]
                if b == 0x22 {
                    straight += 1
                } else if b == 0x2D, DocumentStyle.isSpacedBetweenWords(t, at: i) {
                    hyphens += 1
                } else if b == 0xE2, i + 2 < n, t[i + 1] == 0x80 {
                    switch t[i + 2] {
                    case 0x9C, 0x9D: curly += 1
                    case 0x93, 0x94:
                        if i > 0, t[i - 1] == 0x20, i + 3 < n, t[i + 3] == 0x20 {
                            if t[i + 2] == 0x93 { en += 1 } else { em += 1 }
                            i += 4  // non-overlapping, as a search for " – " would count
                            continue
                        }
                    default: break
                    }
                    i += 3
                    continue
                }
                i += 1
            }
        }
    }

    /// " - " or " ~ " between two letters becomes " <dash> "; nil when nothing changed.
    static func replaceSpacedMarks(_ t: UnsafeBufferPointer<UInt8>, with dash: [UInt8]) -> [UInt8]? {
        let n = t.count
        guard n >= 5 else { return nil }
        var out: [UInt8]?
        var copied = 0
        var i = 2
        while i + 2 < n {
            let b = t[i]
            if (b == 0x2D || b == 0x7E) && isSpacedBetweenWords(t, at: i) {
                if out == nil { out = Array(repeating: 0, count: 0) }
                out!.append(contentsOf: t[copied..<i])
                out!.append(contentsOf: dash)
                copied = i + 1
            }
            i += 1
        }
        guard var result = out else { return nil }
        result.append(contentsOf: t[copied..<n])
        return result
    }

    /// Whether the byte at `i` stands alone between two words: a space on each side, a letter
    /// beyond each space.
    static func isSpacedBetweenWords(_ t: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        i >= 2 && i + 2 < t.count && t[i - 1] == 0x20 && t[i + 1] == 0x20 && letterEnds(t, before: i - 1)
            && letterStarts(t, at: i + 2)
    }

    /// Whether the character that ends just before byte `end` is a letter (its first scalar, as
    /// `Character.isLetter`: combining marks after a base letter are skipped).
    static func letterEnds(_ t: UnsafeBufferPointer<UInt8>, before end: Int) -> Bool {
        var stop = end
        while stop > 0 {
            var start = stop - 1
            if t[start] < 0x80 { return ASCII.isLetter(t[start]) }
            while start > 0 && t[start] & 0xC0 == 0x80 { start -= 1 }
            guard let scalar = decode(t, at: start) else { return false }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: stop = start
            default: return isLetter(scalar)
            }
        }
        return false
    }

    /// Whether the character that starts at byte `start` is a letter.
    static func letterStarts(_ t: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        if t[start] < 0x80 { return ASCII.isLetter(t[start]) }
        return decode(t, at: start).map(isLetter) ?? false
    }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// The scalar whose UTF-8 starts at byte `i`.
    static func decode(_ t: UnsafeBufferPointer<UInt8>, at i: Int) -> Unicode.Scalar? {
        var iterator = t[i...].makeIterator()
        var codec = UTF8()
        if case .scalarValue(let s) = codec.decode(&iterator) { return s }
        return nil
    }

    /// Double quotes in the wanted style, each pointing the way its place says: opening after
    /// a space or a bracket (or at the start), closing otherwise; nil when nothing changed.
    static func quotes(_ t: UnsafeBufferPointer<UInt8>, curly: Bool) -> [UInt8]? {
        let n = t.count
        var out: [UInt8]?
        var copied = 0
        var i = 0
        while i < n {
            let b = t[i]
            let width: Int
            if b == 0x22 {
                width = 1
            } else if b == 0xE2, i + 2 < n, t[i + 1] == 0x80, t[i + 2] == 0x9C || t[i + 2] == 0x9D {
                width = 3
            } else {
                i += 1
                continue
            }
            let wanted: [UInt8]
            if !curly {
                wanted = [0x22]
            } else {
                let atStart = i == 0
                let after = i + width < n ? t[i + width] : nil
                let opens = (atStart || opensAfter(t, before: i)) && after != nil && after != 0x20
                wanted = opens ? leftQuote : rightQuote
            }
            if !(wanted.count == width && t[i] == wanted[0] && (width == 1 || t[i + 2] == wanted[2])) {
                if out == nil { out = [] }
                out!.append(contentsOf: t[copied..<i])
                out!.append(contentsOf: wanted)
                copied = i + width
            }
            i += width
        }
        guard var result = out else { return nil }
        result.append(contentsOf: t[copied..<n])
        return result
    }

    /// Whether the character before byte `i` is one a quote opens after: a space, a bracket or a dash.
    static func opensAfter(_ t: UnsafeBufferPointer<UInt8>, before i: Int) -> Bool {
        let b = t[i - 1]
        if b == 0x20 || b == 0x28 || b == 0x5B || b == 0x7B { return true }
        // — and – (E2 80 94 / E2 80 93).
        return i >= 3 && t[i - 3] == 0xE2 && t[i - 2] == 0x80 && (b == 0x94 || b == 0x93)
    }
}

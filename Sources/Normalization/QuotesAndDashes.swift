// Quotes and dashes: OCR's doubled quotes and ,, openings mended in every style; with
// --quotes/--dashes ascii or typographic, one style throughout. `keep` (the default) leaves
// the text's own choice.

/// How quotes and dashes are written: kept as OCR read them, plain ASCII, or typographic.
public enum PunctuationStyle: String, Sendable, CaseIterable { case keep, ascii, typographic }

/// Quotes and dashes rewritten in one style.
public enum QuotesAndDashes {
    /// `line` with quotes in `quotes` style and dashes in `dashes` style.
    public static func apply(_ line: String, quotes: PunctuationStyle, dashes: PunctuationStyle) -> String {
        // Fast path: with both styles kept, only doubled quotes and ,, can change.
        if quotes == .keep && dashes == .keep && !hasDoubledQuote(line) { return line }
        var scalars = Array(line.unicodeScalars)
        mendDoubledQuotes(&scalars)
        switch quotes {
        case .keep: break
        case .ascii: scalars = scalars.map(asciiQuote)
        case .typographic: typographicQuotes(&scalars)
        }
        switch dashes {
        case .keep: break
        case .ascii:
            scalars = scalars.flatMap {
                $0 == "\u{2014}" ? ["-", "-"] : ($0 == "\u{2013}" || $0 == "\u{2012}" ? ["-"] : [$0])
            }
        case .typographic: typographicDashes(&scalars)
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        let result = String(out)
        return result == line ? line : result
    }

    /// Whether `line` holds '' ,, ‘‘ or ’’ (bytes: 27 27, 2C 2C, E2 80 98 ×2, E2 80 99 ×2).
    static func hasDoubledQuote(_ line: String) -> Bool {
        var previous: UInt8 = 0
        var i = 0
        for b in line.utf8 {
            if (b == 0x27 || b == 0x2C) && previous == b { return true }
            if (b == 0x98 || b == 0x99) && i >= 5 {
                let u = line.utf8
                let end = u.index(u.startIndex, offsetBy: i + 1)
                let six = u[u.index(end, offsetBy: -6)..<end]
                if six.elementsEqual([0xE2, 0x80, b, 0xE2, 0x80, b]) { return true }
            }
            previous = b
            i += 1
        }
        return false
    }

    /// '' → " (‘‘ → “, ’’ → ”), and ,, before a word → an opening double quote.
    static func mendDoubledQuotes(_ s: inout [Unicode.Scalar]) {
        let curly = s.contains { $0 == "\u{201C}" || $0 == "\u{201D}" || $0 == "\u{2018}" || $0 == "\u{2019}" }
        var i = 0
        while i + 1 < s.count {
            let a = s[i]
            let b = s[i + 1]
            var replacement: Unicode.Scalar?
            if a == "'" && b == "'" {
                replacement = "\""
            } else if a == "\u{2018}" && b == "\u{2018}" {
                replacement = "\u{201C}"
            } else if a == "\u{2019}" && b == "\u{2019}" {
                replacement = "\u{201D}"
            } else if a == "," && b == ",", i + 2 < s.count, s[i + 2].properties.isAlphabetic, i == 0 || s[i - 1] == " "
            {
                replacement = curly ? "\u{201C}" : "\""
            }
            if let replacement { s.replaceSubrange(i...(i + 1), with: [replacement]) }
            i += 1
        }
    }

    static func asciiQuote(_ c: Unicode.Scalar) -> Unicode.Scalar {
        switch c {
        case "\u{201C}", "\u{201D}", "\u{201E}", "\u{201F}", "\u{00AB}", "\u{00BB}": return "\""
        case "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}": return "'"
        default: return c
        }
    }

    /// Straight quotes made curly by position: opening after a space or bracket, closing otherwise.
    static func typographicQuotes(_ s: inout [Unicode.Scalar]) {
        for i in s.indices where s[i] == "\"" || s[i] == "'" {
            let before: Unicode.Scalar? = i > 0 ? s[i - 1] : nil
            let after: Unicode.Scalar? = i + 1 < s.count ? s[i + 1] : nil
            let opens =
                (before == nil || before == " " || "([{\u{2014}\u{2013}".unicodeScalars.contains(before!))
                && after != nil && after != " "
            if s[i] == "\"" {
                s[i] = opens ? "\u{201C}" : "\u{201D}"
            } else if before?.properties.isAlphabetic == true {
                s[i] = "\u{2019}"
            }  // apostrophe
            else {
                s[i] = opens ? "\u{2018}" : "\u{2019}"
            }
        }
    }

    /// -- → —; a hyphen with spaces on both sides between words → an en dash.
    static func typographicDashes(_ s: inout [Unicode.Scalar]) {
        var i = 0
        while i < s.count {
            if s[i] == "-", i + 1 < s.count, s[i + 1] == "-" {
                s.replaceSubrange(i...(i + 1), with: ["\u{2014}"])
            } else if s[i] == "-", i > 0, i + 1 < s.count, s[i - 1] == " ", s[i + 1] == " " {
                s[i] = "\u{2013}"
            }
            i += 1
        }
    }
}

// Character-level normalization: ligatures expanded, invisible and control characters
// removed, exotic spaces made plain, then ICU's NFC (or NFKC). Text with none of these
// comes back as the same string.

/// The Unicode normal form text is brought to.
public enum UnicodeForm: String, Sendable, CaseIterable { case nfc, nfkc }

/// Unicode clean-up of a line: normal form, ligatures, invisible and control characters, exotic spaces.
public enum CharacterCleanup {
    static let ligatures: [Unicode.Scalar: String] = [
        "\u{FB00}": "ff", "\u{FB01}": "fi", "\u{FB02}": "fl", "\u{FB03}": "ffi", "\u{FB04}": "ffl",
        "\u{FB05}": "st", "\u{FB06}": "st",
    ]

    /// Scalars removed outright: soft hyphen (inside a line), zero-width characters, BOM, controls.
    @inline(__always)
    static func isInvisible(_ v: UInt32) -> Bool {
        v == 0xAD || (0x200B...0x200D).contains(v) || v == 0x2060 || v == 0xFEFF
            || (v < 0x20 && v != 0x09 && v != 0x0A) || v == 0x7F || (0x80...0x9F).contains(v)
    }

    /// Spaces other than U+0020 that OCR and word processors emit.
    @inline(__always)
    static func isExoticSpace(_ v: UInt32) -> Bool {
        v == 0xA0 || (0x2000...0x200A).contains(v) || v == 0x202F || v == 0x205F || v == 0x3000 || v == 0x09
    }

    static func isCJK(_ s: String.UnicodeScalarView, before i: String.UnicodeScalarView.Index) -> Bool {
        i > s.startIndex && s[s.index(before: i)].value >= 0x2E80
    }
    static func isCJK(_ s: String.UnicodeScalarView, after i: String.UnicodeScalarView.Index) -> Bool {
        let n = s.index(after: i)
        return n < s.endIndex && s[n].value >= 0x2E80
    }

    /// How many characters each rule changed.
    public struct Counts: Sendable, Equatable { public var ligatures = 0, invisible = 0, spaces = 0, recomposed = 0 }

    /// `line` cleaned, with how many of each change were made.
    public static func clean(_ line: String, form: UnicodeForm = .nfc, counts: inout Counts) -> String {
        // Fast path: plain ASCII without controls needs nothing; nor does text whose only
        // non-ASCII is Latin-1 letters or General Punctuation quotes and dashes (no ligature,
        // invisible, space or composition to handle).
        if line.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return line }
        if form == .nfc
            && line.unicodeScalars.allSatisfy({ v in
                let x = v.value
                return (x >= 0x20 && x < 0x7F) || (x >= 0xC0 && x < 0x300) || (0x2010...0x2027).contains(x)
                    || (0x2030...0x205E).contains(x)
            })
        {
            return line
        }
        // Bytes, not a String.UnicodeScalarView: appending several scalars to the view copies it
        // whole each time (a line of 40,000 ligatures took seconds).
        var out: [UInt8] = []
        out.reserveCapacity(line.utf8.count + 16)
        func put(_ scalar: Unicode.Scalar) { UTF8.encode(scalar) { out.append($0) } }
        var changed = false
        let scalars = line.unicodeScalars
        let last = scalars.indices.last
        for index in scalars.indices {
            let scalar = scalars[index]
            let v = scalar.value
            if v == 0xAD && index == last {
                put(scalar)  // a soft hyphen that ends a line marks a break: de-hyphenation decides
            } else if v >= 0xFB00 && v <= 0xFB06, form == .nfc, let expansion = ligatures[scalar] {
                for s in expansion.unicodeScalars { put(s) }
                counts.ligatures += 1
                changed = true
            } else if isInvisible(v) {
                counts.invisible += 1
                changed = true
            } else if isExoticSpace(v) {
                // An ideographic space between CJK characters is the script's own.
                if v == 0x3000, isCJK(scalars, before: index) || isCJK(scalars, after: index) {
                    put(scalar)
                    continue
                }
                out.append(0x20)
                counts.spaces += 1
                changed = true
            } else {
                put(scalar)
            }
        }
        let cleaned = changed ? String(decoding: out, as: UTF8.self) : line
        // Scalars below U+0300 and the quotes, dashes and bullets of General Punctuation
        // are stable under NFC: no need to ask ICU.
        if form == .nfc
            && cleaned.unicodeScalars.allSatisfy({
                $0.value < 0x300 || (0x2010...0x2027).contains($0.value) || (0x2030...0x205E).contains($0.value)
            })
        {
            return cleaned
        }
        let icuForm: ICU.Form = form == .nfc ? .nfc : .nfkc
        if ICU.isNormalized(cleaned, form: icuForm) { return cleaned }
        counts.recomposed += 1
        return ICU.normalize(cleaned, form: icuForm)
    }
}

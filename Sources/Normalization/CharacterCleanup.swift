// Character-level normalization: ligatures expanded, invisible and control characters
// removed, exotic spaces made plain, then ICU's NFC (or NFKC). Text with none of these
// comes back as the same string.

public enum UnicodeForm: String, Sendable, CaseIterable { case nfc, nfkc }

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

    public struct Counts: Sendable, Equatable { public var ligatures = 0, invisible = 0, spaces = 0, recomposed = 0 }

    /// `line` cleaned, with how many of each change were made.
    public static func clean(_ line: String, form: UnicodeForm = .nfc, counts: inout Counts) -> String {
        // Fast path: plain ASCII without controls needs nothing.
        if line.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return line }
        var out = String.UnicodeScalarView()
        var changed = false
        let scalars = line.unicodeScalars
        let last = scalars.indices.last
        for index in scalars.indices {
            let scalar = scalars[index]
            let v = scalar.value
            if v == 0xAD && index == last {
                out.append(scalar)  // a soft hyphen that ends a line marks a break: de-hyphenation decides
            } else if let expansion = ligatures[scalar], form == .nfc {
                out.append(contentsOf: expansion.unicodeScalars); counts.ligatures += 1; changed = true
            } else if isInvisible(v) {
                counts.invisible += 1; changed = true
            } else if isExoticSpace(v) {
                out.append(" "); counts.spaces += 1; changed = true
            } else {
                out.append(scalar)
            }
        }
        let cleaned = changed ? String(out) : line
        let icuForm: ICU.Form = form == .nfc ? .nfc : .nfkc
        if ICU.isNormalized(cleaned, form: icuForm) { return cleaned }
        counts.recomposed += 1
        return ICU.normalize(cleaned, form: icuForm)
    }
}

// Whether a document prints notation — code, formulas, commands — whose marks are the author's,
// not OCR's speckle. Counted per run of non-space bytes, the way a reader sees `f(x)`,
// `glp_add_rows`, `x <- c(1, 2)` or `a ≤ b`: OCR noise on prose rarely makes them.

/// Counts runs of non-space bytes that look like notation.
public enum Notation {
    /// The runs of `text` (split at ASCII white space) that hold notation: a letter or digit
    /// right before `(` or `[` (`f(x)`, `X[1,3]`), `_` between letters or digits
    /// (`glp_add_rows`), `=`, `{`, `}`, `<-`, `->`, `::`, `$` before a letter, or a
    /// mathematical operator or arrow (U+2190–U+22FF, `±`, `×`).
    public static func runs(in text: UnsafeBufferPointer<UInt8>) -> Int {
        var found = 0
        var inRun = false
        var marked = false
        var previous: UInt8 = 0x20
        for i in 0..<text.count {
            let byte = text[i]
            if ASCII.isSpace(byte) {
                if inRun && marked { found += 1 }
                inRun = false
                marked = false
                previous = byte
                continue
            }
            inRun = true
            if !marked {
                let next: UInt8 = i + 1 < text.count ? text[i + 1] : 0x20
                switch byte {
                case UInt8(ascii: "("), UInt8(ascii: "["): marked = isAlphanumeric(previous)
                case UInt8(ascii: "_"): marked = isAlphanumeric(previous) && isAlphanumeric(next)
                case UInt8(ascii: "="), UInt8(ascii: "{"), UInt8(ascii: "}"): marked = true
                case UInt8(ascii: "<"): marked = next == UInt8(ascii: "-")
                case UInt8(ascii: "-"): marked = next == UInt8(ascii: ">")
                case UInt8(ascii: ":"): marked = next == UInt8(ascii: ":")
                case UInt8(ascii: "$"): marked = isLetter(next)
                // U+2190–U+22FF: arrows and mathematical operators (E2 86 80 … E2 8B BF).
                case 0xE2: marked = next >= 0x86 && next <= 0x8B
                // ± (C2 B1) and × (C3 97).
                case 0xC2: marked = next == 0xB1
                case 0xC3: marked = next == 0x97
                default: break
                }
            }
            previous = byte
        }
        if inRun && marked { found += 1 }
        return found
    }

    @inline(__always)
    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    @inline(__always)
    private static func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || (byte >= 0x30 && byte <= 0x39) }
}

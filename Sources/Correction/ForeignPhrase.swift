// Words of another language quoted in an English text (`des Hauses, das Haus and zu Hause`):
// real words, not OCR errors. A phrase shows itself by its function words.
import Lexicon

enum ForeignPhrase {
    /// Function words (case-folded hash) → their languages' bits (`foreignFunctionWords`).
    static let table: [UInt64: UInt8] = {
        var table: [UInt64: UInt8] = [:]
        for (word, languages) in foreignFunctionWords {
            table[ByteHash.folded(Array(word.utf8)), default: 0] |= languages
        }
        return table
    }()

    /// One bit per 16-bit slice of a function word's hash: a word whose bit is clear is none
    /// (most words are decided without a dictionary lookup).
    static let filter: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 1024)
        for key in table.keys { bits[Int(key >> 6) & 1023] |= 1 << (key & 63) }
        return bits
    }()

    /// Words looked at on each side of a function word.
    static let window = 5
    /// Function words of one language a window must hold (two of them different).
    static let minimumWords = 3
    /// Words rarer in English than this (log10) may be kept as a phrase's words.
    static let englishCeiling: Float = -4.0
    /// Function words longer than this are not looked up (the lists' longest are content-like).
    static let maximumLength = 8

    /// The languages of word token `t` as a function word of the lists; 0 if none.
    static func languages(_ t: Int, tokens: [Token], base: UnsafePointer<UInt8>) -> UInt8 {
        let token = tokens[t]
        guard token.kind == .word, token.count >= 2, token.count <= maximumLength, !token.hasDigit,
            case let key = ByteHash.folded(base + Int(token.start), token.count),
            filter[Int(key >> 6) & 1023] & (1 << (key & 63)) != 0,
            let bits = table[key]
        else { return 0 }
        return bits
    }

    /// Whether word token `t`, a word English lacks, is a function word of a phrase in another
    /// language: within `window` words on either side, at least `minimumWords` function words
    /// of one language that English lacks (`des`, `das`, `zu`), at least two of them spelled
    /// differently. Words English knows, however rare, are no evidence: a harsh scan misreads
    /// `the` as `che` (Italian) and `to` as `se` often enough to make a phrase of them.
    static func isFunctionWord(
        _ t: Int, tokens: [Token], base: UnsafePointer<UInt8>, unknownToEnglish: (Int) -> Bool
    ) -> Bool {
        let own = languages(t, tokens: tokens, base: base)
        guard own != 0 else { return false }
        var hits: [(t: Int, languages: UInt8)] = [(t, own)]
        for direction in [-1, 1] {
            var k = t + direction
            var words = 0
            while k >= 0 && k < tokens.count && words < window {
                if tokens[k].kind == .word {
                    words += 1
                    let bits = languages(k, tokens: tokens, base: base)
                    if bits & own != 0 && unknownToEnglish(k) { hits.append((k, bits)) }
                } else if tokens[k].kind == .newline {
                    break
                }
                k += direction
            }
        }
        for bit in 0..<8 where own & (1 << bit) != 0 {
            let same = hits.filter { $0.languages & (1 << bit) != 0 }
            guard same.count >= minimumWords else { continue }
            let first = tokens[same[0].t]
            let differs = same.dropFirst().contains {
                let other = tokens[$0.t]
                return other.count != first.count
                    || ByteHash.folded(base + Int(other.start), other.count)
                        != ByteHash.folded(base + Int(first.start), first.count)
            }
            if differs { return true }
        }
        return false
    }

    /// The word token right after token `t`, across spaces only (`Hauses` after `des`); -1 if none.
    static func wordAfter(_ t: Int, tokens: [Token]) -> Int {
        var k = t + 1
        while k < tokens.count && tokens[k].kind == .space { k += 1 }
        return k < tokens.count && k > t + 1 && tokens[k].kind == .word ? k : -1
    }
}

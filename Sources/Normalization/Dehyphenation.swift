// Joins words hyphenated at a line end, keeping the hyphen only where the lexicon says the
// parts form a hyphenated compound (self-governing, multi-stakeholder).
import Lexicon

/// Decides whether a hyphen at a line end joins a word, keeps a compound, or is no hyphen at all.
public struct Dehyphenator {
    /// The lexicon that decides (none: every join is kept as printed).
    public let lexicon: Lexicon?
    /// A dehyphenator deciding by `lexicon`.
    public init(lexicon: Lexicon?) { self.lexicon = lexicon }

    /// What to do with a line-end hyphen.
    public enum Decision: Equatable, Sendable {
        /// Not a hyphenated line end: join the lines with a space.
        case notHyphenated
        /// Join without the hyphen (inalien- / able).
        case dropHyphen
        /// Join keeping the hyphen (self- / governing).
        case keepHyphen
        /// Join without the hyphen and lower-case the next line's first letter: OCR read a
        /// capital for it (infor- / Mation), the capitalised fragment is no word and the
        /// joined word is (information).
        case dropHyphenLowercasingNext
    }

    /// The hyphen characters a line may end with: - ‐ ¬ and the soft hyphen.
    static let hyphens: [[UInt8]] = [[0x2D], [0xE2, 0x80, 0x90], [0xC2, 0xAC], [0xC2, 0xAD]]

    /// How to join `line` with the `next` line of the same paragraph.
    public func decide(_ line: String, _ next: String) -> Decision {
        // Most lines do not end in a hyphen byte (- ‐ ¬ soft hyphen end in 2D 90 AC AD).
        guard let end = line.utf8.last, end == 0x2D || end == 0x90 || end == 0xAC || end == 0xAD else {
            return .notHyphenated
        }
        let bytes = Array(line.utf8)
        guard
            let hyphen = Self.hyphens.first(where: {
                bytes.count > $0.count && bytes.suffix($0.count).elementsEqual($0)
            })
        else {
            return .notHyphenated
        }
        let body = bytes.dropLast(hyphen.count)
        // A letter must come right before the hyphen and a lower-case letter start the next line.
        guard let last = body.last, isLetter(last) else { return .notHyphenated }
        let nextBytes = Array(next.utf8)
        guard let first = nextBytes.first, ASCII.isLower(first) || ASCII.isUpper(first) else { return .notHyphenated }
        let left = Array(body.reversed().prefix { isLetter($0) || $0 == 0x2D }.reversed())
        let right = Array(nextBytes.prefix { isLetter($0) || $0 == 0x2D || $0 == 0x27 })
        if ASCII.isUpper(first) {
            // A capital after a line-end hyphen is a new word (Franco- / German) unless the
            // fragment is no word and, lower-cased, completes the word before.
            guard let lexicon, hyphen.count == 1, !known(right, lexicon), right.count > 1,
                right.dropFirst().allSatisfy({ ASCII.isLower($0) }),
                known(left + [first | 0x20] + right.dropFirst(), lexicon)
            else { return .notHyphenated }
            return .dropHyphenLowercasingNext
        }
        // Inside a URL or address a hyphen is kept and nothing is joined with a space.
        let lastWord = body.reversed().prefix { $0 != 0x20 }
        if lastWord.contains(0x2F) || lastWord.contains(0x40) { return .keepHyphen }
        if hyphen == [0xC2, 0xAD] || hyphen == [0xC2, 0xAC] { return .dropHyphen }  // soft hyphen, ¬: always a break
        guard let lexicon else { return .dropHyphen }
        let joined = left + right
        let compound = left + [0x2D] + right
        let joinedKnown = known(joined, lexicon)
        let compoundKnown = known(compound, lexicon)
        if compoundKnown && !joinedKnown { return .keepHyphen }
        if joinedKnown { return .dropHyphen }
        // Neither spelling is listed: two words on their own make a compound (cyber- / enabled).
        let leftParts = left.split(separator: 0x2D)
        if let lastPart = leftParts.last, known(Array(lastPart), lexicon), known(right, lexicon), lastPart.count > 1 {
            return .keepHyphen
        }
        return .dropHyphen
    }

    private func known(_ word: [UInt8], _ lexicon: Lexicon) -> Bool {
        word.withUnsafeBufferPointer { $0.isEmpty ? false : lexicon.lookup($0.baseAddress!, $0.count) >= 0 }
    }

    @inline(__always)
    private func isLetter(_ b: UInt8) -> Bool { ASCII.isLetter(b) || b >= 0x80 }
}

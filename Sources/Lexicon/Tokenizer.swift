// Splits UTF-8 bytes into words, numbers, URLs, e-mail addresses, punctuation and white
// space, as byte ranges: every byte belongs to exactly one token, so text is rebuilt exactly.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A token of a line: its kind and byte range.
public struct Token: Sendable, Equatable {
    /// What a token is.
    public enum Kind: UInt8, Sendable {
        /// Letters, with internal apostrophes and hyphens; may hold digits (G7, IPv6).
        case word
        case number
        case url
        case email
        case space
        case newline
        case punctuation
    }
    /// First byte.
    public var start: Int32
    /// One past the last byte.
    public var end: Int32
    /// What the token is (after the offsets: 12 bytes a token, not 16).
    public var kind: Kind
    /// For words: the word has a digit, an upper-case letter after the first, or a non-ASCII byte.
    public var hasDigit: Bool
    /// Upper-case letters in the token.
    public var upperCount: UInt8
    /// Whether the token has a byte outside ASCII.
    public var nonASCII: Bool

    /// A token of `kind` over bytes `start..<end`.
    public init(
        kind: Kind, start: Int32, end: Int32, hasDigit: Bool = false, upperCount: UInt8 = 0, nonASCII: Bool = false
    ) {
        self.kind = kind
        self.start = start
        self.end = end
        self.hasDigit = hasDigit
        self.upperCount = upperCount
        self.nonASCII = nonASCII
    }

    /// The byte range.
    public var range: Range<Int> { Int(start)..<Int(end) }
    /// Length in bytes.
    public var count: Int { Int(end - start) }
}

/// A byte class table: one lookup per byte.
@usableFromInline
enum ByteClass {
    static let letter: UInt8 = 1, digit: UInt8 = 2, space: UInt8 = 4, newline: UInt8 = 8, high: UInt8 = 16,
        upper: UInt8 = 32

    @usableFromInline
    static let table: [UInt8] = (0..<256).map { b -> UInt8 in
        switch b {
        case 65...90: return letter | upper
        case 97...122: return letter
        case 48...57: return digit
        case 32, 9, 11, 12, 13: return space
        case 10: return newline
        case 128...255: return high
        default: return 0
        }
    }
}

/// Splits UTF-8 text into tokens: one pass, no allocation beyond the output.
public struct Tokenizer {
    /// A tokenizer.
    public init() {}

    /// Tokens of `text` appended to `tokens` (cleared first); no allocation once `tokens` has grown.
    public func tokenize(_ text: UnsafeBufferPointer<UInt8>, into tokens: inout [Token]) {
        tokens.removeAll(keepingCapacity: true)
        guard let base = text.baseAddress else { return }
        let n = text.count
        // Without an '@' no word is an e-mail address, and only a URL's scheme makes a link.
        let hasAt = memchr(base, 0x40, n) != nil
        ByteClass.table.withUnsafeBufferPointer { cls in
            var i = 0
            var run = RunScan(end: 0, at: -1, lastDot: -1)
            while i < n {
                let b = base[i]
                let c = cls[Int(b)]
                let start = i
                if c & ByteClass.space != 0 {
                    i += 1
                    while i < n && cls[Int(base[i])] & ByteClass.space != 0 { i += 1 }
                    tokens.append(
                        Token(
                            kind: .space, start: Int32(start), end: Int32(i), hasDigit: false, upperCount: 0,
                            nonASCII: false))
                    continue
                }
                if c & ByteClass.newline != 0 {
                    i += 1
                    tokens.append(
                        Token(
                            kind: .newline, start: Int32(start), end: Int32(i), hasDigit: false, upperCount: 0,
                            nonASCII: false))
                    continue
                }
                if c & (ByteClass.letter | ByteClass.digit) != 0
                    || (c & ByteClass.high != 0 && isLetterScalar(base, i, n))
                {
                    if let end = linkEnd(base, i, n, cls, &run, emails: hasAt) {
                        let isEmail = (start..<end).contains { base[$0] == 0x40 }
                        tokens.append(
                            Token(
                                kind: isEmail ? .email : .url, start: Int32(start), end: Int32(end), hasDigit: false,
                                upperCount: 0, nonASCII: false))
                        i = end
                        continue
                    }
                    tokens.append(word(base, &i, n, cls))
                    continue
                }
                // Punctuation and symbols: one scalar per token.
                i += scalarLength(b)
                if i > n { i = n }
                tokens.append(
                    Token(
                        kind: .punctuation, start: Int32(start), end: Int32(i), hasDigit: false, upperCount: 0,
                        nonASCII: b >= 0x80))
            }
        }
    }

    /// The run of non-space bytes a word starts in, scanned once however many words it holds
    /// (a megabyte without a space is one pass, not one per word): where it ends, its last '.',
    /// and the first '@' found so far.
    struct RunScan {
        var end: Int, at: Int, lastDot: Int
    }

    /// The tokens of `text`.
    public func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        // Prose makes about one token in four bytes (a word and a space in 7–8): grown once at most.
        tokens.reserveCapacity(text.utf8.count / 4 + 8)
        var copy = text
        copy.withUTF8 { tokenize($0, into: &tokens) }
        return tokens
    }

    /// A word or a number starting at `i`: alphanumerics, joined by an apostrophe or hyphen
    /// (words) or by . , : / - (numbers) when an alphanumeric follows.
    @inline(__always)
    private func word(_ base: UnsafePointer<UInt8>, _ i: inout Int, _ n: Int, _ cls: UnsafeBufferPointer<UInt8>)
        -> Token
    {
        let start = i
        var letters = 0
        var digits = 0
        var upper = 0
        var nonASCII = false
        while i < n {
            let b = base[i]
            let c = cls[Int(b)]
            if c & ByteClass.letter != 0 {
                letters += 1
                if c & ByteClass.upper != 0 { upper += 1 }
                i += 1
                continue
            }
            if c & ByteClass.digit != 0 {
                digits += 1
                i += 1
                continue
            }
            if c & ByteClass.high != 0 {
                if isLetterScalar(base, i, n) {
                    nonASCII = true
                    letters += 1
                    i += scalarLength(b)
                    continue
                }
                // ’ (E2 80 99) between letters is an apostrophe.
                if b == 0xE2, i + 3 < n, base[i + 1] == 0x80, base[i + 2] == 0x99, letters > 0,
                    isAlnum(base, i + 3, n, cls)
                {
                    i += 3
                    nonASCII = true
                    continue
                }
                break
            }
            let next = i + 1
            guard next < n, isAlnum(base, next, n, cls) else { break }
            if (b == 0x27 || b == 0x2D) && letters > 0 {
                i = next
                continue
            }  // ' -
            if digits > 0 && letters == 0 && (b == 0x2E || b == 0x2C || b == 0x3A || b == 0x2F || b == 0x2D)
                && cls[Int(base[next])] & ByteClass.digit != 0
            {
                i = next
                continue
            }  // 3.5 1,000 10:30 1/2 2018-19
            break
        }
        let kind: Token.Kind = letters == 0 ? .number : .word
        return Token(
            kind: kind, start: Int32(start), end: Int32(i), hasDigit: digits > 0, upperCount: UInt8(min(upper, 255)),
            nonASCII: nonASCII)
    }

    @inline(__always)
    private func isAlnum(_ base: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ cls: UnsafeBufferPointer<UInt8>) -> Bool {
        let c = cls[Int(base[i])]
        return c & (ByteClass.letter | ByteClass.digit) != 0 || (c & ByteClass.high != 0 && isLetterScalar(base, i, n))
    }

    /// The end of a URL (scheme:// or www.) or an e-mail address starting at `i`, or nil.
    private func linkEnd(
        _ base: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ cls: UnsafeBufferPointer<UInt8>, _ run: inout RunScan,
        emails: Bool
    ) -> Int? {
        func has(_ s: StaticString, at j: Int) -> Bool {
            let len = s.utf8CodeUnitCount
            guard j + len <= n else { return false }
            for k in 0..<len where asciiLower(base[j + k]) != s.utf8Start[k] { return false }
            return true
        }
        let first = base[i] | 0x20  // a link starts with h, w or f: other words skip the compares
        let isURL =
            (first == 0x68 && (has("http://", at: i) || has("https://", at: i)))
            || (first == 0x77 && has("www.", at: i)) || (first == 0x66 && has("ftp://", at: i))
        guard isURL || emails else { return nil }
        if i >= run.end {  // a new run of non-space bytes: its end and its last '.' in one pass
            run = RunScan(end: i, at: i, lastDot: -1)
            while run.end < n, cls[Int(base[run.end])] & (ByteClass.space | ByteClass.newline) == 0 {
                if base[run.end] == 0x2E { run.lastDot = run.end }
                run.end += 1
            }
            run.at = i - 1
        }
        var end = run.end
        var isEmail = false
        if !isURL {
            // The first '@' at or after i; searched again only from past the last one found.
            if run.at < i {
                run.at = i
                while run.at < end, base[run.at] != 0x40 { run.at += 1 }
            }
            isEmail = run.at > i && run.at < end && run.lastDot > run.at
        }
        guard isURL || isEmail else { return nil }
        // Trailing sentence punctuation is not part of the link.
        while end > i, [0x2E, 0x2C, 0x3B, 0x3A, 0x29, 0x21, 0x3F, 0x22, 0x27].contains(base[end - 1]) { end -= 1 }
        return end
    }

    @inline(__always)
    private func scalarLength(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// Non-ASCII letters: Latin-1 and Latin Extended letters (2-byte C3–CA), Greek and Cyrillic (CD–D3).
    @inline(__always)
    private func isLetterScalar(_ base: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Bool {
        let b = base[i]
        guard b >= 0xC3, b <= 0xD3, i + 1 < n else { return false }
        if b == 0xC3 {
            let t = base[i + 1]
            return t != 0x97 && t != 0xB7
        }  // not × ÷
        return true
    }
}

// OCR's punctuation noise: speckle read as a mark between words, a sentence mark inside a
// sentence (and. the), a mark gluing two words (Internet.a), a lone quote glued to a word,
// a list number read with a comma (1, We). Conservative: each rule needs the lexicon's word
// on both sides, and abbreviations, numbers, URLs and real quotations are left alone.
import Lexicon

/// A change of the punctuation stage.
public struct PunctuationEdit: Sendable, Equatable {
    /// The byte range replaced.
    public var range: Range<Int>
    /// The text replaced.
    public var before: String
    /// The text put in its place.
    public var after: String
    /// The rule that fired.
    public var rule: String
}

/// OCR's punctuation noise repaired on one line.
public struct PunctuationRepair {
    /// The lexicon the rules consult.
    public let lexicon: Lexicon
    private let tokenizer = Tokenizer()

    /// A repair whose rules consult `lexicon`.
    public init(lexicon: Lexicon) { self.lexicon = lexicon }

    /// Marks that speckle turns into; a dash, an ellipsis, a bullet, & and quotes around words are not among them.
    static let speckle: Set<String> = [":", ";", ",", ".", "'", "‘", "’", "`", "~", "_", "|", "^", "°", "·", "¸", "˜"]
    /// Words a period may follow before a lower-case word.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "st", "vs", "etc", "cf", "no", "nos", "fig", "vol", "pp",
        "inc", "ltd", "co", "jr", "sr", "prof", "dept", "approx", "al", "art", "para", "ch", "sec", "op", "ibid", "ca",
        "viz",
    ]
    /// Letters whose capital OCR often reads as the small letter (by size, or a dot for a bar).
    static let caseAmbiguous: Set<UInt8> = Set("ciosvwxz".utf8)

    /// Capitalised words that open sentences and rarely follow a comma. Not "We", "I" or "Our":
    /// declarations open their operative part with "…, We, as participating States, …".
    static let sentenceOpeners: Set<String> = [
        "The", "It", "This", "They", "These", "Those", "However", "There",
        "Such", "Its", "Their", "Moreover", "Furthermore", "Therefore",
    ]

    /// How far from a mark `inNotation` looks for notation in the mark's run.
    static let notationReach = 64

    /// Verbs of saying: `said, It is` opens speech printed without quotes (as old books print
    /// it), not a sentence whose period OCR read as a comma.
    static let speechVerbs: Set<String> = [
        "said", "say", "says", "saith", "saying", "answered", "answer", "answering", "asked", "replied",
        "cried", "spake", "spoke", "told", "wrote", "called", "shouted", "declared", "exclaimed",
        "whispered", "added", "commanded", "prayed",
    ]
    /// How many words before a comma a verb of saying may stand (`answered and said unto him,`).
    static let speechWindow = 4

    /// What may follow a period inside a domain name.
    static let domains: Set<String> = [
        "com", "org", "net", "int", "edu", "gov", "io", "eu", "fr", "de", "uk", "ca", "info", "ch", "be", "nl", "us",
        "jp", "cn",
    ]

    /// `printed(byteOffset)`: whether OCR saw a real mark at that offset (high confidence, full
    /// height); such a mark is never speckle.
    public func repair(_ text: String, printed: ((Int) -> Bool)? = nil) -> (text: String, edits: [PunctuationEdit]) {
        let bytes = Array(text.utf8)
        let tokens = tokenizer.tokenize(text)
        func str(_ t: Token) -> String { String(decoding: bytes[t.range], as: UTF8.self) }
        func isWord(_ i: Int) -> Bool { i >= 0 && i < tokens.count && tokens[i].kind == .word }
        func isSpace(_ i: Int) -> Bool {
            i < 0 || i >= tokens.count || tokens[i].kind == .space || tokens[i].kind == .newline
        }
        func known(_ i: Int) -> Bool {
            guard isWord(i), tokens[i].count >= 2, !tokens[i].hasDigit else { return false }
            let id = bytes.withUnsafeBufferPointer {
                lexicon.lookup($0.baseAddress! + Int(tokens[i].start), tokens[i].count)
            }
            guard id >= 0 else { return false }
            let cls = lexicon.caseClass(id)
            return cls == .lower || cls == .capitalized
        }
        func lowercaseStart(_ i: Int) -> Bool { isWord(i) && ASCII.isLower(bytes[Int(tokens[i].start)]) }
        func id(_ i: Int) -> Int32 {
            bytes.withUnsafeBufferPointer { lexicon.lookup($0.baseAddress! + Int(tokens[i].start), tokens[i].count) }
        }
        /// The language model prefers the join: the two words are a counted pair.
        func continues(_ a: Int, _ b: Int) -> Bool {
            let x = id(a)
            let y = id(b)
            return x >= 0 && y >= 0 && lexicon.bigram(x, y) != nil
        }

        /// A term of a formula: a number, a single letter, or a closing bracket; or, after the
        /// mark, a letter or a name applied to an argument (`g(x)`).
        func formulaTerm(_ k: Int, after: Bool) -> Bool {
            guard k >= 0, k < tokens.count else { return false }
            let t = tokens[k]
            if t.kind == .number || (t.kind == .word && t.count == 1) { return true }
            if !after { return t.kind == .punctuation && (bytes[Int(t.start)] == 0x29 || bytes[Int(t.start)] == 0x5D) }
            return t.kind == .word && k + 1 < tokens.count && bytes[Int(tokens[k + 1].start)] == 0x28
        }
        /// A mark between two terms of a formula (`f(x) ~ g(x)`, `x : y`) is printed.
        func inFormula(_ i: Int) -> Bool { formulaTerm(i - 2, after: false) && formulaTerm(i + 2, after: true) }

        /// A verb of saying among the few words before the comma at `i`, in its clause (`said
        /// unto her,`, `answered him,`): a capital after it opens speech printed without quotes.
        func introducesSpeech(_ i: Int) -> Bool {
            var k = i - 1
            var words = 0
            while k >= 0, words < Self.speechWindow {
                if tokens[k].kind == .word {
                    if Self.speechVerbs.contains(str(tokens[k]).lowercased()) { return true }
                    words += 1
                } else if tokens[k].kind == .punctuation {
                    return false
                }
                k -= 1
            }
            return false
        }

        /// Whether the run of non-space bytes around `range` holds notation (`Notation.runs`),
        /// looked at up to `notationReach` bytes on each side (a run without spaces may be a
        /// whole line: each edit's look stays bounded).
        func inNotation(_ range: Range<Int>) -> Bool {
            var start = range.lowerBound
            let first = max(range.lowerBound - Self.notationReach, 0)
            while start > first, !ASCII.isSpace(bytes[start - 1]) { start -= 1 }
            var end = range.upperBound
            let last = min(range.upperBound + Self.notationReach, bytes.count)
            while end < last, !ASCII.isSpace(bytes[end]) { end += 1 }
            // (The runs the range touches: a mark between two runs is judged by both.)
            if start == end { return false }
            return bytes.withUnsafeBufferPointer {
                Notation.runs(in: UnsafeBufferPointer(rebasing: $0[start..<end])) > 0
            }
        }

        var edits: [PunctuationEdit] = []
        func edit(_ range: Range<Int>, _ after: String, _ rule: String) {
            // A mark inside a run of notation (`name=daniel;type=text/foo`, `f(x),g(x)`) is printed.
            if inNotation(range) { return }
            edits.append(
                PunctuationEdit(
                    range: range, before: String(decoding: bytes[range], as: UTF8.self), after: after, rule: rule))
        }

        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            guard t.kind == .punctuation else {
                i += 1
                continue
            }
            let mark = str(t)
            // Speckle: a mark standing alone between spaces (or at a line's start or end).
            if Self.speckle.contains(mark), isSpace(i - 1), isSpace(i + 1), printed?(Int(t.start)) != true,
                !(i + 2 < tokens.count && str(tokens[i + 2]) == mark),  // not a spaced ellipsis ". . ."
                !(i >= 2 && str(tokens[i - 2]) == mark),
                !(tokens[max(i - 2, 0)].kind == .number && tokens[min(i + 2, tokens.count - 1)].kind == .number),
                !inFormula(i)
            {
                // Remove the mark and the space before it (or after it at a line start).
                let start = i > 0 && tokens[i - 1].kind == .space ? Int(tokens[i - 1].start) : Int(t.start)
                let end =
                    start == Int(t.start) && i + 1 < tokens.count && tokens[i + 1].kind == .space
                    ? Int(tokens[i + 1].end) : Int(t.end)
                edit(start..<end, "", "speckle")
                i += 2
                continue
            }
            // Doubled marks: ",." ".," ".." ",," ";," after a word become one (an ellipsis "..." stays).
            if [",", ".", ";"].contains(mark), known(i - 1),
                !Self.abbreviations.contains(str(tokens[i - 1]).lowercased()),
                !(i >= 2 && str(tokens[i - 2]) == "."), i + 1 < tokens.count, tokens[i + 1].kind == .punctuation,
                [",", ".", ";"].contains(str(tokens[i + 1])), !(i + 2 < tokens.count && str(tokens[i + 2]) == "."),
                isSpace(i + 2)
            {
                let second = str(tokens[i + 1])
                // The sentence ends if a capital or the line's end follows: keep the period, else the comma.
                let nextWord = i + 3 < tokens.count && isWord(i + 3) ? bytes[Int(tokens[i + 3].start)] : 0
                let ends = i + 2 >= tokens.count || tokens[i + 2].kind == .newline || ASCII.isUpper(nextWord)
                let kept =
                    (mark == "." || second == ".") && ends
                    ? "." : (mark == "." && second == "." ? "." : (mark == ";" || second == ";" ? ";" : ","))
                edit(Int(t.start)..<Int(tokens[i + 1].end), kept, "doubled-mark")
                i += 2
                continue
            }
            // A period inside a sentence: known word, ". ", lower-case word.
            // A period stays when the next word's case is weak evidence (OCR reads a small capital
            // I, C, O, S… as lower case) unless OCR says it is not printed: "initiative. in
            // particular" kept from an image stays kept when repair reads its own text again.
            if mark == ".",
                !(printed?(Int(t.start)) != false && i + 2 < tokens.count
                    && Self.caseAmbiguous.contains(bytes[Int(tokens[i + 2].start)])),
                known(i - 1), i + 2 < tokens.count, tokens[i + 1].kind == .space, lowercaseStart(i + 2),
                continues(i - 1, i + 2), !Self.abbreviations.contains(str(tokens[i - 1]).lowercased()),
                !(i >= 2 && str(tokens[i - 2]) == ".")
            {
                edit(t.range, "", "sentence-mark-inside")
                i += 1
                continue
            }
            // A comma where a sentence ends: before a capitalised word that opens sentences (The, We, In).
            if mark == ",", known(i - 1), lowercaseStart(i - 1), i + 2 < tokens.count, tokens[i + 1].kind == .space,
                isWord(i + 2), Self.sentenceOpeners.contains(str(tokens[i + 2])), !introducesSpeech(i)
            {
                edit(t.range, ".", "sentence-end")
                i += 1
                continue
            }
            // A mark gluing two known words: "Internet.a", "academics.and".
            if mark == "." || mark == "," || mark == ";", known(i - 1), lowercaseStart(i + 1),
                known(i + 1) || tokens[i + 1].count == 1,
                continues(i - 1, i + 1) || (id(i + 1) >= 0 && lexicon.logProbability(id(i + 1)) > -3),
                !Self.domains.contains(str(tokens[i + 1]).lowercased()), !(i >= 2 && str(tokens[i - 2]) == ".")
            {
                edit(t.range, mark == "." ? " " : mark + " ", "glued-mark")
                i += 1
                continue
            }
            // A lone opening quote glued to a word, with no closing quote soon after (a backtick
            // closes too: `code` and ``quoted'').
            if mark == "‘" || mark == "'" || mark == "`", isSpace(i - 1), known(i + 1) {
                let closes = tokens[(i + 2)..<min(i + 40, tokens.count)].contains { ["’", "'", "`"].contains(str($0)) }
                if !closes {
                    edit(t.range, "", "lone-quote")
                    i += 1
                    continue
                }
            }
            // A lone closing quote glued to a word that is not a plural possessive, with no opening quote before it.
            if mark == "’" || mark == "'", known(i - 1), isSpace(i + 1), !str(tokens[i - 1]).hasSuffix("s") {
                let opens = tokens[max(0, i - 40)..<i].contains { ["‘", "'", "`"].contains(str($0)) }
                if !opens {
                    edit(t.range, "", "lone-quote")
                    i += 1
                    continue
                }
            }
            i += 1
        }
        // A list number read with a comma at a line start: "1, We" → "1. We".
        if tokens.count >= 4, tokens[0].kind == .number, tokens[0].count <= 2, str(tokens[1]) == ",",
            tokens[2].kind == .space,
            isWord(3), ASCII.isUpper(bytes[Int(tokens[3].start)])
        {
            edit(tokens[1].range, ".", "list-number")
        }
        listSeparators(tokens, bytes: bytes, str: str, edit: edit)
        lostSentenceEnds(
            tokens, bytes: bytes, str: str, known: known,
            bigram: { a, b in
                let x = id(a)
                let y = id(b)
                return x >= 0 && y >= 0 ? lexicon.bigram(x, y) : nil
            }, edit: edit)
        guard !edits.isEmpty else { return (text, []) }
        edits.sort { $0.range.lowerBound < $1.range.lowerBound }
        var out: [UInt8] = []
        var cursor = 0
        for e in edits where e.range.lowerBound >= cursor {
            out += bytes[cursor..<e.range.lowerBound]
            out += Array(e.after.utf8)
            cursor = e.range.upperBound
        }
        out += bytes[cursor...]
        return (String(decoding: out, as: UTF8.self), edits)
    }

    /// Capitalised items a list of names must have, and how many of them a comma must follow.
    static let listItems = 6
    static let listCommas = 2
    /// The marks that may follow a list's item: , . : ;
    static let listMarks: [UInt8] = [0x2C, 0x2E, 0x3A, 0x3B]
    /// Whether a word is one a list of names may hold between its items (`the`, `and`, `of`:
    /// `…, the United Kingdom, and Sweden`).
    static func isConnector(_ t: Token, _ bytes: [UInt8]) -> Bool {
        let s = Int(t.start)
        switch t.count {
        case 2: return bytes[s] == 0x6F && bytes[s + 1] == 0x66  // of
        case 3:
            return (bytes[s] == 0x74 && bytes[s + 1] == 0x68 && bytes[s + 2] == 0x65)  // the
                || (bytes[s] == 0x61 && bytes[s + 1] == 0x6E && bytes[s + 2] == 0x64)  // and
        default: return false
        }
    }

    /// Words that open a sentence, and inside one are written small. `We` and `Our` too: without
    /// a mark before them (a comma opens `…, We, as participating States,`) they follow a lost period.
    static let periodOpeners: Set<String> = sentenceOpeners.union(["We", "Our", "In", "As"])
    /// Small words a sentence does not end with.
    static let continuing: Set<String> = [
        "the", "and", "for", "with", "from", "that", "which", "who", "our", "their", "its", "are", "was", "were",
        "will", "shall", "must", "can", "may", "would", "should", "has", "have", "had", "not", "into", "onto", "upon",
        "than", "this", "these", "those", "such", "all", "any", "each", "both", "but", "nor", "yet", "very", "also",
        "said", "says", "saith", "called", "named", "read", "see", "titled", "entitled",
    ]

    /// log10 P(opener | word) above which an opener written small is a likely next word and OCR's
    /// capital (`through The active`): `through the` −0.5, `used in` −0.9; not
    /// `responsibilities as` −1.6, `everyone we` (not counted).
    static let joinedOpener: Float = -1.5
    /// Words since the line's start or the last sentence mark a clause ends with (a heading or
    /// a list's item ends sooner).
    static let clauseWords = 4

    /// A period OCR lost between sentences (`for everyone We resolve`): a known small word that
    /// can end a sentence, one space, a word that opens sentences followed by a small word, and
    /// the opener no likely next word of the word before (`joinedOpener`).
    private func lostSentenceEnds(
        _ tokens: [Token], bytes: [UInt8], str: (Token) -> String, known: (Int) -> Bool,
        bigram: (Int, Int) -> Float?, edit: (Range<Int>, String, String) -> Void
    ) {
        guard tokens.count >= 5 else { return }
        /// Word `i` follows a space and ends a clause of `clauseWords` words or more since the
        /// line's start or the last . ; : ! ? (not an option's name `-name`, not `do list; done`).
        func endsClause(_ i: Int) -> Bool {
            guard i > 0, tokens[i - 1].kind == .space else { return false }
            var words = 0
            var j = i
            while j >= 0, words < Self.clauseWords {
                if tokens[j].kind == .word {
                    words += 1
                } else if tokens[j].kind == .punctuation, tokens[j].count == 1,
                    [0x2E, 0x3B, 0x3A, 0x21, 0x3F].contains(bytes[Int(tokens[j].start)])
                {
                    return false
                }
                j -= 1
            }
            return words >= Self.clauseWords
        }
        for i in 0..<(tokens.count - 4) where tokens[i].kind == .word && tokens[i].count >= 3 {
            guard ASCII.isLower(bytes[Int(tokens[i].start)]), tokens[i + 1].kind == .space,
                tokens[i + 2].kind == .word, ASCII.isUpper(bytes[Int(tokens[i + 2].start)]),
                tokens[i + 3].kind == .space, tokens[i + 4].kind == .word,
                ASCII.isLower(bytes[Int(tokens[i + 4].start)]), Self.periodOpeners.contains(str(tokens[i + 2])),
                known(i), !Self.continuing.contains(str(tokens[i])),
                (bigram(i, i + 2) ?? -Float.infinity) <= Self.joinedOpener, endsClause(i)
            else { continue }
            edit(Int(tokens[i].end)..<Int(tokens[i].end), ".", "lost-sentence-end")
        }
    }

    /// A list of names (`Austria, Canada, Costa Rica, …`: six capitalised words or more, a comma
    /// after two of them) whose commas OCR read as periods, colons or semicolons
    /// (`Andorra. Argentina, Australia. Austria Belgium: Bulgaria`): those become commas. A mark
    /// before a word that opens sentences, after an initial or an abbreviation, or ending the
    /// list stays.
    private func listSeparators(
        _ tokens: [Token], bytes: [UInt8], str: (Token) -> String, edit: (Range<Int>, String, String) -> Void
    ) {
        var capitalised = 0
        for t in tokens where t.kind == .word && ASCII.isUpper(bytes[Int(t.start)]) { capitalised += 1 }
        guard capitalised >= Self.listItems else { return }
        // The run being read: each item's word index and the index of the mark after it, if any.
        var items: [(word: Int, mark: Int?)] = []
        func close() {
            defer { items.removeAll(keepingCapacity: true) }
            guard items.count >= Self.listItems,
                items.filter({ $0.mark.map { str(tokens[$0]) == "," } ?? false }).count >= Self.listCommas
            else { return }
            for k in 0..<(items.count - 1) {
                guard let m = items[k].mark, [".", ":", ";"].contains(str(tokens[m])) else { continue }
                // A colon after the run's first word introduces the list (`Speakers: Anna Berg, …`).
                if k == 0 && str(tokens[m]) == ":" { continue }
                let word = str(tokens[items[k].word])
                let next = str(tokens[items[k + 1].word])
                if word.utf8.count < 2 || Self.abbreviations.contains(word.lowercased())
                    || Self.sentenceOpeners.contains(next) || Self.sentenceStarts.contains(next)
                {
                    continue
                }
                edit(tokens[m].range, ",", "list-separator")
            }
            countrySeparators()
        }
        /// Two country names side by side with no mark between them (`Albania Andorra`, `Czech
        /// Republic the Netherlands`; not `Costa Rica`, not before `and`): a comma was lost.
        func countrySeparators() {
            // The names of the run, longest first: (first item, items past the last).
            var spans: [(start: Int, end: Int)] = []
            var k = 0
            while k < items.count {
                var matched = 0
                for length in stride(from: min(3, items.count - k), through: 1, by: -1) {
                    // Inner words of a name carry no mark and follow each other directly.
                    guard
                        (k..<(k + length - 1)).allSatisfy({
                            items[$0].mark == nil && items[$0 + 1].word == items[$0].word + 2
                        })
                    else { continue }
                    let name = (k..<(k + length)).map { str(tokens[items[$0].word]).lowercased() }.joined(
                        separator: " ")
                    if countryNames.contains(name) {
                        matched = length
                        break
                    }
                }
                if matched > 0 { spans.append((k, k + matched)) }
                k += max(matched, 1)
            }
            for (a, b) in zip(spans, spans.dropFirst()) where b.start == a.end && items[a.end - 1].mark == nil {
                let last = items[a.end - 1].word
                // Only spaces, or `the`, between the two names.
                let between = tokens[(last + 1)..<items[b.start].word]
                guard
                    between.allSatisfy({
                        $0.kind == .space || ($0.kind == .word && $0.count == 3 && str($0) == "the")
                    })
                else { continue }
                edit(Int(tokens[last].end)..<Int(tokens[last].end), ",", "list-separator")
            }
        }
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            switch t.kind {
            case .space, .newline:
                i += 1
            case .word where ASCII.isUpper(bytes[Int(t.start)]) && Int(t.upperCount) < t.count && !t.hasDigit:
                var mark: Int?
                if i + 1 < tokens.count, tokens[i + 1].kind == .punctuation, tokens[i + 1].count == 1,
                    Self.listMarks.contains(bytes[Int(tokens[i + 1].start)]),
                    i + 2 >= tokens.count || tokens[i + 2].kind == .space || tokens[i + 2].kind == .newline
                {
                    mark = i + 1
                }
                items.append((i, mark))
                i += mark == nil ? 1 : 2
            case .word where Self.isConnector(t, bytes):
                i += 1
            default:
                if !items.isEmpty { close() }
                i += 1
            }
        }
        close()
    }

    /// Capitalised words that begin sentences besides `sentenceOpeners` (which a comma rarely
    /// precedes, so `We` is not among them): a period before them
    /// ends a sentence even inside a run of names.
    static let sentenceStarts: Set<String> = [
        "A", "An", "We", "I", "In", "If", "As", "For", "On", "Our", "Each", "All", "When", "Where", "While", "Since",
        "Thus", "That", "What", "You", "He", "She", "His", "Her",
    ]
}

// The tokenizer: every byte in exactly one token, and the kinds a corrector relies on.
import Lexicon
import TestSupport
import Testing

@Suite("Tokenizer")
struct TokenizerTests {
    let tokenizer = Tokenizer()

    func kinds(_ text: String) -> [(String, Token.Kind)] {
        let bytes = Array(text.utf8)
        return tokenizer.tokenize(text).filter { $0.kind != .space }.map {
            (String(decoding: bytes[$0.range], as: UTF8.self), $0.kind)
        }
    }

    @Test("tokens cover every byte once, in order, for any input")
    func coverage() throws {
        var rng = SystemRandomNumberGenerator()
        var inputs = try Paths.texts(in: Paths.corpus, suffix: ".txt").map(\.text)
        for _ in 0..<200 {
            inputs.append(
                String(
                    decoding: (0..<Int.random(in: 0..<200, using: &rng)).map { _ in
                        UInt8.random(in: 0...255, using: &rng)
                    }, as: UTF8.self))
        }
        for text in inputs {
            let tokens = tokenizer.tokenize(text)
            var cursor = 0
            for t in tokens {
                #expect(Int(t.start) == cursor)
                #expect(t.end > t.start)
                cursor = Int(t.end)
            }
            #expect(cursor == text.utf8.count)
        }
    }

    @Test("words keep internal apostrophes and hyphens, not trailing ones")
    func words() {
        let k = kinds("isn't multi-stakeholder world's end- 'quoted' it’s")
        #expect(k.map(\.0) == ["isn't", "multi-stakeholder", "world's", "end", "-", "'", "quoted", "'", "it’s"])
        #expect(k.filter { $0.1 == .word }.count == 6)
    }

    @Test("numbers keep their separators; words may hold digits")
    func numbers() {
        let k = kinds("In 2023, 3.5 % of 1,000 at 10:30 G7 IPv6 SDG17")
        #expect(k.contains { $0 == ("2023", .number) })
        #expect(k.contains { $0 == ("3.5", .number) })
        #expect(k.contains { $0 == ("1,000", .number) })
        #expect(k.contains { $0 == ("10:30", .number) })
        #expect(k.contains { $0 == ("G7", .word) } && k.contains { $0 == ("IPv6", .word) })
    }

    @Test("URLs and e-mail addresses are single tokens without trailing punctuation")
    func links() {
        let k = kinds("See https://www.igf2018.fr/messages-2018/, or www.un.org. Write to info@isoc.org.")
        #expect(k.contains { $0 == ("https://www.igf2018.fr/messages-2018/", .url) })
        #expect(k.contains { $0 == ("www.un.org", .url) })
        #expect(k.contains { $0 == ("info@isoc.org", .email) })
    }

    @Test("accented Latin letters stay inside words")
    func accents() {
        #expect(kinds("Numérique café").map(\.0) == ["Numérique", "café"])
    }
}

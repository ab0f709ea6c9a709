// The compiled lexicon: what the builder writes the reader finds, and bad files are errors.
import Lexicon
import TestSupport
import Testing

@Suite("Lexicon format")
struct LexiconTests {
    func small() throws -> Lexicon {
        var builder = LexiconBuilder()
        try builder.addWords(
            tsv: Array("the\t1000\ts\ninternet\t50\ts\nInternet\t80\ts\nICANN\t5\td\ngovernance\t20\ts\n".utf8))
        try builder.addBigrams(tsv: Array("the internet\t40\ninternet governance\t10\n".utf8))
        try builder.addConfusions(tsv: Array("# comment\nrn\tm\t-0.8\n".utf8))
        builder.indexThreshold = 0
        return try Lexicon(bytes: builder.build())
    }

    @Test("words are found in any case; spellings that fold together become one entry")
    func words() throws {
        let lex = try small()
        #expect(lex.wordCount == 4)
        #expect(lex.lookup("THE") == lex.lookup("the"))
        #expect(lex.lookup("icann") >= 0)
        #expect(lex.lookup("nothing") == -1)
        let internet = lex.lookup("internet")
        #expect(lex.word(internet) == "Internet")  // the more frequent spelling
        #expect(abs(lex.logProbability(internet) - Float(log10(130.0 / 1155.0))) < 1e-4)
        #expect(lex.caseClass(lex.lookup("icann")) == .upper)
        #expect(lex.flags(lex.lookup("icann")).contains(.domain))
    }

    @Test("bigrams give log10 P(second | first)")
    func bigrams() throws {
        let lex = try small()
        let p = try #require(lex.bigram(lex.lookup("the"), lex.lookup("internet")))
        #expect(abs(p - Float(log10(40.0 / 1000.0))) < 1e-4)
        #expect(lex.bigram(lex.lookup("internet"), lex.lookup("the")) == nil)
    }

    @Test("confusions survive the round trip")
    func confusions() throws {
        #expect(try small().confusions == [Confusion(seen: Array("rn".utf8), meant: Array("m".utf8), cost: -0.8)])
    }

    @Test("a file that is not a lexicon, a truncated one and an old version are errors")
    func badFiles() throws {
        #expect(throws: LexiconError.notALexicon(path: "<memory>")) {
            _ = try Lexicon(bytes: Array("hello world, not a lexicon at all; long enough for a header........".utf8))
        }
        var builder = LexiconBuilder()
        try builder.addWords(tsv: Array("a\t1\n".utf8))
        let bytes = builder.build()
        #expect(throws: LexiconError.self) { _ = try Lexicon(bytes: Array(bytes.prefix(bytes.count - 8))) }
        var old = bytes
        old[4] = 1
        old[5] = 0
        old[6] = 0
        old[7] = 0
        #expect(throws: LexiconError.wrongVersion(path: "<memory>", found: 1)) { _ = try Lexicon(bytes: old) }
        #expect(throws: LexiconError.self) { _ = try Lexicon.load(path: "/nonexistent/en.lexicon") }
    }

    @Test("a malformed line names the file and the line")
    func malformed() {
        var builder = LexiconBuilder()
        #expect(throws: LexiconBuilder.BuildError.self) { try builder.addWords(tsv: Array("ok\t1\nbad\tx\n".utf8)) }
    }

    @Test("the committed lexicon holds the general and the domain vocabulary")
    func committed() {
        let lex = Shared.lexicon
        #expect(lex.wordCount > 100_000)
        #expect(lex.bigramCount > 200_000)
        for word in ["government", "stakeholder", "ICANN", "multi-stakeholder", "WSIS"] {
            #expect(lex.lookup(word) >= 0, "\(word)")
        }
    }
}

#if canImport(Glibc)
    import Glibc
#endif

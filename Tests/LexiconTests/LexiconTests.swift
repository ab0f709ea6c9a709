// The compiled lexicon: what the builder writes the reader finds, and bad files are errors.
import Foundation
import Lexicon
import TestSupport
import Testing

@Suite("Lexicon format")
struct LexiconTests {
    /// The file of a five-word lexicon with two bigrams and one confusion.
    func smallBytes() throws -> [UInt8] {
        var builder = LexiconBuilder()
        try builder.addWords(
            tsv: Array("the\t1000\ts\ninternet\t50\ts\nInternet\t80\ts\nICANN\t5\td\ngovernance\t20\ts\n".utf8))
        try builder.addBigrams(tsv: Array("the internet\t40\ninternet governance\t10\n".utf8))
        try builder.addConfusions(tsv: Array("# comment\nrn\tm\t-0.8\n".utf8))
        builder.indexThreshold = 0
        return builder.build()
    }

    func small() throws -> Lexicon { try Lexicon(bytes: smallBytes()) }

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

    @Test("bigram counts on a larger corpus's scale are brought to the words' scale before P(second | first)")
    func bigramScale() throws {
        // Each first word's listed continuations add up to 20 times its own count: the list was
        // counted on a corpus 20 times larger.
        var builder = LexiconBuilder()
        var words = "the\t1000\ninternet\t50\n"
        var pairs = "the internet\t2000\n"
        for k in 0..<120 {
            words += "w\(k)\t10\n"
            pairs += "the w\(k)\t\(18_000 / 120)\n"
        }
        try builder.addWords(tsv: Array(words.utf8))
        try builder.addBigrams(tsv: Array(pairs.utf8))
        #expect(abs(builder.estimatedBigramScale() - 20) < 1e-9)
        builder.bigramScale = builder.estimatedBigramScale()
        let lex = try Lexicon(bytes: builder.build())
        // 2000 / 20 / 1000, where the counts taken as they are give P = 1.
        let p = try #require(lex.bigram(lex.lookup("the"), lex.lookup("internet")))
        #expect(abs(p - Float(log10(0.1))) < 1e-4)
        // Too few listed continuations to measure: no scale.
        var few = LexiconBuilder()
        try few.addWords(tsv: Array("the\t1000\ninternet\t50\n".utf8))
        try few.addBigrams(tsv: Array("the internet\t2000\n".utf8))
        #expect(few.estimatedBigramScale() == 1)
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

    @Test("a lexicon whose offsets, ids or tables are damaged is an error, never a read out of bounds")
    func corruptFiles() throws {
        let bytes = try smallBytes()
        let good = try Lexicon(bytes: bytes)
        let s = LexiconFormat.Sections(good.header)
        func put(_ value: UInt32, at offset: Int, in b: inout [UInt8]) {
            for k in 0..<4 { b[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(k))) }
        }
        func u32(_ offset: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) } }
        // Each damage, and what it would have made the reader do.
        var damages: [(String, (inout [UInt8]) -> Void)] = [
            ("word beyond the pool", { put(1_000_000, at: s.entries, in: &$0) }),
            (
                "zero-length word",
                {
                    $0[s.entries + 4] = 0
                    $0[s.entries + 5] = 0
                }
            ),
            ("word table slot naming no word", { put(999, at: s.wordTable, in: &$0) }),
            ("word table not a power of two", { put(6, at: 16, in: &$0) }),
            ("delete buckets out of order", { put(UInt32.max, at: s.deleteStart, in: &$0) }),
            ("confusion longer than three bytes", { $0[s.confusions] = 200 }),
        ]
        // A full word table: a lookup of an absent word would probe forever.
        damages.append(
            (
                "word table without an empty slot",
                { b in
                    for slot in 0..<Int(good.header.wordTableCapacity) where u32(s.wordTable + slot * 4) == 0 {
                        put(1, at: s.wordTable + slot * 4, in: &b)
                    }
                }
            ))
        if good.header.deletePostingCount > 0 {
            damages.append(("posting naming no word", { put(LexiconFormat.postingIDMask, at: s.postings, in: &$0) }))
        }
        for (what, damage) in damages {
            var copy = bytes
            damage(&copy)
            #expect(throws: LexiconError.self, "\(what)") { _ = try Lexicon(bytes: copy) }
        }
        // The undamaged bytes still load.
        _ = try Lexicon(bytes: bytes)
    }

    @Test(
        "a model file keeps its forms, confusions and vocabulary, in order; a model without a vocabulary reads as before"
    )
    func modelRecords() throws {
        let forms = [LearnedForm(seen: Array("tbe".utf8), meant: Array("the".utf8), count: 4, cost: 0.3)]
        let confusions = [LearnedForm(seen: Array("rn".utf8), meant: Array("m".utf8), count: 9, cost: 0.5)]
        let vocabulary = [
            LearnedForm(seen: Array("quorvath".utf8), meant: Array("Quorvath".utf8), count: 12, cost: 0),
            LearnedForm(seen: Array("the".utf8), meant: Array("the".utf8), count: 7, cost: 0),
        ]
        let path = NSTemporaryDirectory() + "/lexicon-tests-\(getpid()).model"
        defer { unlink(path) }
        var info = ModelInfo()
        info.pairs = 2
        for withVocabulary in [true, false] {
            let bytes = TrainedModel.encode(
                info: info, lexicon: try smallBytes(), forms: forms, confusions: confusions,
                vocabulary: withVocabulary ? vocabulary : [])
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let model = try TrainedModel.load(path: path)
            #expect(model.forms == forms && model.confusions == confusions)
            #expect(model.vocabulary == (withVocabulary ? vocabulary : []))
            #expect(model.info.pairs == 2 && model.lexicon.wordCount == 4)
        }
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

    /// Folded bytes' hash, as the learned-variant search extends it.
    func prefixHash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        bytes.reduce(PrefixFilter.empty) { PrefixFilter.extend($0, asciiLower($1)) }
    }

    @Test("the prefix filter holds every prefix of every word, and few strings that begin none")
    func prefixFilter() {
        let lex = Shared.lexicon
        let filter = lex.prefixFilter
        var prefixes = Set<[UInt8]>()
        for id in 0..<Int32(lex.wordCount) {
            let folded = lex.spelling(id).map(asciiLower)
            for k in 1...folded.count {
                let prefix = Array(folded[0..<k])
                #expect(filter.mayBegin(prefixHash(prefix)), "\(String(decoding: prefix, as: UTF8.self))")
                prefixes.insert(prefix)
            }
        }
        // Random letter strings of 3 to 8 letters that begin no word: how many the filter lets through.
        var rng = SystemRandomNumberGenerator()
        var absent = 0
        var passed = 0
        while absent < 100_000 {
            let s = (0..<Int.random(in: 3...8, using: &rng)).map { _ in UInt8.random(in: 0x61...0x7A, using: &rng) }
            guard !prefixes.contains(s) else { continue }
            absent += 1
            if filter.mayBegin(prefixHash(s)) { passed += 1 }
        }
        #expect(Double(passed) / Double(absent) < 0.01, "false positives \(passed) of \(absent)")
    }
}

#if canImport(Glibc)
    import Glibc
#endif

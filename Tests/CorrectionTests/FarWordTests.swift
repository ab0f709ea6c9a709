import Correction
// Differential: the letter-pair index finds what a brute-force scan of the lexicon with a
// plain set intersection finds, in the same order; and the far-word search reaches words
// several edits away only when the document's channel makes generic edits cheap.
import Lexicon
import TestSupport
import Testing

@Suite("Far words")
struct FarWordTests {
    /// The distinct letter pairs of a word as `LetterPairIndex` counts them, by brute force.
    static func pairs(_ word: [UInt8]) -> Set<String> {
        let letters =
            ["^"]
            + word.map { b -> String in
                let lower = b | 0x20
                return (0x61...0x7A).contains(lower) ? String(UnicodeScalar(lower)) : "^"
            } + ["^"]
        return Set((1..<letters.count).map { letters[$0 - 1] + letters[$0] })
    }

    /// The words the index holds: frequent enough, letters only, of an indexed length.
    static let indexed: [(Int32, [UInt8], Set<String>)] = {
        let lex = Shared.lexicon
        return (0..<Int32(lex.wordCount)).compactMap { id in
            let spelling = Array(lex.spelling(id))
            let flags = lex.flags(id)
            guard (LetterPairIndex.minimumLength...LetterPairIndex.maximumLength).contains(spelling.count),
                lex.logProbability(id) >= LetterPairIndex.minimumLogProbability || flags.contains(.domain)
                    || flags.contains(.user),
                spelling.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A })
            else { return nil }
            return (id, spelling, pairs(spelling))
        }
    }()

    /// Indexed words with three or four random edits.
    static func queries(count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = SplitMix64(state: seed)
        let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        return (0..<count).map { _ in
            var w = indexed[Int.random(in: 0..<indexed.count, using: &rng)].1
            for _ in 0..<Int.random(in: 3...4, using: &rng) where w.count > 2 {
                let i = Int.random(in: 0..<w.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: w.remove(at: i)
                case 1: w.insert(letters.randomElement(using: &rng)!, at: i)
                default: w[i] = letters.randomElement(using: &rng)!
                }
            }
            return w
        }
    }

    @Test(
        "the letter-pair index finds the brute-force scan's words, best first (ties: preferred words, then the lexicon's order)",
        arguments: [(0.35, false, 0), (0.5, false, 0), (0.35, true, 0), (0.35, true, 4)] as [(Float, Bool, Int)])
    func differential(dice: Float, prefers: Bool, extra: Int) {
        let lex = Shared.lexicon
        let index = lex.letterPairIndex
        let scratch = LetterPairIndex.Scratch(for: index)
        #expect(index.count == Self.indexed.count)
        // A document's words, as the corrector would prefer them: here every fifth id.
        let preferred: (Int32) -> Bool = { prefers && $0 % 5 == 0 }
        var found: [Int32] = []
        var nonEmpty = 0
        var tiesBroken = 0
        var extrasFound = 0
        for query in Self.queries(count: 120, seed: 0xFA2) {
            query.withUnsafeBufferPointer {
                index.similar(
                    $0, limit: 8, minimumDice: dice, lengthSlack: 2, preferring: preferred, preferredExtra: extra,
                    scratch: scratch, into: &found)
            }
            let q = Self.pairs(query)
            let all = Self.indexed.compactMap { entry -> (Int, Bool, Int32)? in
                let shared = q.intersection(entry.2).count
                guard abs(entry.1.count - query.count) <= 2,
                    Float(2 * shared) >= dice * Float(q.count + entry.2.count)
                else { return nil }
                return (shared, preferred(entry.0), entry.0)
            }
            let top = all.sorted {
                $0.0 != $1.0 ? $0.0 > $1.0 : ($0.1 != $1.1 ? $0.1 : $0.2 < $1.2)
            }.prefix(8).map(\.2)
            // Then the preferred words the eight lack, most shared first.
            let more = all.filter { $0.1 && !top.contains($0.2) }.sorted {
                $0.0 > $1.0 || ($0.0 == $1.0 && $0.2 < $1.2)
            }
            let slow = top + more.prefix(extra).map(\.2)
            if extra > 0 && !more.isEmpty { extrasFound += 1 }
            let byOrderOnly = all.sorted { $0.0 > $1.0 || ($0.0 == $1.0 && $0.2 < $1.2) }.prefix(8).map(\.2)
            if slow != byOrderOnly { tiesBroken += 1 }
            if !slow.isEmpty { nonEmpty += 1 }
            #expect(
                found == slow,
                "\(String(decoding: query, as: UTF8.self)): \(found.map(lex.word)) against \(slow.map(lex.word))")
        }
        #expect(nonEmpty >= 60)
        // The preference decides some queries' words (else this case tests nothing new).
        if prefers { #expect(tiesBroken >= 10) }
        if extra > 0 { #expect(extrasFound >= 10) }
    }

    @Test("far words are found only where the channel's generic edits are cheap")
    func cheapChannelOnly() throws {
        let lex = Shared.lexicon
        let model = ErrorModel(confusions: lex.confusions)
        let search = CandidateSearch(lexicon: lex, errorModel: model)
        func far(_ word: String) -> [String] {
            var out: [Candidate] = []
            Array(word.utf8).withUnsafeBufferPointer { search.farWords($0, into: &out) }
            return out.map { lex.word($0.first) }
        }
        // Four edits from `stakeholders`: the base channel's generic edits (2.3 and more) price it
        // beyond the cost bound.
        #expect(!far("stakeboikbers").contains("stakeholders"))
        var cheap = ErrorModelCosts()
        cheap.substitution = 1.2
        cheap.insertion = 1.2
        cheap.deletion = 1.2
        model.setCosts(cheap)
        #expect(far("stakeboikbers").contains("stakeholders"))
        #expect(far("algenthis").contains("algorithms"))
        // The document's own words first among those sharing as many pairs: `tredums` shares
        // four with `freedoms`, `trends` and a dozen commoner words.
        #expect(!far("tredums").contains("freedoms"))
        let freedoms = try #require(lex.id(of: "freedoms")).index
        var preferred: [Candidate] = []
        Array("tredums".utf8).withUnsafeBufferPointer {
            search.farWords($0, preferring: { $0 == freedoms }, into: &preferred)
        }
        #expect(preferred.map { lex.word($0.first) }.contains("freedoms"))
        // Off while EM's rounds run.
        search.findsFarWords = false
        #expect(far("stakeboikbers").isEmpty)
        search.findsFarWords = true
        // Too short, or not letters: no search.
        #expect(far("tbe").isEmpty && far("st4keholders").isEmpty)
    }
}

import Correction
// Differential: the symmetric-delete search finds exactly what a brute-force scan of the
// whole lexicon with a slow, obviously-correct distance finds.
import Lexicon
import TestSupport
import Testing

@Suite("Candidate search")
struct CandidateSearchTests {
    /// Plain optimal-string-alignment distance, full table, case-folded.
    static func osa(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let a = a.map { $0 | 0x20 }
        let b = b.map { $0 | 0x20 }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        if !a.isEmpty && !b.isEmpty {
            for i in 1...a.count {
                for j in 1...b.count {
                    d[i][j] = min(d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), d[i - 1][j] + 1, d[i][j - 1] + 1)
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                        d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                    }
                }
            }
        }
        return d[a.count][b.count]
    }

    static let indexed: [(Int32, [UInt8])] = {
        let lex = Shared.lexicon
        return (0..<Int32(lex.wordCount)).filter { lex.flags($0).contains(.indexed) }.map {
            ($0, Array(lex.spelling($0)))
        }
    }()

    /// Random lower-case words near real ones: a lexicon word with up to two random edits.
    static func queries(count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = SplitMix64(state: seed)
        let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        return (0..<count).map { _ in
            var w = indexed[Int.random(in: 0..<indexed.count, using: &rng)].1.map { $0 | 0x20 }
            for _ in 0..<Int.random(in: 0...2, using: &rng) where w.count > 1 {
                let i = Int.random(in: 0..<w.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: w[i] = letters.randomElement(using: &rng)!
                case 1: w.remove(at: i)
                default: w.insert(letters.randomElement(using: &rng)!, at: i)
                }
            }
            return w
        }
    }

    @Test("finds every indexed word within two edits (one for two letters), and only those", arguments: Array(0..<8))
    func differential(batch: Int) {
        let lex = Shared.lexicon
        let search = CandidateSearch(lexicon: lex, errorModel: ErrorModel(confusions: lex.confusions))
        search.maxCost = .infinity  // every word within the edit bound, however costly
        for query in Self.queries(count: 25, seed: UInt64(batch) &+ 0x5EED) where query.count >= 2 {
            var found: [Candidate] = []
            query.withUnsafeBufferPointer { search.nearWords($0, into: &found) }
            let fast = Set(found.map(\.first))
            let slow = Set(
                Self.indexed.filter {
                    Self.osa(query, $0.1) <= CandidateSearch.editBound(length: query.count)
                        && $0.1.map({ $0 | 0x20 }) != query
                }.map(\.0))
            #expect(
                fast == slow,
                "\(String(decoding: query, as: UTF8.self)) (\(query.count)): missing \(slow.subtracting(fast).map(lex.word)), extra \(fast.subtracting(slow).map(lex.word))"
            )
        }
    }

    @Test(
        "the neighbour cache gives nearWords' candidates, costs and order, under a changed channel too",
        arguments: [false, true])
    func neighbourCache(learned: Bool) {
        let lex = Shared.lexicon
        let plain = CandidateSearch(lexicon: lex, errorModel: ErrorModel(confusions: lex.confusions))
        let cached = CandidateSearch(lexicon: lex, errorModel: ErrorModel(confusions: lex.confusions))
        cached.cachesNeighbours = true
        let queries =
            Self.queries(count: 300, seed: 0xCAC4E)
            + ["partculady", "Tbe", "tbe", "governmeut"].map {
                Array($0.utf8)
            }
        var scored = 0
        // Twice: the second time the neighbours come from the cache, the first channel's and then
        // a document's (cheap learned confusions add words one plain edit further).
        for pass in 0..<2 {
            if learned && pass == 1 {
                let document = [
                    Confusion(seen: Array("d".utf8), meant: Array("rl".utf8), cost: 0.4),
                    Confusion(seen: Array("u".utf8), meant: Array("n".utf8), cost: 0.5),
                ]
                for search in [plain, cached] { search.setLearned(document) }
            }
            for query in queries {
                var a: [Candidate] = []
                var b: [Candidate] = []
                query.withUnsafeBufferPointer {
                    plain.nearWords($0, into: &a)
                    cached.nearWords($0, into: &b)
                }
                scored += a.count
                #expect(
                    a.map(\.first) == b.map(\.first) && a.map(\.cost) == b.map(\.cost),
                    "\(String(decoding: query, as: UTF8.self))")
            }
        }
        #expect(scored >= 1_000)
    }

    @Test("the error model makes OCR's confusions cheap and other edits dear")
    func errorModel() {
        let model = ErrorModel(confusions: Shared.lexicon.confusions)
        #expect(model.cost(observed: "rnodern", candidate: "modern") < 1.0)
        #expect(model.cost(observed: "govemment", candidate: "government") <= 1.0)
        #expect(model.cost(observed: "Ihe", candidate: "the") <= 1.5)
        #expect(model.cost(observed: "modern", candidate: "modern") == 0)
        #expect(model.cost(observed: "wodern", candidate: "modern") > 2.0)
        #expect(model.cost(observed: "cat", candidate: "dog") == .infinity)
    }

    @Test("splits need two common words")
    func splits() {
        let lex = Shared.lexicon
        let search = CandidateSearch(lexicon: lex, errorModel: ErrorModel(confusions: lex.confusions))
        var out: [Candidate] = []
        Array("ofthe".utf8).withUnsafeBufferPointer { search.splits($0, into: &out) }
        #expect(out.contains { lex.word($0.first) == "of" && lex.word($0.second) == "the" })
    }
}

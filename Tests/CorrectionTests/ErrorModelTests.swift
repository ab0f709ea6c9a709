// Differential: the error model's packed, pruned weighted distance equals a slow reference
// that scores every alignment with the confusion list as written.
import Correction
import Lexicon
import TestSupport
import Testing

@Suite("Error model")
struct ErrorModelTests {
    /// Full-table weighted Damerau distance, case-folded; confusions matched byte by byte.
    static func reference(_ observed: [UInt8], _ candidate: [UInt8], _ confusions: [Confusion], _ s: ErrorModelCosts)
        -> Float
    {
        let o = observed.map(asciiFold)
        let c = candidate.map(asciiFold)
        let table = confusions.map { (seen: $0.seen.map(asciiFold), meant: $0.meant.map(asciiFold), cost: -$0.cost) }
        var d = [[Float]](repeating: [Float](repeating: .infinity, count: c.count + 1), count: o.count + 1)
        for i in 0...o.count {
            for j in 0...c.count {
                if i == 0 && j == 0 {
                    d[i][j] = 0
                    continue
                }
                var best = Float.infinity
                if i > 0 { best = min(best, d[i - 1][j] + s.deletion) }
                if j > 0 { best = min(best, d[i][j - 1] + s.insertion) }
                if i > 0 && j > 0 { best = min(best, d[i - 1][j - 1] + (o[i - 1] == c[j - 1] ? 0 : s.substitution)) }
                if i > 1 && j > 1 && o[i - 1] == c[j - 2] && o[i - 2] == c[j - 1] && o[i - 1] != c[j - 1] {
                    best = min(best, d[i - 2][j - 2] + s.transposition)
                }
                for t in table where t.seen.count <= i && t.meant.count <= j {
                    if Array(o[(i - t.seen.count)..<i]) == t.seen && Array(c[(j - t.meant.count)..<j]) == t.meant {
                        best = min(best, d[i - t.seen.count][j - t.meant.count] + t.cost)
                    }
                }
                d[i][j] = best
            }
        }
        return d[o.count][c.count]
    }

    static func asciiFold(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b | 0x20 : b }

    @Test("equals the slow reference on damaged words", arguments: Array(0..<4))
    func differential(batch: Int) {
        let lexicon = Shared.lexicon
        let model = ErrorModel(confusions: lexicon.confusions)
        model.editLimit = nil
        var rng = SplitMix64(state: 0xC0FFEE &+ UInt64(batch))
        let letters = Array("abcdefghilmnorstuvw".utf8)
        var compared = 0
        for _ in 0..<300 {
            let id = Int32(Int(rng.next() % UInt64(lexicon.wordCount)))
            let word = Array(lexicon.word(id).utf8)
            guard (2...14).contains(word.count) else { continue }
            var damaged = word
            for _ in 0..<Int(rng.next() % 3) {
                let at = Int(rng.next() % UInt64(damaged.count))
                switch rng.next() % 4 {
                case 0: damaged[at] = letters[Int(rng.next() % UInt64(letters.count))]
                case 1: damaged.insert(letters[Int(rng.next() % UInt64(letters.count))], at: at)
                case 2 where damaged.count > 1: damaged.remove(at: at)
                default: damaged.replaceSubrange(at..<at, with: Array("rn".utf8))
                }
            }
            let fast = model.cost(
                observed: String(decoding: damaged, as: UTF8.self), candidate: String(decoding: word, as: UTF8.self))
            let slow = Self.reference(damaged, word, lexicon.confusions, model.costs)
            // The fast one leaves out words more than three letters apart in length (infinite).
            if abs(damaged.count - word.count) > 3 {
                #expect(fast == .infinity)
                continue
            }
            #expect(abs(fast - slow) < 0.001, "\(String(decoding: damaged, as: UTF8.self)) → \(lexicon.word(id))")
            compared += 1
        }
        #expect(compared > 150)
    }
}

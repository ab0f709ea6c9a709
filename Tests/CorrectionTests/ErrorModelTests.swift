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

    /// Plain optimal-string-alignment distance, full table, case-folded.
    static func osa(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let a = a.map(asciiFold)
        let b = b.map(asciiFold)
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    @Test("the bit-parallel distance filter agrees with the full table, at every bound")
    func osaFilter() {
        var rng = SplitMix64(state: 0x05A)
        let peq = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 256)
        defer { peq.deallocate() }
        peq.initialize(repeating: 0)
        let letters = Array("abcdeMNOrn".utf8)
        for _ in 0..<4000 {
            let a = (0..<Int(rng.next() % 12)).map { _ in letters[Int(rng.next() % UInt64(letters.count))] }
            var b = a
            for _ in 0..<Int(rng.next() % 4) {
                let at = b.isEmpty ? 0 : Int(rng.next() % UInt64(b.count))
                switch rng.next() % 4 {
                case 0 where !b.isEmpty: b[at] = letters[Int(rng.next() % UInt64(letters.count))]
                case 1: b.insert(letters[Int(rng.next() % UInt64(letters.count))], at: at)
                case 2 where !b.isEmpty: b.remove(at: at)
                default: if at + 1 < b.count { b.swapAt(at, at + 1) }
                }
            }
            let distance = Self.osa(a, b)
            for k in 0...3 {
                let fast = a.withUnsafeBufferPointer { x in
                    b.withUnsafeBufferPointer { y in ErrorModel.withinOSA(x, y, k, peq) }
                }
                #expect(
                    fast == (distance <= k),
                    "\(String(decoding: a, as: UTF8.self)) / \(String(decoding: b, as: UTF8.self)) k=\(k)")
            }
            #expect(peq.allSatisfy { $0 == 0 })
        }
    }
}

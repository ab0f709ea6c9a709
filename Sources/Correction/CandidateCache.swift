// The candidates found for each word form, kept while the channel stays the same: a scan
// repeats its misreadings, so a form that recurs is searched once per run (bounded memory).
import Lexicon

/// Word form (exact bytes) → the candidates the search found for it. Open addressing over a
/// fixed table; emptied when the channel changes (`removeAll`: a new generation, O(1)) or
/// when full.
final class CandidateCache {
    private struct Entry {
        var hash: UInt64
        var generation: UInt32
        var keyStart: Int32
        var keyCount: Int32
        var start: Int32
        var count: Int32
    }

    /// Slots in the table (a power of two); at most half are filled.
    static let capacity = 1 << 17
    /// Candidates stored at most (16 bytes each) before the cache starts again.
    static let maximumCandidates = 1 << 20

    private let table: UnsafeMutableBufferPointer<Entry>
    private var generation: UInt32 = 1
    private var keys: [UInt8] = []
    private var stored: [Candidate] = []
    private(set) var count = 0
    private var channel: UInt64 = 0

    /// Empties the cache when the channel it was filled under has changed.
    func validate(channel generation: UInt64) {
        guard generation != channel else { return }
        removeAll()
        channel = generation
    }

    init() {
        table = .allocate(capacity: Self.capacity)
        table.initialize(repeating: Entry(hash: 0, generation: 0, keyStart: 0, keyCount: 0, start: 0, count: 0))
    }

    deinit { table.deallocate() }

    /// Forgets every form.
    func removeAll() {
        guard count > 0 else { return }
        count = 0
        keys.removeAll(keepingCapacity: true)
        stored.removeAll(keepingCapacity: true)
        generation &+= 1
        if generation == 0 {
            table.update(repeating: Entry(hash: 0, generation: 0, keyStart: 0, keyCount: 0, start: 0, count: 0))
            generation = 1
        }
    }

    @inline(__always)
    private static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in word { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h | 1
    }

    /// The slot holding `word`, or the empty slot where it would go.
    @inline(__always)
    private func slot(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        let mask = Self.capacity - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let e = table[i]
            if e.generation != generation { return i }
            if e.hash == hash && Int(e.keyCount) == word.count {
                let same = keys.withUnsafeBufferPointer { k in
                    var equal = true
                    for j in 0..<word.count where k[Int(e.keyStart) + j] != word[j] {
                        equal = false
                        break
                    }
                    return equal
                }
                if same { return i }
            }
            i = (i + 1) & mask
        }
    }

    /// Appends the candidates stored for `word` to `out`; false when the form is not stored.
    func find(_ word: UnsafeBufferPointer<UInt8>, into out: inout [Candidate]) -> Bool {
        guard count > 0 else { return false }
        let e = table[slot(word, hash: Self.hash(word))]
        guard e.generation == generation else { return false }
        out.append(contentsOf: stored[Int(e.start)..<Int(e.start + e.count)])
        return true
    }

    /// Stores `candidates` for `word` (not stored yet).
    func insert(_ word: UnsafeBufferPointer<UInt8>, _ candidates: [Candidate]) {
        if count >= Self.capacity / 2 || stored.count + candidates.count > Self.maximumCandidates { removeAll() }
        let hash = Self.hash(word)
        let i = slot(word, hash: hash)
        guard table[i].generation != generation else { return }
        table[i] = Entry(
            hash: hash, generation: generation, keyStart: Int32(keys.count), keyCount: Int32(word.count),
            start: Int32(stored.count), count: Int32(candidates.count))
        keys.append(contentsOf: word)
        stored.append(contentsOf: candidates)
        count += 1
    }
}

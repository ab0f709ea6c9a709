// The candidates found for each word form, kept while the channel stays the same: a scan
// repeats its misreadings, so a form that recurs is searched once per run (bounded memory).
import Lexicon

/// Word form (exact bytes) → the candidates the search found for it. Open addressing over a
/// table that doubles as forms come, up to `maximumSlots`; emptied when the channel changes
/// (`removeAll`: a new generation, O(1)) or when full.
final class CandidateCache {
    private struct Entry {
        var hash: UInt64
        var generation: UInt32
        var keyStart: Int32
        var keyCount: Int32
        var start: Int32
        var count: Int32
    }

    /// Slots a new cache starts with (a power of two); at most half are filled.
    static let initialSlots = 1 << 12
    /// The most slots (a power of two): a 1 M-word scan of harsh damage has ~90,000 forms, and
    /// a table of 2^17 slots, full at 65,536 of them, emptied itself once in the middle (the base
    /// corrector took 7.5 s on it, 6.1 s with room for all).
    let maximumSlots: Int
    /// Candidates stored at most (16 bytes each) before the cache starts again.
    let maximumCandidates: Int

    @exclusivity(unchecked) private var table: UnsafeMutableBufferPointer<Entry>
    @exclusivity(unchecked) private var generation: UInt32 = 1
    @exclusivity(unchecked) private var keys: [UInt8] = []
    @exclusivity(unchecked) private var stored: [Candidate] = []
    @exclusivity(unchecked) private(set) var count = 0
    @exclusivity(unchecked) private var channel: UInt64 = 0

    /// Empties the cache when the channel it was filled under has changed.
    func validate(channel generation: UInt64) {
        guard generation != channel else { return }
        removeAll()
        channel = generation
    }

    init(maximumSlots: Int = 1 << 19, maximumCandidates: Int = 1 << 22) {
        self.maximumSlots = max(maximumSlots, Self.initialSlots)
        self.maximumCandidates = maximumCandidates
        table = Self.emptyTable(Self.initialSlots)
    }

    deinit { table.deallocate() }

    private static func emptyTable(_ slots: Int) -> UnsafeMutableBufferPointer<Entry> {
        let table = UnsafeMutableBufferPointer<Entry>.allocate(capacity: slots)
        table.initialize(repeating: Entry(hash: 0, generation: 0, keyStart: 0, keyCount: 0, start: 0, count: 0))
        return table
    }

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

    /// Twice the slots, every stored form moved over.
    private func grow() {
        let old = table
        table = Self.emptyTable(old.count * 2)
        let mask = table.count - 1
        for e in old where e.generation == generation {
            var i = Int(truncatingIfNeeded: e.hash) & mask
            while table[i].generation == generation { i = (i + 1) & mask }
            table[i] = e
        }
        old.deallocate()
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
        let mask = table.count - 1
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
    func insert(_ word: UnsafeBufferPointer<UInt8>, _ candidates: some Collection<Candidate>) {
        if count >= table.count / 2 {
            if table.count < maximumSlots { grow() } else { removeAll() }
        }
        if stored.count + candidates.count > maximumCandidates { removeAll() }
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

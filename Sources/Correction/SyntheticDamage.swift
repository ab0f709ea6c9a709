// Damage for test data and the benchmark, made the way a scan makes it.

/// Text damaged as OCR damages it, reproducibly (fixed seeds).
package enum SyntheticDamage {
    /// `text` as a scan that misreads the same letters throughout: n as s (35 % of them), t as
    /// c (25 %), e as c (20 %) — the kind of damage a real bad scan does, which a document's
    /// own confusions explain.
    package static func systematic(_ text: String, seed: UInt64 = 5) -> String {
        var rng = SplitMix64(state: seed)
        let rates: [Character: (Character, Double)] = ["n": ("s", 0.35), "t": ("c", 0.25), "e": ("c", 0.2)]
        return String(
            text.map { ch -> Character in
                guard let (to, p) = rates[ch] else { return ch }
                return Double(rng.next() % 10_000) / 10_000 < p ? to : ch
            })
    }
}

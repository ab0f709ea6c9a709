// Damage for test data and the benchmark, made the way a scan makes it.

/// Text damaged as OCR damages it, reproducibly (fixed seeds).
package enum SyntheticDamage {
    /// `text` as a scan that misreads the same letters throughout: n as s (35 % of them), t as
    /// c (25 %), e as c (20 %) — the kind of damage a real bad scan does, which a document's
    /// own confusions explain.
    package static func systematic(_ text: String, seed: UInt64 = 5) -> String {
        damage(text, seed: seed, rules: ["n": [("s", 0.35)], "t": [("c", 0.25)], "e": [("c", 0.2)]])
    }

    /// `text` as a far worse scan of the same kind (raw WER 55–65 %, as the real bad scans of
    /// issue 12): n read as s (50 %), r (5 %) or lost (5 %); t as c (35 %) or s (10 %); e as c
    /// (30 %), c as e (25 %), a as s (20 %), i as h (20 %), r as e (8 %), o as e (5 %); and 2 %
    /// of the spaces lost.
    package static func harsh(_ text: String, seed: UInt64 = 11) -> String {
        damage(
            text, seed: seed,
            rules: [
                "n": [("s", 0.5), ("r", 0.05), ("", 0.05)], "t": [("c", 0.35), ("s", 0.1)], "e": [("c", 0.3)],
                "c": [("e", 0.25)], "a": [("s", 0.2)], "i": [("h", 0.2)], "r": [("e", 0.08)], "o": [("e", 0.05)],
                " ": [("", 0.02)],
            ])
    }

    /// `text` as a poor scan whose errors no few confusions explain: letters lost, doubled or
    /// misread, each kind rare but together on most letters (as a degraded Tesseract reading).
    /// `rate`: the share of each letter lost, and of each other misreading.
    package static func varied(_ text: String, rate: Double = 0.02, seed: UInt64 = 7) -> String {
        damage(
            text, seed: seed,
            rules: [
                "a": [("", rate), ("o", rate)], "c": [("", rate), ("e", rate)], "d": [("", rate), ("cl", rate)],
                "e": [("", rate), ("ee", rate), ("o", rate)], "h": [("", rate), ("b", rate)],
                "i": [("", rate), ("l", rate)], "l": [("", rate), ("ll", rate)], "m": [("", rate), ("rn", rate)],
                "n": [("", rate), ("m", rate)], "o": [("", rate), ("a", rate)], "r": [("", rate), ("n", rate)],
                "s": [("", rate), ("ss", rate)], "t": [("", rate), ("f", rate)], "u": [("", rate), ("v", rate)],
            ])
    }

    /// Each letter with rules replaced by the first rule whose share the draw falls in.
    private static func damage(_ text: String, seed: UInt64, rules: [Character: [(String, Double)]]) -> String {
        var rng = SplitMix64(state: seed)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            guard let options = rules[ch] else {
                out.append(ch)
                continue
            }
            let draw = Double(rng.next() % 10_000) / 10_000
            var bound = 0.0
            var replacement = String(ch)
            for (to, p) in options {
                bound += p
                if draw < bound {
                    replacement = to
                    break
                }
            }
            out += replacement
        }
        return out
    }
}

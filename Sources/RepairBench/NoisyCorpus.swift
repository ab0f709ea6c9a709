import Correction
// A deterministic OCR-like corpus: clean fixture text with OCR's confusions (read backwards
// from the confusion table), dropped and doubled letters, lost and added spaces.
import Lexicon

enum NoisyCorpus {
    /// About `tokens` word tokens of noisy text, paragraphs separated by blank lines.
    static func make(
        from texts: [String], tokens: Int, confusions: [Confusion], wordErrorRate: Double = 0.1, seed: UInt64 = 42
    ) -> String {
        var rng = SplitMix64(state: seed)
        let paragraphs = texts.flatMap { $0.split(separator: "\n").map(String.init) }.filter { !$0.isEmpty }
        var out: [String] = []
        var count = 0
        var p = 0
        while count < tokens && !paragraphs.isEmpty {
            var words = paragraphs[p % paragraphs.count].split(separator: " ").map(String.init)
            for i in words.indices where Double.random(in: 0..<1, using: &rng) < wordErrorRate {
                words[i] = damage(words[i], confusions: confusions, rng: &rng)
            }
            var line = ""
            for (i, w) in words.enumerated() {
                if i > 0 { line += Double.random(in: 0..<1, using: &rng) < 0.005 ? "" : " " }
                line += w
            }
            count += words.count
            out.append(line)
            p += 1
        }
        return out.joined(separator: "\n\n") + "\n"
    }

    /// `text` with `rate` of its words damaged as `make` damages them, lines and spaces kept:
    /// clean text of another genre as a good OCR engine would print it.
    static func lightlyDamaged(_ text: String, rate: Double, confusions: [Confusion], seed: UInt64 = 7) -> String {
        var rng = SplitMix64(state: seed)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: " ", omittingEmptySubsequences: false).map { word in
                guard word.count >= 2, Double.random(in: 0..<1, using: &rng) < rate else { return String(word) }
                return damage(String(word), confusions: confusions, rng: &rng)
            }.joined(separator: " ")
        }.joined(separator: "\n")
    }

    /// The texts repeated until they hold about `tokens` words.
    static func repeated(_ texts: [String], tokens: Int) -> String {
        repeatedDocuments(texts, tokens: tokens).map { $0 + "\n" }.joined()
    }

    /// The texts repeated until they hold `tokens` words, each copy on its own.
    static func repeatedDocuments(_ texts: [String], tokens: Int) -> [String] {
        var out: [String] = []
        var count = 0
        while count < tokens && !texts.isEmpty {
            for t in texts {
                out.append(t)
                count += t.split(whereSeparator: { $0 == " " || $0 == "\n" }).count
            }
        }
        return out
    }

    static func damage(_ word: String, confusions: [Confusion], rng: inout SplitMix64) -> String {
        var bytes = Array(word.utf8)
        guard bytes.count >= 2 else { return word }
        let roll = Double.random(in: 0..<1, using: &rng)
        if roll < 0.6 {
            // An OCR confusion: where the word has `meant`, print `seen`.
            for _ in 0..<8 {
                let c = confusions[Int.random(in: 0..<confusions.count, using: &rng)]
                guard !c.meant.isEmpty, c.meant.count <= bytes.count else { continue }
                let folded = bytes.map { $0 | 0x20 }
                if let at = (0...(bytes.count - c.meant.count)).first(where: {
                    Array(folded[$0..<($0 + c.meant.count)]) == c.meant
                }) {
                    bytes.replaceSubrange(at..<(at + c.meant.count), with: c.seen)
                    return String(decoding: bytes, as: UTF8.self)
                }
            }
        }
        let i = Int.random(in: 0..<bytes.count, using: &rng)
        if roll < 0.8 { bytes.remove(at: i) } else { bytes.insert(bytes[i], at: i) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// About `tokens` words of the clean texts as far worse scans (`SyntheticDamage.harsh`), each
    /// copy with its own seed, and the clean texts they were made from, line for line.
    static func harsh(from texts: [String], tokens: Int) -> (scan: String, truth: String) {
        var scans: [String] = []
        var truths: [String] = []
        var count = 0
        var seed: UInt64 = 11
        while count < tokens && !texts.isEmpty {
            for t in texts where count < tokens {
                scans.append(SyntheticDamage.harsh(t, seed: seed))
                truths.append(t)
                count += t.split(whereSeparator: { $0 == " " || $0 == "\n" }).count
                seed &+= 1
            }
        }
        return (scans.joined(separator: "\n\n") + "\n", truths.joined(separator: "\n\n") + "\n")
    }

    /// `text` as a scan that misreads the same letters throughout (`SyntheticDamage.systematic`).
    static func systematic(_ text: String, seed: UInt64 = 5) -> String { SyntheticDamage.systematic(text, seed: seed) }
}

// Word-bigram language model with stupid backoff to unigrams, in log10 units.
import Lexicon

/// Word-bigram language model with stupid backoff to unigrams, in log10 units.
public struct LanguageModel: Sendable {
    /// The lexicon whose counts it uses.
    public let lexicon: Lexicon
    /// log10 of the backoff weight when a pair was not counted.
    public var backoff: Float = -0.4
    /// log10 probability of a word the lexicon does not know.
    public var unknownWord: Float = -8.0
    /// Off: unigram scores only (the benchmark's ablation of context).
    public var useContext = true

    /// The previous-word state at a sentence start or after an unknown word.
    public static let start: Int32 = -1
    /// The previous-word state after an unknown word.
    public static let unknown: Int32 = -2
    /// A slot's context is the word chosen for the slot before it (decided in the lattice).
    public static let previousSlot: Int32 = -3

    /// A model over `lexicon`.
    public init(lexicon: Lexicon) { self.lexicon = lexicon }

    /// log10 P(next | previous); `next` < 0 is an unknown word.
    @inline(__always)
    public func score(_ previous: Int32, _ next: Int32) -> Float {
        if next < 0 { return unknownWord }
        if useContext, previous >= 0, let p = lexicon.bigram(previous, next) { return p }
        return backoff + lexicon.logProbability(next)
    }
}

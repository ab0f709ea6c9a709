// The layout of en.lexicon: one little-endian file the reader uses in place, without parsing.
//
//   header      LexiconFormat.Header (16 × UInt32)
//   entries     wordCount × Entry (16 bytes): pool offset, length, case class, flags, log10 P(word)
//   pool        the words' bytes, as spelled by their source (case kept), back to back
//   wordTable   wordTableCapacity × UInt32: entry index + 1 (0 = empty), open addressing on the folded hash
//   bigrams     bigramTableCapacity × Bigram (12 bytes): first + 1 (0 = empty), second, log10 P(second | first)
//   deleteStart (deleteBucketCount + 1) × UInt32: posting ranges of the symmetric-delete buckets
//   postings    deletePostingCount × UInt32: entry index (low 18 bits) | fingerprint of the delete's hash (high 14)
//   confusions  confusionCount × Confusion (12 bytes): seen bytes (≤ 3), meant bytes (≤ 3), log10 cost

/// The layout of `en.lexicon` (see the file comment).
public enum LexiconFormat {
    /// The file's first four bytes.
    public static let magic: UInt32 = 0x584C_5052  // "RPLX"
    /// The format version this reader reads.
    public static let version: UInt32 = 2
    /// Deletes are taken from the first `prefixLength` bytes of a word (SymSpell's prefix pruning).
    public static let prefixLength = 7
    /// The largest edit distance the symmetric-delete index covers.
    public static let maxEditDistance = 2

    /// The file header: sixteen little-endian UInt32.
    public struct Header {
        /// `LexiconFormat.magic`.
        public var magic = LexiconFormat.magic
        /// `LexiconFormat.version`.
        public var version = LexiconFormat.version
        /// Entries.
        public var wordCount: UInt32 = 0
        /// Bytes in the word pool.
        public var poolSize: UInt32 = 0
        /// Slots in the word table (a power of two).
        public var wordTableCapacity: UInt32 = 0
        /// Slots in the bigram table (a power of two, or 0).
        public var bigramTableCapacity: UInt32 = 0
        /// Bigrams stored.
        public var bigramCount: UInt32 = 0
        /// Buckets of the delete index (a power of two, or 0).
        public var deleteBucketCount: UInt32 = 0
        /// Postings in the delete index.
        public var deletePostingCount: UInt32 = 0
        /// Confusions stored.
        public var confusionCount: UInt32 = 0
        /// Words in the delete index.
        public var indexedWordCount: UInt32 = 0
        /// log10 of the total word count, × 1000.
        public var totalCountLog10x1000: UInt32 = 0
        public var reserved0: UInt32 = 0, reserved1: UInt32 = 0, reserved2: UInt32 = 0, reserved3: UInt32 = 0
        /// Bytes in the header.
        public static let size = 64
    }

    /// Bytes per entry.
    public static let entrySize = 16

    /// Postings pack an entry index and a fingerprint of the delete, so hash-bucket
    /// collisions are rejected without touching the word.
    public static let postingIDBits: UInt32 = 18
    /// The entry-index bits of a posting.
    public static let postingIDMask: UInt32 = (1 << 18) - 1
    /// The fingerprint of a delete's hash kept in a posting.
    @inline(__always) public static func fingerprint(_ hash: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: hash >> 50) & 0x3FFF
    }
    /// The most entries a file can hold (the posting's id bits).
    public static let maxWords = 1 << 18
    /// Bytes per bigram slot.
    public static let bigramSize = 12
    /// Bytes per confusion.
    public static let confusionSize = 12

    /// How a word is spelled in its source: decides the case of a correction.
    public enum CaseClass: UInt8, Sendable {
        case lower = 0
        case capitalized = 1
        case upper = 2
        case mixed = 3

        /// The case class of a spelling.
        public static func of(_ bytes: some Collection<UInt8>) -> CaseClass {
            var upper = 0
            var lower = 0
            var firstUpper = false
            var index = 0
            for b in bytes {
                if ASCII.isUpper(b) {
                    upper += 1
                    if index == 0 { firstUpper = true }
                } else if ASCII.isLower(b) {
                    lower += 1
                }
                index += 1
            }
            if upper == 0 { return .lower }
            if lower == 0 { return .upper }
            if firstUpper && upper == 1 { return .capitalized }
            return .mixed
        }
    }

    /// Entry flags.
    public struct Flags: OptionSet, Sendable {
        /// The flag bits.
        public let rawValue: UInt8
        /// Flags from their bits.
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// From the domain corpus.
        public static let domain = Flags(rawValue: 1)
        /// Added by the user's --dictionary.
        public static let user = Flags(rawValue: 2)
        /// In the symmetric-delete index: may be proposed as a correction.
        public static let indexed = Flags(rawValue: 4)
    }

    /// Offsets of each section, computed from the header.
    public struct Sections {
        public var entries = 0, pool = 0, wordTable = 0, bigrams = 0, deleteStart = 0, postings = 0, confusions = 0,
            end = 0

        /// The sections of a file with header `h`.
        public init(_ h: Header) {
            entries = Header.size
            pool = entries + Int(h.wordCount) * entrySize
            wordTable = align4(pool + Int(h.poolSize))
            bigrams = wordTable + Int(h.wordTableCapacity) * 4
            deleteStart = bigrams + Int(h.bigramTableCapacity) * bigramSize
            postings = deleteStart + (Int(h.deleteBucketCount) + 1) * 4
            confusions = postings + Int(h.deletePostingCount) * 4
            end = confusions + Int(h.confusionCount) * confusionSize
        }
    }

    static func align4(_ x: Int) -> Int { (x + 3) & ~3 }

    /// The prefix deletes of a folded word, to distance `maxEditDistance`, each once,
    /// the word's prefix itself included.
    static func deletes(of word: [UInt8], into out: inout Set<[UInt8]>) {
        let prefix = Array(word.prefix(prefixLength))
        out.insert(prefix)
        var frontier: Set<[UInt8]> = [prefix]
        for _ in 0..<maxEditDistance {
            var next: Set<[UInt8]> = []
            for w in frontier where w.count > 1 {
                for i in 0..<w.count {
                    var d = w
                    d.remove(at: i)
                    if out.insert(d).inserted { next.insert(d) }
                }
            }
            frontier = next
        }
    }
}

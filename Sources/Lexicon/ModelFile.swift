// A trained model (`repair train`): a header naming what it was trained on, then a complete
// lexicon (the base words with the collection's own, its bigrams, the base confusions with the
// scanner's learned ones) that the reader uses in place, as it uses en.lexicon.
//
//   header   ModelFormat.headerSize bytes, little-endian:
//            0 magic "RPMD", 4 version, 8 header size, 12 reserved,
//            16 lexicon bytes (UInt64), 24 FNV-1a of the lexicon bytes, 32 hash of the training pairs,
//            40 pairs, 44 truth words, 48 words added, 52 bigrams added, 56 confusions learned,
//            60 margin shift (Float32), 64 vocabulary weight (Float32), 68 validation WER untrained
//            and 72 trained (Float32, −1: none), 76 word forms, 80 lexicon offset (UInt64),
//            88 confusions learned (records after the forms), 92 vocabulary (records after the
//            confusions; 0 in models written before it),
//            128 the repair that wrote it (UTF-8, NUL-padded)
//   forms    word forms OCR printed for a truth word: per form, seen length (UInt8), meant
//            length (UInt8), count (UInt16), cost (Float32), the seen bytes, the meant bytes;
//            then the confusions and the truth's vocabulary (its words folded, as spelled,
//            their counts, cost 0) in the same records
//   lexicon  at the lexicon offset (a multiple of 16): LexiconFormat, whole
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The layout of a trained model file (see the file comment).
public enum ModelFormat {
    /// "RPMD".
    public static let magic: UInt32 = 0x444D_5052
    /// The format version this reader reads.
    public static let version: UInt32 = 1
    /// Bytes before the lexicon (a multiple of 16).
    public static let headerSize = 256
    /// Bytes for the writer's name.
    static let creatorOffset = 128
}

/// A whole word OCR printed for another in the training pairs (`tbe` for `the`).
public struct LearnedForm: Sendable, Equatable {
    /// What OCR printed, case-folded.
    public var seen: [UInt8]
    /// The truth's word, as spelled there.
    public var meant: [UInt8]
    /// How often.
    public var count: Int
    /// −log10 P(seen | meant): the channel cost of reading `meant` as `seen`.
    public var cost: Float
    /// A form.
    public init(seen: [UInt8], meant: [UInt8], count: Int, cost: Float) {
        self.seen = seen
        self.meant = meant
        self.count = count
        self.cost = cost
    }
    /// The longest form or word stored.
    public static let maxLength = 48
}

/// What a model was trained on and how it was calibrated.
public struct ModelInfo: Sendable, Equatable {
    /// Training pairs used.
    public var pairs = 0
    /// Words on the truth side of the pairs.
    public var truthWords = 0
    /// Words the base lexicon lacked, added with the collection's counts.
    public var wordsAdded = 0
    /// Word pairs added to (or reweighted in) the bigram table.
    public var bigramsAdded = 0
    /// OCR confusions learned (cheaper than the base channel had them).
    public var confusionsLearned = 0
    /// Added to the corrector's margins (log10 units): negative corrects more eagerly.
    public var marginShift: Float = 0
    /// The collection's share of the unigram and bigram mixture.
    public var vocabularyWeight: Float = 0
    /// WER of the held-out pairs without the model and with it (nil: no validation).
    public var validationWER: (untrained: Float, trained: Float)?
    /// Hash of the training pairs' texts.
    public var trainingHash: UInt64 = 0
    /// The repair that wrote it.
    public var creator = ""

    /// A model's description.
    public init() {}

    /// Every field equal (the validation pair compared field by field).
    public static func == (a: ModelInfo, b: ModelInfo) -> Bool {
        a.pairs == b.pairs && a.truthWords == b.truthWords && a.wordsAdded == b.wordsAdded
            && a.bigramsAdded == b.bigramsAdded && a.confusionsLearned == b.confusionsLearned
            && a.marginShift == b.marginShift && a.vocabularyWeight == b.vocabularyWeight
            && a.validationWER?.untrained == b.validationWER?.untrained
            && a.validationWER?.trained == b.validationWER?.trained && a.trainingHash == b.trainingHash
            && a.creator == b.creator
    }
}

/// A trained model loaded: its description and its lexicon.
public final class TrainedModel: Sendable {
    /// Where it was loaded from.
    public let path: String
    /// What it was trained on.
    public let info: ModelInfo
    /// The lexicon (base and collection) the corrector uses instead of en.lexicon.
    public let lexicon: Lexicon
    /// Whole-word misreadings seen in the pairs.
    public let forms: [LearnedForm]
    /// The confusions the pairs taught (also in the lexicon's table), as forms of up to three
    /// bytes: the corrector also builds candidates from them beyond two edits.
    public let confusions: [LearnedForm]
    /// The truth's words with their counts (`seen`: folded, `meant`: as spelled): the
    /// collection's words, which the corrector reads as printed beside each document's own.
    public let vocabulary: [LearnedForm]

    /// A model in memory (the trainer's candidates, before one is written).
    public init(
        path: String, info: ModelInfo, lexicon: Lexicon, forms: [LearnedForm] = [], confusions: [LearnedForm] = [],
        vocabulary: [LearnedForm] = []
    ) {
        self.path = path
        self.info = info
        self.lexicon = lexicon
        self.forms = forms
        self.confusions = confusions
        self.vocabulary = vocabulary
    }

    /// The model file's bytes: the header for `info`, then `lexicon` (a built lexicon file).
    public static func encode(
        info: ModelInfo, lexicon: [UInt8], forms: [LearnedForm] = [], confusions: [LearnedForm] = [],
        vocabulary: [LearnedForm] = []
    ) -> [UInt8] {
        var section: [UInt8] = []
        func records(_ list: [LearnedForm]) -> Int {
            var stored = 0
            for f in list
            where (1...LearnedForm.maxLength).contains(f.seen.count)
                && (1...LearnedForm.maxLength).contains(f.meant.count) && f.cost.isFinite && f.cost >= 0
            {
                section += [UInt8(f.seen.count), UInt8(f.meant.count)]
                let count = UInt16(clamping: f.count)
                section += [UInt8(truncatingIfNeeded: count), UInt8(truncatingIfNeeded: count >> 8)]
                let bits = f.cost.bitPattern
                for k in 0..<4 { section.append(UInt8(truncatingIfNeeded: bits >> (8 * k))) }
                section += f.seen + f.meant
                stored += 1
            }
            return stored
        }
        let stored = records(forms)
        let storedConfusions = records(confusions)
        let storedVocabulary = records(vocabulary)
        while section.count % 16 != 0 { section.append(0) }
        var out = [UInt8](repeating: 0, count: ModelFormat.headerSize)
        func put32(_ v: UInt32, _ at: Int) { for k in 0..<4 { out[at + k] = UInt8(truncatingIfNeeded: v >> (8 * k)) } }
        func put64(_ v: UInt64, _ at: Int) { for k in 0..<8 { out[at + k] = UInt8(truncatingIfNeeded: v >> (8 * k)) } }
        put32(ModelFormat.magic, 0)
        put32(ModelFormat.version, 4)
        put32(UInt32(ModelFormat.headerSize), 8)
        put64(UInt64(lexicon.count), 16)
        put64(lexicon.withUnsafeBytes { hash($0) }, 24)
        put64(info.trainingHash, 32)
        put32(UInt32(clamping: info.pairs), 40)
        put32(UInt32(clamping: info.truthWords), 44)
        put32(UInt32(clamping: info.wordsAdded), 48)
        put32(UInt32(clamping: info.bigramsAdded), 52)
        put32(UInt32(clamping: info.confusionsLearned), 56)
        put32(info.marginShift.bitPattern, 60)
        put32(info.vocabularyWeight.bitPattern, 64)
        put32((info.validationWER?.untrained ?? -1).bitPattern, 68)
        put32((info.validationWER?.trained ?? -1).bitPattern, 72)
        put32(UInt32(stored), 76)
        put64(UInt64(ModelFormat.headerSize + section.count), 80)
        put32(UInt32(storedConfusions), 88)
        put32(UInt32(storedVocabulary), 92)
        let creator = Array(info.creator.utf8.prefix(ModelFormat.headerSize - ModelFormat.creatorOffset - 1))
        for (k, b) in creator.enumerated() { out[ModelFormat.creatorOffset + k] = b }
        return out + section + lexicon
    }

    /// Reads the model at `path`: the header is checked (magic, version, sizes, the lexicon's
    /// hash) before the lexicon's own checks, so a damaged file is one error, never a crash.
    public static func load(path: String) throws(LexiconError) -> TrainedModel {
        var info = ModelInfo()
        var forms: [LearnedForm] = []
        var confusions: [LearnedForm] = []
        var vocabulary: [LearnedForm] = []
        var lexiconOffset = ModelFormat.headerSize
        // The lexicon's offset is in the header: read it first (the check below verifies it).
        if let header = try? readHeader(path), header.count >= 88 {
            let offset = header.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 80, as: UInt64.self) }
            lexiconOffset = Int(clamping: UInt64(littleEndian: offset))
        }
        let lexicon = try Lexicon.load(path: path, offset: lexiconOffset) { bytes in
            func u32(_ at: Int) -> UInt32 {
                UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))
            }
            func u64(_ at: Int) -> UInt64 {
                UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
            }
            guard bytes.count >= 8, u32(0) == ModelFormat.magic else {
                return .notAModel(path: path, reason: "no model header (a model is written by repair train)")
            }
            guard u32(4) == ModelFormat.version else {
                return .notAModel(
                    path: path, reason: "model format version \(u32(4)); this repair reads \(ModelFormat.version)")
            }
            guard bytes.count >= ModelFormat.headerSize, u32(8) == UInt32(ModelFormat.headerSize) else {
                return .notAModel(path: path, reason: "truncated header (\(bytes.count) bytes)")
            }
            let offset = u64(80)
            guard offset == UInt64(lexiconOffset), offset % 16 == 0, offset >= UInt64(ModelFormat.headerSize),
                offset <= UInt64(bytes.count)
            else {
                return .notAModel(path: path, reason: "the lexicon's offset \(offset) is outside the file")
            }
            let size = u64(16)
            guard size == UInt64(bytes.count) - offset else {
                return .notAModel(
                    path: path,
                    reason:
                        "truncated or extended: the header names \(size) lexicon bytes, the file has \(UInt64(bytes.count) - offset)"
                )
            }
            guard hash(UnsafeRawBufferPointer(rebasing: bytes[Int(offset)...])) == u64(24) else {
                return .notAModel(path: path, reason: "damaged (the lexicon's checksum does not match)")
            }
            info.trainingHash = u64(32)
            info.pairs = Int(u32(40))
            info.truthWords = Int(u32(44))
            info.wordsAdded = Int(u32(48))
            info.bigramsAdded = Int(u32(52))
            info.confusionsLearned = Int(u32(56))
            info.marginShift = Float(bitPattern: u32(60))
            info.vocabularyWeight = Float(bitPattern: u32(64))
            let untrained = Float(bitPattern: u32(68))
            let trained = Float(bitPattern: u32(72))
            if untrained >= 0 && trained >= 0 { info.validationWER = (untrained, trained) }
            guard info.marginShift.isFinite, abs(info.marginShift) <= 8, info.vocabularyWeight.isFinite else {
                return .notAModel(path: path, reason: "calibration out of range")
            }
            // The forms, the confusions, then the vocabulary, each inside the section.
            var at = ModelFormat.headerSize
            let end = Int(offset)
            for (kind, count) in [Int(u32(76)), Int(u32(88)), Int(u32(92))].enumerated() {
                for _ in 0..<count {
                    guard at + 8 <= end else {
                        return .notAModel(path: path, reason: "word forms run past their section")
                    }
                    let seen = Int(bytes[at])
                    let meant = Int(bytes[at + 1])
                    let times = Int(bytes[at + 2]) | Int(bytes[at + 3]) << 8
                    let cost = Float(bitPattern: u32(at + 4))
                    let longest = kind == 1 ? 3 : LearnedForm.maxLength
                    guard (1...longest).contains(seen), (1...longest).contains(meant),
                        at + 8 + seen + meant <= end, cost.isFinite, cost >= 0
                    else { return .notAModel(path: path, reason: "a damaged word form at byte \(at)") }
                    let record = LearnedForm(
                        seen: Array(bytes[(at + 8)..<(at + 8 + seen)]),
                        meant: Array(bytes[(at + 8 + seen)..<(at + 8 + seen + meant)]), count: times, cost: cost)
                    switch kind {
                    case 0: forms.append(record)
                    case 1: confusions.append(record)
                    default: vocabulary.append(record)
                    }
                    at += 8 + seen + meant
                }
            }
            let creator = bytes[ModelFormat.creatorOffset..<ModelFormat.headerSize].prefix { $0 != 0 }
            info.creator = String(decoding: creator, as: UTF8.self)
            return nil
        }
        return TrainedModel(
            path: path, info: info, lexicon: lexicon, forms: forms, confusions: confusions, vocabulary: vocabulary)
    }

    /// The first `ModelFormat.headerSize` bytes of the file (fewer when it is shorter).
    static func readHeader(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: ModelFormat.headerSize)
        let n = header.withUnsafeMutableBytes { read(fd, $0.baseAddress, ModelFormat.headerSize) }
        return Array(header.prefix(max(n, 0)))
    }

    /// FNV-1a, eight bytes at a time (the lexicon is large; this is its integrity check, not security).
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        let words = bytes.count / 8
        for i in 0..<words {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* 0x0000_0100_0000_01B3
        }
        for i in (words * 8)..<bytes.count { h = (h ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01B3 }
        return h
    }
}

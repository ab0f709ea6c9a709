// The loaded lexicon: words, bigrams, the symmetric-delete index and OCR confusions, read in place from one buffer.
import Platform

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a lexicon file could not be loaded.
public enum LexiconError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotRead(path: String, reason: String)
    case notALexicon(path: String)
    case wrongVersion(path: String, found: UInt32)
    case truncated(path: String, expected: Int, found: Int)
    case corrupt(path: String, reason: String)
    case notAModel(path: String, reason: String)

    /// The problem, naming the file.
    public var description: String {
        switch self {
        case .cannotRead(let path, let reason): return "\(path): cannot read the lexicon: \(reason)"
        case .notALexicon(let path): return "\(path): not a repair lexicon (bad magic number)"
        case .wrongVersion(let path, let found):
            return
                "\(path): lexicon format version \(found); this repair reads \(LexiconFormat.version) (rebuild it with scripts/build-dictionaries)"
        case .truncated(let path, let expected, let found):
            return "\(path): lexicon truncated (\(found) of \(expected) bytes)"
        case .corrupt(let path, let reason): return "\(path): corrupt lexicon: \(reason)"
        case .notAModel(let path, let reason): return "\(path): not a usable repair model: \(reason)"
        }
    }
}

/// One OCR confusion: OCR printed `seen` where the page had `meant`, at log10 cost `cost`.
public struct Confusion: Sendable, Hashable {
    /// What OCR printed (1–3 bytes).
    public var seen: [UInt8]
    /// What the page had (1–3 bytes).
    public var meant: [UInt8]
    /// log10 probability (negative) in the file; positive costs once loaded by the error model.
    public var cost: Float
    /// A confusion.
    public init(seen: [UInt8], meant: [UInt8], cost: Float) {
        self.seen = seen
        self.meant = meant
        self.cost = cost
    }
}

/// A word of a lexicon: its entry index, meaningful only for the lexicon that gave it.
public struct WordID: Hashable, Comparable, Sendable {
    /// The entry index (0 ..< `Lexicon.wordCount`).
    public let index: Int32

    init(_ index: Int32) { self.index = index }

    /// Entry order.
    public static func < (a: WordID, b: WordID) -> Bool { a.index < b.index }
}

/// The compiled lexicon: words with their frequencies, word bigrams, a symmetric-delete index
/// for candidate search, and the base OCR confusions, all read in place from one buffer
/// (see `LexiconFormat`). Immutable; share one between threads.
public final class Lexicon: @unchecked Sendable {
    // Immutable after init; shared read-only between threads.
    @usableFromInline let storage: UnsafeMutableRawBufferPointer
    /// The file's header.
    public let header: LexiconFormat.Header
    @usableFromInline let sections: LexiconFormat.Sections
    @usableFromInline let wordMask: Int
    @usableFromInline let bigramMask: Int
    @usableFromInline let bucketMask: Int
    /// The base OCR confusions.
    public let confusions: [Confusion]
    /// `prefixFilter`, once built.
    let prefixFilterStore = Locked<PrefixFilter?>(nil)
    /// `letterPairIndex`, once built.
    let letterPairIndexStore = Locked<LetterPairIndex?>(nil)
    /// log10 of the total word count (the unit of every probability).
    public let totalCountLog10: Float

    /// Entries in the lexicon.
    public var wordCount: Int { Int(header.wordCount) }
    /// Bigrams in the lexicon.
    public var bigramCount: Int { Int(header.bigramCount) }
    /// Bytes of the file.
    public var byteCount: Int { storage.count }

    /// Reads the lexicon file at `path` whole into one buffer.
    public static func load(path: String) throws(LexiconError) -> Lexicon {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotRead(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .cannotRead(path: path, reason: String(cString: strerror(errno))) }
        let size = Int(info.st_size)
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(size, LexiconFormat.Header.size), alignment: 16)
        if let problem = SystemCalls.readFully(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<size])) {
            buffer.deallocate()
            throw .cannotRead(path: path, reason: problem)
        }
        return try Lexicon(
            owning: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<max(size, 0)]), base: buffer, path: path)
    }

    /// The lexicon stored at `offset` (a multiple of 16) of the file at `path` (a trained
    /// model), read with the file; `check` sees the whole file first and may reject it.
    package static func load(
        path: String, offset: Int, check: (UnsafeRawBufferPointer) -> LexiconError?
    ) throws(LexiconError) -> Lexicon {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotRead(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .cannotRead(path: path, reason: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .cannotRead(path: path, reason: "not a regular file") }
        let size = Int(info.st_size)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 16)
        if let problem = SystemCalls.readFully(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<size])) {
            buffer.deallocate()
            throw .cannotRead(path: path, reason: problem)
        }
        if let problem = check(UnsafeRawBufferPointer(rebasing: buffer[0..<size])) {
            buffer.deallocate()
            throw problem
        }
        guard offset >= 0, offset % 16 == 0, offset <= size else {
            buffer.deallocate()
            throw .truncated(path: path, expected: offset, found: size)
        }
        return try Lexicon(
            owning: UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<size]), base: buffer, path: path)
    }

    /// A lexicon from bytes in memory (tests, the builder's round trip).
    public convenience init(bytes: [UInt8], path: String = "<memory>") throws(LexiconError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(bytes.count, LexiconFormat.Header.size), alignment: 16)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        try self.init(
            owning: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<bytes.count]), base: buffer, path: path)
    }

    private let base: UnsafeMutableRawBufferPointer

    private init(owning bytes: UnsafeMutableRawBufferPointer, base: UnsafeMutableRawBufferPointer, path: String)
        throws(LexiconError)
    {
        func u32(_ i: Int) -> UInt32 {
            UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
        }
        guard bytes.count >= LexiconFormat.Header.size, u32(0) == LexiconFormat.magic else {
            base.deallocate()
            throw .notALexicon(path: path)
        }
        let version = u32(1)
        guard version == LexiconFormat.version else {
            base.deallocate()
            throw .wrongVersion(path: path, found: version)
        }
        var h = LexiconFormat.Header()
        h.wordCount = u32(2)
        h.poolSize = u32(3)
        h.wordTableCapacity = u32(4)
        h.bigramTableCapacity = u32(5)
        h.bigramCount = u32(6)
        h.deleteBucketCount = u32(7)
        h.deletePostingCount = u32(8)
        h.confusionCount = u32(9)
        h.indexedWordCount = u32(10)
        h.totalCountLog10x1000 = u32(11)
        let s = LexiconFormat.Sections(h)
        guard s.end <= bytes.count else {
            base.deallocate()
            throw .truncated(path: path, expected: s.end, found: bytes.count)
        }
        if let problem = Self.problem(in: UnsafeRawBufferPointer(bytes), header: h, sections: s) {
            base.deallocate()
            throw .corrupt(path: path, reason: problem)
        }
        storage = bytes
        self.base = base
        header = h
        sections = s
        wordMask = Int(h.wordTableCapacity) - 1
        bigramMask = max(Int(h.bigramTableCapacity) - 1, 0)
        bucketMask = max(Int(h.deleteBucketCount) - 1, 0)
        totalCountLog10 = Float(h.totalCountLog10x1000) / 1000
        var list: [Confusion] = []
        for i in 0..<Int(h.confusionCount) {
            let at = s.confusions + i * LexiconFormat.confusionSize
            let seen = (0..<Int(bytes[at])).map { bytes[at + 2 + $0] }
            let meant = (0..<Int(bytes[at + 1])).map { bytes[at + 5 + $0] }
            list.append(
                Confusion(
                    seen: seen, meant: meant,
                    cost: Float(
                        bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 8, as: UInt32.self))))
            )
        }
        confusions = list
    }

    deinit { base.deallocate() }

    /// What makes the file unsafe to read in place, if anything: every offset, length, id and
    /// table the readers follow is checked once here, so a corrupt file is an error, never a
    /// read out of bounds or a probe that never ends.
    static func problem(
        in bytes: UnsafeRawBufferPointer, header h: LexiconFormat.Header, sections s: LexiconFormat.Sections
    )
        -> String?
    {
        func isPowerOfTwo(_ x: UInt32) -> Bool { x != 0 && x & (x - 1) == 0 }
        func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        func u16(_ at: Int) -> UInt16 { UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt16.self)) }
        let words = Int(h.wordCount)
        guard words <= LexiconFormat.maxWords else { return "\(words) words (at most \(LexiconFormat.maxWords))" }
        guard isPowerOfTwo(h.wordTableCapacity), Int(h.wordTableCapacity) > words else {
            return "word table of \(h.wordTableCapacity) slots for \(words) words"
        }
        guard h.bigramTableCapacity == 0 || isPowerOfTwo(h.bigramTableCapacity),
            Int(h.bigramCount) < max(Int(h.bigramTableCapacity), 1)
        else { return "bigram table of \(h.bigramTableCapacity) slots for \(h.bigramCount) pairs" }
        guard h.deleteBucketCount == 0 || isPowerOfTwo(h.deleteBucketCount) else {
            return "\(h.deleteBucketCount) delete buckets (not a power of two)"
        }
        guard Int(h.indexedWordCount) <= words else { return "more indexed words than words" }
        for id in 0..<words {
            let entry = s.entries + id * LexiconFormat.entrySize
            let offset = Int(u32(entry))
            let count = Int(u16(entry + 4))
            guard (1..<256).contains(count), offset + count <= Int(h.poolSize) else {
                return "word \(id) lies outside the word pool"
            }
        }
        var empty = 0
        for slot in 0..<Int(h.wordTableCapacity) {
            let value = u32(s.wordTable + slot * 4)
            if value == 0 { empty += 1 } else if Int(value) > words { return "word table slot \(slot) names no word" }
        }
        guard empty > 0 else { return "word table has no empty slot" }
        empty = 0
        for slot in 0..<Int(h.bigramTableCapacity) {
            let at = s.bigrams + slot * LexiconFormat.bigramSize
            let first = u32(at)
            if first == 0 {
                empty += 1
            } else if Int(first) > words || Int(u32(at + 4)) >= words {
                return "bigram slot \(slot) names no word"
            }
        }
        guard h.bigramTableCapacity == 0 || empty > 0 else { return "bigram table has no empty slot" }
        var previous: UInt32 = 0
        for bucket in 0...Int(h.deleteBucketCount) {
            let start = u32(s.deleteStart + bucket * 4)
            guard start >= previous, start <= h.deletePostingCount else {
                return "delete bucket \(bucket) out of order"
            }
            previous = start
        }
        for i in 0..<Int(h.deletePostingCount) where Int(u32(s.postings + i * 4) & LexiconFormat.postingIDMask) >= words
        {
            return "delete posting \(i) names no word"
        }
        for i in 0..<Int(h.confusionCount) {
            let at = s.confusions + i * LexiconFormat.confusionSize
            guard bytes[at] <= 3, bytes[at + 1] <= 3 else { return "confusion \(i) longer than three bytes" }
        }
        return nil
    }

    // MARK: Words

    /// The entry index of the word at `word` (`count` bytes, any case), or -1.
    @inlinable @inline(__always)
    package func lookup(_ word: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
        lookup(word, count, hash: ByteHash.folded(word, count))
    }

    @inlinable
    package func lookup(_ word: UnsafePointer<UInt8>, _ count: Int, hash: UInt64) -> Int32 {
        guard wordMask >= 0, count > 0, count < 256 else { return -1 }
        let raw = UnsafeRawPointer(storage.baseAddress!)
        var slot = Int(hash & UInt64(wordMask))
        while true {
            let value = raw.load(fromByteOffset: sections.wordTable + slot * 4, as: UInt32.self)
            if value == 0 { return -1 }
            let id = Int(value) - 1
            let entry = sections.entries + id * LexiconFormat.entrySize
            if Int(raw.load(fromByteOffset: entry + 4, as: UInt16.self)) == count {
                let pool = raw.advanced(by: sections.pool + Int(raw.load(fromByteOffset: entry, as: UInt32.self)))
                    .assumingMemoryBound(to: UInt8.self)
                var equal = true
                for i in 0..<count where asciiLower(pool[i]) != asciiLower(word[i]) {
                    equal = false
                    break
                }
                if equal { return Int32(id) }
            }
            slot = (slot + 1) & wordMask
        }
    }

    package func lookup(_ word: some StringProtocol) -> Int32 {
        var bytes = Array(word.utf8)
        return bytes.withUnsafeMutableBufferPointer { $0.isEmpty ? -1 : lookup($0.baseAddress!, $0.count) }
    }

    /// Whether the lexicon knows `word` (any case).
    public func contains(_ word: some StringProtocol) -> Bool { lookup(word) >= 0 }

    // MARK: The public API, by WordID

    /// The word `word` (any case) names, if the lexicon has it.
    public func id(of word: some StringProtocol) -> WordID? {
        let id = lookup(word)
        return id >= 0 ? WordID(id) : nil
    }

    /// The word as its source spells it.
    public func word(_ id: WordID) -> String { word(id.index) }

    /// log10 of the word's relative frequency.
    public func logProbability(_ id: WordID) -> Float { logProbability(id.index) }

    /// How the word is spelled in its source (decides the case of a correction to it).
    public func caseClass(_ id: WordID) -> LexiconFormat.CaseClass { caseClass(id.index) }

    /// Where the word came from, and whether it may be proposed as a correction.
    public func flags(_ id: WordID) -> LexiconFormat.Flags { flags(id.index) }

    /// log10 P(second | first) when the pair was counted.
    public func bigram(_ first: WordID, _ second: WordID) -> Float? { bigram(first.index, second.index) }

    /// log10 of the word's relative frequency.
    @inlinable @inline(__always)
    package func logProbability(_ id: Int32) -> Float {
        Float(
            bitPattern: storage.load(
                fromByteOffset: sections.entries + Int(id) * LexiconFormat.entrySize + 8, as: UInt32.self))
    }

    @inlinable @inline(__always)
    package func caseClass(_ id: Int32) -> LexiconFormat.CaseClass {
        LexiconFormat.CaseClass(rawValue: storage[sections.entries + Int(id) * LexiconFormat.entrySize + 6]) ?? .mixed
    }

    @inlinable @inline(__always)
    package func flags(_ id: Int32) -> LexiconFormat.Flags {
        LexiconFormat.Flags(rawValue: storage[sections.entries + Int(id) * LexiconFormat.entrySize + 7])
    }

    /// The word as its source spells it.
    @inlinable @inline(__always)
    package func spelling(_ id: Int32) -> UnsafeBufferPointer<UInt8> {
        let entry = sections.entries + Int(id) * LexiconFormat.entrySize
        let offset = Int(storage.load(fromByteOffset: entry, as: UInt32.self))
        let count = Int(storage.load(fromByteOffset: entry + 4, as: UInt16.self))
        return UnsafeBufferPointer(
            start: UnsafeRawPointer(storage.baseAddress! + sections.pool + offset).assumingMemoryBound(to: UInt8.self),
            count: count)
    }

    package func word(_ id: Int32) -> String { String(decoding: spelling(id), as: UTF8.self) }

    // MARK: Bigrams

    /// log10 P(second | first) when the pair was counted.
    @inlinable @inline(__always)
    package func bigram(_ first: Int32, _ second: Int32) -> Float? {
        guard bigramMask > 0 else { return nil }
        let a = UInt32(first) + 1
        let b = UInt32(second)
        var slot = Int(ByteHash.pair(UInt32(first), b) & UInt64(bigramMask))
        while true {
            let at = sections.bigrams + slot * LexiconFormat.bigramSize
            let stored = storage.load(fromByteOffset: at, as: UInt32.self)
            if stored == 0 { return nil }
            if stored == a && storage.load(fromByteOffset: at + 4, as: UInt32.self) == b {
                return Float(bitPattern: storage.load(fromByteOffset: at + 8, as: UInt32.self))
            }
            slot = (slot + 1) & bigramMask
        }
    }

    /// Every stored bigram: first, second, log10 P(second | first).
    package func forEachBigram(_ body: (Int32, Int32, Float) -> Void) {
        for slot in 0..<Int(header.bigramTableCapacity) {
            let at = sections.bigrams + slot * LexiconFormat.bigramSize
            let first = storage.load(fromByteOffset: at, as: UInt32.self)
            guard first != 0 else { continue }
            body(
                Int32(first - 1), Int32(storage.load(fromByteOffset: at + 4, as: UInt32.self)),
                Float(bitPattern: storage.load(fromByteOffset: at + 8, as: UInt32.self)))
        }
    }

    // MARK: Symmetric-delete index

    /// The entries whose prefix deletes hash into the bucket of `hash` (a superset: verify).
    @inlinable @inline(__always)
    package func deletePostings(hash: UInt64) -> UnsafeBufferPointer<UInt32> {
        let bucket = Int(hash & UInt64(bucketMask))
        let start = Int(storage.load(fromByteOffset: sections.deleteStart + bucket * 4, as: UInt32.self))
        let end = Int(storage.load(fromByteOffset: sections.deleteStart + (bucket + 1) * 4, as: UInt32.self))
        return UnsafeBufferPointer(
            start: UnsafeRawPointer(storage.baseAddress! + sections.postings + start * 4).assumingMemoryBound(
                to: UInt32.self),
            count: end - start)
    }
}

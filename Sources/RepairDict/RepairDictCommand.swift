import ArgumentParser
// `repair-dict`: compiles dictionaries/*.tsv into the binary lexicon, and inspects one.
import Correction
import Foundation
import Lexicon

@main
struct RepairDictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair-dict",
        abstract: "Build and inspect repair's compiled lexicon.",
        subcommands: [Build.self, Lookup.self, Stats.self])

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compile words, bigrams and confusions into a lexicon file.")
        @Argument(help: "words.tsv") var words: String
        @Argument(help: "bigrams.tsv") var bigrams: String
        @Argument(help: "confusions.tsv") var confusions: String
        @Option(name: .shortAndLong, help: "Output lexicon file.") var output: String

        func run() throws {
            var builder = LexiconBuilder()
            try builder.addWords(tsv: [UInt8](try Data(contentsOf: URL(fileURLWithPath: words))), name: words)
            try builder.addBigrams(tsv: [UInt8](try Data(contentsOf: URL(fileURLWithPath: bigrams))), name: bigrams)
            try builder.addConfusions(
                tsv: [UInt8](try Data(contentsOf: URL(fileURLWithPath: confusions))), name: confusions)
            builder.bigramScale = builder.estimatedBigramScale()
            let bytes = builder.build()
            try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
            let lexicon = try Lexicon(bytes: bytes)
            print(
                "\(output): \(bytes.count) bytes, \(lexicon.wordCount) words (\(lexicon.header.indexedWordCount) indexed), \(lexicon.bigramCount) bigrams (counts ÷ \(String(format: "%.1f", builder.bigramScale))), \(lexicon.header.deletePostingCount) delete postings, \(lexicon.confusions.count) confusions"
            )
        }
    }

    struct Lookup: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a word's entry and its candidates.")
        @Option(help: "Lexicon file.") var lexicon = "dictionaries/en.lexicon"
        @Argument var words: [String]
        func run() throws {
            let lex = try Lexicon.load(path: lexicon)
            let search = CandidateSearch(lexicon: lex, errorModel: ErrorModel(confusions: lex.confusions))
            for word in words {
                let id = lex.lookup(word)
                print(
                    id >= 0
                        ? "\(word): \(lex.word(id)) log10 p = \(lex.logProbability(id)) flags \(lex.flags(id).rawValue)"
                        : "\(word): unknown")
                var out: [Candidate] = []
                Array(word.utf8).withUnsafeBufferPointer {
                    search.nearWords($0, into: &out)
                    search.splits($0, into: &out)
                    search.confusionVariants($0, into: &out)
                }
                for c in out.sorted(by: {
                    lex.logProbability($0.first) - $0.cost > lex.logProbability($1.first) - $1.cost
                }).prefix(8) {
                    print(
                        "  \(lex.word(c.first))\(c.second >= 0 ? " " + lex.word(c.second) : "")  cost \(c.cost)  p \(lex.logProbability(c.first))  \(c.rule)"
                    )
                }
            }
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a lexicon's sizes.")
        @Argument var lexicon = "dictionaries/en.lexicon"
        func run() throws {
            let lex = try Lexicon.load(path: lexicon)
            print(
                "\(lexicon): \(lex.byteCount) bytes, \(lex.wordCount) words, \(lex.header.indexedWordCount) indexed, \(lex.bigramCount) bigrams, \(lex.confusions.count) confusions"
            )
        }
    }
}

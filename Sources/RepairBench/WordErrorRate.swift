// `repair-bench wer`: WER and CER of a text file against a truth file (the evaluation the tests use).
import ArgumentParser
import Foundation
import RepairKit

struct WordErrorRate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wer", abstract: "WER and CER of a hypothesis file against a truth file.")
    @Argument(help: "Hypothesis text file.") var hypothesis: String
    @Argument(help: "Truth text file.") var truth: String

    func run() throws {
        let h = try String(contentsOfFile: hypothesis, encoding: .utf8)
        let r = try String(contentsOfFile: truth, encoding: .utf8)
        print(
            "\(pct(Evaluation.wordErrorRate(h, reference: r).rate)) \(pct(Evaluation.characterErrorRate(h, reference: r).rate))"
        )
    }
}

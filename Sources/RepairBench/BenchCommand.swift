// `repair-bench`: correction speed and accuracy, measured the same way every time.
import ArgumentParser

@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair-bench",
        abstract: "Measure repair's correction speed and accuracy.",
        discussion: "Build with -c release for figures worth reporting: swift run -c release repair-bench speed",
        subcommands: [Accuracy.self, Noise.self, Speed.self, TrainingGain.self, WordErrorRate.self])
}

import ArgumentParser
// `repair train DIR... -o MODEL`: a model of a collection's scanner and words from pairs a
// user corrected, for `repair --model MODEL`.
import Lexicon
import Platform
import RepairKit

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair train",
        abstract: "Learn a collection's OCR confusions, words and calibration from (OCR, truth) pairs.",
        discussion: """
            Each folder (searched below) holds pairs: NAME.ocr.txt, or a page image or PDF \
            NAME.png (tif, jpg, pdf…) that repair's OCR stage reads, beside NAME.truth.txt. A file \
            without its partner, an empty or non-UTF-8 one is one line on stderr; the other pairs \
            are still used; no usable pair: exit 1.

            The model is one file: the base lexicon with the truth's words and word pairs mixed in, \
            the base OCR confusions with the ones the pairs show, and the margins held-out pairs \
            chose (--validate). Use it with repair --model MODEL.

            Example:
              repair train corrected/ -o collection.model
              repair --model collection.model scans/ -o clean/
            """)

    @Argument(help: ArgumentHelp("Folders of NAME.ocr.txt (or an image) + NAME.truth.txt pairs.", valueName: "folder"))
    var folders: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("The model file to write.", valueName: "model"))
    var output: String

    @Option(
        name: .customLong("validate"),
        help: ArgumentHelp(
            "The share of each pair held out in each fold of the cross-validation that chooses the calibration and reports the gain (0 to 0.5: 1/share folds; 0: none).",
            valueName: "share"))
    var heldOut: Double = 0.2

    @Option(help: ArgumentHelp("Folder with en.lexicon, the base the model extends.", valueName: "dir"))
    var dictionaryDir: String?

    @OptionGroup(title: "Recognition (pairs with images)") var recognition: RecognitionOptions

    @Flag(help: "No progress lines.") var quiet = false

    func validate() throws {
        if folders.isEmpty { throw ValidationError("Missing a folder of pairs.") }
        if !(0...0.5).contains(heldOut) { throw ValidationError("--validate must be 0 to 0.5; got \(heldOut).") }
    }

    /// The trained model, or nil when training failed (reported).
    static func train(_ trainer: ModelTrainer, _ pairs: [TrainingPair], options: PipelineOptions) -> ModelTrainer
        .Result?
    {
        do throws(RepairError) {
            return try trainer.train(pairs, base: try RepairPipeline(options: options).lexicon())
        } catch {
            Terminal.reportError(error.commandLineDescription)
            return nil
        }
    }

    func run() throws {
        let environment = currentEnvironment()
        var options = PipelineOptions(
            ocr: recognition.ocrOptions(environment: environment),
            dictionaryDirectory: dictionaryDir
                ?? (environment["REPAIR_DICTIONARIES"] == nil ? Installation.dictionaryDirectory() : nil),
            environment: environment)
        options.inputJobs = processorCount()
        let (pairs, problems) = TrainingPairs.collect(folders)
        for problem in problems { Terminal.reportError(problem.commandLineDescription) }
        guard !pairs.isEmpty else {
            Terminal.reportError("repair: train: no usable pair in \(folders.joined(separator: ", "))")
            throw ExitCode(1)
        }
        var trainer = ModelTrainer(pipeline: options)
        trainer.validate = heldOut
        trainer.creator = RepairVersion.description
        let started = SystemCalls.monotonicSeconds()
        if !quiet {
            trainer.progress = {
                Terminal.writeStandardError(
                    Array("train: \($0) (\(oneDecimal(SystemCalls.monotonicSeconds() - started)) s)\n".utf8))
            }
        }
        guard let result = Self.train(trainer, pairs, options: options) else { throw ExitCode(1) }
        for problem in result.problems { Terminal.reportError(problem.commandLineDescription) }
        do throws(RepairError) { try FileIO.writeAtomically(result.model, to: output) } catch {
            Terminal.reportError(error.commandLineDescription)
            throw ExitCode(1)
        }
        let info = result.info
        var summary = """
            \(output): \(info.pairs) pairs, \(info.truthWords) truth words; \(info.wordsAdded) words added, \
            \(info.bigramsAdded) word pairs, \(info.confusionsLearned) confusions learned; \
            λ \(info.vocabularyWeight), margin shift \(info.marginShift)

            """
        if let wer = info.validationWER {
            summary +=
                "held-out WER: untrained \(decimal(Double(wer.untrained) * 100, places: 2)) % → trained \(decimal(Double(wer.trained) * 100, places: 2)) %\n"
        } else {
            summary += "held-out WER: not measured (--validate 0 or too little text)\n"
        }
        if let wer = info.validationWER, wer.trained > wer.untrained {
            // Said on stderr too: a model that did worse than none on its own held-out text.
            Terminal.reportError(
                "\(output): warning: the model repaired the held-out text worse than no model; more or more varied pairs may help"
            )
        }
        let top = result.learned.prefix(8).map { "\($0.seen)→\($0.meant) ×\($0.count)" }
        if !top.isEmpty { summary += "commonest confusions: " + top.joined(separator: ", ") + "\n" }
        Terminal.writeStandardOutput(Array(summary.utf8))
        if !result.problems.isEmpty || !problems.isEmpty { throw ExitCode(1) }
    }
}

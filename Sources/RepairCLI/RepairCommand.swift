import ArgumentParser
// The `repair` command line: parses options, runs the library's pipeline, maps errors to one line and an exit code.
import Lexicon
import Normalization
import OCR
import Platform
import RepairKit

#if canImport(Glibc)
    import Glibc
#endif

/// `repair eval …` and `repair train …` are commands of their own; everything else is the
/// repair command (a file named `eval` is `./eval`).
@main
enum RepairMain {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        switch arguments.first {
        case "eval": EvalCommand.main(Array(arguments.dropFirst()))
        case "train": TrainCommand.main(Array(arguments.dropFirst()))
        default: RepairCommand.main(arguments)
        }
    }
}

struct RepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Turn scanned pages and OCR text of declarations and policy texts into clean text.",
        discussion: """
            An image (PNG, TIFF — every page —, JPEG, BMP, GIF, WebP, PNM) is recognized with \
            Tesseract; a text file (or - for standard input) skips recognition. Both then go \
            through normalization and correction, and the text is printed with paragraphs \
            separated by one blank line.

            Exit status: 0 when every input was repaired, 1 when any input failed (each failure \
            is one line on stderr: repair: <path>: <problem>), 64 on a usage error.

            Commands of their own: repair eval TRUTH TEXT (CER, WER, an HTML report; see \
            repair eval --help), repair train PAIRS... -o MODEL (see repair train --help).

            Examples:
              repair scan.png > clean.txt
              repair ocr.txt -o clean.txt
              repair --psm 6 --lang eng+deu page.tif
              cat ocr.txt | repair -
              repair --format hocr scan.png > scan.hocr (words with boxes; json too)
              repair --explain scan.png 2> edits.jsonl  (every edit and why)
              repair scans/ -o clean/ --jobs 4          (a folder: clean/<relative path>.txt)
              repair /archive -o /out --shard 3/16      (slice 3 of 16, as in a job array)
            """,
        version: RepairVersion.description
    )

    @Argument(
        help: ArgumentHelp(
            "Page images, text files or folders to repair; - reads text from standard input.",
            valueName: "input"))
    var inputs: [String] = []

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Write the text to this file (atomically) instead of standard output; with several inputs or a folder, the folder to write <relative path>.txt files into.",
            valueName: "file-or-folder"))
    var output: String?

    @OptionGroup(title: "Batches (several inputs or folders with -o FOLDER)") var batch: BatchFlags

    @OptionGroup(title: "Recognition") var recognition: RecognitionOptions

    @Option(
        help: ArgumentHelp(
            "Read text input in this encoding (latin1, windows-1252, UTF-16, …) instead of UTF-8.",
            valueName: "name"))
    var encoding: String?

    @Flag(help: "Skip the normalization stage.") var noNormalize = false
    @Flag(help: "Skip the correction stage (punctuation repair included).") var noCorrect = false
    @Flag(help: "Skip the punctuation repair (speckle marks, marks inside sentences, lone quotes, list markers).")
    var noPunctuation = false
    @Flag(
        help:
            "Do not adapt the corrector to each document (its noise, its own confusions, its own words): the base margins and confusion table."
    )
    var noAdapt = false
    @Option(
        help: ArgumentHelp(
            "Run the text stages again on their own output until a pass changes nothing, at most this often (1: once, faster; a second run of repair may then change a few words more).",
            valueName: "n"))
    var passes: Int = RepairPipeline.defaultPasses
    @Option(help: ArgumentHelp("The bullet for list items (default: the document's own, else •).", valueName: "mark"))
    var bullet: String?
    @Flag(help: "Keep line breaks (words hyphenated at a line end are still joined).") var keepLines = false
    @Option(help: ArgumentHelp("Unicode normalization form: nfc (default) or nfkc.", valueName: "form"))
    var unicode: String = "nfc"
    @Option(
        help: ArgumentHelp(
            "Quotes: keep (the text's own, default), ascii or typographic. OCR's doubled quotes are mended in every style.",
            valueName: "style"))
    var quotes: String = "keep"
    @Option(
        help: ArgumentHelp("Dashes: keep (default), ascii (-- and -) or typographic (— and –).", valueName: "style"))
    var dashes: String = "keep"
    @Option(
        help: ArgumentHelp(
            "PDF pages: auto (a page with a text layer is read from it, the others rendered at 300 DPI and OCR'd; default), always (every page OCR'd) or never.",
            valueName: "when"))
    var ocr: String = "auto"
    @Option(help: ArgumentHelp("PDF pages to read, e.g. 1-3,7 (default: all).", valueName: "list"))
    var pages: String?
    @Flag(help: "Remove running headers, footers and page numbers.") var stripHeaders = false
    @Option(
        help: ArgumentHelp(
            "Folder with the compiled lexicon en.lexicon (default: $REPAIR_DICTIONARIES, then dictionaries/ near the executable).",
            valueName: "dir"))
    var dictionaryDir: String?
    @Option(
        help: ArgumentHelp(
            "A model trained on your collection's corrected pages (repair train): its words, word pairs and OCR confusions join the base lexicon's, and its calibration sets the margins.",
            valueName: "file"))
    var model: String?
    @Option(
        help: ArgumentHelp(
            "A file of your own words (names, terms), one a line, that are never corrected. Repeatable.",
            valueName: "file"))
    var dictionary: [String] = []
    @Flag(help: "Also write every edit (stage, rule, where, before, after, evidence) as JSON Lines to stderr.")
    var explain = false
    @Option(
        help: ArgumentHelp(
            "text (default); json: the text, each word with its box, OCR confidence and OCR's reading, and every edit; hocr: OCR's layout carrying the repaired words; alto: ALTO 4.4, the repaired words where OCR saw them and OCR's reading as an ALTERNATIVE (hocr and alto: images and PDFs only).",
            valueName: "format"))
    var format: String = "text"

    /// A batch: several inputs, or a folder, written into the -o folder.
    var isBatch: Bool {
        guard let output else { return false }
        return inputs.count > 1 || inputs.contains(where: isDirectory) || isDirectory(output)
    }

    func validate() throws {
        if inputs.isEmpty {
            throw ValidationError("Missing an input (a page image, a text file, or - for standard input).")
        }
        if output == nil, let folder = inputs.first(where: isDirectory) {
            throw ValidationError("\(folder) is a folder: give -o OUTPUT_FOLDER for the repaired files.")
        }
        if isBatch && inputs.contains("-") { throw ValidationError("Standard input (-) cannot be part of a batch.") }
        if !isBatch && (batch.shard != nil || batch.shards != nil) {
            throw ValidationError("--shard and --shards need a batch (-o FOLDER).")
        }
        if inputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("Standard input (-) can be read only once.") }
        if OutputFormat(rawValue: format) == nil {
            throw ValidationError("--format must be text, json, hocr or alto; got \(format).")
        }
        if UnicodeForm(rawValue: unicode) == nil {
            throw ValidationError("--unicode must be nfc or nfkc; got \(unicode).")
        }
        for (name, value) in [("--quotes", quotes), ("--dashes", dashes)] where PunctuationStyle(rawValue: value) == nil
        {
            throw ValidationError("\(name) must be keep, ascii or typographic; got \(value).")
        }
        if passes < 1 { throw ValidationError("--passes must be at least 1; got \(passes).") }
        if PDFOCRMode(rawValue: ocr) == nil {
            throw ValidationError("--ocr must be auto, always or never; got \(ocr).")
        }
        if let pages, parsePageList(pages) == nil {
            throw ValidationError("--pages must be page numbers and ranges from 1, e.g. 1-3,7; got \(pages).")
        }
    }

    func run() throws {
        let environment = currentEnvironment()
        let options = PipelineOptions(
            ocr: recognition.ocrOptions(environment: environment),
            encoding: encoding, normalize: !noNormalize, correct: !noCorrect,
            normalization: NormalizationOptions(
                form: UnicodeForm(rawValue: unicode) ?? .nfc, keepLines: keepLines,
                quotes: PunctuationStyle(rawValue: quotes) ?? .keep,
                dashes: PunctuationStyle(rawValue: dashes) ?? .keep,
                stripHeaders: stripHeaders),
            dictionaryDirectory: dictionaryDir
                ?? (environment["REPAIR_DICTIONARIES"] == nil ? Installation.dictionaryDirectory() : nil),
            environment: environment)
        var pipelineOptions = options
        pipelineOptions.punctuation = !noPunctuation
        pipelineOptions.adapt = !noAdapt
        pipelineOptions.maximumPasses = passes
        // Plain text prints no edit: they need not say why.
        pipelineOptions.correction.describesEdits = explain || (OutputFormat(rawValue: format) ?? .text) != .text
        pipelineOptions.bullet = bullet
        pipelineOptions.pdfOCR = PDFOCRMode(rawValue: ocr) ?? .auto
        pipelineOptions.pdfPages = pages.flatMap(parsePageList)
        // One input: its PDF pages or its long text's lines on all --jobs; a batch gives its workers files instead.
        pipelineOptions.inputJobs = isBatch ? 1 : batch.jobs ?? processorCount()
        if let model {
            do throws(RepairError) { pipelineOptions.model = try Dictionaries.loadModel(model) } catch {
                Terminal.reportError(error.commandLineDescription)
                throw ExitCode(1)
            }
        }
        for file in dictionary {
            do {
                let bytes = try FileIO.read(file)
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw RepairError(
                        path: file, reason: .invalidUTF8(offset: TextInput.firstInvalidUTF8Offset(bytes) ?? 0))
                }
                pipelineOptions.correction.addUserWords(text)
            } catch let error as RepairError {
                Terminal.reportError(error.commandLineDescription)
                throw ExitCode(1)
            }
        }
        if isBatch, let output {
            try runBatch(output: output, options: pipelineOptions, environment: environment)
            return
        }
        let pipeline = RepairPipeline(options: pipelineOptions)
        var failures = 0
        for path in inputs {
            do {
                let document = try pipeline.process(path)
                let text = try (OutputFormat(rawValue: format) ?? .text).render(
                    document, system: RepairVersion.description)
                if explain {
                    Terminal.writeStandardError(Explain.jsonLines(document, model: pipelineOptions.model))
                }
                if let output {
                    try FileIO.writeAtomically(text, to: output)
                } else {
                    Terminal.writeStandardOutput(text)
                }
            } catch {
                Terminal.reportError(error.commandLineDescription)
                failures += 1
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

extension RepairCommand {
    func runBatch(output: String, options: PipelineOptions, environment: [String: String]) throws {
        do throws(RepairError) { try FileIO.prepareOutputFolder(output) } catch {
            Terminal.reportError(error.commandLineDescription)
            throw ExitCode(64)
        }
        var problems: [RepairError] = []
        let outputFormat = OutputFormat(rawValue: format) ?? .text
        var items = BatchInputs.collect(
            inputs, outputExtension: outputFormat.fileExtension, excluding: output, problems: &problems)
        let shard = try batch.selectedShard(environment: environment)
        if let shard { items = shard.select(items) }
        Interrupts.handle()
        let progress = BatchProgress.choose(quiet: batch.quiet, lines: batch.progress)
        let runner = BatchRunner(
            options: BatchOptions(
                outputDirectory: output, jobs: batch.jobs ?? processorCount(),
                force: batch.force, pipeline: options,
                format: outputFormat, system: RepairVersion.description))
        let summary = runner.run(items, stop: Interrupts.flag) { progress.report($0) }
        for failure in problems + summary.failures { Terminal.reportError(failure.commandLineDescription) }
        if !batch.quiet {
            let rate = summary.seconds > 0 ? Double(summary.pages) / summary.seconds : 0
            var line =
                "\(summary.done) done, \(summary.skipped) skipped (up to date), \(summary.failures.count + problems.count) failed"
            line +=
                " of \(items.count)\(shard.map { " in shard \($0)" } ?? ""); \(summary.pages) pages in \(oneDecimal(summary.seconds)) s (\(oneDecimal(rate)) pages/s)"
            if summary.interrupted { line += "; interrupted: \(summary.notStarted) not started, rerun to finish" }
            Terminal.reportError(line)
        }
        if summary.interrupted { throw ExitCode(130) }
        if !summary.failures.isEmpty || !problems.isEmpty { throw ExitCode(1) }
    }
}

struct BatchFlags: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Workers (default: the number of cores): files of a batch, each with its own Tesseract engine; or the pages of one PDF, the lines of one long text.",
            valueName: "n"))
    var jobs: Int?
    @Flag(help: "Redo inputs whose output is already complete and newer than the input.") var force = false
    @Flag(help: "No progress and no summary (failures are still reported).") var quiet = false
    @Flag(help: "Print progress lines even when stderr is not a terminal.") var progress = false
    @Option(
        help: ArgumentHelp(
            "Take only slice i of n (0-based) of the sorted inputs. Default: from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX with --shards.",
            valueName: "i/n"))
    var shard: String?
    @Option(help: ArgumentHelp("The number of shards of a Kubernetes Indexed Job (its completions).", valueName: "n"))
    var shards: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1; got \(jobs).") }
        if let shard, Shard(shard) == nil { throw ValidationError("--shard must be i/n with 0 ≤ i < n; got \(shard).") }
        if let shards, shards < 1 { throw ValidationError("--shards must be at least 1; got \(shards).") }
    }

    func selectedShard(environment: [String: String]) throws -> Shard? {
        if let shard { return Shard(shard) }
        if environment["JOB_COMPLETION_INDEX"] != nil && shards == nil && environment["SLURM_ARRAY_TASK_ID"] == nil {
            throw ValidationError(
                "JOB_COMPLETION_INDEX is set: give --shards N (the Job's completions) so the slice is known.")
        }
        return Shard.fromEnvironment(environment, shards: shards)
    }
}

func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
}

func processorCount() -> Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

struct RecognitionOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Tesseract page segmentation mode: 3 automatic layout (the default, as the tesseract command; when the reading looks poor — skipped text, a dark page, many unsure words — other readings are tried too and the clearly better kept), 4 one column, 6 one block, 7 one line, 11 sparse text. Giving it turns the choice off.",
            valueName: "mode"))
    var psm: Int32?

    @Option(help: ArgumentHelp("Tesseract language(s), e.g. eng or eng+deu.", valueName: "lang"))
    var lang = "eng"

    @Option(
        help: ArgumentHelp(
            "Folder with <lang>.traineddata (default: $TESSDATA_PREFIX, then the system's).",
            valueName: "dir"))
    var tessdataDir: String?

    @Flag(help: "Do not re-read text-size ink that no recognized word covers (lines the layout analysis skipped).")
    var noRecover = false

    @Flag(
        help:
            "No image clean-up: do not read askew blocks again rotated straight, nor try Sauvola-thresholded and median-filtered readings of a poor page."
    )
    var noPreprocess = false

    func validate() throws {
        if let psm, PageSegmentation(rawValue: psm) == nil {
            let allowed = PageSegmentation.allCases.map { String($0.rawValue) }.joined(separator: ", ")
            throw ValidationError("--psm must be one of \(allowed); got \(psm).")
        }
    }

    func ocrOptions(environment: [String: String]) -> OCROptions {
        OCROptions(
            language: lang, pageSegmentation: psm.flatMap(PageSegmentation.init(rawValue:)) ?? .auto,
            tessdataDirectory: tessdataDir, environment: environment, recoverMissedText: !noRecover,
            chooseSegmentation: psm == nil, preprocess: !noPreprocess)
    }
}

enum RepairVersion {
    static let number = "0.1.0"
    static var description: String {
        "repair \(number) (Tesseract \(TesseractEngine.version), ICU \(RepairKitInfo.icuVersion))"
    }
}

func currentEnvironment() -> [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
        let pair = String(cString: entry)
        if let eq = pair.firstIndex(of: "=") { result[String(pair[..<eq])] = String(pair[pair.index(after: eq)...]) }
        pointer += 1
    }
    return result
}

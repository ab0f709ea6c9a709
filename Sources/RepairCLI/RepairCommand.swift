// The `repair` command line: parses options, runs the library's pipeline, maps errors to one line and an exit code.
import ArgumentParser
import Normalization
import OCR
import Repair
#if canImport(Glibc)
import Glibc
#endif

@main
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

        Examples:
          repair scan.png > clean.txt
          repair ocr.txt -o clean.txt
          repair --psm 6 --lang eng+deu page.tif
          cat ocr.txt | repair -
        """,
        version: RepairVersion.description
    )

    @Argument(help: ArgumentHelp("Page images or text files to repair; - reads text from standard input.",
                                 valueName: "input"))
    var inputs: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the text to this file (atomically) instead of standard output.",
                                                    valueName: "file"))
    var output: String?

    @OptionGroup(title: "Recognition") var recognition: RecognitionOptions

    @Option(help: ArgumentHelp("Read text input in this encoding (latin1, windows-1252, UTF-16, …) instead of UTF-8.",
                               valueName: "name"))
    var encoding: String?

    @Flag(help: "Skip the normalization stage.") var noNormalize = false
    @Flag(help: "Skip the correction stage.") var noCorrect = false
    @Flag(help: "Keep line breaks (words hyphenated at a line end are still joined).") var keepLines = false
    @Option(help: ArgumentHelp("Unicode normalization form: nfc (default) or nfkc.", valueName: "form"))
    var unicode: String = "nfc"
    @Option(help: ArgumentHelp("Quotes: keep (the text's own, default), ascii or typographic. OCR's doubled quotes are mended in every style.", valueName: "style"))
    var quotes: String = "keep"
    @Option(help: ArgumentHelp("Dashes: keep (default), ascii (-- and -) or typographic (— and –).", valueName: "style"))
    var dashes: String = "keep"
    @Flag(help: "Remove running headers, footers and page numbers.") var stripHeaders = false
    @Option(help: ArgumentHelp("Folder with the compiled lexicon en.lexicon (default: $REPAIR_DICTIONARIES, then dictionaries/ near the executable).",
                               valueName: "dir"))
    var dictionaryDir: String?
    @Option(help: ArgumentHelp("A file of your own words (names, terms), one a line, that are never corrected. Repeatable.",
                               valueName: "file"))
    var dictionary: [String] = []
    @Flag(help: "Also write every edit (stage, rule, where, before, after, evidence) as JSON Lines to stderr.")
    var explain = false

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("Missing an input (a page image, a text file, or - for standard input).") }
        if output != nil && inputs.count > 1 { throw ValidationError("-o/--output takes one input; got \(inputs.count).") }
        if inputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("Standard input (-) can be read only once.") }
        if UnicodeForm(rawValue: unicode) == nil { throw ValidationError("--unicode must be nfc or nfkc; got \(unicode).") }
        for (name, value) in [("--quotes", quotes), ("--dashes", dashes)] where PunctuationStyle(rawValue: value) == nil {
            throw ValidationError("\(name) must be keep, ascii or typographic; got \(value).")
        }
    }

    func run() throws {
        let environment = currentEnvironment()
        let options = PipelineOptions(ocr: recognition.ocrOptions(environment: environment),
                                      encoding: encoding, normalize: !noNormalize, correct: !noCorrect,
                                      normalization: NormalizationOptions(form: UnicodeForm(rawValue: unicode) ?? .nfc, keepLines: keepLines,
                                                                          quotes: PunctuationStyle(rawValue: quotes) ?? .keep,
                                                                          dashes: PunctuationStyle(rawValue: dashes) ?? .keep,
                                                                          stripHeaders: stripHeaders),
                                      dictionaryDirectory: dictionaryDir, environment: environment)
        var pipelineOptions = options
        for file in dictionary {
            do {
                let bytes = try FileIO.read(file)
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw RepairError(path: file, reason: .invalidUTF8(offset: TextInput.firstInvalidUTF8Offset(bytes) ?? 0))
                }
                pipelineOptions.correction.addUserWords(text)
            } catch let error as RepairError {
                Terminal.reportError(error.description)
                throw ExitCode(1)
            }
        }
        let pipeline = RepairPipeline(options: pipelineOptions)
        var failures = 0
        for path in inputs {
            do {
                let document = try pipeline.process(path)
                let text = Array(document.plainText.utf8)
                if explain { Terminal.writeStandardError(Explain.jsonLines(document)) }
                if let output {
                    try FileIO.writeAtomically(text, to: output)
                } else {
                    Terminal.writeStandardOutput(text)
                }
            } catch {
                Terminal.reportError(error.description)
                failures += 1
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

struct RecognitionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Tesseract page segmentation mode: 3 automatic layout (default, as the tesseract command), 4 one column, 6 one block, 7 one line, 11 sparse text.",
                               valueName: "mode"))
    var psm: Int32 = PageSegmentation.auto.rawValue

    @Option(help: ArgumentHelp("Tesseract language(s), e.g. eng or eng+deu.", valueName: "lang"))
    var lang = "eng"

    @Option(help: ArgumentHelp("Folder with <lang>.traineddata (default: $TESSDATA_PREFIX, then the system's).",
                               valueName: "dir"))
    var tessdataDir: String?

    func validate() throws {
        if PageSegmentation(rawValue: psm) == nil {
            let allowed = PageSegmentation.allCases.map { String($0.rawValue) }.joined(separator: ", ")
            throw ValidationError("--psm must be one of \(allowed); got \(psm).")
        }
    }

    func ocrOptions(environment: [String: String]) -> OCROptions {
        OCROptions(language: lang, pageSegmentation: PageSegmentation(rawValue: psm) ?? .auto,
                   tessdataDirectory: tessdataDir, environment: environment)
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

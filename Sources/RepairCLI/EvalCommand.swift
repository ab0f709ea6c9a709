import ArgumentParser
// `repair eval TRUTH HYP`: CER and WER of a text (or a folder of them) against its truth, as
// one line, JSON and an HTML page with the two texts aligned.
import Platform
import RepairKit

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair eval",
        abstract: "Score a text against its truth: CER, WER, the confusions and the words read wrongly.",
        discussion: """
            Both texts are taken in NFC and split into words at white space. CER is the character \
            edit distance (over characters, i.e. grapheme clusters, with the words joined by one \
            space) divided by the truth's characters; WER the word edit distance divided by the \
            truth's words.

            Two folders are matched by name: page1.truth.txt (or page1.gt.txt, or page1.txt) in \
            TRUTH with page1.txt, page1.ocr.txt or page1.png.txt in HYP, folder by folder. A \
            truth file without its partner is one line on stderr and makes the exit status 1.

            Examples:
              repair eval page.truth.txt page.txt
              repair eval truth/ out/ --json report.json --html report.html
              repair eval page.truth.txt repaired.txt --before page.ocr.txt   (words fixed and harmed)
            """)

    @Argument(help: ArgumentHelp("The truth: a text file, or a folder of them.", valueName: "truth"))
    var truth: String

    @Argument(help: ArgumentHelp("The text to score: a file, or a folder matched by name.", valueName: "hypothesis"))
    var hypothesis: String

    @Option(
        help: ArgumentHelp(
            "The text before repair (raw OCR; a file or a folder): reports the words repair fixed and harmed.",
            valueName: "file-or-folder"))
    var before: String?

    @Option(help: ArgumentHelp("Write the JSON report here.", valueName: "file")) var json: String?
    @Option(help: ArgumentHelp("Write the HTML report (one self-contained page) here.", valueName: "file"))
    var html: String?

    func validate() throws {
        let folders = [truth, hypothesis].map(PairedFiles.isFolder)
        if folders[0] != folders[1] {
            throw ValidationError("TRUTH and HYPOTHESIS must be both files or both folders.")
        }
        if let before, PairedFiles.isFolder(before) != folders[0] {
            throw ValidationError("--before must be a folder when TRUTH is, a file when it is a file.")
        }
    }

    func run() throws {
        var problems: [String] = []
        var comparisons: [TextComparison] = []
        for pair in pairs(problems: &problems) {
            do throws(RepairError) {
                let t = try read(pair.truth)
                let h = try read(pair.hypothesis)
                let b = try pair.before.map { path throws(RepairError) in try read(path) }
                comparisons.append(
                    TextComparison(
                        truth: t, hypothesis: h, before: b, truthName: pair.truth, hypothesisName: pair.hypothesis))
            } catch {
                problems.append(error.commandLineDescription)
            }
        }
        for problem in problems { Terminal.reportError(problem) }
        guard !comparisons.isEmpty else {
            Terminal.reportError("repair: eval: nothing to compare")
            throw ExitCode(1)
        }
        let summary = EvaluationSummary(files: comparisons)
        var out = ""
        if comparisons.count > 1 { for c in comparisons { out += EvaluationReport.fileLine(c) + "\n" } }
        out += EvaluationReport.summaryLine(summary) + "\n"
        Terminal.writeStandardOutput(Array(out.utf8))
        do throws(RepairError) {
            if let json { try FileIO.writeAtomically(EvaluationReport.json(summary), to: json) }
            if let html { try FileIO.writeAtomically(Array(EvaluationReport.html(summary).utf8), to: html) }
        } catch {
            Terminal.reportError(error.commandLineDescription)
            throw ExitCode(1)
        }
        if !problems.isEmpty { throw ExitCode(1) }
    }

    func read(_ path: String) throws(RepairError) -> String {
        try TextInput.decode(bytes: try FileIO.read(path), path: path)
    }

    /// The (truth, hypothesis, before) files to compare.
    func pairs(problems: inout [String]) -> [(truth: String, hypothesis: String, before: String?)] {
        guard PairedFiles.isFolder(truth) else { return [(truth, hypothesis, before)] }
        let truthFiles = PairedFiles.files(under: truth)
        let marked = truthFiles.contains { $0.hasSuffix(".truth.txt") || $0.hasSuffix(".gt.txt") }
        let isTruth = { (name: String) in name.hasSuffix(".truth.txt") || name.hasSuffix(".gt.txt") }
        let t = PairedFiles.byKey(truth) { marked ? isTruth($0) : $0.hasSuffix(".txt") }
        let h = PairedFiles.byKey(hypothesis) { $0.hasSuffix(".txt") && !isTruth($0) }
        let b = before.map { PairedFiles.byKey($0) { $0.hasSuffix(".txt") && !isTruth($0) } }
        for duplicate in t.duplicates + h.duplicates + (b?.duplicates ?? []) {
            problems.append("repair: \(duplicate): another file has the same name; ignored")
        }
        var result: [(String, String, String?)] = []
        for key in t.files.keys.sorted() {
            let truthPath = t.files[key]!
            guard let hypothesisPath = h.files[key] else {
                problems.append("repair: \(truthPath): no hypothesis named \(key) in \(hypothesis)")
                continue
            }
            var beforePath: String?
            if let b {
                beforePath = b.files[key]
                if beforePath == nil {
                    problems.append("repair: \(truthPath): no text named \(key) in \(before ?? "")")
                    continue
                }
            }
            result.append((truthPath, hypothesisPath, beforePath))
        }
        return result
    }
}

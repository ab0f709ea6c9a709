// `repair eval`'s reports: the summary line, JSON with dinglehopper's keys where they mean the
// same (cer, wer, nCharacters, nWords as fractions and counts) plus ours, and one
// self-contained HTML page (no script, no font or style from elsewhere).
import Foundation
import Platform

/// The reports of an evaluation.
public enum EvaluationReport {
    /// One line: CER, WER, characters, words (and fixed/harmed with a text before repair).
    public static func summaryLine(_ summary: EvaluationSummary) -> String {
        var line =
            "CER \(percent(summary.cer.rate)) WER \(percent(summary.wer.rate)) characters \(summary.cer.total) words \(summary.wer.total)"
        if summary.files.count > 1 { line += " files \(summary.files.count)" }
        let befores = summary.files.compactMap(\.fixed)
        if befores.count == summary.files.count, !befores.isEmpty {
            let fixed = befores.reduce(0, +)
            let harmed = summary.files.compactMap(\.harmed).reduce(0, +)
            let beforeWER = ErrorRate(
                errors: summary.files.compactMap(\.beforeWER?.errors).reduce(0, +), total: summary.wer.total)
            line += " (before: WER \(percent(beforeWER.rate)); words fixed \(fixed), harmed \(harmed))"
        }
        return line
    }

    /// A file's row in a folder evaluation's listing.
    public static func fileLine(_ c: TextComparison) -> String {
        "\(c.hypothesisName): CER \(percent(c.cer.rate)) WER \(percent(c.wer.rate)) characters \(c.cer.total) words \(c.wer.total)"
    }

    static func percent(_ rate: Double) -> String { decimal(rate * 100, places: 2) + " %" }

    // MARK: JSON

    struct Record: Encodable {
        var gt: String
        var ocr: String
        var cer: Double
        var wer: Double
        var nCharacters: Int
        var nWords: Int
        var characterErrors: Int
        var wordErrors: Int
        var insertions: Int
        var deletions: Int
        var substitutions: Int
        var confusions: [CountRecord]
        var characters: [CharacterRecord]
        var topWordErrors: [CountRecord]
        var beforeCer: Double?
        var beforeWer: Double?
        var fixed: Int?
        var harmed: Int?
    }

    struct CountRecord: Encodable {
        var gt: String
        var ocr: String
        var count: Int
    }

    struct CharacterRecord: Encodable {
        var character: String
        var inGt: Int
        var confused: Int
        var lost: Int
        var spurious: Int
    }

    struct SummaryRecord: Encodable {
        var cer: Double
        var wer: Double
        var nCharacters: Int
        var nWords: Int
        var characterErrors: Int
        var wordErrors: Int
        var files: [Record]
    }

    static func record(_ c: TextComparison, limit: Int) -> Record {
        Record(
            gt: c.truthName, ocr: c.hypothesisName, cer: c.cer.rate, wer: c.wer.rate, nCharacters: c.cer.total,
            nWords: c.wer.total, characterErrors: c.cer.errors, wordErrors: c.wer.errors,
            insertions: c.insertions, deletions: c.deletions, substitutions: c.substitutions,
            confusions: c.confusions.prefix(limit).map {
                CountRecord(gt: $0.truth, ocr: $0.hypothesis, count: $0.count)
            },
            characters: c.characters.map {
                CharacterRecord(
                    character: $0.character, inGt: $0.inTruth, confused: $0.confused, lost: $0.lost,
                    spurious: $0.spurious)
            },
            topWordErrors: c.wordErrors.prefix(limit).map {
                CountRecord(gt: $0.truth, ocr: $0.hypothesis, count: $0.count)
            },
            beforeCer: c.beforeCER?.rate, beforeWer: c.beforeWER?.rate, fixed: c.fixed, harmed: c.harmed)
    }

    /// The JSON report: one pair's record, or for several the totals and a record per file.
    public static func json(_ summary: EvaluationSummary, limit: Int = 50) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        // dinglehopper's keys: n_characters, n_words…
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data: Data?
        if summary.files.count == 1 {
            data = try? encoder.encode(record(summary.files[0], limit: limit))
        } else {
            data = try? encoder.encode(
                SummaryRecord(
                    cer: summary.cer.rate, wer: summary.wer.rate, nCharacters: summary.cer.total,
                    nWords: summary.wer.total, characterErrors: summary.cer.errors,
                    wordErrors: summary.wer.errors, files: summary.files.map { record($0, limit: limit) }))
        }
        return (data.map(Array.init) ?? []) + [0x0A]
    }

    // MARK: HTML

    /// One self-contained page: the summary, each pair's texts side by side (a row per truth
    /// line; words read wrongly marked on both sides, the differing characters inside them
    /// marked again), the confusion table and the most frequent word errors.
    public static func html(_ summary: EvaluationSummary, limit: Int = 30) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>repair eval: CER \(percent(summary.cer.rate)), WER \(percent(summary.wer.rate))</title>
            <style>\(style)</style></head><body>
            <h1>OCR evaluation</h1>
            <p class="summary">CER <b>\(percent(summary.cer.rate))</b> · WER <b>\(percent(summary.wer.rate))</b> · \(summary.cer.total) characters · \(summary.wer.total) words\(summary.files.count > 1 ? " · \(summary.files.count) files" : "")</p>
            <p class="legend"><span class="lost">lost or misread in the hypothesis</span> <span class="spurious">what the hypothesis has instead</span></p>

            """
        if summary.files.count > 1 {
            out += "<table class=\"files\"><tr><th>file</th><th>CER</th><th>WER</th><th>words</th></tr>\n"
            for (n, c) in summary.files.enumerated() {
                out +=
                    "<tr><td><a href=\"#f\(n)\">\(escape(c.hypothesisName))</a></td><td>\(percent(c.cer.rate))</td><td>\(percent(c.wer.rate))</td><td>\(c.wer.total)</td></tr>\n"
            }
            out += "</table>\n"
        }
        for (n, c) in summary.files.enumerated() { out += section(c, id: n, limit: limit) }
        out += "</body></html>\n"
        return out
    }

    static func section(_ c: TextComparison, id: Int, limit: Int) -> String {
        var out = "<section id=\"f\(id)\"><h2>\(escape(c.truthName)) ↔ \(escape(c.hypothesisName))</h2>\n"
        out +=
            "<p>CER \(percent(c.cer.rate)) (\(c.cer.errors) of \(c.cer.total): \(c.substitutions) substituted, \(c.deletions) lost, \(c.insertions) spurious) · WER \(percent(c.wer.rate)) (\(c.wer.errors) of \(c.wer.total))"
        if let fixed = c.fixed, let harmed = c.harmed {
            out += " · before: WER \(percent(c.beforeWER?.rate ?? 0)), \(fixed) words fixed, \(harmed) harmed"
        }
        out += "</p>\n<div class=\"pair\"><div class=\"head\">truth</div><div class=\"head\">hypothesis</div>\n"
        var left = ""
        var right = ""
        func row() {
            out += "<div class=\"t\">\(left)</div><div class=\"h\">\(right)</div>\n"
            left = ""
            right = ""
        }
        for step in c.steps {
            switch (step.truth, step.hypothesis) {
            case (let t?, let h?) where c.truthWords[t] == c.hypothesisWords[h]:
                left += escape(c.truthWords[t]) + " "
                right += escape(c.hypothesisWords[h]) + " "
            case (let t?, let h?):
                let (a, b) = marked(c.truthWords[t], c.hypothesisWords[h])
                left += "<span class=\"lost\">\(a)</span> "
                right += "<span class=\"spurious\">\(b)</span> "
            case (let t?, nil):
                left += "<span class=\"lost\">\(escape(c.truthWords[t]))</span> "
                right += "<span class=\"gap\">⋯</span> "
            case (nil, let h?):
                right += "<span class=\"spurious\">\(escape(c.hypothesisWords[h]))</span> "
            default: break
            }
            if let t = step.truth, c.lineEnds.contains(t) { row() }
        }
        if !left.isEmpty || !right.isEmpty { row() }
        out += "</div>\n"
        out += table(
            "Confusions (characters)",
            c.confusions.prefix(limit).map { [show($0.truth), show($0.hypothesis), "\($0.count)"] },
            header: ["truth", "hypothesis", "count"])
        out += table(
            "Characters",
            c.characters.prefix(limit).map {
                [show($0.character), "\($0.inTruth)", "\($0.confused)", "\($0.lost)", "\($0.spurious)"]
            }, header: ["character", "in truth", "confused", "lost", "spurious"])
        out += table(
            "Word errors", c.wordErrors.prefix(limit).map { [show($0.truth), show($0.hypothesis), "\($0.count)"] },
            header: ["truth", "hypothesis", "count"])
        return out + "</section>\n"
    }

    /// Two words with their differing characters in <mark>.
    static func marked(_ a: String, _ b: String) -> (String, String) {
        let x = Array(a)
        let y = Array(b)
        var left = ""
        var right = ""
        var runLeft = ""
        var runRight = ""
        func end() {
            if !runLeft.isEmpty { left += "<mark>\(escape(runLeft))</mark>" }
            if !runRight.isEmpty { right += "<mark>\(escape(runRight))</mark>" }
            runLeft = ""
            runRight = ""
        }
        for step in Evaluation.alignment(x, y) {
            if let i = step.a, let j = step.b, x[i] == y[j] {
                end()
                left += escape(String(x[i]))
                right += escape(String(y[j]))
                continue
            }
            if let i = step.a { runLeft.append(x[i]) }
            if let j = step.b { runRight.append(y[j]) }
        }
        end()
        return (left, right)
    }

    static func table(_ title: String, _ rows: [[String]], header: [String]) -> String {
        guard !rows.isEmpty else { return "" }
        var out = "<h3>\(title)</h3><table><tr>" + header.map { "<th>\($0)</th>" }.joined() + "</tr>\n"
        for row in rows { out += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>\n" }
        return out + "</table>\n"
    }

    /// A cell's text: escaped, a space shown as ␣, nothing as ∅.
    static func show(_ text: String) -> String {
        text.isEmpty ? "<i>∅</i>" : "<code>\(escape(text).replacingOccurrences(of: " ", with: "␣"))</code>"
    }

    static func escape(_ text: String) -> String { HOCROutput.escape(text) }

    static let style = """
        body{font:16px/1.5 system-ui,sans-serif;margin:1em auto;max-width:80em;padding:0 1em;color:#111}
        .summary{font-size:1.25em} h2{font-size:1.2em;overflow-wrap:anywhere}
        .pair{display:grid;grid-template-columns:1fr 1fr;gap:.2em 1.5em;font-family:ui-monospace,monospace;font-size:.95em}
        .pair .head{font-weight:bold;border-bottom:1px solid #999}
        .t,.h{overflow-wrap:anywhere;padding:.1em 0;border-bottom:1px solid #eee}
        .lost{background:#fdd;text-decoration:underline #c00}
        .spurious{background:#dfd;text-decoration:underline #070}
        .gap{color:#888}
        mark{background:#f90;color:#000}
        table{border-collapse:collapse;margin:.5em 0;display:block;max-width:100%;overflow-x:auto}
        td,th{border:1px solid #ccc;padding:.15em .6em;text-align:left}
        @media (max-width:40em){.pair{grid-template-columns:1fr}.pair .head{display:none}
        .t::before{content:"truth: ";color:#666}.h::before{content:"hypothesis: ";color:#666}.h{border-bottom:2px solid #999}}
        """
}

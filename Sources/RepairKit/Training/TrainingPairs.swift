// The (OCR, truth) pairs of a user's folders: NAME.ocr.txt, or a page image or PDF NAME.png
// (tif, jpg, pdf…), beside NAME.truth.txt (or NAME.gt.txt), in any folder below.

/// One training pair: what OCR read (a text, or an image our OCR stage reads) and the truth.
public struct TrainingPair: Sendable, Equatable {
    /// The name pairs are matched by (relative folder and stem).
    public var name: String
    /// The OCR text or the page image.
    public var ocr: String
    /// The corrected text.
    public var truth: String
}

/// Finds the training pairs in folders.
public enum TrainingPairs {
    static let imageExtensions: Set<String> = ["png", "tif", "tiff", "jpg", "jpeg", "pdf", "bmp", "pnm", "webp", "gif"]

    /// The pairs under `folders`, by name; a file without its partner, a name given twice or a
    /// path that is not a folder is a problem, and the other pairs are still used.
    public static func collect(_ folders: [String]) -> (pairs: [TrainingPair], problems: [RepairError]) {
        var pairs: [TrainingPair] = []
        var problems: [RepairError] = []
        for folder in folders {
            guard PairedFiles.isFolder(folder) else {
                problems.append(
                    RepairError(
                        path: folder, reason: .unsupported("not a folder of NAME.ocr.txt + NAME.truth.txt pairs")))
                continue
            }
            var truths: [String: String] = [:]
            var texts: [String: String] = [:]
            var images: [String: String] = [:]
            for relative in PairedFiles.files(under: folder) {
                let lower = relative.lowercased()
                let key = PairedFiles.key(relative)
                let path = folder + "/" + relative
                if lower.hasSuffix(".truth.txt") || lower.hasSuffix(".gt.txt") {
                    truths[key] = path
                } else if lower.hasSuffix(".ocr.txt") {
                    texts[key] = path
                } else if let dot = lower.lastIndex(of: "."),
                    imageExtensions.contains(String(lower[lower.index(after: dot)...]))
                {
                    images[key] = images[key] ?? path
                }
            }
            for key in Set(truths.keys).union(texts.keys).union(images.keys).sorted() {
                guard let truth = truths[key] else {
                    let orphan = texts[key] ?? images[key]!
                    problems.append(
                        RepairError(path: orphan, reason: .unsupported("no truth for it (\(key).truth.txt)")))
                    continue
                }
                // A text and an image of the same page: the text is what the user's OCR printed.
                guard let ocr = texts[key] ?? images[key] else {
                    problems.append(
                        RepairError(path: truth, reason: .unsupported("no OCR for it (\(key).ocr.txt or an image)")))
                    continue
                }
                pairs.append(TrainingPair(name: folder + "/" + key, ocr: ocr, truth: truth))
            }
        }
        return (pairs, problems)
    }
}

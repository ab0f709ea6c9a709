// One import for a user of the library: `import RepairKit` brings the pipeline and every type
// its options, results and errors are made of.
@_exported import Correction
@_exported import DocumentModel
@_exported import Lexicon
@_exported import Normalization
@_exported import OCR
@_exported import PDF
@_exported import Punctuation

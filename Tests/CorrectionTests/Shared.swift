// The committed lexicon, loaded once for every correction test.
import Correction
import TestSupport

enum Shared {
    nonisolated(unsafe) static let lexicon: Lexicon = {
        do { return try Lexicon.load(path: Paths.lexicon) } catch { fatalError("dictionaries/en.lexicon: \(error)") }
    }()
}

// Debian's libtesseract is built with OpenMP; left alone it spreads one page over every
// core and runs 10× slower on a loaded machine. We parallelise by pages instead, so each
// recognizing thread turns OpenMP's nesting off for itself. libgomp is loaded with
// libtesseract, so the symbols are resolved at run time and their absence is harmless.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

enum OpenMP {
    private typealias SetInt = @convention(c) (Int32) -> Void

    private static let setMaxActiveLevels: SetInt? = resolve("omp_set_max_active_levels")
    private static let setNumThreads: SetInt? = resolve("omp_set_num_threads")

    private static func resolve(_ name: String) -> SetInt? {
        #if canImport(Glibc)
            let defaultHandle: UnsafeMutableRawPointer? = nil  // RTLD_DEFAULT
        #else
            let defaultHandle = UnsafeMutableRawPointer(bitPattern: -2)
        #endif
        guard let symbol = dlsym(defaultHandle, name) else { return nil }
        return unsafeBitCast(symbol, to: SetInt.self)
    }

    /// Makes OpenMP regions entered from the calling thread run on that thread alone.
    static func limitCurrentThread() {
        setMaxActiveLevels?(0)
        setNumThreads?(1)
    }

    static var isPresent: Bool { setMaxActiveLevels != nil }
}

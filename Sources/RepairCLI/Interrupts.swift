// Ctrl-C and SIGTERM (a scheduler's) during a batch: the running files finish, no more start.
import RepairKit

#if canImport(Glibc)
    import Glibc
#endif

enum Interrupts {
    /// Set by the handlers; the batch runner reads it. A global: a C signal handler captures nothing.
    static let flag = StopFlag()

    /// Installs the handlers; a second Ctrl-C kills.
    static func handle() {
        // A parent may have started us with these blocked (and workers inherit the mask).
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { number in
                Interrupts.flag.stop()
                signal(number, SIG_DFL)
            }
        }
    }
}

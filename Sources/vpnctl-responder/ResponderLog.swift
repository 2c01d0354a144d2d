#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import SystemSupport

/// One line per event on stderr. The responder handles no secrets; lines name
/// peers and what was done with them. Peers decide how many events there
/// are, so the lines go through a budget (a burst of 100, then 20 a second):
/// a flood of strangers cannot fill the server's disk through the log.
enum ResponderLog {
    private static let budget = Mutex(RateBudget(burst: 100, perSecond: 20))

    static func write(to descriptor: Int32, _ text: String) {
        RawIO.writeAll(descriptor, text)
    }

    static func line(_ text: String) {
        let (passes, suppressed) = budget.withLock { $0.admit() }
        guard passes else { return }
        let note = suppressed > 0 ? " (\(suppressed) lines suppressed before this one)" : ""
        // One write(2) per line, so lines from different threads never interleave.
        write(to: 2, "vpnctl-responder: " + text + note + "\n")
    }
}

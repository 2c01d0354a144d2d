#if canImport(Glibc)
import Glibc
#endif
import ProbePackets

/// Monotonic time for round trips and deadlines, and how evidence words a duration.
enum ProbeDuration {
    static func nowNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    static func milliseconds(since start: UInt64) -> Double {
        Double(nowNanoseconds() &- start) / 1_000_000
    }

    /// "1.2 s" or "350 ms".
    static func text(_ milliseconds: Int) -> String {
        if milliseconds >= 1000 {
            let tenths = (milliseconds + 50) / 100
            return tenths % 10 == 0 ? "\(tenths / 10) s" : "\(tenths / 10).\(tenths % 10) s"
        }
        return "\(milliseconds) ms"
    }

    /// A round trip as evidence shows it: "0.42 ms", "12.3 ms".
    static func roundTrip(_ milliseconds: Double) -> String {
        let digits = milliseconds < 10 ? 100.0 : 10.0
        let rounded = (milliseconds * digits).rounded() / digits
        return "\(rounded) ms"
    }
}

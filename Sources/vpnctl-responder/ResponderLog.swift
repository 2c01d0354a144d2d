#if canImport(Glibc)
import Glibc
#endif

/// One line per event on stderr. The responder handles no secrets; lines name
/// peers and what was done with them.
enum ResponderLog {
    static func write(to descriptor: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
    }

    static func line(_ text: String) {
        // One write(2) per line, so lines from different threads never interleave.
        write(to: 2, "vpnctl-responder: " + text + "\n")
    }
}

import Glibc
import SystemSupport

/// Where output goes: results to stdout, everything for a person to stderr,
/// so `--json` output stays parseable.
enum Console {
    static func print(_ text: String) {
        RawIO.writeAll(STDOUT_FILENO, text + "\n")
    }

    static func error(_ text: String) {
        RawIO.writeAll(STDERR_FILENO, "vpnctl: " + text + "\n")
    }

    static func warn(_ text: String) {
        RawIO.writeAll(STDERR_FILENO, "vpnctl: warning: " + text + "\n")
    }
}

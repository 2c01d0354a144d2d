import Foundation

/// Where output goes: results to stdout, everything for a person to stderr,
/// so `--json` output stays parseable.
enum Console {
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("vpnctl: " + text + "\n").utf8))
    }

    static func warn(_ text: String) {
        FileHandle.standardError.write(Data(("vpnctl: warning: " + text + "\n").utf8))
    }
}

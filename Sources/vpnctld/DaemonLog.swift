import Foundation

/// The daemon's log on stderr (journald or the file vpnctl gives it).
/// Never given secrets: requests are logged by method, not by content.
enum DaemonLog {
    static func info(_ message: String) { write("info", message) }
    static func warning(_ message: String) { write("warning", message) }
    static func error(_ message: String) { write("error", message) }

    private static func write(_ level: String, _ message: String) {
        FileHandle.standardError.write(Data("vpnctld: \(level): \(message)\n".utf8))
    }
}

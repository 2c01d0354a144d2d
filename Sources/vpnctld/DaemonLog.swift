import Foundation
import SystemSupport

/// The daemon's log on stderr (journald, or the file vpnctl gives it).
/// Never given secrets: requests are logged by method, not by content.
///
/// A file is kept bounded: past `limit` it is renamed to `NAME.1` (the one
/// before that goes) and a new one begins, so a daemon that runs for months
/// or a plugin that repeats itself cannot fill the disk.
enum DaemonLog {
    static let limit = 1 << 20

    static func info(_ message: String) { write("info", message) }
    static func warning(_ message: String) { write("warning", message) }
    static func error(_ message: String) { write("error", message) }

    private static let lock = NSLock()

    private static func write(_ level: String, _ message: String) {
        lock.lock()
        defer { lock.unlock() }
        rotateIfFull(STDERR_FILENO)
        RawIO.writeAll(STDERR_FILENO, "vpnctld: \(level): \(message)\n")
    }

    /// Rotates the file behind `descriptor` once it holds `limit` bytes;
    /// a pipe or socket (journald) is left alone.
    static func rotateIfFull(_ descriptor: Int32, limit: Int = limit) {
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) >= limit,
              let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor)"),
              path.hasPrefix("/"), !path.hasSuffix(" (deleted)")
        else { return }
        guard rename(path, path + ".1") == 0 else { return }
        let fresh = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fresh >= 0 else { return }
        dup2(fresh, descriptor)
        close(fresh)
    }
}

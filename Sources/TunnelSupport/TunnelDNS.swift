import Addressing
import Foundation
import SystemSupport

/// Points name resolution at the tunnel's resolvers while connected, and
/// puts it back after. With systemd-resolved (its stub in resolv.conf) the
/// resolvers go on the interface with `resolvectl`, which resolved undoes by
/// itself when the interface goes; otherwise /etc/resolv.conf is replaced,
/// after keeping a copy (0600) that a fresh plugin can restore after a crash.
public enum TunnelDNS {
    static let resolvConf = "/etc/resolv.conf"
    /// Named after the interface, so every plugin may use it.
    static let backupDirectory = "/run/vpnctl-dns"

    static func backupPath(_ interface: String) -> String { "\(backupDirectory)/\(interface).resolv.conf" }

    static var usesResolved: Bool {
        let text = (try? String(contentsOfFile: resolvConf, encoding: .utf8)) ?? ""
        return text.contains("nameserver 127.0.0.53") && FileManager.default.fileExists(atPath: "/run/systemd/resolve")
    }

    public static func apply(_ servers: [IPAddress], interface: String) async throws {
        guard !servers.isEmpty else { return }
        if usesResolved {
            try await resolvectl(["dns", interface] + servers.map(\.description))
            try await resolvectl(["domain", interface, "~."])
            return
        }
        let original = try Data(contentsOf: URL(fileURLWithPath: resolvConf))
        try PrivateFile.ensureDirectory(backupDirectory)
        // Keep the first copy: a second connect must not save our own file.
        if !FileManager.default.fileExists(atPath: backupPath(interface)) {
            try PrivateFile.write(Array(original), to: backupPath(interface))
        }
        let text = "# Written by vpnctl for \(interface); restored on disconnect.\n" + servers.map { "nameserver \($0)\n" }.joined()
        try replaceResolvConf(Array(text.utf8))
    }

    /// Puts back what `apply` replaced; does nothing when nothing was.
    public static func restore(interface: String) {
        let backup = backupPath(interface)
        guard let original = FileManager.default.contents(atPath: backup) else { return }
        if (try? replaceResolvConf(Array(original))) != nil {
            unlink(backup)
            rmdir(backupDirectory)
        }
    }

    /// Replaces resolv.conf's bytes whole: a new file renamed over it, so a
    /// crash leaves the old file or the new one. A link (to resolvconf's or
    /// NetworkManager's file) stays a link; its target is replaced. A bind
    /// mount (a container's, `ip netns exec`'s) cannot be renamed over: it
    /// is written in place, new bytes first and the old tail cut after, so
    /// it never stands empty.
    static func replaceResolvConf(_ bytes: [UInt8]) throws(TunnelDNSFileError) {
        guard let resolved = realpath(resolvConf, nil) else { throw TunnelDNSFileError(path: resolvConf, errno: errno) }
        let target = String(cString: resolved)
        free(resolved)
        var info = stat()
        guard stat(target, &info) == 0 else { throw TunnelDNSFileError(path: target, errno: errno) }
        do throws(PrivateFileError) {
            try PrivateFile.write(bytes, to: target, mode: info.st_mode & 0o7777)
            return
        } catch .cannotWrite(_, let code) where code == EBUSY || code == EXDEV || code == EROFS {
            // A mount point, or a read-only /etc around a writable mount: in place below.
        } catch {
            throw TunnelDNSFileError(path: target, detail: error.description)
        }
        let fd = open(target, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw TunnelDNSFileError(path: target, errno: errno) }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { RawIO.writeAll(fd, $0) }
        guard written == 0 else { throw TunnelDNSFileError(path: target, errno: written) }
        guard ftruncate(fd, off_t(bytes.count)) == 0, fsync(fd) == 0 else { throw TunnelDNSFileError(path: target, errno: errno) }
    }

    private static func resolvectl(_ arguments: [String]) async throws {
        let command = "resolvectl \(arguments.joined(separator: " "))"
        let completion: ChildProcess.Completion
        do {
            completion = try await ChildProcess.run("/usr/bin/resolvectl", arguments, deadline: .seconds(10))
        } catch {
            throw TunnelDNSError(command: command, detail: error.description)
        }
        guard completion.status == 0 else {
            throw TunnelDNSError(command: command, detail: completion.lines.suffix(2).joined(separator: " "))
        }
    }
}

/// `resolvectl` refused; carries the command for the user to try.
public struct TunnelDNSError: Error, CustomStringConvertible {
    public let command: String
    /// What resolvectl said, or why it did not run.
    public let detail: String
    public var description: String { "\(command) failed (\(detail.isEmpty ? "no output" : detail)); is systemd-resolved running?" }
}

/// resolv.conf could not be replaced.
public struct TunnelDNSFileError: Error, CustomStringConvertible {
    public let path: String
    public let detail: String

    init(path: String, detail: String) {
        self.path = path
        self.detail = detail
    }

    init(path: String, errno code: Int32) {
        self.init(path: path, detail: String(cString: strerror(code)))
    }

    public var description: String { "cannot replace \(path): \(detail)" }
}

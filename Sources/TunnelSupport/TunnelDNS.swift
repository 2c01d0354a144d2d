import Addressing
import Foundation
import SystemSupport

/// Points name resolution at the tunnel's resolvers while connected, and
/// puts it back after. With systemd-resolved (its stub in resolv.conf) the
/// resolvers go on the interface with `resolvectl`, which resolved undoes by
/// itself when the interface goes; otherwise /etc/resolv.conf is rewritten in
/// place (it may be a bind mount, so no rename) after keeping a copy that a
/// fresh plugin can restore after a crash.
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
        try FileManager.default.createDirectory(atPath: backupDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Keep the first copy: a second connect must not save our own file.
        if !FileManager.default.fileExists(atPath: backupPath(interface)) {
            try original.write(to: URL(fileURLWithPath: backupPath(interface)))
        }
        let text = "# Written by vpnctl for \(interface); restored on disconnect.\n" + servers.map { "nameserver \($0)\n" }.joined()
        try writeInPlace(Data(text.utf8))
    }

    /// Puts back what `apply` replaced; does nothing when nothing was.
    public static func restore(interface: String) {
        let backup = backupPath(interface)
        guard let original = FileManager.default.contents(atPath: backup) else { return }
        if (try? writeInPlace(original)) != nil {
            unlink(backup)
            rmdir(backupDirectory)
        }
    }

    private static func writeInPlace(_ data: Data) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: resolvConf))
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: data)
        try handle.synchronize()
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

import Foundation

/// Where one tunnel's files live while it runs: openvpn's config, its
/// management socket and its pid file, in a directory only root can enter
/// (0700), named after the interface so a fresh plugin finds what a crashed
/// one left.
struct PrivateDirectory: Sendable, Hashable {
    static let root = "/run/vpnctl-openvpn"

    let path: String

    init(interface: String) {
        path = "\(Self.root)/\(interface)"
    }

    var configFile: String { "\(path)/openvpn.conf" }
    var managementSocket: String { "\(path)/management.sock" }
    var pidFile: String { "\(path)/openvpn.pid" }

    var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// Makes the directory; one that exists already is an error (a tunnel of
    /// that name is running, or a crashed one was never cleaned up).
    func create() throws(PrivateDirectoryError) {
        // Twice: another tunnel's teardown may remove the shared parent
        // between the two mkdirs.
        for attempt in 1...2 {
            if mkdir(Self.root, 0o755) != 0, errno != EEXIST { throw .cannotCreate(path: Self.root, errno: errno) }
            if mkdir(path, 0o700) == 0 { break }
            if errno == ENOENT, attempt == 1 { continue }
            throw errno == EEXIST ? .alreadyExists(path: path) : .cannotCreate(path: path, errno: errno)
        }
        // mkdir's mode is masked by the umask; the directory must be 0700 whatever it is.
        chmod(path, 0o700)
    }

    /// Writes a file only root can read (0600), created anew.
    func write(_ text: String, to file: String) throws(PrivateDirectoryError) {
        let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw .cannotCreate(path: file, errno: errno) }
        defer { close(descriptor) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw .cannotCreate(path: file, errno: errno) }
            bytes = bytes.dropFirst(written)
        }
    }

    /// openvpn's pid, from the file its `writepid` left.
    var recordedPID: pid_t? {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8) else { return nil }
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Removes the directory with everything in it, and the shared parent
    /// once it is empty. Safe to call when nothing is there.
    func remove() {
        try? FileManager.default.removeItem(atPath: path)
        rmdir(Self.root)
    }
}

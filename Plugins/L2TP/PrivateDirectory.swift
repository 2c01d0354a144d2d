import Foundation

/// The plugin's own folder for one interface, /run/vpnctl-l2tp/<interface>
/// (mode 0700): generated configs (0600), pid files, the control pipe and
/// charon's vici socket. Its name is derived from the interface, so a fresh
/// plugin finds what a crashed one left.
struct PrivateDirectory: Sendable {
    static let defaultRoot = "/run/vpnctl-l2tp"

    let root: String
    let interface: String

    init(interface: String, root: String = defaultRoot) {
        self.interface = interface
        self.root = root
    }

    var path: String { "\(root)/\(interface)" }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// Fails when it exists already: the caller removes leftovers first.
    func create() throws(PluginFailureText) {
        if mkdir(root, 0o700) != 0 && errno != EEXIST {
            throw PluginFailureText("cannot create \(root): \(String(cString: strerror(errno)))")
        }
        guard mkdir(path, 0o700) == 0 else {
            throw PluginFailureText("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        // mkdir's mode passes through the umask; make sure of it.
        chmod(path, 0o700)
    }

    /// Creates `name` with mode 0600 from the start (no window in which a
    /// secret is readable by others) and writes `text`.
    @discardableResult
    func write(_ name: String, _ text: String) throws(PluginFailureText) -> String {
        let target = file(name)
        let descriptor = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw PluginFailureText("cannot create \(target): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw PluginFailureText("cannot write \(target)") }
        return target
    }

    /// The pid a daemon wrote into `name`, if any.
    func pid(_ name: String) -> pid_t? {
        guard let text = try? String(contentsOfFile: file(name), encoding: .utf8) else { return nil }
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Removes the folder and everything in it; the root goes too when empty.
    func remove() {
        try? FileManager.default.removeItem(atPath: path)
        rmdir(root)
    }
}

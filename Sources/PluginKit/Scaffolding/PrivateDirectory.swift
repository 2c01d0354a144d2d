import Foundation
import SystemSupport

/// A plugin's own folder for one tunnel, `<root>/<interface>` (mode 0700):
/// generated configs and secrets (0600), pid files, control sockets. Its
/// name comes from the interface, so a fresh plugin finds what a crashed
/// one left, and removes it.
public struct PrivateDirectory: Sendable, Hashable {
    /// The plugin's parent folder, such as /run/vpnctl-openvpn; shared by
    /// its tunnels and removed with the last of them.
    public let root: String
    public let interface: String

    public init(root: String, interface: String) {
        self.root = root
        self.interface = interface
    }

    public var path: String { "\(root)/\(interface)" }

    public func file(_ name: String) -> String { "\(path)/\(name)" }

    public var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// Makes the folder; one that exists already is an error (a tunnel on
    /// that interface runs, or a crashed one's leftovers were not removed).
    public func create() throws(PrivateDirectoryError) {
        // Twice: another tunnel's teardown may remove the shared parent
        // between the two mkdirs.
        for attempt in 1...2 {
            if mkdir(root, 0o755) != 0, errno != EEXIST { throw .cannotCreate(path: root, errno: errno) }
            if mkdir(path, 0o700) == 0 { break }
            if errno == ENOENT, attempt == 1 { continue }
            throw errno == EEXIST ? .alreadyExists(path: path) : .cannotCreate(path: path, errno: errno)
        }
        // mkdir's mode is masked by the umask; the folder must be 0700 whatever it is.
        chmod(path, 0o700)
    }

    /// Writes `name` (0600 from its first byte: no moment in which a secret
    /// is readable by others) and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws(PrivateDirectoryError) -> String {
        let target = file(name)
        do throws(PrivateFileError) {
            try PrivateFile.write(Array(text.utf8), to: target)
        } catch {
            throw .cannotWrite(error)
        }
        return target
    }

    /// The pid a daemon wrote into `name`, if any.
    public func pid(_ name: String) -> pid_t? {
        guard let text = try? String(contentsOfFile: file(name), encoding: .utf8) else { return nil }
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Removes the folder with everything in it, and the root once it is
    /// empty. Safe to call when nothing is there.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
        rmdir(root)
    }
}

/// The private directory could not be made or written.
public enum PrivateDirectoryError: Error, Sendable, Hashable, CustomStringConvertible {
    case alreadyExists(path: String)
    case cannotCreate(path: String, errno: Int32)
    case cannotWrite(PrivateFileError)

    public var description: String {
        switch self {
        case let .alreadyExists(path):
            "\(path) already exists: a tunnel on that interface is running or was left by a crash; disconnect it first"
        case let .cannotCreate(path, code):
            "cannot create \(path): \(String(cString: strerror(code)))"
        case let .cannotWrite(error):
            error.description
        }
    }
}

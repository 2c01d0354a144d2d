import Foundation

/// The lab's names (`vpnlab-*` namespaces, wg-* sockets) are machine-wide,
/// so only one lab can be up at a time and only one `vpnlab` may change it
/// at a time.
enum LabLock {
    static let lockFile = "/run/vpnlab.lock"
    /// The state directory of the lab that is up (or being brought up).
    static let ownerFile = "/run/vpnlab.owner"
    /// Held (flock) by whoever uses the lab for a while, such as a test run
    /// or the demo, so that `vpnlab down` from elsewhere does not pull the
    /// lab from under it. The kernel releases it when the holder dies, so a
    /// crashed user never blocks the cleanup.
    static let sessionLockFile = "/run/vpnlab.session.lock"

    /// True when a live process holds the session lock.
    static var sessionIsActive: Bool {
        let fd = open(sessionLockFile, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return errno == EWOULDBLOCK }
        flock(fd, LOCK_UN)
        return false
    }

    /// Runs `body` holding an exclusive flock: a second `vpnlab up` waits
    /// for the first instead of building the same namespaces beside it.
    /// The kernel drops the lock when we die, even by SIGKILL.
    static func holding<T>(_ body: () throws -> T) throws -> T {
        let fd = open(lockFile, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LabError.io(path: lockFile, detail: String(cString: strerror(errno))) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw LabError.io(path: lockFile, detail: String(cString: strerror(errno))) }
        }
        return try body()
    }

    /// The state directory of the lab that is up, if it is another one and
    /// still there; a marker left by a lab whose state is gone does not count.
    static func otherOwner(than state: StateDirectory) -> String? {
        guard let owner = Files.read(ownerFile)?.trimmingCharacters(in: .whitespacesAndNewlines), !owner.isEmpty,
              owner != state.path,
              FileManager.default.fileExists(atPath: StateDirectory(path: owner).recordFile),
              !Namespace.allOfTheLab().isEmpty
        else { return nil }
        return owner
    }

    static func claim(for state: StateDirectory) throws {
        try Files.write(state.path + "\n", to: ownerFile, mode: 0o600)
    }

    static func release(for state: StateDirectory) {
        let owner = Files.read(ownerFile)?.trimmingCharacters(in: .whitespacesAndNewlines)
        if owner == nil || owner == state.path || Namespace.allOfTheLab().isEmpty {
            unlink(ownerFile)
        }
    }
}

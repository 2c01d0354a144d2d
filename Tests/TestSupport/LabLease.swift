import Foundation

/// Exclusive use of the machine's lab names (`vpnlab-*` namespaces, the
/// servers' sockets) for a test that brings the lab up: the session lock
/// every user of the lab holds (the demo, the lab tests, the probe's lab
/// test), then no lab left standing.
///
/// Whoever uses a lab holds the lock for as long as it does. So a lab that is
/// up once the lock is ours has no user left: its owner died without `down`
/// (a killed demo, a test process cut off by a timeout, a session that ended
/// mid-run). It is removed, not waited for: nobody would ever take it down,
/// and a test that waits for it would only fail later and slower.
public final class LabLease: @unchecked Sendable {
    public static let lockPath = "/run/vpnlab.session.lock"

    private let descriptor: Int32
    /// The `vpnlab-*` namespaces of a lab found up without a user and removed; empty when there was none.
    public let removedOrphans: [String]

    /// Waits (up to `timeout`) for other users of the lab, then removes any
    /// lab they left behind with `vpnlab down --force` (`vpnlab` is the built binary).
    public init(vpnlab: String, timeout: Duration) throws {
        guard geteuid() == 0 else { throw Failure("the lab must be brought up as root (it makes network namespaces)") }
        let lock = open(Self.lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw Failure("cannot open \(Self.lockPath): \(String(cString: strerror(errno)))") }
        let deadline = ContinuousClock.now + timeout
        while flock(lock, LOCK_EX | LOCK_NB) != 0 {
            guard ContinuousClock.now < deadline else {
                close(lock)
                throw Failure("gave up after \(timeout) waiting for \(Self.lockPath): another process uses the lab")
            }
            // Another process's lock: nothing tells us when it goes but trying again.
            usleep(50_000)
        }
        let orphans = Self.labNamespaces
        if !orphans.isEmpty {
            do {
                let scratch = try TemporaryDirectory(prefix: "vpnlab-orphan")
                defer { scratch.remove() }
                _ = try Shell.output("env", "VPNLAB_STATE_DIR=\(scratch.path)/state", vpnlab, "down", "--force")
            } catch {
                flock(lock, LOCK_UN)
                close(lock)
                throw Failure("a lab without a user was up (\(orphans.joined(separator: ", "))) and `vpnlab down --force` failed: \(error)")
            }
            guard Self.labNamespaces.isEmpty else {
                flock(lock, LOCK_UN)
                close(lock)
                throw Failure("`vpnlab down --force` left \(Self.labNamespaces.joined(separator: ", ")) behind")
            }
        }
        descriptor = lock
        removedOrphans = orphans
    }

    /// The lab's namespaces that exist now.
    public static var labNamespaces: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/run/netns")) ?? []).filter { $0.hasPrefix("vpnlab-") }.sorted()
    }

    private let released = NSLock()
    private var isReleased = false

    /// Lets the next user in. Safe to call more than once.
    public func release() {
        released.withLock {
            guard !isReleased else { return }
            isReleased = true
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }

    deinit { release() }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}

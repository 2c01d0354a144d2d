import Foundation
import TestSupport

/// One test's lab: its own state directory, exclusive use of the machine's
/// `vpnlab-*` names, and `down` whatever happens.
///
/// The names are machine-wide, so a lab test must not run while another lab
/// is up (a demo, another test process). Tests hold an flock for their whole
/// run; other test targets that use the lab should take the same lock
/// (/run/vpnlab.session.lock) so that `swift test` can run them in parallel.
final class LabSession: @unchecked Sendable {
    static let lockPath = "/run/vpnlab.session.lock"

    let directory: TemporaryDirectory
    let runner: LabRunner
    private let lockDescriptor: Int32

    var stateDirectory: String { directory.path + "/state" }

    init() throws {
        guard geteuid() == 0 else { throw LabTestError("the lab tests must run as root (they create network namespaces)") }
        let lock = open(Self.lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw LabTestError("cannot open \(Self.lockPath): \(String(cString: strerror(errno)))") }
        do {
            try awaitCondition("the lab test lock \(Self.lockPath) (another test process uses the lab)", timeout: .seconds(600)) {
                flock(lock, LOCK_EX | LOCK_NB) == 0
            }
            // A lab that someone else brought up (the demo, a developer) is
            // not ours to tear down: wait for it to go, then give up loudly.
            try awaitCondition("the lab that is already up to be brought down (vpnlab-* namespaces: \(Residue.labNamespaces))", timeout: .seconds(60)) {
                Residue.labNamespaces.isEmpty
            }
            directory = try TemporaryDirectory(prefix: "vpnlab-test")
        } catch {
            Glibc.close(lock)
            throw error
        }
        lockDescriptor = lock
        runner = LabRunner(stateDirectory: directory.path + "/state")
    }

    /// A session, waiting for the lock on a thread of its own: the wait can
    /// take minutes while another test uses the lab, and a test blocked on
    /// the cooperative pool could starve the very test that holds the lock.
    static func make() async throws -> LabSession {
        try await offPool { try LabSession() }
    }

    /// `vpnlab down`, then the lock goes. Safe to call more than once.
    func close() {
        _ = try? runner.vpnlab("down")
        directory.remove()
        if lockDescriptor >= 0 { flock(lockDescriptor, LOCK_UN) }
    }

    deinit {
        close()
        Glibc.close(lockDescriptor)
    }

    /// `vpnlab up`, with the output in the error when it fails.
    @discardableResult
    func up() throws -> [String: Any] {
        let outcome = try runner.vpnlab("up", "--json")
        guard outcome.succeeded else { throw LabTestError("vpnlab up failed: \(outcome.summary)\n\(logs())") }
        return try LabRunner.json(outcome.stdout)
    }

    func status() throws -> [String: Any] {
        let outcome = try runner.vpnlab("status", "--json")
        guard outcome.succeeded else { throw LabTestError("vpnlab status failed: \(outcome.summary)") }
        return try LabRunner.json(outcome.stdout)
    }

    /// The daemons' logs, for failure messages.
    func logs() -> String {
        let logs = stateDirectory + "/logs"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: logs)) ?? []
        return names.sorted().map { name in
            "--- \(name)\n" + ((try? String(contentsOfFile: logs + "/" + name, encoding: .utf8)) ?? "")
        }.joined(separator: "\n")
    }
}

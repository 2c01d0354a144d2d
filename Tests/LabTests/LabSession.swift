import Foundation
import TestSupport

/// One test's lab: its own state directory, exclusive use of the machine's
/// `vpnlab-*` names (TestSupport's `LabLease`: a lab left up by a user that
/// died is removed first), and `down` whatever happens.
final class LabSession: @unchecked Sendable {
    let directory: TemporaryDirectory
    let runner: LabRunner
    private let lease: LabLease

    var stateDirectory: String { directory.path + "/state" }

    init() throws {
        lease = try LabLease(vpnlab: LabRunner.vpnlab, timeout: .seconds(600))
        do {
            directory = try TemporaryDirectory(prefix: "vpnlab-test")
        } catch {
            lease.release()
            throw error
        }
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
        lease.release()
    }

    deinit { close() }

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

import Foundation
import TestSupport

/// The project's lab for the probe tests: the lab's lease (TestSupport's
/// `LabLease`, as the lab tests take it) held for the whole use, `vpnlab up`
/// with a state directory of our own, `down` always.
///
/// `vpnlab` runs with its output in files, not pipes: daemons it leaves
/// running (wireguard-go) would hold a pipe open, and the wait would never end.
final class ProbeLab: @unchecked Sendable {
    static let clientNamespace = "/var/run/netns/vpnlab-client"

    let directory: TemporaryDirectory
    private let lease: LabLease

    var stateDirectory: String { directory.path + "/state" }
    var tlsCryptKey: String? { try? String(contentsOfFile: stateDirectory + "/pki/openvpn/tls-crypt.key", encoding: .utf8) }

    static var vpnlab: String {
        (Bundle.main.executableURL?.deletingLastPathComponent() ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
            .appendingPathComponent("vpnlab").path
    }

    /// Takes the lease (waiting for other lab users) and brings the lab up.
    static func start() async throws -> ProbeLab {
        try await offPool { try ProbeLab() }
    }

    private init() throws {
        // Well inside the suite's time limit: a wait past it could not be cut short.
        lease = try LabLease(vpnlab: Self.vpnlab, timeout: .seconds(240))
        do {
            directory = try TemporaryDirectory(prefix: "vpnprb-lab")
        } catch {
            lease.release()
            throw error
        }
        do {
            let outcome = try run("up")
            guard outcome.status == 0 else { throw ProbeLabError("vpnlab up failed (\(outcome.status)): \(outcome.output)") }
        } catch {
            _ = try? run("down")
            directory.remove()
            lease.release()
            throw error
        }
    }

    /// `vpnlab ARGUMENTS`, off the cooperative pool.
    func vpnlab(_ arguments: String...) async throws -> (status: Int32, output: String) {
        try await offPool { try self.run(arguments) }
    }

    private func run(_ arguments: String...) throws -> (status: Int32, output: String) { try run(arguments) }

    private func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let output = directory.path + "/vpnlab.out"
        let quoted = ([Self.vpnlab] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let script = "VPNLAB_STATE_DIR='\(stateDirectory)' NO_PROXY='*' no_proxy='*' exec \(quoted) >'\(output)' 2>&1 </dev/null; "
        let status: Int32
        do {
            _ = try Shell.output("sh", "-c", script)
            status = 0
        } catch {
            status = 1
        }
        return (status, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }

    private var closed = false

    /// `vpnlab down` and the lease released; once.
    func close() {
        guard !closed else { return }
        closed = true
        _ = try? run("down")
        directory.remove()
        lease.release()
    }

    deinit { close() }
}

struct ProbeLabError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

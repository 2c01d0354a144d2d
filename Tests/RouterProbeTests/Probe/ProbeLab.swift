import Foundation
import TestSupport

/// The project's lab for the probe tests: the machine-wide session lock
/// (/run/vpnlab.session.lock, as the lab tests take it) held for the whole
/// use, `vpnlab up` with a state directory of our own, `down` always.
///
/// `vpnlab` runs with its output in files, not pipes: daemons it leaves
/// running (wireguard-go) would hold a pipe open, and the wait would never end.
final class ProbeLab: @unchecked Sendable {
    static let lockPath = "/run/vpnlab.session.lock"
    static let clientNamespace = "/var/run/netns/vpnlab-client"

    let directory: TemporaryDirectory
    private let lock: Int32

    var stateDirectory: String { directory.path + "/state" }
    var tlsCryptKey: String? { try? String(contentsOfFile: stateDirectory + "/pki/openvpn/tls-crypt.key", encoding: .utf8) }

    static var vpnlab: String {
        (Bundle.main.executableURL?.deletingLastPathComponent() ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
            .appendingPathComponent("vpnlab").path
    }

    /// Takes the lock (waiting for other lab users) and brings the lab up.
    static func start() async throws -> ProbeLab {
        try await offPool { try ProbeLab() }
    }

    private init() throws {
        guard geteuid() == 0 else { throw ProbeLabError("the probe's lab tests must run as root (the lab makes network namespaces)") }
        lock = open(Self.lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw ProbeLabError("cannot open \(Self.lockPath): \(String(cString: strerror(errno)))") }
        let deadline = Date().addingTimeInterval(900)
        while flock(lock, LOCK_EX | LOCK_NB) != 0 {
            guard Date() < deadline else { Glibc.close(lock); throw ProbeLabError("gave up waiting for \(Self.lockPath): another test keeps the lab") }
            usleep(100_000)
        }
        // A lab someone else brought up is not ours to use or tear down.
        while Self.labNamespaces().isEmpty == false {
            guard Date() < deadline else { Glibc.close(lock); throw ProbeLabError("a lab is already up (\(Self.labNamespaces())) and nobody brings it down") }
            usleep(100_000)
        }
        do {
            directory = try TemporaryDirectory(prefix: "vpnprb-lab")
        } catch {
            Glibc.close(lock)
            throw error
        }
        do {
            let outcome = try run("up")
            guard outcome.status == 0 else { throw ProbeLabError("vpnlab up failed (\(outcome.status)): \(outcome.output)") }
        } catch {
            _ = try? run("down")
            directory.remove()
            Glibc.close(lock)
            throw error
        }
    }

    static func labNamespaces() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/run/netns")) ?? []).filter { $0.hasPrefix("vpnlab-") }
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

    /// `vpnlab down` and the lock released; once.
    func close() {
        guard !closed else { return }
        closed = true
        _ = try? run("down")
        directory.remove()
        flock(lock, LOCK_UN)
    }

    deinit {
        close()
        Glibc.close(lock)
    }
}

struct ProbeLabError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

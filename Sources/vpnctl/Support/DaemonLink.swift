import Control
import FoundationEssentials
import Glibc
import JSONRPC
import SystemSupport
import VPNConfig

/// The CLI's way to the daemon: its control socket, and starting it when
/// none runs (systemd starts it when vpnctl is installed as a package).
struct DaemonLink {
    let directories: LocalDirectories
    let configurationPath: String

    var socketPath: String { "\(directories.runtimeDirectory)/vpnctld.sock" }

    /// Calls `Method` on the daemon, starting one first when none runs and
    /// `startIfNeeded`.
    func call<Method: RPCMethod>(_ method: Method.Type, _ params: Method.Params? = nil, startIfNeeded: Bool) async throws(CommandFailure) -> Method.Result {
        do {
            return try await exchange(method, params)
        } catch .daemonNotRunning where startIfNeeded {
            try await startDaemon()
            do {
                return try await exchange(method, params)
            } catch {
                throw Self.failure(error)
            }
        } catch {
            throw Self.failure(error)
        }
    }

    private static func failure(_ error: ControlError) -> CommandFailure {
        if case let .refused(refusal) = error { return CommandFailure(refusal) }
        return CommandFailure(error.description, .unavailable)
    }

    private func exchange<Method: RPCMethod>(_ method: Method.Type, _ params: Method.Params?) async throws(ControlError) -> Method.Result {
        switch try await ControlClient.call(method, params, to: socketPath) {
        case let .success(answer):
            return answer
        case let .failure(refusal):
            throw ControlError.refused(refusal)
        }
    }

    /// Starts `vpnctld` beside this executable and waits for its "ready".
    /// Also for status and disconnect: after a crash, the daemon's block
    /// stays in the kernel, and only a daemon can report or remove it.
    private func startDaemon() async throws(CommandFailure) {
        let here = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [here.appendingPathComponent("vpnctld").path, "/usr/sbin/vpnctld", "/usr/bin/vpnctld"]
        guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw CommandFailure("The vpnctl daemon is not running and vpnctld was not found (looked in \(candidates.joined(separator: ", "))).", .unavailable)
        }
        try? FileManager.default.createDirectory(atPath: directories.stateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let logPath = "\(directories.stateDirectory)/vpnctld.log"
        let logOffset = (try? FileManager.default.attributesOfItem(atPath: logPath)[.size] as? UInt64) ?? 0
        let daemon: ChildProcess
        do {
            // The environment systemd would give it: nothing of the user's.
            daemon = try ChildProcess.spawn(
                executable, ["--config", configurationPath, "--notify-ready"],
                environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"],
                output: .linesWithErrorLog(logPath)
            )
        } catch {
            throw CommandFailure("Cannot start \(executable): \(error.description).", .unavailable)
        }
        // Its stdout ends after "ready", or when it exits without saying it.
        var ready = false
        for await line in daemon.lines where line.hasPrefix("ready") {
            ready = true
        }
        guard ready else {
            // Its own words say why, and its exit status what kind of
            // failure it was (78: the configuration).
            let status = await daemon.exitStatus()
            let why = Self.lastError(in: logPath, from: logOffset).map { ": \($0.hasSuffix(".") ? String($0.dropLast()) : $0)" } ?? ""
            throw CommandFailure("The vpnctl daemon did not start\(why) (see \(logPath)).", status == ExitStatus.configuration.rawValue ? .configuration : .unavailable)
        }
    }

    /// The last error the daemon logged after `offset`, without its prefix.
    private static func lastError(in logPath: String, from offset: UInt64) -> String? {
        // Its start writes a few lines at most; a bound all the same.
        guard let bytes = RawIO.read(logPath, from: offset, limit: 64 * 1024) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        let prefix = "vpnctld: error: "
        return text.split(separator: "\n").last { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }
}

import Control
import Foundation
import VPNConfig

/// The CLI's way to the daemon: its control socket, and starting it when
/// none runs (systemd starts it when vpnctl is installed as a package).
struct DaemonLink {
    let configuration: Configuration
    let configurationPath: String

    var socketPath: String { "\(configuration.runtimeDirectory)/vpnctld.sock" }

    func send<Answer: Codable & Sendable>(_ request: ControlRequest, expecting: Answer.Type, startIfNeeded: Bool) async throws(CommandFailure) -> Answer {
        do {
            return try await exchange(request, expecting: expecting)
        } catch .daemonNotRunning where startIfNeeded {
            try await startDaemon()
            do {
                return try await exchange(request, expecting: expecting)
            } catch {
                throw Self.failure(error)
            }
        } catch {
            throw Self.failure(error)
        }
    }

    /// For questions a missing daemon answers by its absence (status,
    /// disconnect): nothing runs, so nothing is connected.
    func statusUnlessIdle(_ request: ControlRequest) async throws(CommandFailure) -> StatusReport {
        guard ControlClient.isListening(at: socketPath) else { return StatusReport(state: "disconnected") }
        return try await send(request, expecting: StatusReport.self, startIfNeeded: false)
    }

    private static func failure(_ error: ControlError) -> CommandFailure {
        if case let .refused(refusal) = error { return CommandFailure(refusal) }
        return CommandFailure(error.description, .unavailable)
    }

    private func exchange<Answer: Codable & Sendable>(_ request: ControlRequest, expecting: Answer.Type) async throws(ControlError) -> Answer {
        switch try await ControlClient.send(request, to: socketPath, expecting: expecting) {
        case let .success(answer):
            return answer
        case let .failure(refusal):
            throw ControlError.refused(refusal)
        }
    }

    /// Starts `vpnctld` beside this executable and waits for its "ready".
    private func startDaemon() async throws(CommandFailure) {
        let here = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [here.appendingPathComponent("vpnctld").path, "/usr/sbin/vpnctld", "/usr/bin/vpnctld"]
        guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw CommandFailure("The vpnctl daemon is not running and vpnctld was not found (looked in \(candidates.joined(separator: ", "))).", .unavailable)
        }
        try? FileManager.default.createDirectory(atPath: configuration.stateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let logPath = "\(configuration.stateDirectory)/vpnctld.log"
        if !FileManager.default.fileExists(atPath: logPath) {
            FileManager.default.createFile(atPath: logPath, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--config", configurationPath, "--notify-ready"]
        let ready = Pipe()
        process.standardOutput = ready
        process.standardInput = FileHandle.nullDevice
        if let log = FileHandle(forWritingAtPath: logPath) {
            log.seekToEndOfFile()
            process.standardError = log
        }
        do {
            try process.run()
        } catch {
            throw CommandFailure("Cannot start \(executable): \(error.localizedDescription).", .unavailable)
        }
        try? ready.fileHandleForWriting.close()
        let line = await withCheckedContinuation { continuation in
            // A blocking read until the daemon says ready or exits.
            Thread {
                let data = ready.fileHandleForReading.readDataToEndOfFile()
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }.start()
        }
        guard line.hasPrefix("ready") else {
            throw CommandFailure("The vpnctl daemon did not start; see \(logPath).", .unavailable)
        }
    }
}

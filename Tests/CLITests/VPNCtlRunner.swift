import Foundation
import TestSupport

/// Runs the built `vpnctl` and `vpnctl-provider` executables as a user would.
struct VPNCtlRunner {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String

        func json() throws -> Any {
            try JSONSerialization.jsonObject(with: Data(stdout.utf8))
        }
    }

    /// The build products sit beside the test bundle.
    static let binaries = Bundle.main.executableURL?.deletingLastPathComponent()
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()

    let configPath: String
    /// A network namespace (`ip netns`) to run in: a daemon that connects
    /// sets its firewall there, never in the machine's own namespace.
    var namespace: String?

    func vpnctl(_ arguments: String...) async throws -> Outcome {
        guard let namespace else {
            return try await Self.run(binary: "vpnctl", arguments, environment: ["VPNCTL_CONFIG": configPath])
        }
        return try await Self.run(
            binary: "/usr/bin/env", ["ip", "netns", "exec", namespace, Self.binaries.appendingPathComponent("vpnctl").path] + arguments,
            environment: ["VPNCTL_CONFIG": configPath]
        )
    }

    static func provider(_ arguments: String...) async throws -> Outcome {
        try await run(binary: "vpnctl-provider", arguments, environment: [:])
    }

    static func run(binary: String, _ arguments: [String], environment: [String: String]) async throws -> Outcome {
        try await offPool { try blockingRun(binary: binary, arguments, environment: environment) }
    }

    private static func blockingRun(binary: String, _ arguments: [String], environment: [String: String]) throws -> Outcome {
        let process = Process()
        process.executableURL = binary.hasPrefix("/") ? URL(fileURLWithPath: binary) : binaries.appendingPathComponent(binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["VPNCTL_CONFIG"] = nil
        env["NO_PROXY"] = LoopbackTraffic.exemptHosts
        env["no_proxy"] = LoopbackTraffic.exemptHosts
        env.merge(environment) { $1 }
        process.environment = env
        let output = try TemporaryDirectory(prefix: "vpnctl-cli-output")
        defer { output.remove() }
        let stdoutURL = output.url.appendingPathComponent("stdout"), stderrURL = output.url.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            stdout: try String(contentsOf: stdoutURL, encoding: .utf8),
            stderr: try String(contentsOf: stderrURL, encoding: .utf8)
        )
    }
}

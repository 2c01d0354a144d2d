#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TestSupport

/// The built `vpnctl-responder` (beside the test bundle) run in the server namespace
/// with `ip netns exec`, which execs it, so the process is the responder itself.
final class ResponderProcess: @unchecked Sendable {
    static let binaries = Bundle.main.executableURL?.deletingLastPathComponent()
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    static var executable: String { binaries.appendingPathComponent("vpnctl-responder").path }

    let process = Process()
    private(set) var launched = false
    /// Set once the test has asked it to stop, so its ending is no surprise.
    private(set) var stopRequested = false
    private let output = Pipe()
    private let errors: TemporaryDirectory
    private let errorFile: URL

    init(namespace: String, arguments: [String]) throws {
        errors = try TemporaryDirectory(prefix: "vpnrsp-log")
        errorFile = errors.url.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = ["netns", "exec", namespace, Self.executable] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
    }

    /// Starts it and waits for its "ready" line (every socket bound), or for it to
    /// end without one, which is an error quoting its stderr.
    func start() async throws {
        try process.run()
        launched = true
        let reader = output.fileHandleForReading
        let line = try await offPool { () -> String in
            var bytes: [UInt8] = []
            while true {
                let chunk = reader.readData(ofLength: 1)
                guard let byte = chunk.first, byte != 0x0A else { break }
                bytes.append(byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        guard line == "ready" else {
            throw ResponderTestError("the responder did not get ready (stdout \"\(line)\"): \(log)")
        }
    }

    var isRunning: Bool { process.isRunning }
    var pid: pid_t { process.processIdentifier }

    var log: String { (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "" }

    /// SIGTERM, then the exit status once it has ended.
    func stop() async throws -> Int32 {
        stopRequested = true
        if process.isRunning { process.terminate() }
        guard launched else { return -1 }
        let process = self.process
        return try await offPool {
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    func removeFiles() { errors.remove() }
}

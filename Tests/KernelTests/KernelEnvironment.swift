import Foundation
import Testing

/// The kernel tests run only in the VM that `scripts/vm-test.sh` boots: a Debian kernel
/// with the `wireguard` module loaded. Anywhere else they fail, on purpose, with this
/// explanation; the host's `scripts/test.sh` leaves them out with `--skip KernelTests`.
enum KernelEnvironment {
    static let hint = "KernelTests need a kernel with WireGuard; they run inside the VM of scripts/vm-test.sh (this kernel has none)"

    /// Fails the test (never skips it) when the kernel has no WireGuard.
    static func requireWireGuard(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try #require(FileManager.default.fileExists(atPath: "/sys/module/wireguard"), "\(hint)", sourceLocation: sourceLocation)
    }

    /// The directory of the built products (the plugin executable sits beside the test bundle).
    static let binaries = Bundle.main.executableURL?.deletingLastPathComponent()
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
}

/// Test infrastructure commands (`ip`, `wg`, `ping`, `nsenter`): the code under test uses
/// none of them.
enum Shell {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ arguments: String...) throws {
        _ = try output(arguments)
    }

    static func output(_ arguments: String..., input: String? = nil) throws -> String {
        try output(arguments, input: input)
    }

    static func output(_ arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data((input + "\n").utf8)) }
        try stdin.fileHandleForWriting.close()
        // Read both pipes at once: a large output must not block the child on a full stderr.
        let errorsRead = DispatchGroup()
        let errors = DataBox()
        DispatchQueue.global().async(group: errorsRead) { errors.set(stderr.fileHandleForReading.readDataToEndOfFile()) }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errorsRead.wait()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(String(decoding: errors.get(), as: UTF8.self))")
        }
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Succeeds when the command exits 0, without throwing otherwise.
    static func succeeds(_ arguments: String...) -> Bool {
        (try? output(arguments)) != nil
    }

    private final class DataBox: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func set(_ value: Data) { lock.withLock { data = value } }
        func get() -> Data { lock.withLock { data } }
    }
}

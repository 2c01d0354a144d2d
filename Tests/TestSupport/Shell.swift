import Foundation

/// Test infrastructure commands (`ip`, `wg`, `ping`, `nsenter`): the code under test uses
/// none of them.
public enum Shell {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func run(_ arguments: String...) throws {
        _ = try output(arguments)
    }

    public static func output(_ arguments: String..., input: String? = nil) throws -> String {
        try output(arguments, input: input)
    }

    public static func output(_ arguments: [String], input: String? = nil) throws -> String {
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
    public static func succeeds(_ arguments: String...) -> Bool {
        (try? output(arguments)) != nil
    }

    private final class DataBox: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func set(_ value: Data) { lock.withLock { data = value } }
        func get() -> Data { lock.withLock { data } }
    }
}

extension Shell {
    /// Waits for a file that a daemon makes when ready (wireguard-go's
    /// socket); there is no other signal to wait on.
    public static func waitFor(path: String, within seconds: Double = 5) throws {
        let end = Date().addingTimeInterval(seconds)
        while !FileManager.default.fileExists(atPath: path) {
            guard Date() < end else { throw Failure(description: "\(path) did not appear") }
            usleep(5_000)
        }
    }
}

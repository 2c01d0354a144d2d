import Foundation

/// Runs a helper to completion (swanctl) without blocking Swift's
/// cooperative pool: the wait and the pipe read happen on a thread of their
/// own. Arguments never carry secrets.
enum Command {
    struct Outcome: Sendable {
        var status: Int32
        var output: String
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: executable)
                    process.arguments = arguments
                    if let environment { process.environment = environment }
                    let pipe = Pipe()
                    process.standardOutput = pipe
                    process.standardError = pipe
                    process.standardInput = FileHandle.nullDevice
                    try process.run()
                    let data = pipe.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
                })
            }.start()
        }
    }
}

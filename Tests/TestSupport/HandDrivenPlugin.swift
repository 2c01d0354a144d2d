import JSONRPC
import SystemSupport
import Foundation
import PluginKit

/// A plugin started as the daemon starts it (no arguments, PATH and LANG
/// only) but spoken to by hand and left in the test's own process group,
/// so that a test can play a daemon that is killed: `hostDies()` closes
/// both ends of the conversation, as the kernel closes a killed daemon's
/// descriptors, and nobody kills the plugin's group; what happens next is
/// the plugin's own doing.
public final class HandDrivenPlugin: @unchecked Sendable {
    public let process: ChildProcess
    private let input: FileHandle
    private let output: FileHandle
    private var nextID = 1

    public init(executable: String) throws {
        process = try ChildProcess.spawn(executable, [], environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"], output: .pipes)
        guard let pipes = process.pipes else { preconditionFailure("spawned with .pipes") }
        input = FileHandle(fileDescriptor: pipes.input, closeOnDealloc: true)
        output = FileHandle(fileDescriptor: pipes.output, closeOnDealloc: true)
        // Its stderr is not read: closed, the plugin's writes there fail
        // instead of filling a pipe nobody empties.
        close(pipes.errors)
    }

    deinit { process.signal(SIGKILL) }

    /// Sends a request and returns its answer, skipping notifications.
    /// Calls must not overlap.
    public func request(_ method: String, _ params: some Encodable) async throws -> Result<RPCValue, RPCErrorObject> {
        let id = nextID
        nextID += 1
        try input.write(contentsOf: RPCMessage.request(id: id, method: method, params: try RPCValue(encoding: params)).encodedLine())
        let output = output
        return try await offPool { () throws -> Result<RPCValue, RPCErrorObject> in
            while let line = Self.readLine(output) {
                if case let .response(answered, outcome) = try RPCMessage(line: Array(line.utf8)), answered == id { return outcome }
            }
            throw EndOfOutput()
        }
    }

    /// The host is killed with a request in flight (`status`): both its
    /// ends of the plugin's pipes close, its reading end first, so the
    /// plugin's answer is certain to meet a pipe nobody reads (EPIPE, and
    /// SIGPIPE unless the plugin ignores it).
    public func hostDies() throws {
        try output.close()
        try input.write(contentsOf: RPCMessage.request(id: nextID, method: Contract.Status.name, params: .object([:])).encodedLine())
        try input.close()
    }

    public struct EndOfOutput: Error, CustomStringConvertible {
        public var description: String { "the plugin closed its output before it answered" }
    }

    /// One line, without its newline; nil at end of file.
    private static func readLine(_ handle: FileHandle) -> String? {
        var bytes: [UInt8] = []
        while true {
            guard let chunk = try? handle.read(upToCount: 1), let byte = chunk.first else {
                return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
            }
            if byte == 0x0A { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }
}

import SystemSupport
import Foundation

/// The plugin's end of an accepted management connection: what openvpn
/// says arrives as `messages`, read on a thread of its own (reads block);
/// the stream ends when openvpn closes the connection or `close()` is called.
final class ManagementClient: Sendable {
    /// A line longer than this is not the management protocol.
    static let maximumLineLength = 64 * 1024

    let messages: AsyncStream<ManagementMessage>
    private let descriptor: Int32
    private let closed = Flag()

    init(descriptor: Int32) {
        self.descriptor = descriptor
        let (messages, continuation) = AsyncStream.makeStream(of: ManagementMessage.self)
        self.messages = messages
        let closed = self.closed
        let reading = DedicatedThread.start {
            Self.read(descriptor, into: continuation)
            continuation.finish()
            // Closed here, by the only thread that reads it: closing it from
            // another while a read is under way could hit a reused number.
            closed.set()
            Glibc.close(descriptor)
        }
        if reading != nil {
            // No thread to read with: a channel that is closed from the start.
            continuation.finish()
            closed.set()
            Glibc.close(descriptor)
        }
    }

    func send(_ command: ManagementCommand) throws(ManagementError) {
        guard !closed.isSet else { throw .closed }
        var bytes = Array(command.line.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw .socket(operation: "send \(command)", errno: errno) }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Ends the conversation; the reading thread sees the end and closes.
    func close() {
        shutdown(descriptor, Int32(SHUT_RDWR))
    }

    private static func read(_ descriptor: Int32, into continuation: AsyncStream<ManagementMessage>.Continuation) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            pending.append(contentsOf: buffer[..<count])
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                var line = pending[..<newline]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                continuation.yield(ManagementMessage(line: String(decoding: line, as: UTF8.self)))
                pending.removeSubrange(...newline)
            }
            guard pending.count <= maximumLineLength else { return }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Splits what arrives on a file descriptor into lines. Reads block, so a
/// `LineReader` runs on a thread of its own, never on Swift's cooperative pool.
public struct LineReader {
    public enum Event {
        case line([UInt8])
        case tooLong
        case end
    }

    public let descriptor: Int32
    public let limit: Int
    private var pending: [UInt8] = []
    private var discarding = false
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    public init(descriptor: Int32, limit: Int) {
        self.descriptor = descriptor
        self.limit = limit
    }

    /// Calls `handle` for each line until end of file or error.
    public mutating func run(_ handle: (Event) -> Void) {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                if !pending.isEmpty, !discarding { handle(.line(pending)) }
                handle(.end)
                return
            }
            var start = 0
            for index in 0..<count where buffer[index] == 0x0A {
                if !discarding {
                    pending += buffer[start..<index]
                    handle(.line(pending))
                }
                pending.removeAll(keepingCapacity: true)
                discarding = false
                start = index + 1
            }
            if !discarding {
                pending += buffer[start..<count]
                if pending.count > limit {
                    handle(.tooLong)
                    pending.removeAll()
                    discarding = true
                }
            }
        }
    }
}

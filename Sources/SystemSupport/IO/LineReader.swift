#if canImport(Glibc)
import Glibc
#endif

/// Splits what arrives on a file descriptor into lines, reading in blocks
/// (one `read` for many lines, never one per byte). Reads block, so a
/// `LineReader` runs on a thread of its own, never on Swift's cooperative pool.
public struct LineReader {
    public enum Event: Equatable {
        case line([UInt8])
        /// A line grew past `limit`; the rest of it is skipped.
        case tooLong
        /// End of file, or an error reading.
        case end
    }

    public let descriptor: Int32
    public let limit: Int
    /// When set, reading stops at this moment however the bytes trickle in
    /// (a per-read timeout would let one byte every few seconds hold the
    /// reader for ever): `end` from then on, and `timedOut` says why.
    public var deadline: ContinuousClock.Instant?
    public private(set) var timedOut = false
    /// Bytes read and not yet handed out begin at `head`; up to `scanned`
    /// there is no newline.
    private var pending: [UInt8] = []
    private var head = 0
    private var scanned = 0
    private var discarding = false
    private var ended = false
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    public init(descriptor: Int32, limit: Int) {
        self.descriptor = descriptor
        self.limit = limit
    }

    /// The next line (without its newline), `tooLong` once for a line over
    /// the limit, or `end`, for ever after the last line. A last line
    /// without a newline still counts.
    public mutating func next() -> Event {
        while true {
            if let newline = pending[scanned...].firstIndex(of: 0x0A) {
                let start = head
                head = newline + 1
                scanned = head
                if discarding {
                    discarding = false
                    continue
                }
                if newline - start > limit { return .tooLong }
                return .line(Array(pending[start..<newline]))
            }
            scanned = pending.count
            if discarding {
                pending.removeAll(keepingCapacity: true)
                head = 0
                scanned = 0
            } else if pending.count - head > limit {
                pending.removeAll(keepingCapacity: true)
                head = 0
                scanned = 0
                discarding = true
                return .tooLong
            }
            if ended {
                // A line cut short by the deadline is no line.
                guard head < pending.count, !discarding, !timedOut else { return .end }
                let line = Array(pending[head...])
                head = pending.count
                scanned = head
                return .line(line)
            }
            fill()
        }
    }

    /// Calls `handle` for each line until end of file or error, then with `end`.
    public mutating func run(_ handle: (Event) -> Void) {
        while true {
            let event = next()
            handle(event)
            if event == .end { return }
        }
    }

    /// One `read`: what is consumed is dropped first, so `pending` holds one
    /// unfinished line at most.
    private mutating func fill() {
        if head > 0 {
            pending.removeFirst(head)
            scanned -= head
            head = 0
        }
        while true {
            if let deadline, !waitReadable(until: deadline) {
                timedOut = true
                ended = true
                return
            }
            let fd = descriptor
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 {
                ended = true
            } else {
                pending += buffer[..<count]
            }
            return
        }
    }

    /// Whether bytes (or the end) arrived before `deadline`.
    private func waitReadable(until deadline: ContinuousClock.Instant) -> Bool {
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return false }
            let (seconds, attoseconds) = left.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, milliseconds)
            if ready < 0, errno == EINTR { continue }
            if ready != 0 { return true }
        }
    }
}

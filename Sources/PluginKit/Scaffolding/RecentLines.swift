import Synchronization

/// The last lines a helper printed (openvpn, xl2tpd with its pppd), kept
/// for error messages: a ring of `capacity` lines, each cut to 400 bytes.
/// Helpers run without debug output and never print secrets (pppd's
/// `hide-password`, openvpn's credentials over the management socket).
public final class RecentLines: Sendable {
    private let lines = Mutex<[String]>([])
    private let capacity: Int

    public init(capacity: Int = 40) {
        self.capacity = capacity
    }

    public func append(_ line: String) {
        let kept = String(line.prefix(400))
        lines.withLock { lines in
            lines.append(kept)
            if lines.count > capacity { lines.removeFirst(lines.count - capacity) }
        }
    }

    public var all: [String] { lines.withLock { $0 } }

    public func last(_ count: Int) -> [String] { lines.withLock { Array($0.suffix(count)) } }

    public func contains(_ text: String) -> Bool { lines.withLock { $0.contains { $0.contains(text) } } }
}

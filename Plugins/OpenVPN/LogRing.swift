import Foundation

/// The last lines openvpn printed, to quote when it fails.
final class LogRing: @unchecked Sendable {
    private let lock = NSLock()
    private let capacity: Int
    private var lines: [String] = []

    init(capacity: Int = 40) {
        self.capacity = capacity
    }

    func append(_ line: String) {
        lock.withLock {
            lines.append(String(line.prefix(400)))
            if lines.count > capacity { lines.removeFirst(lines.count - capacity) }
        }
    }

    func last(_ count: Int) -> [String] {
        lock.withLock { Array(lines.suffix(count)) }
    }
}

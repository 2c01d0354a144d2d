import Foundation

/// The last lines a daemon printed (xl2tpd with its pppd), kept for error
/// messages. Neither daemon prints secrets: pppd's `hide-password` is set
/// and nothing runs with debug output.
final class RecentLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    private let limit = 40

    func append(_ line: String) {
        lock.withLock {
            lines.append(line)
            if lines.count > limit { lines.removeFirst(lines.count - limit) }
        }
    }

    var all: [String] { lock.withLock { lines } }

    func contains(_ text: String) -> Bool { lock.withLock { lines.contains { $0.contains(text) } } }

    /// The lines worth showing a user: xl2tpd's banner and argument dump left out.
    func summary(last count: Int = 4) -> String {
        let useful = all.filter { line in
            !(line.contains("Written by") || line.contains("Forked") || line.contains("Inherited by") || line.contains("\"")
                || line.contains("version xl2tpd") || line.contains("SAref") || line.contains("start_pppd"))
        }
        return useful.suffix(count).map { line in
            // "xl2tpd[123]: message" → "message"
            if let colon = line.range(of: "]: ") { return String(line[colon.upperBound...]) }
            return line
        }.joined(separator: "; ")
    }
}

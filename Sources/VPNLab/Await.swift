import Foundation

/// Waiting for a condition with a deadline, instead of sleeping for a guess.
enum Await {
    /// Polls `condition` until it returns a value or `timeout` passes. The
    /// interval starts at 1 ms and doubles up to 50 ms: most of what the lab
    /// waits for (a socket, a line in a log) appears within milliseconds.
    /// The default deadline is generous: under the VM's software emulation
    /// a Python service can take over ten seconds to start, and a daemon
    /// that dies is noticed at once by the conditions themselves.
    static let defaultTimeout: Duration = .seconds(30)

    static func value<T>(_ what: String, timeout: Duration = defaultTimeout, log: String? = nil,
                         _ condition: () throws -> T?) throws -> T {
        let deadline = ContinuousClock.now + timeout
        var interval = Duration.milliseconds(1)
        while true {
            if let value = try condition() { return value }
            guard ContinuousClock.now < deadline else {
                throw LabError.timedOut(waitingFor: what, after: timeout, log: log.map(Self.tail) ?? "")
            }
            Thread.sleep(forTimeInterval: Double(interval.components.attoseconds) / 1e18 + Double(interval.components.seconds))
            interval = min(interval * 2, .milliseconds(50))
        }
    }

    static func condition(_ what: String, timeout: Duration = defaultTimeout, log: String? = nil, _ condition: () throws -> Bool) throws {
        _ = try value(what, timeout: timeout, log: log) { try condition() ? true : nil }
    }

    /// The last lines of a log file, for error messages.
    static func tail(_ path: String) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "" }
        return text.split(separator: "\n").suffix(5).joined(separator: " | ")
    }
}

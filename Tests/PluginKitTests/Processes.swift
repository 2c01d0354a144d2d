import Foundation

/// What the tests read about processes that are not (or no longer) their
/// children, from /proc, and waits on it: a killed process's end shows
/// there only once the kernel has torn it down, so tests wait for that
/// condition, with a deadline, never for a fixed time.
enum Processes {
    /// The state letter and the process group, from /proc/PID/stat.
    static func stat(_ pid: pid_t) -> (state: Character, group: pid_t)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 2, let state = fields[0].first, let group = pid_t(fields[2]) else { return nil }
        return (state, group)
    }

    /// Gone, or a zombie that only its number keeps (the container's init
    /// may never reap what it inherits).
    static func isGone(_ pid: pid_t) -> Bool {
        guard let state = stat(pid)?.state else { return true }
        return state == "Z" || state == "X"
    }

    static func group(of pid: pid_t) -> pid_t? { stat(pid)?.group }

    /// Live members of process group `group`.
    static func members(ofGroup group: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(pid_t.init).filter { !isGone($0) && Self.group(of: $0) == group }.sorted()
    }

    /// True once `condition` holds; false if it still does not at the deadline.
    static func eventually(within deadline: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
        let end = ContinuousClock.now + deadline
        while !condition() {
            guard ContinuousClock.now < end else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }
}

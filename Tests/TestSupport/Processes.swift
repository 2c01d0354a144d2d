import Foundation

/// What the tests read about processes that are not (or no longer) their
/// children, from /proc, and waits on it: a killed process's end shows
/// there only once the kernel has torn it down, so tests wait for that
/// condition, with a deadline, never for a fixed time.
public enum Processes {
    /// The state letter and the process group, from /proc/PID/stat.
    public static func stat(_ pid: pid_t) -> (state: Character, group: pid_t)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 2, let state = fields[0].first, let group = pid_t(fields[2]) else { return nil }
        return (state, group)
    }

    /// Gone, or a zombie that only its number keeps (the container's init
    /// may never reap what it inherits). A zombie main thread is not
    /// enough: the other threads of a killed process (wireguard-go's) may
    /// still be on their way out, holding its descriptors and so its TUN
    /// interface.
    public static func isGone(_ pid: pid_t) -> Bool {
        guard let state = stat(pid)?.state else { return true }
        guard state == "Z" || state == "X" else { return false }
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return threads.allSatisfy { thread in
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/stat", encoding: .utf8),
                  let close = text.lastIndex(of: ")"),
                  let state = text[text.index(after: close)...].split(separator: " ").first?.first else { return true }
            return state == "Z" || state == "X"
        }
    }

    public static func group(of pid: pid_t) -> pid_t? { stat(pid)?.group }

    /// Live members of process group `group`.
    public static func members(ofGroup group: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(pid_t.init).filter { !isGone($0) && Self.group(of: $0) == group }.sorted()
    }

    /// True once `condition` holds; false if it still does not at the deadline.
    public static func eventually(within deadline: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
        let end = ContinuousClock.now + deadline
        while !condition() {
            guard ContinuousClock.now < end else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }
}

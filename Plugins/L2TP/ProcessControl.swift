import SystemSupport
import Foundation

/// Stopping daemons a crashed instance left (found through their pid files;
/// the plugin's own children stop through `ChildProcess`): TERM first, so
/// they undo what they set up (charon its SAs and policies, xl2tpd its
/// pppd), KILL after a deadline.
enum ProcessControl {
    static let stopDeadline: Duration = .seconds(5)

    /// The process's command name, to make sure a pid from a stale file
    /// still names the daemon and not an unrelated process that reused it.
    static func commandName(_ pid: pid_t) -> String? {
        (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A zombie (exited, not yet reaped) counts as gone.
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        guard let close = status.lastIndex(of: ")") else { return false }
        let state = status[status.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// Stops `pid` if it is alive and its command is `name`.
    static func stop(_ pid: pid_t, named name: String) async {
        guard pid > 1, commandName(pid) == name, isAlive(pid) else { return }
        kill(pid, SIGTERM)
        if await waitForExit(pid, within: stopDeadline) { return }
        kill(pid, SIGKILL)
        _ = await waitForExit(pid, within: .seconds(2))
    }

    /// Waits, without a signal, until `pid` is gone; false at the deadline.
    /// A process not our child cannot be waited for; its exit shows only in
    /// /proc, so look until it goes or the deadline passes.
    static func waitForExit(_ pid: pid_t, within deadline: Duration) async -> Bool {
        let end = ContinuousClock.now + deadline
        while isAlive(pid) {
            guard ContinuousClock.now < end else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }
}

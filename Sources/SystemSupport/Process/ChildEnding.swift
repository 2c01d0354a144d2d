import FoundationEssentials
import Glibc
import Synchronization

/// A `ChildProcess`'s end, observed on a thread of its own (waiting
/// blocks). The thread first waits without reaping, kills what is left of
/// the child's group when it leads one, marks the child ended under the
/// lock, and only then reaps it: a signal sent under the same lock while
/// the mark is unset cannot reach a process (or group) that reused the
/// number, since the unreaped zombie still holds it.
final class ChildEnding: Sendable {
    private let exited = Mutex(false)

    var hasExited: Bool { exited.withLock { $0 } }

    func ifRunning(_ body: () -> Void) {
        exited.withLock { if !$0 { body() } }
    }

    func wait(_ pid: pid_t, killingGroup: Bool) async -> Int32 {
        await DedicatedThread.run(orHere: { [self] () -> Int32 in
                var info = siginfo_t()
                while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0, errno == EINTR {}
                exited.withLock {
                    // No helper of a crashed or killed leader may outlive it.
                    if killingGroup { kill(-pid, SIGKILL) }
                    $0 = true
                }
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                let signal = status & 0x7F
                return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        })
    }
}

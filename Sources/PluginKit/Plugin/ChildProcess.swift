import Foundation
import Glibc
import Synchronization

/// A helper program a plugin runs (wireguard-go, openvpn, xl2tpd, charon,
/// swanctl…), started with `posix_spawn`. Every plugin starts its children
/// here, for two reasons. Foundation's `Process` sets up a run loop and its
/// own signalling on first use, which costs a freshly started plugin tens of
/// milliseconds on every connect. And it hands the child the spawning
/// thread's signal mask, which on Swift's cooperative pool blocks SIGTERM:
/// a daemon started that way ignores a polite stop and always ends by
/// SIGKILL, without undoing what it set up.
///
/// The child gets /dev/null as stdin, stdout and stderr unless `output` asks
/// for a pipe, no other descriptor, only the environment given, an empty
/// signal mask and default signal handling. Nothing here blocks the
/// cooperative pool: the waits happen on threads of their own.
public final class ChildProcess: Sendable {
    public enum Output: Sendable {
        /// Discarded.
        case null
        /// stdout and stderr together, line by line, through `lines`.
        case lines
    }

    /// What a command that ran to its end left: its exit status (128 + n
    /// for signal n, as a shell says) and its output lines.
    public struct Completion: Sendable {
        public let status: Int32
        public let lines: [String]
    }

    /// Secrets never travel in the environment; helpers need only PATH.
    public static let defaultEnvironment = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]

    public let pid: pid_t
    public let executable: String
    /// The child's output lines when spawned with `.lines`; finishes once
    /// every holder of the pipe (the child and any descendant) closed it.
    public let lines: AsyncStream<String>
    private let ending: Ending
    private let exit: Task<Int32, Never>

    private init(pid: pid_t, executable: String, lines: AsyncStream<String>, ending: Ending) {
        self.pid = pid
        self.executable = executable
        self.lines = lines
        self.ending = ending
        exit = Task.detached { await ending.wait(pid) }
    }

    /// `newSession` puts the child in a session of its own (setsid):
    /// signals meant for the plugin's process group (a terminal's ^C, the
    /// SIGHUP of an orphaned group when the plugin dies) do not reach it;
    /// it stops when the plugin says so.
    public static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String] = defaultEnvironment,
        output: Output = .null, newSession: Bool = false
    ) throws(ChildProcessError) -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var pipeEnds: [Int32] = [-1, -1]
        if case .lines = output {
            guard pipe(&pipeEnds) == 0 else { throw .spawnFailed(executable, errno: errno) }
            // Only the child's dup2'd copies may survive an exec. (Swift's
            // Glibc lacks pipe2; a sibling spawned here in between closes
            // every inherited descriptor anyway.)
            pipeEnds.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        // Nothing else of the plugin's may leak into the child: an inherited
        // copy of the plugin's stdout would keep its host waiting for an end
        // of file that never comes once the plugin died.
        Self.closeInheritedDescriptors(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The plugin's blocked or ignored signals must not leak into the child.
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if newSession { flags |= Self.spawnSetSID }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        if pipeEnds[1] >= 0 { close(pipeEnds[1]) }
        guard status == 0 else {
            if pipeEnds[0] >= 0 { close(pipeEnds[0]) }
            throw .spawnFailed(executable, errno: status)
        }
        let lines = pipeEnds[0] >= 0 ? Self.lines(from: pipeEnds[0]) : AsyncStream { $0.finish() }
        return ChildProcess(pid: pid, executable: executable, lines: lines, ending: Ending())
    }

    /// Runs a command to its end and collects its output (swanctl, say).
    /// Past `deadline` it is stopped and `.timedOut` thrown.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = defaultEnvironment, deadline: Duration
    ) async throws(ChildProcessError) -> Completion {
        let child = try spawn(executable, arguments, environment: environment, output: .lines)
        let completion = await withTaskGroup(of: Completion?.self) { group in
            group.addTask {
                var lines: [String] = []
                for await line in child.lines { lines.append(line) }
                return Completion(status: await child.exitStatus(), lines: lines)
            }
            group.addTask {
                try? await Task.sleep(for: deadline)
                return nil
            }
            let first = await group.next() ?? nil
            // Ends the sleep, or the reading of a pipe that a descendant
            // of the stopped command still holds.
            group.cancelAll()
            if first == nil { await child.stop(grace: .seconds(1)) }
            return first
        }
        guard let completion else { throw .timedOut(executable, after: deadline) }
        return completion
    }

    /// The exit status (or 128 + the signal that ended it), once it ended;
    /// also awaited only for the end.
    @discardableResult
    public func exitStatus() async -> Int32 {
        await exit.value
    }

    /// True once the child has ended (it may not have been reaped yet).
    public var hasExited: Bool { ending.hasExited }

    /// Sends `signal` unless the child has ended: its number may already
    /// belong to another process.
    public func signal(_ signal: Int32) {
        ending.ifRunning { kill(pid, signal) }
    }

    /// SIGTERM, then SIGKILL if it has not ended within `grace`.
    @discardableResult
    public func stop(grace: Duration = .seconds(3)) async -> Int32 {
        signal(SIGTERM)
        let killer = Task {
            try await Task.sleep(for: grace)
            signal(SIGKILL)
        }
        let status = await exitStatus()
        killer.cancel()
        return status
    }

    /// glibc's POSIX_SPAWN_SETSID (spawn.h, glibc 2.26+), which Swift's
    /// Glibc module does not import.
    private static let spawnSetSID: Int32 = 0x80

    /// glibc 2.34+ has `posix_spawn_file_actions_addclosefrom_np`, which
    /// Swift's Glibc module does not declare; otherwise each open descriptor
    /// is closed by name (glibc ignores a close of one already closed).
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
            return
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap(Int32.init) where descriptor > 2 && fcntl(descriptor, F_GETFD) >= 0 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }

    private static func lines(from descriptor: Int32) -> AsyncStream<String> {
        AsyncStream { continuation in
            let thread = Thread {
                var reader = LineReader(descriptor: descriptor, limit: 64 * 1024)
                reader.run { event in
                    if case let .line(bytes) = event { continuation.yield(String(decoding: bytes, as: UTF8.self)) }
                }
                close(descriptor)
                continuation.finish()
            }
            thread.name = "vpnctl-child-output"
            thread.start()
        }
    }
}

/// The child's end, observed on a thread of its own (waiting blocks). The
/// thread first waits without reaping, marks the child ended under the
/// lock, and only then reaps it: a signal sent under the same lock while
/// the mark is unset cannot reach a process that reused the pid.
private final class Ending: Sendable {
    private let exited = Mutex(false)

    var hasExited: Bool { exited.withLock { $0 } }

    func ifRunning(_ body: () -> Void) {
        exited.withLock { if !$0 { body() } }
    }

    func wait(_ pid: pid_t) async -> Int32 {
        await withCheckedContinuation { continuation in
            let thread = Thread { [self] in
                var info = siginfo_t()
                while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0, errno == EINTR {}
                exited.withLock { $0 = true }
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                let signal = status & 0x7F
                continuation.resume(returning: signal == 0 ? (status >> 8) & 0xFF : 128 + signal)
            }
            thread.name = "vpnctl-child-wait"
            thread.start()
        }
    }
}

public enum ChildProcessError: Error, Sendable, CustomStringConvertible {
    case spawnFailed(String, errno: Int32)
    case timedOut(String, after: Duration)

    public var description: String {
        switch self {
        case let .spawnFailed(executable, code): "cannot start \(executable): \(String(cString: strerror(code)))"
        case let .timedOut(executable, deadline): "\(executable) did not finish within \(deadline.components.seconds) s and was stopped"
        }
    }
}

import Foundation
import Glibc

/// A helper program a plugin runs (wireguard-go, openvpn, xl2tpd…), started
/// with `posix_spawn`. Foundation's `Process` sets up a run loop and its own
/// signalling on first use, which costs a freshly started plugin tens of
/// milliseconds on every connect; this costs one `posix_spawn` and a thread
/// that waits for the exit.
///
/// The child gets /dev/null as stdin, stdout and stderr unless `output` asks
/// for a pipe, no other descriptor, only the environment given, and default
/// signal handling.
public final class ChildProcess: Sendable {
    public enum Output: Sendable {
        /// Discarded.
        case null
        /// stdout and stderr together, line by line, through `lines`.
        case lines
    }

    public let pid: pid_t
    public let executable: String
    /// The child's output lines when spawned with `.lines`; finishes at exit.
    public let lines: AsyncStream<String>
    private let exit: Task<Int32, Never>

    private init(pid: pid_t, executable: String, lines: AsyncStream<String>, exit: Task<Int32, Never>) {
        self.pid = pid
        self.executable = executable
        self.lines = lines
        self.exit = exit
    }

    public static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String] = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"],
        output: Output = .null
    ) throws(ChildProcessError) -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var pipeEnds: [Int32] = [-1, -1]
        if case .lines = output {
            guard pipe(&pipeEnds) == 0 else { throw .spawnFailed(executable, errno: errno) }
            // Only the child's dup2'd copies may survive an exec.
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
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

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
        let child = pid
        let exit = Task.detached { await Self.waitForExit(child) }
        return ChildProcess(pid: pid, executable: executable, lines: lines, exit: exit)
    }

    /// The exit status (or 128 + the signal that ended it), once it ended.
    public func exitStatus() async -> Int32 {
        await exit.value
    }

    public func signal(_ signal: Int32) {
        kill(pid, signal)
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

    /// glibc 2.34+ has `posix_spawn_file_actions_addclosefrom_np`, which
    /// Swift's Glibc module does not declare; otherwise each open descriptor
    /// is closed by name.
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

    /// `waitpid` blocks, so it runs on a thread of its own, never on the
    /// cooperative pool.
    private static func waitForExit(_ pid: pid_t) async -> Int32 {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                let signal = status & 0x7F
                continuation.resume(returning: signal == 0 ? (status >> 8) & 0xFF : 128 + signal)
            }
            thread.name = "vpnctl-child-wait"
            thread.start()
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

public enum ChildProcessError: Error, Sendable, CustomStringConvertible {
    case spawnFailed(String, errno: Int32)

    public var description: String {
        switch self {
        case let .spawnFailed(executable, code): "cannot start \(executable): \(String(cString: strerror(code)))"
        }
    }
}

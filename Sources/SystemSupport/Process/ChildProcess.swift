import FoundationEssentials
import Glibc

/// A helper program a plugin runs (wireguard-go, openvpn, xl2tpd, charon,
/// swanctl…), started with `posix_spawn`. Every plugin starts its children
/// here, for two reasons. Foundation's `Process` sets up a run loop and its
/// own signalling on first use, which costs a freshly started plugin tens of
/// milliseconds on every connect. And it hands the child the spawning
/// thread's signal mask, which on Swift's cooperative pool blocks SIGTERM:
/// a daemon started that way ignores a polite stop and always ends by
/// SIGKILL, without undoing what it set up.
///
/// The plugin host starts plugins here too, so there is one launcher:
/// each plugin as the leader of a process group of its own (`leadsGroup`),
/// which the helpers it starts here stay in, so that a plugin and its
/// helpers end together.
///
/// The child gets /dev/null as stdin, stdout and stderr unless `output` asks
/// for pipes, no other descriptor, only the environment given, an empty
/// signal mask and default signal handling. Nothing here blocks the
/// cooperative pool: the waits happen on threads of their own.
public final class ChildProcess: Sendable {
    public enum Output: Sendable {
        /// Discarded.
        case null
        /// stdout and stderr together, line by line, through `lines`.
        case lines
        /// stdout line by line through `lines`; stderr appended to the file
        /// at the path (created 0600), which outlives the caller: for a
        /// daemon that says "ready" on stdout and logs on stderr.
        case linesWithErrorLog(String)
        /// stdin, stdout and stderr each a pipe whose other end the caller
        /// gets in `pipes` and must close (the plugin host's conversation).
        case pipes
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
    /// The child's own process group id (its pid) when it leads one;
    /// nil when it stays in its parent's group.
    public let processGroup: pid_t?
    /// The child's output lines when spawned with `.lines`; finishes once
    /// every holder of the pipe (the child and any descendant) closed it.
    public let lines: AsyncStream<String>
    /// The caller's ends of the child's stdin, stdout and stderr when
    /// spawned with `.pipes`.
    public let pipes: ChildPipes?
    private let ending: ChildEnding
    private let exit: Task<Int32, Never>

    private init(pid: pid_t, executable: String, leadsGroup: Bool, lines: AsyncStream<String>, pipes: ChildPipes?, ending: ChildEnding) {
        self.pid = pid
        self.executable = executable
        processGroup = leadsGroup ? pid : nil
        self.lines = lines
        self.pipes = pipes
        self.ending = ending
        exit = Task.detached { await ending.wait(pid, killingGroup: leadsGroup) }
    }

    /// `leadsGroup` makes the child the leader of a new process group
    /// (POSIX_SPAWN_SETPGROUP with pgroup 0: its pid is the group's id).
    /// Everything it starts without leaving the group belongs to it, and
    /// dies with it: the moment the child ends, by itself or by a signal,
    /// whatever is left in its group is SIGKILLed, before the child is
    /// reaped, while its zombie still holds the group's number so that
    /// no other process can have taken it. There is no option to leave the
    /// group (setsid): a helper that did would outlive a killed plugin.
    public static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String] = defaultEnvironment,
        output: Output = .null, leadsGroup: Bool = false
    ) throws(ChildProcessError) -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Each pipe as [read end, write end]; the child's ends are closed
        // here once it is spawned, the caller's are handed over.
        var pipeEnds: [[Int32]] = []
        func makePipe() throws(ChildProcessError) -> [Int32] {
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else {
                let code = errno
                pipeEnds.joined().forEach { close($0) }
                throw .spawnFailed(executable, errno: code)
            }
            // Only the child's dup2'd copies may survive an exec. (Swift's
            // Glibc lacks pipe2; a sibling spawned here in between closes
            // every inherited descriptor anyway.)
            ends.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
            pipeEnds.append(ends)
            return ends
        }
        var childEnds: [Int32] = []
        var callerEnds: ChildPipes?
        var linesEnd: Int32 = -1
        switch output {
        case .null:
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        case .lines:
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            let combined = try makePipe()
            posix_spawn_file_actions_adddup2(&actions, combined[1], 1)
            posix_spawn_file_actions_adddup2(&actions, combined[1], 2)
            childEnds = [combined[1]]
            linesEnd = combined[0]
        case let .linesWithErrorLog(log):
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            let stdout = try makePipe()
            posix_spawn_file_actions_adddup2(&actions, stdout[1], 1)
            posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            childEnds = [stdout[1]]
            linesEnd = stdout[0]
        case .pipes:
            let input = try makePipe(), output = try makePipe(), errors = try makePipe()
            posix_spawn_file_actions_adddup2(&actions, input[0], 0)
            posix_spawn_file_actions_adddup2(&actions, output[1], 1)
            posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
            childEnds = [input[0], output[1], errors[1]]
            callerEnds = ChildPipes(input: input[1], output: output[0], errors: errors[0])
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
        if leadsGroup {
            flags |= POSIX_SPAWN_SETPGROUP
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        childEnds.forEach { close($0) }
        guard status == 0 else {
            if linesEnd >= 0 { close(linesEnd) }
            callerEnds?.close()
            throw .spawnFailed(executable, errno: status)
        }
        let lines = linesEnd >= 0 ? Self.lines(from: linesEnd) : AsyncStream { $0.finish() }
        return ChildProcess(pid: pid, executable: executable, leadsGroup: leadsGroup, lines: lines, pipes: callerEnds, ending: ChildEnding())
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

    /// Sends `signal` to the child's whole process group (to the child
    /// alone when it leads none), unless the child has ended: once it has,
    /// its group was killed already.
    public func signalGroup(_ signal: Int32) {
        ending.ifRunning { kill(processGroup.map { -$0 } ?? pid, signal) }
    }

    /// SIGTERM to the child, then SIGKILL (to its whole group, when it
    /// leads one) if it has not ended within `grace`.
    @discardableResult
    public func stop(grace: Duration = .seconds(3)) async -> Int32 {
        signal(SIGTERM)
        let killer = Task {
            try await Task.sleep(for: grace)
            signalGroup(SIGKILL)
        }
        let status = await exitStatus()
        killer.cancel()
        return status
    }

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
            let started = DedicatedThread.start {
                var reader = LineReader(descriptor: descriptor, limit: 64 * 1024)
                reader.run { event in
                    if case let .line(bytes) = event { continuation.yield(String(decoding: bytes, as: UTF8.self)) }
                }
                close(descriptor)
                continuation.finish()
            }
            if started != nil {
                // No thread to read with: the output is lost, never waited for.
                close(descriptor)
                continuation.finish()
            }
        }
    }
}

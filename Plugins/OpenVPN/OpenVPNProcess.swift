import Foundation

/// Debian's openvpn as a child: one argument, the config file; its output
/// kept in a ring for error messages; its end observed as it happens (a
/// thread waits in waitpid), not polled.
///
/// Spawned with posix_spawn rather than Foundation's Process: the child
/// inherits the spawning thread's signal mask, and the threads of Swift's
/// pool block SIGTERM, so openvpn would never see a polite stop.
final class OpenVPNProcess: Sendable {
    static let executable = "/usr/sbin/openvpn"
    /// How long openvpn gets to leave after SIGTERM before SIGKILL.
    static let stopDeadline: Duration = .seconds(5)

    let processIdentifier: pid_t
    let output: LogRing
    /// Resolves with a sentence saying how openvpn ended, once it has and
    /// its last lines are in `output`.
    let exit: Task<String, Never>
    private let ended: Flag

    private init(processIdentifier: pid_t, output: LogRing, exit: Task<String, Never>, ended: Flag) {
        self.processIdentifier = processIdentifier
        self.output = output
        self.exit = exit
        self.ended = ended
    }

    var isRunning: Bool { !ended.isSet }

    static func start(config: String) throws(OpenVPNProcessError) -> OpenVPNProcess {
        var ends: [Int32] = [-1, -1]
        guard Glibc.pipe(&ends) == 0 else { throw .cannotStart(reason: String(cString: strerror(errno))) }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        // Neither end may leak into another child started meanwhile.
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        let pid: pid_t
        do {
            pid = try spawn(arguments: [executable, config], output: writeEnd)
        } catch {
            close(readEnd)
            close(writeEnd)
            throw error
        }
        close(writeEnd)

        let output = LogRing()
        let ended = Flag()
        let (endings, end) = AsyncStream.makeStream(of: String.self)
        let (outputEnds, outputEnded) = AsyncStream.makeStream(of: Void.self)
        let reader = Thread {
            Self.read(readEnd, into: output)
            outputEnded.finish()
        }
        reader.name = "vpnctl-openvpn-output"
        reader.start()
        let waiter = Thread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            ended.set()
            end.yield(Self.describe(status))
            end.finish()
        }
        waiter.name = "vpnctl-openvpn-wait"
        waiter.start()
        let exit = Task {
            let how = await endings.first { _ in true } ?? "openvpn ended"
            for await _ in outputEnds {}
            return how
        }
        return OpenVPNProcess(processIdentifier: pid, output: output, exit: exit, ended: ended)
    }

    /// SIGTERM, then SIGKILL once the deadline passes (at once when
    /// `force`: it hangs); returns once it is gone.
    func stop(force: Bool = false) async {
        let pid = processIdentifier
        if isRunning { kill(pid, force ? SIGKILL : SIGTERM) }
        let killer = Task {
            try await Task.sleep(for: Self.stopDeadline)
            kill(pid, SIGKILL)
        }
        _ = await exit.value
        killer.cancel()
    }

    /// stdin from /dev/null, stdout and stderr to `output` (every other
    /// descriptor of the plugin is close-on-exec), default signal handling,
    /// its own session, an environment with nothing but PATH (secrets never
    /// travel there).
    private static func spawn(arguments: [String], output: Int32) throws(OpenVPNProcessError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        // Whatever else is open stays with the plugin. An inherited
        // descriptor would keep, say, the host's end of a pipe or the socket
        // Foundation uses to notice the plugin's own exit open for as long
        // as openvpn lives. (glibc ignores a close of one already closed.)
        for descriptor in openDescriptors() where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // A session of its own: signals meant for the plugin's process group
        // (a terminal's ^C, the orphaned-group SIGHUP when the plugin dies)
        // do not reach it; it stops when the plugin says so, or by itself
        // once its management peer is gone.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | Self.spawnSetSID))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = [strdup("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard result == 0 else { throw .cannotStart(reason: String(cString: strerror(result))) }
        return pid
    }

    private static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }

    /// glibc's POSIX_SPAWN_SETSID (spawn.h), which Swift's Glibc does not import.
    private static let spawnSetSID: Int32 = 0x80

    private static func describe(_ status: Int32) -> String {
        let signal = status & 0x7F
        return signal == 0 ? "openvpn exited with status \((status >> 8) & 0xFF)" : "openvpn was killed by signal \(signal)"
    }

    private static func read(_ descriptor: Int32, into ring: LogRing) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            pending.append(contentsOf: buffer[..<count])
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                ring.append(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
            if pending.count > 4096 {
                ring.append(String(decoding: pending.prefix(400), as: UTF8.self))
                pending.removeAll()
            }
        }
        close(descriptor)
    }
}

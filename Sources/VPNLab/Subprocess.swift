import Foundation

/// Child processes of the lab: short commands whose output we want, and
/// daemons that must outlive `vpnlab up` (and die with `vpnlab down`).
enum Subprocess {
    /// Runs `arguments` to completion and returns what it printed (stdout
    /// and stderr together, as a user would see it). A non-zero exit throws.
    ///
    /// posix_spawn and waitpid rather than Foundation's Process, which takes
    /// some 60 ms per child here; `up` runs a few dozen of them.
    @discardableResult
    static func run(_ arguments: [String], input: String? = nil) throws -> String {
        let path = try executable(arguments[0]).path
        closeInheritedDescriptors()
        var output: [Int32] = [0, 0], stdin: [Int32] = [0, 0]
        guard makePipe(&output) else { throw LabError.cannotStart(command: arguments[0], reason: String(cString: strerror(errno))) }
        if input != nil, !makePipe(&stdin) {
            close(output[0]); close(output[1])
            throw LabError.cannotStart(command: arguments[0], reason: String(cString: strerror(errno)))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if input != nil {
            posix_spawn_file_actions_adddup2(&actions, stdin[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, output[1], 2)
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        close(output[1])
        if input != nil { close(stdin[0]) }
        guard spawned == 0 else {
            close(output[0])
            if input != nil { close(stdin[1]) }
            throw LabError.cannotStart(command: arguments.joined(separator: " "), reason: String(cString: strerror(spawned)))
        }
        if let input {
            // Batches are a few kilobytes, far below a pipe's buffer, so
            // writing all before reading cannot deadlock.
            let bytes = Array(input.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { write(stdin[1], $0.baseAddress, $0.count) }
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { break }
                offset += written
            }
            close(stdin[1])
        }
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(output[0], &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            data += buffer[..<count]
        }
        close(output[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let text = String(decoding: data, as: UTF8.self)
        // WIFEXITED and WEXITSTATUS, which Swift does not import.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            throw LabError.commandFailed(command: arguments.joined(separator: " "), status: code, output: text)
        }
        return text
    }

    /// Starts a daemon in its own session, stdin from /dev/null, stdout and
    /// stderr appended to `log`, and returns its pid without waiting.
    ///
    /// posix_spawn rather than Foundation's Process: the daemon must not
    /// inherit our stdout (a caller reading it to the end would wait for the
    /// daemon's death) nor any other descriptor, and must not be signalled
    /// with our process group.
    ///
    /// Every daemon carries `VPNLAB_DAEMON=1` in its environment, and so do
    /// its children (pppd under xl2tpd, openvpn's scripts): `down` finds them
    /// by it even when nothing else names them (charon's command line is
    /// just its path).
    static func spawnDaemon(_ arguments: [String], log: String, environment extra: [String: String] = [:]) throws -> pid_t {
        let path = try executable(arguments[0]).path
        closeInheritedDescriptors()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // POSIX_SPAWN_SETSID (glibc 2.26+); Swift's Glibc module does not export it.
        let setsid: Int16 = 0x80
        var defaultSignals = sigset_t()
        sigfillset(&defaultSignals)
        var noSignalsBlocked = sigset_t()
        sigemptyset(&noSignalsBlocked)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignalsBlocked)
        posix_spawnattr_setflags(&attributes, setsid | Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        var environment = ProcessInfo.processInfo.environment
        environment[Processes.daemonMarker] = "1"
        environment.merge(extra) { $1 }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw LabError.cannotStart(command: arguments.joined(separator: " "), reason: String(cString: strerror(status)))
        }
        return pid
    }

    /// Replaces this process with `arguments` (for `vpnlab exec`), so that
    /// exit status and signals belong to the command itself.
    static func replaceProcess(with arguments: [String], environment: [String: String]) throws -> Never {
        let path = try executable(arguments[0]).path
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        execve(path, argv, envp)
        throw LabError.cannotStart(command: arguments.joined(separator: " "), reason: String(cString: strerror(errno)))
    }

    /// The executable for a command name, looked up in PATH and in the
    /// sbin directories (root's tools live there but sudo's PATH may lack them).
    static func executable(_ name: String) throws -> URL {
        if name.hasPrefix("/") {
            guard access(name, X_OK) == 0 else { throw LabError.missingTool(name: name, package: packageProviding(name)) }
            return URL(fileURLWithPath: name)
        }
        // Debian's interpreter directly: a version manager's shim on PATH
        // (pyenv) costs a few hundred milliseconds of shell per start.
        if name == "python3", access("/usr/bin/python3", X_OK) == 0 { return URL(fileURLWithPath: "/usr/bin/python3") }
        if let found = which(name) { return URL(fileURLWithPath: found) }
        throw LabError.missingTool(name: name, package: packageProviding(name))
    }

    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        return directories.map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }

    static func packageProviding(_ tool: String) -> String {
        switch tool {
        case "ip": "iproute2"
        case "nft": "nftables"
        case "wg": "wireguard-tools"
        case "wireguard-go": "wireguard-go"
        case "python3": "python3"
        case "openssl": "openssl"
        case "curl": "curl"
        case "ping": "iputils-ping"
        case "miniupnpd": "miniupnpd"
        case "openvpn": "openvpn"
        case "xl2tpd": "xl2tpd"
        case "pppd": "ppp"
        case "charon", "/usr/lib/ipsec/charon": "strongswan-charon"
        case "swanctl": "strongswan-swanctl"
        case "unshare": "util-linux"
        default: tool
        }
    }

    /// A pipe whose ends are close-on-exec (pipe2 is not in Swift's Glibc
    /// module; vpnlab spawns from one thread, so there is no race).
    private static func makePipe(_ ends: inout [Int32]) -> Bool {
        guard pipe(&ends) == 0 else { return false }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// Marks every descriptor above stderr close-on-exec: whatever our own
    /// parent let us inherit must not end up in a long-lived daemon.
    private static func closeInheritedDescriptors() {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for entry in entries {
            guard let fd = Int32(entry), fd > 2 else { continue }
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }
}

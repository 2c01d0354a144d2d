import Foundation
import TestSupport

/// Runs the built `vpnlab` (beside the test bundle) with a state directory
/// of the test's own, as a user would run it.
struct LabRunner {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String

        var succeeded: Bool { status == 0 }
        var summary: String { "status \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
    }

    static let binaries = Bundle.main.executableURL?.deletingLastPathComponent()
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()

    static var vpnlab: String { binaries.appendingPathComponent("vpnlab").path }
    static var providerTool: String { binaries.appendingPathComponent("vpnctl-provider").path }

    let stateDirectory: String

    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["VPNLAB_STATE_DIR"] = stateDirectory
        // Requests in the lab go to lab addresses only; a proxy must not carry them.
        environment["NO_PROXY"] = "*"
        environment["no_proxy"] = "*"
        return environment
    }

    @discardableResult
    func vpnlab(_ arguments: String...) throws -> Outcome {
        try Self.run(Self.vpnlab, arguments, environment: environment)
    }

    /// `vpnlab exec NODE -- COMMAND...`
    @discardableResult
    func exec(_ node: String, account: String = "free", _ command: String...) throws -> Outcome {
        try Self.run(Self.vpnlab, ["exec", node, "--account", account, "--"] + command, environment: environment)
    }

    func exec(_ node: String, account: String = "free", arguments command: [String]) throws -> Outcome {
        try Self.run(Self.vpnlab, ["exec", node, "--account", account, "--"] + command, environment: environment)
    }

    /// Starts `vpnlab ARGUMENTS` without waiting for it.
    func start(_ arguments: String...) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.vpnlab)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Output goes to files, not pipes, and the child is awaited with
    /// waitpid, not Foundation's Process: a daemon the command leaves behind
    /// (wireguard-go forks one) keeps whatever descriptors it inherited, and
    /// Process takes an inherited descriptor of its own to mean "still running".
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> Outcome {
        let output = try TemporaryDirectory(prefix: "vpnlab-test-output")
        defer { output.remove() }
        let stdoutPath = output.path + "/stdout", stderrPath = output.path + "/stderr"

        let pid = try spawn(executable, arguments, environment: environment, stdout: stdoutPath, stderr: stderrPath)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw LabTestError("waitpid: \(String(cString: strerror(errno)))") }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import; a signal gives 128+N.
        let exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Outcome(
            status: exitStatus,
            stdout: (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        )
    }

    /// Starts `executable` with stdin from /dev/null and output appended to
    /// files, none of our descriptors, default signal handling and no signal
    /// blocked: the pool's threads block most signals, and a child that kept
    /// that mask (openvpn does) would never see our SIGTERM.
    static func spawn(_ executable: String, _ arguments: [String], environment: [String: String], stdout: String, stderr: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        // Nothing of the test process's own may outlive the command in a daemon.
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            if let fd = Int32(entry), fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw LabTestError("cannot run \(executable): \(String(cString: strerror(spawned)))") }
        return pid
    }

    static func json(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw LabTestError("expected a JSON object, got: \(text)")
        }
        return object
    }
}

struct LabTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls until `condition` holds, for what appears on its own (a namespace,
/// a socket); a timeout throws.
func awaitCondition(_ what: String, timeout: Duration = .seconds(30), _ condition: () throws -> Bool) throws {
    let deadline = ContinuousClock.now + timeout
    while try !condition() {
        guard ContinuousClock.now < deadline else { throw LabTestError("gave up after \(timeout) waiting for \(what)") }
        usleep(5_000)
    }
}

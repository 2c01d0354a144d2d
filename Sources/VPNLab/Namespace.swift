import Foundation

/// A network namespace named by `ip netns` (a bind mount in /run/netns).
struct Namespace: Hashable {
    static let directory = "/run/netns"

    let name: String

    init(_ name: String) { self.name = name }

    /// Every namespace with the lab's prefix, whoever made it: `down` must
    /// find what a crashed `up` or test left, not only what a record lists.
    static func allOfTheLab() -> [Namespace] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix(Topology.prefix) }.sorted().map(Namespace.init)
    }

    var exists: Bool { FileManager.default.fileExists(atPath: Self.directory + "/" + name) }

    /// Creates the namespaces that do not exist yet, in one `ip` process, and
    /// brings their loopback up (services in inet live on it).
    static func create(_ names: [String]) throws {
        let missing = names.map(Namespace.init).filter { !$0.exists }
        guard !missing.isEmpty else { return }
        try Subprocess.run(["ip", "-batch", "-"], input: missing.map { "netns add \($0.name)\n" }.joined())
        for namespace in missing {
            // Without duplicate address detection, IPv6 addresses are final
            // at once: nothing in the lab changes state behind a test's back.
            try namespace.sysctl(["net.ipv6.conf.all.accept_dad": "0", "net.ipv6.conf.default.accept_dad": "0"])
            try namespace.ip(["link set lo up"])
        }
    }

    /// Runs `ip` commands (one per line, without the leading `ip`) inside the
    /// namespace, in one process.
    func ip(_ commands: [String]) throws {
        guard !commands.isEmpty else { return }
        try Subprocess.run(["ip", "-n", name, "-batch", "-"], input: commands.joined(separator: "\n") + "\n")
    }

    /// Runs a command inside the namespace and returns its output.
    @discardableResult
    func run(_ arguments: [String], input: String? = nil) throws -> String {
        try Subprocess.run(["ip", "netns", "exec", name] + arguments, input: input)
    }

    /// Sets sysctls (e.g. "net.ipv4.ip_forward": "1"): /proc/sys/net shows
    /// the namespace of whoever opens it, so write from inside.
    func sysctl(_ settings: [String: String]) throws {
        let script = settings.sorted { $0.key < $1.key }.map { key, value in
            "echo \(value) > /proc/sys/\(key.replacingOccurrences(of: ".", with: "/"))"
        }.joined(separator: " && ")
        try run(["sh", "-c", script])
    }

    /// Loads an nftables ruleset into the namespace.
    func nft(_ ruleset: String) throws {
        try run(["nft", "-f", "-"], input: ruleset)
    }

    /// Starts a daemon inside the namespace. `ip netns exec` execs the
    /// command, so the pid is the daemon's own.
    func spawnDaemon(_ arguments: [String], log: String, environment: [String: String] = [:]) throws -> pid_t {
        try Subprocess.spawnDaemon(["ip", "netns", "exec", name] + arguments, log: log, environment: environment)
    }

    /// The processes whose network namespace is this one (what `ip netns
    /// pids` prints), found by comparing namespace inodes.
    func pids() -> [pid_t] {
        var target = stat()
        guard stat(Self.directory + "/" + name, &target) == 0 else { return [] }
        return Processes.all().filter { pid in
            var info = stat()
            return stat("/proc/\(pid)/ns/net", &info) == 0 && info.st_ino == target.st_ino && info.st_dev == target.st_dev
        }
    }

    /// Removes the name. The namespace itself (and its links) goes when its
    /// last process has exited, so kill those first.
    func delete() throws {
        guard exists else { return }
        try Subprocess.run(["ip", "netns", "delete", name])
    }
}

/// The machine's processes, read from /proc.
enum Processes {
    static func all() -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }
    }

    /// argv of a process; empty for a zombie, a kernel thread or one that is gone.
    static func arguments(of pid: pid_t) -> [String] {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return [] }
        return data.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
    }

    /// Set in the environment of every process `vpnlab up` starts.
    static let daemonMarker = "VPNLAB_DAEMON"

    /// True when the process was started by the lab (or by one of its
    /// daemons), from its initial environment.
    static func isMarked(_ pid: pid_t) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
        let marker = Array("\(daemonMarker)=1".utf8)
        return data.split(separator: 0).contains { $0.elementsEqual(marker) }
    }

    /// Alive and not a zombie.
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = Files.read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(close, offsetBy: 2)...].first
        return state != nil && state != "Z" && state != "X"
    }
}

import SystemSupport
import Foundation
import PluginKit

/// The plugin's own strongSwan charon, configured and driven over its vici
/// socket with `swanctl`. It runs in a mount namespace of its own with the
/// private directory mounted over /var/run: its compiled-in pid file
/// (/var/run/charon.pid) then lands in the private directory and can never
/// collide with another charon on the machine (a system one, or a lab
/// server's in another network namespace). Its config file (through
/// `STRONGSWAN_CONF`) and its vici socket are named as it sees them there.
struct Charon: Sendable {
    static let executable = "/usr/lib/ipsec/charon"
    static let swanctl = "/usr/sbin/swanctl"
    static let startDeadline: Duration = .seconds(30)
    static let pidFile = "charon.pid"

    let directory: PrivateDirectory
    let process: ChildProcess

    var viciURI: String { "unix://\(directory.file(StrongSwanConfig.viciSocketName))" }

    static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: executable) && FileManager.default.isExecutableFile(atPath: swanctl)
    }

    /// Starts charon and waits for its vici socket. `onExit` runs whenever
    /// it ends, also through `stop()`.
    static func start(directory: PrivateDirectory, onExit: @escaping @Sendable () -> Void) async throws(PluginFailure) -> Charon {
        guard isInstalled else { throw PluginFailure("strongSwan is not installed (\(executable), \(swanctl)): install strongswan-charon and strongswan-swanctl") }
        let process: ChildProcess
        do {
            // The directory's path is the only argument; it is built from a
            // validated interface name. unshare and sh exec, so the pid is
            // charon's own. It stays in the plugin's process group, so the
            // host's kill of that group reaches it when the plugin dies;
            // no terminal's signals do, for the host made that group one
            // of its own, never a terminal's foreground group.
            process = try ChildProcess.spawn(
                "/usr/bin/unshare",
                ["--mount", "--propagation", "private", "--", "/bin/sh", "-c",
                 "mount --bind \"$0\" \(StrongSwanConfig.directoryInCharon) && exec \(executable)", directory.path],
                environment: ChildProcess.defaultEnvironment.merging(["STRONGSWAN_CONF": "\(StrongSwanConfig.directoryInCharon)/strongswan.conf"]) { $1 }
            )
        } catch {
            throw PluginFailure("cannot start charon: \(error)")
        }
        Task {
            await process.exitStatus()
            onExit()
        }
        let charon = Charon(directory: directory, process: process)
        // charon gives no readiness signal but the socket itself; look for it.
        let socket = directory.file(StrongSwanConfig.viciSocketName)
        let end = ContinuousClock.now + startDeadline
        while !FileManager.default.fileExists(atPath: socket) {
            guard !process.hasExited else {
                throw PluginFailure("charon exited at start (status \(await process.exitStatus()))\(charon.logExcerpt())")
            }
            guard ContinuousClock.now < end else {
                await charon.stop()
                throw PluginFailure("charon did not open its control socket within \(startDeadline.components.seconds) s")
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return charon
    }

    /// Loads the connection and its PSK from the 0600 swanctl.conf.
    func load(_ swanctlFile: String) async throws(PluginFailure) {
        let outcome = try await swanctl(["--load-all", "--noprompt", "--file", swanctlFile, "--uri", viciURI], deadline: .seconds(30))
        guard outcome.status == 0 else {
            throw PluginFailure("swanctl refused the IPsec configuration: \(Self.lastLines(outcome.output, 3))")
        }
    }

    /// Brings up IKE and the transport-mode CHILD_SA; returns when it is
    /// installed in the kernel, or fails with what charon reported.
    func initiate(timeout: Duration = .seconds(30)) async throws(PluginFailure) {
        let outcome = try await swanctl([
            "--initiate", "--ike", SwanctlConfig.connectionName, "--child", SwanctlConfig.childName,
            "--timeout", "\(timeout.components.seconds)", "--uri", viciURI,
        ], deadline: timeout + .seconds(15))
        guard outcome.status == 0 else {
            throw PluginFailure("IPsec with the server failed: \(Self.reason(outcome.output))")
        }
    }

    /// swanctl's own timeouts come first; `deadline` only catches a hang.
    /// Its arguments never carry secrets (the PSK is in the file).
    private func swanctl(_ arguments: [String], deadline: Duration) async throws(PluginFailure) -> (status: Int32, output: String) {
        do {
            let completion = try await ChildProcess.run(Self.swanctl, arguments, deadline: deadline)
            return (completion.status, completion.lines.joined(separator: "\n"))
        } catch {
            throw PluginFailure("cannot run swanctl: \(error)")
        }
    }

    /// TERM makes charon delete its SAs and policies and tell the server.
    func stop() async {
        await process.stop(grace: ProcessControl.stopDeadline)
    }

    /// A charon a crashed plugin left, from its pid file.
    static func stopLeftover(in directory: PrivateDirectory) async {
        if let pid = directory.pid(pidFile) { await ProcessControl.stop(pid, named: "charon") }
    }

    func logExcerpt() -> String {
        guard let text = try? String(contentsOfFile: directory.file(StrongSwanConfig.logName), encoding: .utf8), !text.isEmpty else { return "" }
        return ": " + Self.lastLines(text, 3)
    }

    /// What went wrong, from swanctl's echo of charon's log: the notify the
    /// server sent, or that it never answered.
    static func reason(_ output: String) -> String {
        let lines = output.split(separator: "\n").map(String.init)
        let telling = lines.filter { line in
            ["AUTHENTICATION_FAILED", "NO_PROPOSAL_CHOSEN", "TS_UNACCEPTABLE", "giving up", "failed", "retransmit", "no shared key", "unable"]
                .contains { line.contains($0) }
        }
        let chosen = telling.isEmpty ? Array(lines.suffix(3)) : Array(telling.suffix(3))
        return chosen.map { $0.replacingOccurrences(of: #"^\d*\[\w+\] "#, with: "", options: .regularExpression) }.joined(separator: "; ")
    }

    static func lastLines(_ text: String, _ count: Int) -> String {
        text.split(separator: "\n").suffix(count).joined(separator: "; ")
    }
}

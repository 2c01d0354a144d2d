import SystemSupport
import Foundation
import PluginKit

/// Debian's openvpn as a child (`ChildProcess`): one argument, the config
/// file; its output kept in a ring for error messages; its end observed as
/// it happens, not polled. It stays in the plugin's process group, so the
/// host's kill of that group ends it with a plugin that died; that group is
/// the host's own, never a terminal's foreground group, so no terminal's
/// ^C or hangup reaches it. Otherwise it stops when the plugin says so, or
/// by itself once its management peer is gone.
final class OpenVPNProcess: Sendable {
    static let executable = "/usr/sbin/openvpn"
    /// How long openvpn gets to leave after SIGTERM before SIGKILL.
    static let stopDeadline: Duration = .seconds(5)

    private let child: ChildProcess
    let output: RecentLines
    /// Resolves with a sentence saying how openvpn ended, once it has and
    /// its last lines are in `output`.
    let exit: Task<String, Never>

    private init(child: ChildProcess, output: RecentLines) {
        self.child = child
        self.output = output
        exit = Task {
            for await line in child.lines { output.append(line) }
            return Self.describe(await child.exitStatus())
        }
    }

    var processIdentifier: pid_t { child.pid }

    static func start(config: String) throws(PluginFailure) -> OpenVPNProcess {
        do {
            let child = try ChildProcess.spawn(executable, [config], output: .lines)
            return OpenVPNProcess(child: child, output: RecentLines())
        } catch {
            throw PluginFailure("\(error); is the openvpn package installed?")
        }
    }

    /// SIGTERM, then SIGKILL once the deadline passes (at once when
    /// `force`: it hangs); returns once it is gone and its output read.
    func stop(force: Bool = false) async {
        if force { child.signal(SIGKILL) }
        await child.stop(grace: Self.stopDeadline)
        _ = await exit.value
    }

    private static func describe(_ status: Int32) -> String {
        status > 128 ? "openvpn was killed by signal \(status - 128)" : "openvpn exited with status \(status)"
    }
}

import Foundation
import PluginKit

/// What a dead plugin left behind (its interface, routes, rules, DNS and
/// helpers) is removed by a fresh instance of the same plugin, told the
/// interface: a plugin needs no state of its own to clean up after another.
enum Leftovers {
    /// After a daemon crash: stop the recorded plugin if it still runs,
    /// then clean up behind it.
    static func remove(_ record: ConnectionRecord, pluginPath: [String]) async {
        if let pid = record.pid, let executable = record.executable, isRunning(pid, executable: executable) {
            kill(pid, SIGKILL)
        }
        guard let name = record.plugin else { return }
        let discovery = PluginDiscovery(directories: pluginPath).discover()
        guard let descriptor = discovery.plugins.first(where: { $0.name == name }) else {
            DaemonLog.warning("the \(name) plugin is no longer installed: what it set up stays until it is")
            return
        }
        await remove(plugin: descriptor, interface: record.interface)
    }

    static func remove(plugin descriptor: PluginDescriptor, interface: String?) async {
        do throws(PluginError) {
            let (connection, _) = try await PluginConnection.launch(descriptor, hostVersion: DaemonVersion.version, timeout: ConnectionController.pluginStartTimeout)
            defer { Task { await connection.terminate() } }
            _ = try await connection.request(
                Contract.Method.disconnect, DisconnectParams(interface: interface), as: TunnelState.self, timeout: ConnectionController.disconnectTimeout
            )
            await connection.terminate()
        } catch {
            DaemonLog.error("cannot clean up after the \(descriptor.name) plugin: \(error.description)")
        }
    }

    private static func isRunning(_ pid: Int32, executable: String) -> Bool {
        guard pid > 0, let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        return String(decoding: command, as: UTF8.self).contains(executable)
    }
}

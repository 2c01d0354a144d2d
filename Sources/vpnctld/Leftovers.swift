import Foundation
import PluginKit

/// What a dead plugin left behind (its interface, routes, rules, DNS and
/// helpers) is removed by a fresh instance of the same plugin, told the
/// interface: a plugin needs no state of its own to clean up after another.
struct Leftovers {
    let launcher: any PluginLauncher

    /// After a daemon crash: stop the recorded plugin if it still runs,
    /// then clean up behind it.
    func remove(_ record: ConnectionRecord, pluginPath: [String]) async {
        if let group = record.processGroup, let executable = record.executable {
            // A plugin that outlived its daemon, with its helpers.
            do throws(LeftoverGroupError) {
                let outcome = try await PluginConnection.killLeftoverGroup(group, executable: executable, started: record.processStart)
                DaemonLog.info("the previous daemon's plugin group \(group): \(outcome)")
            } catch {
                DaemonLog.warning("the previous daemon's plugin group \(group) left alone: \(error)")
            }
        }
        guard let name = record.plugin else { return }
        let discovery = PluginDiscovery(directories: pluginPath).discover()
        guard let descriptor = discovery.plugins.first(where: { $0.name == name }) else {
            DaemonLog.warning("the \(name) plugin is no longer installed: what it set up stays until it is")
            return
        }
        await remove(plugin: descriptor, interface: record.interface)
    }

    func remove(plugin descriptor: PluginDescriptor, interface: String?) async {
        let connection: any TunnelPlugin
        do throws(PluginError) {
            (connection, _) = try await launcher.launch(descriptor, timeout: ConnectionController.pluginStartTimeout)
        } catch {
            DaemonLog.error("cannot clean up after the \(descriptor.name) plugin: \(error.description)")
            return
        }
        do throws(PluginError) {
            _ = try await connection.disconnect(DisconnectParams(interface: interface), timeout: ConnectionController.disconnectTimeout)
        } catch {
            DaemonLog.error("cannot clean up after the \(descriptor.name) plugin: \(error.description)")
        }
        await connection.terminate()
    }
}

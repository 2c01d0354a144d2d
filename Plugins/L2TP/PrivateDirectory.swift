import PluginKit

/// The plugin's own folder for one interface (PluginKit's
/// `PrivateDirectory` under /run/vpnctl-l2tp): generated configs, pid
/// files, xl2tpd's control pipe and charon's vici socket.
extension PrivateDirectory {
    static let defaultRoot = "/run/vpnctl-l2tp"

    init(interface: String, root: String = defaultRoot) {
        self.init(root: root, interface: interface)
    }
}

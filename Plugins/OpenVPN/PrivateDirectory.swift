import Glibc
import PluginKit

/// Where one tunnel's files live while it runs (PluginKit's
/// `PrivateDirectory` under /run/vpnctl-openvpn): openvpn's config, its
/// management socket and its pid file.
extension PrivateDirectory {
    static let openVPNRoot = "/run/vpnctl-openvpn"

    init(interface: String) {
        self.init(root: Self.openVPNRoot, interface: interface)
    }

    static let configName = "openvpn.conf"
    var configFile: String { file(Self.configName) }
    var managementSocket: String { file("management.sock") }
    var pidFile: String { file("openvpn.pid") }

    /// openvpn's pid, from the file its `writepid` left.
    var recordedPID: pid_t? { pid("openvpn.pid") }
}

import PluginKit
import TunnelSupport

/// openvpn's client config for one tunnel, built only from an
/// `OpenVPNRequest` (whose values are already held to this file's syntax).
///
/// openvpn brings up the tun and its address itself (over netlink, no
/// scripts); routes and DNS are the plugin's, so everything the server
/// pushes about routing is ignored and openvpn runs no commands at all.
struct OpenVPNConfigFile: Sendable {
    /// How long openvpn tries to reach the server before it gives up.
    static let connectTimeoutSeconds = 10

    let request: OpenVPNRequest
    let directory: PrivateDirectory

    var text: String {
        var lines = [
            "# Written by vpnctl for server \(request.serverID); removed on disconnect.",
            "client",
            "dev \(request.interface)",
            "dev-type tun",
            "proto \(request.transport.proto)",
            "remote \(request.address) \(request.port)",
            "nobind",
            "connect-retry-max 1",
            "connect-timeout \(Self.connectTimeoutSeconds)",
            "server-poll-timeout \(Self.connectTimeoutSeconds)",
            "remote-cert-tls server",
            "verify-x509-name \(request.hostname) name",
            "tls-version-min 1.2",
            "data-ciphers AES-256-GCM:CHACHA20-POLY1305",
            "auth-nocache",
            "script-security 1",
            // Its own packets skip the tunnel's routing table, as WireGuard's fwmark does.
            "mark \(FullTunnelRouting.table)",
            "route-noexec",
            "pull-filter ignore \"redirect-gateway\"",
            "pull-filter ignore \"route\"",
            "pull-filter ignore \"route-ipv6\"",
            "pull-filter ignore \"ifconfig-ipv6\"",
            "pull-filter ignore \"dhcp-option\"",
            "pull-filter ignore \"block-outside-dns\"",
            "management \(directory.managementSocket) unix",
            "management-client",
            "management-hold",
            "management-query-passwords",
            "writepid \(directory.pidFile)",
            "verb 3",
        ]
        if request.credentials != nil { lines.append("auth-user-pass") }
        if let mtu = request.pathMTU { lines.append("mssfix \(mtu) mtu") }
        var text = lines.map { $0 + "\n" }.joined()
        text += "<ca>\n\(request.ca.text)</ca>\n"
        if let key = request.tlsCrypt { text += "<tls-crypt>\n\(key.text)</tls-crypt>\n" }
        return text
    }
}

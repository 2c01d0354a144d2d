import Foundation

/// One of a server's two OpenVPN daemons (UDP 1194, TCP 443): TLS with the
/// lab's OpenVPN PKI and tls-crypt, modern data ciphers only, and clients
/// that log in with username and password instead of a certificate,
/// checked by Lab/openvpn-verify.sh against the devices' logins.
struct OpenVPNServer {
    enum Transport: String, CaseIterable { case udp, tcp }

    let server: Topology.Server
    let transport: Transport
    let state: StateDirectory

    var name: String { "openvpn \(transport.rawValue) \(server.id)" }
    var folder: String { state.server(server.id) }
    var configurationFile: String { folder + "/openvpn-\(transport.rawValue).conf" }
    /// openvpn writes the credentials file for the verify script here, not in /tmp.
    var temporaryDirectory: String { folder + "/openvpn-tmp" }
    var log: String { state.log("openvpn-\(transport.rawValue)-\(server.id)") }
    var port: Int { transport == .udp ? Topology.openVPNUDPPort : Topology.openVPNTCPPort }
    var subnet: String { transport == .udp ? Topology.openVPNUDPSubnet : Topology.openVPNTCPSubnet }
    var interface: String { transport == .udp ? server.openVPNUDPInterface : server.openVPNTCPInterface }

    func writeConfiguration(pki: OpenVPNPKI, access: ServerAccess) throws {
        try Files.makeDirectory(temporaryDirectory)
        let verify = "/bin/sh \(try Resources.labScript("openvpn-verify.sh")) \(access.openVPNLoginsFile)"
        let text = """
            # Written by `vpnlab up`: \(server.id)'s OpenVPN server over \(transport.rawValue.uppercased()).
            proto \(transport == .udp ? "udp4" : "tcp4-server")
            local \(server.address)
            port \(port)
            dev \(interface)
            dev-type tun
            topology subnet
            server \(subnet) 255.255.255.0
            keepalive 10 60
            persist-key
            # The same on this kernel and in the VM: no data channel offload.
            disable-dco

            ca \(pki.caFile)
            cert \(pki.certificate(of: server))
            key \(pki.key(of: server))
            dh none
            tls-crypt \(pki.tlsCryptFile)
            tls-version-min 1.2
            data-ciphers AES-256-GCM:CHACHA20-POLY1305

            # Username `vpnctl` and the account token; no client certificate.
            verify-client-cert none
            username-as-common-name
            duplicate-cn
            script-security 2
            auth-user-pass-verify "\(verify)" via-file
            tmp-dir \(temporaryDirectory)
            verb 3

            """
        try Files.write(text, to: configurationFile, mode: 0o600)
    }

    func start() throws -> pid_t {
        try Namespace(server.namespace).spawnDaemon([try Subprocess.executable("openvpn").path, "--config", configurationFile], log: log)
    }

    func isReady(pid: pid_t) -> Bool {
        ListeningSockets.ports(transport == .udp ? .udp : .tcp, of: pid).contains(port)
    }
}

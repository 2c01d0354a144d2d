import Foundation

/// The lab's OpenVPN PKI (Lab/make-openvpn-pki.sh): a CA, one certificate
/// per server with CN = the server's hostname, and the tls-crypt key. Made in
/// the background while `up` builds the network.
struct OpenVPNPKI {
    let state: StateDirectory

    var directory: String { state.openVPNPKI }
    var caFile: String { directory + "/ca.pem" }
    var tlsCryptFile: String { directory + "/tls-crypt.key" }
    func certificate(of server: Topology.Server) -> String { directory + "/\(server.hostname).pem" }
    func key(of server: Topology.Server) -> String { directory + "/\(server.hostname).key" }

    func start() throws -> BackgroundJob {
        try BackgroundJob.start(["/bin/sh", try Resources.labScript("make-openvpn-pki.sh"), directory] + Topology.servers.map(\.hostname),
                                log: state.log("openvpn-pki"))
    }

    /// The CA certificate and the tls-crypt key as the server list carries them.
    func published() throws -> (ca: String, tlsCrypt: String) {
        guard let ca = Files.read(caFile) else { throw LabError.missingFile(path: caFile, hint: "the OpenVPN PKI was not made; run `vpnlab down` and `vpnlab up`") }
        guard let tlsCrypt = Files.read(tlsCryptFile) else { throw LabError.missingFile(path: tlsCryptFile, hint: "the OpenVPN PKI was not made; run `vpnlab down` and `vpnlab up`") }
        return (ca, tlsCrypt)
    }
}

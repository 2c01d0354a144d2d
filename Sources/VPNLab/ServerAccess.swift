import Foundation

/// Who may use a server's OpenVPN and L2TP/IPsec: devices, each with its
/// own login for each family, which the lab's provider adds as it registers
/// them (a free server takes free and premium devices, a premium server
/// premium ones) and takes away as it revokes them. The account tokens are
/// no login anywhere. Also the server's IPsec pre-shared key. Secrets live
/// in 0600 files.
struct ServerAccess {
    let server: Topology.Server
    let state: StateDirectory

    var folder: String { state.server(server.id) }
    /// "USERNAME PASSWORD" a line, read by Lab/openvpn-verify.sh.
    var openVPNLoginsFile: String { folder + "/openvpn-logins" }
    /// pppd's secrets for MS-CHAPv2 (the server's ppp folder is /etc/ppp to its pppd).
    var chapSecretsFile: String { folder + "/ppp/chap-secrets" }
    var pskFile: String { folder + "/ipsec.psk" }

    /// Writes empty login files (devices are added as they register) and a
    /// fresh PSK (letters and digits only, so it fits any configuration
    /// syntax unquoted); returns the PSK.
    @discardableResult
    func write() throws -> String {
        try Files.makeDirectory(folder)
        try Files.makeDirectory(folder + "/ppp")
        try Files.write("", to: openVPNLoginsFile, mode: 0o600)
        try Files.write("# client server secret addresses: one line per device, written by the lab's provider\n", to: chapSecretsFile, mode: 0o600)
        let psk = Self.randomAlphanumeric(24)
        try Files.write(psk + "\n", to: pskFile, mode: 0o600)
        return psk
    }

    func psk() throws -> String {
        guard let psk = Files.read(pskFile)?.trimmingCharacters(in: .whitespacesAndNewlines), !psk.isEmpty else {
            throw LabError.missingFile(path: pskFile, hint: "run `vpnlab down` and `vpnlab up`")
        }
        return psk
    }

    static func randomAlphanumeric(_ count: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet.randomElement(using: &generator)! })
    }
}

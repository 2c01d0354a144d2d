import Foundation

/// Who may use a server's OpenVPN and L2TP/IPsec: the product's contract is
/// username `vpnctl` and the account token as password. A free server takes
/// the free and the premium token, a premium server only the premium one.
/// Also the server's IPsec pre-shared key. Secrets live in 0600 files.
struct ServerAccess {
    static let username = "vpnctl"

    let server: Topology.Server
    let state: StateDirectory

    var folder: String { state.server(server.id) }
    /// One token a line, read by Lab/openvpn-verify.sh.
    var allowedTokensFile: String { folder + "/allowed-tokens" }
    var pskFile: String { folder + "/ipsec.psk" }

    var tiers: [Topology.Tier] { server.tier == .free ? Topology.Tier.allCases : [.premium] }

    func tokens() throws -> [String] {
        try tiers.map { tier in
            let file = state.tokenFile(tier)
            guard let token = Files.read(file)?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else {
                throw LabError.missingFile(path: file, hint: "the lab's accounts are written before the servers' files")
            }
            return token
        }
    }

    /// Writes the allowed tokens and a fresh PSK (letters and digits only, so
    /// it fits any configuration syntax unquoted); returns the PSK.
    @discardableResult
    func write() throws -> String {
        try Files.makeDirectory(folder)
        try Files.write(try tokens().map { $0 + "\n" }.joined(), to: allowedTokensFile, mode: 0o600)
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

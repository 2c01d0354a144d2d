import Crypto
import Directory
import Foundation
import SystemSupport

/// This machine's WireGuard identity: a Curve25519 key made once and kept
/// 0600 in `state_dir`, registered with the provider, which answers with the
/// tunnel address. Only the daemon and the plugin (over its stdin) see the
/// private key.
struct DeviceIdentity {
    struct Registered: Codable {
        var publicKey: String
        var registration: DeviceRegistration
    }

    let stateDirectory: String
    let devices: DeviceService

    var keyPath: String { "\(stateDirectory)/device.key" }
    var registrationPath: String { "\(stateDirectory)/device.json" }

    /// The private key (base64) and the tunnel addresses (IPv6 where the
    /// provider gave one), registering first if needed.
    func credentials() async throws(DeviceError) -> (privateKey: String, address: String, address6: String?) {
        let key = try loadOrCreateKey()
        let publicKey = key.publicKey.rawRepresentation.base64EncodedString()
        if let data = FileManager.default.contents(atPath: registrationPath),
           let registered = try? JSONDecoder().decode(Registered.self, from: data), registered.publicKey == publicKey {
            return (key.rawRepresentation.base64EncodedString(), registered.registration.ipv4Address, registered.registration.ipv6Address)
        }
        let name = ProcessInfo.processInfo.hostName.prefix(60)
        let registration = try await devices.register(publicKey: publicKey, name: "vpnctl on \(name)")
        if let data = try? JSONEncoder().encode(Registered(publicKey: publicKey, registration: registration)) {
            write(data, to: registrationPath)
        }
        return (key.rawRepresentation.base64EncodedString(), registration.ipv4Address, registration.ipv6Address)
    }

    private func loadOrCreateKey() throws(DeviceError) -> Curve25519.KeyAgreement.PrivateKey {
        if let text = try? String(contentsOfFile: keyPath, encoding: .utf8),
           let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
           let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw) {
            return key
        }
        let key = Curve25519.KeyAgreement.PrivateKey()
        write(Data((key.rawRepresentation.base64EncodedString() + "\n").utf8), to: keyPath)
        return key
    }

    /// Written 0600 from the start: a secret is never readable by others,
    /// not even for a moment. A failure costs a registration next time,
    /// not this connect: it is logged.
    private func write(_ data: Data, to path: String) {
        do throws(PrivateFileError) {
            try PrivateFile.write(Array(data), to: path)
        } catch {
            DaemonLog.warning(error.description)
        }
    }
}

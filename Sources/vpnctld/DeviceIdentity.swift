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

    /// The private key (base64) and the registration (tunnel addresses, the
    /// device's own logins), registering first if needed. A registration
    /// kept from before the provider gave logins, when `family`'s is asked
    /// for, is replaced: the old one is revoked, a new one made.
    func registered(needingLoginFor family: String? = nil) async throws(DeviceError) -> (privateKey: String, registration: DeviceRegistration) {
        let key = try loadOrCreateKey()
        let publicKey = key.publicKey.rawRepresentation.base64EncodedString()
        let privateKey = key.rawRepresentation.base64EncodedString()
        if let bytes = try read(registrationPath),
           let registered = try? JSONDecoder().decode(Registered.self, from: Data(bytes)), registered.publicKey == publicKey {
            guard let family, registered.registration.login(for: family) == nil else { return (privateKey, registered.registration) }
            try? await devices.remove(registered.registration.id)
        }
        let name = ProcessInfo.processInfo.hostName.prefix(60)
        let registration = try await devices.register(publicKey: publicKey, name: "vpnctl on \(name)")
        do throws(DeviceError) {
            let data = (try? JSONEncoder().encode(Registered(publicKey: publicKey, registration: registration))) ?? Data()
            try write(data, to: registrationPath)
        } catch {
            // Forgotten, the registration would be made again on every
            // connect and use up the account's devices: take it back.
            try? await devices.remove(registration.id)
            throw error
        }
        return (privateKey, registration)
    }

    /// The key kept, or a new one once it is safely kept. A key file that
    /// others could read or replace is refused, not used or overwritten.
    private func loadOrCreateKey() throws(DeviceError) -> Curve25519.KeyAgreement.PrivateKey {
        if let bytes = try read(keyPath) {
            let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let raw = Data(base64Encoded: text), let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw) else {
                throw .storage("\(keyPath) does not hold a WireGuard private key (base64 of 32 bytes); remove it to have a new one made and registered")
            }
            return key
        }
        let key = Curve25519.KeyAgreement.PrivateKey()
        try write(Data((key.rawRepresentation.base64EncodedString() + "\n").utf8), to: keyPath)
        return key
    }

    private func read(_ path: String) throws(DeviceError) -> [UInt8]? {
        do throws(PrivateFileError) {
            return try PrivateFile.readSecret(path, limit: 64 * 1024)
        } catch {
            throw .storage(error.description)
        }
    }

    /// Written 0600 from the start: a secret is never readable by others,
    /// not even for a moment.
    private func write(_ data: Data, to path: String) throws(DeviceError) {
        do throws(PrivateFileError) {
            try PrivateFile.write(Array(data), to: path)
        } catch {
            throw .storage(error.description)
        }
    }
}

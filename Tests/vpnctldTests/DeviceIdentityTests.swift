import Directory
import Foundation
import SystemSupport
import Testing
import TestSupport
@testable import vpnctld

/// The device key and registration in `state_dir`: secrets read only from
/// files of the daemon's alone, and a registration never made and forgotten.
@Suite struct DeviceIdentityTests {
    let root: TemporaryDirectory
    let state: TemporaryDirectory

    init() throws {
        root = try TemporaryDirectory(prefix: "vpnctl-provider-root")
        state = try TemporaryDirectory(prefix: "vpnctl-state")
        _ = try root.write("accounts.json", #"{"free-token": {"tier": "free", "max_devices": 1}}"#)
        try PrivateFile.write(Array("free-token\n".utf8), to: state.path + "/token")
    }

    func identity(_ provider: TestProvider) -> DeviceIdentity {
        let http = HTTPClient(options: .init(caFile: provider.caFile.path))
        return DeviceIdentity(
            stateDirectory: state.path,
            devices: DeviceService(apiURL: provider.baseURL.absoluteString, tokenFile: state.path + "/token", http: http)
        )
    }

    @Test func aKeyFileOthersCanReadIsRefusedAndLeftAlone() async throws {
        let provider = try await TestProvider.start(root: root.url)
        defer { provider.stop() }
        let keyPath = state.path + "/device.key"
        let planted = Array("QZ+rhZNTePHXA/Da8RfeSdpqZAcQWmoImVqMBpGDH4M=\n".utf8)
        try PrivateFile.write(planted, to: keyPath, mode: 0o644)
        do {
            _ = try await identity(provider).registered()
            Issue.record("a world-readable key was used")
        } catch {
            guard case let .storage(detail) = error else { Issue.record("\(error)"); return }
            #expect(detail.contains("mode is 644") && detail.contains("chmod 600"))
        }
        #expect(try PrivateFile.read(keyPath, limit: 100) == planted)
    }

    @Test func aRegistrationThatCannotBeKeptIsTakenBack() async throws {
        let provider = try await TestProvider.start(root: root.url)
        defer { provider.stop() }
        // Where the registration goes, a directory: writing it fails.
        try FileManager.default.createDirectory(atPath: state.path + "/device.json/blocked", withIntermediateDirectories: true)
        do {
            _ = try await identity(provider).registered()
            Issue.record("a registration that could not be stored was used")
        } catch {
            guard case .storage = error else { Issue.record("\(error)"); return }
        }
        // The account's one device slot is free again: the registration was revoked.
        try FileManager.default.removeItem(atPath: state.path + "/device.json")
        let (_, registration) = try await identity(provider).registered()
        #expect(registration.ipv4Address.hasPrefix("198.19."))
    }
}

import Foundation
import Testing
import TestSupport
@testable import Directory

@Suite struct DeviceServiceTests {
    let root: TemporaryDirectory
    let secrets: TemporaryDirectory
    static let key = "QZ+rhZNTePHXA/Da8RfeSdpqZAcQWmoImVqMBpGDH4M="

    init() throws {
        root = try TemporaryDirectory(prefix: "vpnctl-provider-root")
        secrets = try TemporaryDirectory(prefix: "vpnctl-secrets")
        _ = try root.write("accounts.json", #"{"free-token": {"tier": "free", "max_devices": 1}}"#)
    }

    func service(_ provider: TestProvider, token: String?) throws -> DeviceService {
        var tokenFile: String?
        if let token {
            let url = try secrets.write("token", token + "\n")
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
            tokenFile = url.path
        }
        return DeviceService(apiURL: provider.baseURL.absoluteString, tokenFile: tokenFile, http: HTTPClient(options: .init(caFile: provider.caFile.path)))
    }

    @Test func registersThenRefusesPastTheLimitThenFreesASlot() async throws {
        let provider = try await TestProvider.start(root: root.url)
        defer { provider.stop() }
        let devices = try service(provider, token: "free-token")
        let registration = try await devices.register(publicKey: Self.key, name: "laptop")
        #expect(registration.ipv4Address.hasPrefix("198.19."))
        #expect(registration.ipv4Address.hasSuffix("/32"))
        await #expect(throws: DeviceError.self) {
            try await devices.register(publicKey: "jY6BiRaOAkHwRbGcPaPXDXvhoz+MjmhVTRHWGQQ3F4s=", name: "phone")
        }
        try await devices.remove(registration.id)
        _ = try await devices.register(publicKey: "jY6BiRaOAkHwRbGcPaPXDXvhoz+MjmhVTRHWGQQ3F4s=", name: "phone")
    }

    @Test func needsAnAccountAndAGoodToken() async throws {
        let provider = try await TestProvider.start(root: root.url)
        defer { provider.stop() }
        await #expect(throws: DeviceError.noAccount) { try await service(provider, token: nil).register(publicKey: Self.key, name: "x") }
        await #expect(throws: DeviceError.tokenRejected) { try await service(provider, token: "wrong").register(publicKey: Self.key, name: "x") }
    }

    @Test(arguments: [#"{"id": "d1"}"#, #"{"id": "d1", "ipv4_address": "198.19.0.7"}"#, #"{"id": "", "ipv4_address": "198.19.0.7/32"}"#, "[]"])
    func rejectsAMalformedAnswer(_ body: String) {
        #expect(throws: DeviceError.self) { try DeviceService.parse(Array(body.utf8)) }
    }
}

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
        #expect(registration.ipv6Address?.hasPrefix("2001:db8:100::") == true)
        #expect(registration.ipv6Address?.hasSuffix("/128") == true)
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

    @Test func theIPv6AddressIsOptional() throws {
        let without = try DeviceService.parse(Array(#"{"id": "d1", "ipv4_address": "198.19.0.7/32"}"#.utf8))
        #expect(without == DeviceRegistration(id: "d1", ipv4Address: "198.19.0.7/32"))
        let null = try DeviceService.parse(Array(#"{"id": "d1", "ipv4_address": "198.19.0.7/32", "ipv6_address": null}"#.utf8))
        #expect(null.ipv6Address == nil)
        let with = try DeviceService.parse(Array(#"{"id": "d1", "ipv4_address": "198.19.0.7/32", "ipv6_address": "2001:db8:100::7/128"}"#.utf8))
        #expect(with.ipv6Address == "2001:db8:100::7/128")
    }

    @Test(arguments: ["\"2001:db8:100::7\"", "\"198.19.0.7/32\"", "\"2001:db8:100::7/129\"", "\"2001:db8:100::7/8\"", "\"2001:db8::7/+64\"",
                      "\"2001:db8:100::7/128\\nup\"", "\"2001:db8:100::g/128\"", "128", "[\"2001:db8:100::7/128\"]"])
    func aBadIPv6AddressIsRejectedByName(_ value: String) {
        let body = #"{"id": "d1", "ipv4_address": "198.19.0.7/32", "ipv6_address": "# + value + "}"
        #expect {
            try DeviceService.parse(Array(body.utf8))
        } throws: { error in
            (error as? DeviceError).map { "\($0)".contains("ipv6_address") } == true
        }
    }

    /// A registration saved before IPv6 existed still loads.
    @Test func anOldSavedRegistrationDecodes() throws {
        let old = try JSONDecoder().decode(DeviceRegistration.self, from: Data(#"{"id": "d1", "ipv4Address": "198.19.0.7/32"}"#.utf8))
        #expect(old.ipv6Address == nil)
        let round = try JSONDecoder().decode(DeviceRegistration.self, from: JSONEncoder().encode(DeviceRegistration(id: "d1", ipv4Address: "198.19.0.7/32", ipv6Address: "2001:db8:100::7/128")))
        #expect(round.ipv6Address == "2001:db8:100::7/128")
    }
}

import Foundation
import Testing
import TestSupport
import VPNCore
@testable import Directory

@Suite struct AccountServiceTests {
    let root: TemporaryDirectory
    let secrets: TemporaryDirectory
    let cacheDirectory: TemporaryDirectory

    init() throws {
        root = try TemporaryDirectory(prefix: "vpnctl-provider-root")
        secrets = try TemporaryDirectory(prefix: "vpnctl-secrets")
        cacheDirectory = try TemporaryDirectory(prefix: "vpnctl-cache")
        _ = try root.write("accounts.json", #"{"premium-token-1": {"tier": "premium", "max_devices": 10}, "free-token-1": {"tier": "free", "max_devices": 1}}"#)
    }

    func tokenFile(_ token: String, mode: Int = 0o600) throws -> String {
        let url = try secrets.write("token-\(token.hashValue)", token + "\n")
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        return url.path
    }

    func service(_ provider: TestProvider, tokenFile: String?) -> AccountService {
        AccountService(
            apiURL: provider.baseURL.absoluteString, tokenFile: tokenFile,
            http: HTTPClient(options: .init(caFile: provider.caFile.path)),
            cache: DirectoryCache(directory: cacheDirectory.path)
        )
    }

    @Test func noTokenMeansFreeWithoutAsking() async throws {
        let provider = try await TestProvider.start(root: root.url)
        provider.stop()
        let result = try await service(provider, tokenFile: nil).account()
        #expect(result.account.tier == .free)
        #expect(result.origin == .noToken)
    }

    @Test func premiumTokenIsPremiumAndCached() async throws {
        let provider = try await TestProvider.start(root: root.url)
        let path = try tokenFile("premium-token-1")
        let result = try await service(provider, tokenFile: path).account(refresh: true)
        #expect(result.account == Account(tier: .premium, devices: DeviceAllowance(max: 10, used: 0)))
        #expect(result.origin == .provider)
        let cached = try #require(FileManager.default.contents(atPath: cacheDirectory.path + "/account.json"))
        #expect(!String(decoding: cached, as: UTF8.self).contains("premium-token-1"), "the token itself must not be cached")

        provider.stop()
        let offline = try await service(provider, tokenFile: path).account(refresh: true)
        #expect(offline.account.tier == .premium)
        guard case .cache = offline.origin else { Issue.record("origin \(offline.origin)"); return }
        #expect(offline.warnings.first?.contains("using the account details from") == true)
    }

    @Test func anotherTokenDoesNotInheritTheCachedTier() async throws {
        let provider = try await TestProvider.start(root: root.url)
        _ = try await service(provider, tokenFile: try tokenFile("premium-token-1")).account(refresh: true)
        provider.stop()
        await #expect(throws: AccountError.self) {
            try await service(provider, tokenFile: try tokenFile("free-token-1")).account(refresh: true)
        }
    }

    @Test func rejectedTokenIsAClearError() async throws {
        let provider = try await TestProvider.start(root: root.url)
        defer { provider.stop() }
        await #expect(throws: AccountError.tokenRejected) {
            try await service(provider, tokenFile: try tokenFile("no-such-token")).account(refresh: true)
        }
    }

    @Test(arguments: [0o644, 0o640, 0o604])
    func refusesATokenFileOthersCanRead(_ mode: Int) async throws {
        let provider = try await TestProvider.start(root: root.url)
        defer { provider.stop() }
        let path = try tokenFile("premium-token-1", mode: mode)
        do {
            _ = try await service(provider, tokenFile: path).account(refresh: true)
            Issue.record("accepted mode \(String(mode, radix: 8))")
        } catch {
            #expect(error == .tokenFileTooOpen(path: path, mode: UInt32(mode)))
            #expect(error.description.contains("chmod 600"))
            #expect(!error.description.contains("premium-token-1"))
        }
    }

    @Test func refusesAMalformedToken() async throws {
        let provider = try await TestProvider.start(root: root.url)
        defer { provider.stop() }
        let path = try tokenFile("two words")
        await #expect(throws: AccountError.malformedToken(path: path)) {
            try await service(provider, tokenFile: path).account(refresh: true)
        }
    }

    @Test(arguments: [
        #"{"tier": "gold", "devices": {"max": 1, "used": 0}}"#, #"{"tier": "free"}"#, "[]", #"{"tier": "free", "devices": {"max": -1, "used": 0}}"#,
    ])
    func rejectsAMalformedAnswer(_ body: String) {
        #expect(throws: AccountError.self) { try AccountService.parse(Array(body.utf8)) }
    }
}

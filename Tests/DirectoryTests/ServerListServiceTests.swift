import Foundation
import Testing
import TestSupport
import VPNCore
@testable import Directory

/// The whole path against the real HTTPS test provider: download, verify,
/// parse, cache, and every way a download can go wrong leaving the cache as
/// it was.
@Suite struct ServerListServiceTests {
    let signingKey = DirectorySigningKey()
    let root: TemporaryDirectory
    let cacheDirectory: TemporaryDirectory

    init() throws {
        root = try TemporaryDirectory(prefix: "vpnctl-provider-root")
        cacheDirectory = try TemporaryDirectory(prefix: "vpnctl-cache")
        try publish(SampleList.bytes)
    }

    func publish(_ bytes: [UInt8], signedBy key: DirectorySigningKey? = nil) throws {
        _ = try root.write("servers.json", Data(bytes))
        _ = try root.write("servers.json.sig", (key ?? signingKey).sign(bytes) + "\n")
    }

    func service(_ provider: TestProvider) -> ServerListService {
        ServerListService(
            apiURL: provider.baseURL.absoluteString,
            publicKey: signingKey.publicKey,
            http: HTTPClient(options: .init(caFile: provider.caFile.path, totalTimeout: .seconds(10))),
            cache: DirectoryCache(directory: cacheDirectory.path)
        )
    }

    var cacheFile: String { cacheDirectory.path + "/server-list.cache" }

    func cacheBytes() -> Data? { FileManager.default.contents(atPath: cacheFile) }

    @Test func downloadsVerifiesAndCaches() async throws {
        let provider = try await TestProvider.start(root: root.url)
        defer { provider.stop() }
        let result = try await service(provider).serverList(.refresh)
        #expect(result.origin == .downloaded)
        #expect(result.list.servers.count == 8)
        #expect(result.warnings.isEmpty)
        let info = try FileManager.default.attributesOfItem(atPath: cacheFile)
        #expect((info[.posixPermissions] as? Int) == 0o600)

        // Fresh enough: answered from the cache with the provider gone.
        provider.stop()
        let cached = try await service(provider).listing(.cachedIfFresh)
        guard case .cache = cached.origin else { Issue.record("not from cache: \(cached.origin)"); return }
        #expect(Set(cached.list.servers.map(\.id)) == Set(result.list.servers.map(\.id)))
        #expect(cached.list.locations == result.list.locations)
        let full = try await service(provider).serverList(.cachedIfFresh)
        #expect(full.list.servers == result.list.servers)
    }

    @Test func reusesTheCacheOn304() async throws {
        let provider = try await TestProvider.start(root: root.url)
        defer { provider.stop() }
        _ = try await service(provider).serverList(.refresh)
        let second = try await service(provider).serverList(.refresh)
        #expect(second.origin == .notModified)
        #expect(second.list.servers.count == 8)
    }

    @Test func refreshesWhenTheListChanges() async throws {
        let provider = try await TestProvider.start(root: root.url)
        defer { provider.stop() }
        _ = try await service(provider).serverList(.refresh)
        try publish(SampleList.mutatingServer(0) { $0["load"] = 99 })
        let result = try await service(provider).serverList(.refresh)
        #expect(result.origin == .downloaded)
        #expect(result.list.servers[0].load.rawValue == 99)
    }

    enum Forgery: String, CaseIterable, Sendable {
        case oneByteChanged, otherKey, missingSignature, malformedSignature, signedButMalformed
    }

    @Test(arguments: Forgery.allCases)
    func rejectedDownloadLeavesTheCacheAlone(_ forgery: Forgery) async throws {
        let provider = try await TestProvider.start(root: root.url)
        defer { provider.stop() }
        _ = try await service(provider).serverList(.refresh)
        let before = try #require(cacheBytes())

        var changed = SampleList.mutatingServer(0) { $0["load"] = 1 }
        switch forgery {
        case .oneByteChanged:
            let signature = signingKey.sign(changed)
            changed[changed.count / 2] ^= 0x01
            _ = try root.write("servers.json", Data(changed))
            _ = try root.write("servers.json.sig", signature)
        case .otherKey:
            try publish(changed, signedBy: DirectorySigningKey())
        case .missingSignature:
            _ = try root.write("servers.json", Data(changed))
            try FileManager.default.removeItem(at: root.url.appendingPathComponent("servers.json.sig"))
        case .malformedSignature:
            _ = try root.write("servers.json", Data(changed))
            _ = try root.write("servers.json.sig", "this is not a signature")
        case .signedButMalformed:
            try publish(SampleList.mutatingServer(0) { $0["load"] = 140 })
        }

        do {
            _ = try await service(provider).serverList(.refresh)
            Issue.record("\(forgery): accepted")
        } catch {
            guard case let .rejected(rejection) = error else { Issue.record("\(forgery): \(error)"); return }
            switch (forgery, rejection) {
            case (.oneByteChanged, .signature(.signatureMismatch)), (.otherKey, .signature(.signatureMismatch)),
                 (.missingSignature, .signature(.missingSignature)), (.malformedSignature, .signature(.malformedSignature)):
                #expect(error.description.contains("was not used") || error.description.contains("malformed"))
            case let (.signedButMalformed, .parse(parseError)):
                #expect(parseError.description.contains("servers[0] (\"de-fra-001\").load"))
            default:
                Issue.record("\(forgery): unexpected \(rejection)")
            }
        }
        #expect(cacheBytes() == before, "\(forgery) changed the cache")

        // In everyday use the good cached copy stands in, with a warning.
        var everyday = service(provider)
        everyday.maximumAge = .zero
        let fallback = try await everyday.serverList(.cachedIfFresh)
        #expect(fallback.list.servers[0].load.rawValue == 23)
        #expect(fallback.warnings.contains { $0.contains("could not refresh the server list") && $0.contains("using the copy fetched") })
    }

    @Test func unreachableProviderFallsBackToTheCache() async throws {
        let provider = try await TestProvider.start(root: root.url)
        _ = try await service(provider).serverList(.refresh)
        provider.stop()
        var offline = service(provider)
        offline.maximumAge = .zero
        let result = try await offline.serverList(.cachedIfFresh)
        guard case .cache = result.origin else { Issue.record("origin \(result.origin)"); return }
        #expect(result.warnings.first?.contains("using the copy fetched") == true)
        await #expect(throws: DirectoryError.self) { try await offline.serverList(.refresh) }
    }

    @Test func unreachableProviderWithoutCacheIsAnError() async throws {
        let provider = try await TestProvider.start(root: root.url)
        provider.stop()
        do {
            _ = try await service(provider).serverList()
            Issue.record("succeeded without provider or cache")
        } catch {
            guard case .unreachable = error else { Issue.record("\(error)"); return }
            #expect(error.description.contains("No cached copy exists yet"))
        }
    }

    @Test func expiredListIsRefreshedAndUsedWithAWarningWhenNothingNewer() async throws {
        try publish(SampleList.mutated { $0["expires_at"] = "2026-01-01T00:00:00Z" })
        let provider = try await TestProvider.start(root: root.url)
        defer { provider.stop() }
        let first = try await service(provider).serverList()
        #expect(first.origin == .downloaded)
        #expect(first.warnings.contains { $0.contains("expired at 2026-01-01T00:00:00Z") })
        // Expired, so even a young cache is checked again: the provider says 304.
        let second = try await service(provider).serverList()
        #expect(second.origin == .notModified)
        #expect(second.warnings.contains { $0.contains("expired") })
    }

    @Test func fileURLsWork() async throws {
        var local = ServerListService(
            apiURL: root.url.absoluteString, publicKey: signingKey.publicKey,
            http: HTTPClient(options: .init()), cache: DirectoryCache(directory: cacheDirectory.path)
        )
        local.maximumAge = .zero
        let result = try await local.serverList()
        #expect(result.origin == .downloaded)
        #expect(result.list.locations.count == 5)
    }
}

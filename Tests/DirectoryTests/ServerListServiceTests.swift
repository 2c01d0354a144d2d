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
        let cached = try await service(provider).serverList(.cachedIfFresh)
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
        // Within the grace period after its expiry.
        var service = service(provider)
        service.now = { RFC3339.parse("2026-01-01T06:00:00Z")! }
        let first = try await service.serverList()
        #expect(first.origin == .downloaded)
        #expect(first.warnings.contains { $0.contains("expired at 2026-01-01T00:00:00Z") })
        // Expired, so even a young cache is checked again: the provider says 304.
        let second = try await service.serverList()
        #expect(second.origin == .notModified)
        #expect(second.warnings.contains { $0.contains("expired") })
    }

    /// Tried as a new user would: a list that expired in 1999, signed by the
    /// right key, must not be taken.
    @Test func aListExpiredLongAgoIsRefusedAndNotCached() async throws {
        try publish(SampleList.mutated {
            $0["generated_at"] = "1999-01-01T00:00:00Z"
            $0["expires_at"] = "1999-02-01T00:00:00Z"
        })
        let provider = try await TestProvider.start(root: root.url)
        defer { provider.stop() }
        do {
            _ = try await service(provider).serverList(.refresh)
            Issue.record("an expired list was taken")
        } catch {
            guard case .rejected(.expired) = error else { Issue.record("\(error)"); return }
            #expect(error.description.contains("expired at 1999-02-01T00:00:00Z"))
        }
        #expect(cacheBytes() == nil)
    }

    @Test func aReplayedOlderListDoesNotReplaceTheCachedOne() async throws {
        let provider = try await TestProvider.start(root: root.url)
        defer { provider.stop() }
        _ = try await service(provider).serverList(.refresh)
        let cached = cacheBytes()
        // Properly signed, only older: what someone who kept an old list and
        // its signature can serve in the provider's place.
        try publish(SampleList.mutated {
            $0["generated_at"] = "2026-10-01T00:00:00Z"
            $0["servers"] = Array(($0["servers"] as! [Any]).prefix(2))
        })
        do {
            _ = try await service(provider).serverList(.refresh)
            Issue.record("an older list replaced a newer one")
        } catch {
            guard case .rejected(.rollback) = error else { Issue.record("\(error)"); return }
            #expect(error.description.contains("before the cached one (2026-11-01T00:00:00Z)"))
        }
        #expect(cacheBytes() == cached)
        // Everyday use keeps the newer list, and says why.
        var everyday = service(provider)
        everyday.maximumAge = .zero
        let result = try await everyday.serverList(.cachedIfFresh)
        #expect(result.list.servers.count == 8)
        #expect(result.warnings.contains { $0.contains("generated at 2026-10-01T00:00:00Z") })
    }

    @Test func aCacheChangedOnDiskIsNotUsed() async throws {
        let provider = try await TestProvider.start(root: root.url)
        _ = try await service(provider).serverList(.refresh)
        // One digit of a load, in place: the file's layout stays valid.
        var bytes = try #require(cacheBytes())
        let loadKey = Data("\"load\": 23".utf8)
        let at = try #require(bytes.range(of: loadKey))
        bytes[at.upperBound - 1] = UInt8(ascii: "9")
        try bytes.write(to: URL(fileURLWithPath: cacheFile))
        // With the provider gone, nothing is left to use.
        provider.stop()
        var offline = service(provider)
        offline.maximumAge = .seconds(3600)
        do {
            _ = try await offline.serverList(.cachedIfFresh)
            Issue.record("a tampered cache was used")
        } catch {
            guard case .unreachable = error else { Issue.record("\(error)"); return }
        }
        // With it back, a fresh download replaces it, and the warning says why.
        let again = try await TestProvider.start(root: root.url)
        defer { again.stop() }
        let result = try await service(again).serverList(.cachedIfFresh)
        #expect(result.origin == .downloaded)
        #expect(result.list.servers[0].load.rawValue == 23)
        #expect(result.warnings.contains { $0.contains("fails its signature check") })
    }

    @Test func aCachedListLongPastItsExpiryIsNotUsedWhenNothingNewerCanBeHad() async throws {
        try publish(SampleList.mutated { $0["expires_at"] = "2026-11-02T00:00:00Z" })
        let provider = try await TestProvider.start(root: root.url)
        var service = service(provider)
        service.now = { RFC3339.parse("2026-11-01T12:00:00Z")! }
        _ = try await service.serverList(.refresh)
        provider.stop()
        service.now = { RFC3339.parse("2026-11-05T00:00:00Z")! }
        do {
            _ = try await service.serverList(.cachedIfFresh)
            Issue.record("a list three days past its expiry was used")
        } catch {
            guard case .stale = error else { Issue.record("\(error)"); return }
            #expect(error.description.contains("vpnctl refresh"))
        }
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

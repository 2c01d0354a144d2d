import Foundation
import Testing
import TestSupport
import VPNCore
@testable import Directory

/// The cache's listing index must answer exactly as the parsed list does.
@Suite struct ListingIndexTests {
    let list = try! ServerListParser.parse(SampleList.bytes)

    @Test func answersLikeTheParsedList() throws {
        let catalog = try IndexedCatalog(bytes: ListingIndex.encode(list))
        #expect(catalog.generatedAt == list.generatedAt)
        #expect(catalog.expiresAt == list.expiresAt)
        #expect(catalog.locations == list.locations)
        for location in list.locations {
            #expect(catalog.location(location.id) == location)
            #expect(catalog.tier(of: location.id) == list.tier(of: location.id))
            #expect(catalog.servers(in: location.id) == list.servers(in: location.id).map(\.withoutParameters))
        }
        for server in list.servers {
            #expect(catalog.server(server.id) == server.withoutParameters)
        }
        #expect(catalog.server(ServerID(rawValue: "zz-none-001")!) == nil)
        #expect(catalog.server(ServerID(rawValue: "a")!) == nil)
        #expect(catalog.servers.count == list.servers.count)
    }

    @Test func findsEveryServerOfALargeList() throws {
        var document = SampleList.document
        let template = (document["servers"] as! [[String: Any]])[0]
        document["servers"] = (0..<2000).map { number -> [String: Any] in
            var server = template
            server["id"] = "srv-\((number * 7919) % 2000)"
            server["location"] = ["de-fra", "nl-ams", "us-nyc", "ch-zrh", "br-sao"][number % 5]
            server["load"] = number % 101
            return server
        }
        let large = try ServerListParser.parse(SampleList.bytes(of: document))
        let catalog = try IndexedCatalog(bytes: ListingIndex.encode(large))
        for server in large.servers {
            #expect(catalog.server(server.id)?.id == server.id)
        }
        #expect(catalog.servers(in: LocationID(rawValue: "us-nyc")!).count == 400)
    }

    @Test func refusesADamagedIndex() {
        var bytes = ListingIndex.encode(list)
        bytes[bytes.count - 10] ^= 0xFF
        #expect(throws: ListingIndexError.self) { try IndexedCatalog(bytes: bytes) }
        #expect(throws: ListingIndexError.self) { try IndexedCatalog(bytes: Array(ListingIndex.encode(list).dropLast(7))) }
        #expect(throws: ListingIndexError.self) { try IndexedCatalog(bytes: []) }
    }

    @Test func damagedCacheFileIsReportedNotTrusted() throws {
        let directory = try TemporaryDirectory(prefix: "vpnctl-cache")
        let cache = DirectoryCache(directory: directory.path)
        let key = DirectorySigningKey()
        let document = try key.publicKey.verify(SampleList.bytes, signature: Array(key.sign(SampleList.bytes).utf8))
        try cache.store(CachedServerList(list: list, document: document, etag: "\"v1\"", fetchedAt: Date(timeIntervalSince1970: 1_795_600_800)))
        let listing = try #require(try cache.loadListing())
        #expect(listing.etag == "\"v1\"")
        #expect(listing.fetchedAt == Date(timeIntervalSince1970: 1_795_600_800))
        #expect(try cache.loadServerList()?.list == list)

        let path = directory.path + "/server-list.cache"
        var bytes = try #require(FileManager.default.contents(atPath: path))
        bytes[bytes.count - 3] ^= 0x55
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(throws: CacheError.self) { try cache.loadListing() }
        try Data(bytes.prefix(100)).write(to: URL(fileURLWithPath: path))
        #expect(throws: CacheError.self) { try cache.loadListing() }
        #expect(throws: CacheError.self) { try cache.loadServerList() }
    }
}

extension Server {
    /// What the listing index keeps of a server.
    var withoutParameters: Server {
        var copy = self
        copy.offers = offers.map { ProtocolOffer(protocolName: $0.protocolName, transport: $0.transport, ports: $0.ports) }
        return copy
    }
}

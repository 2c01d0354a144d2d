import Addressing
@testable import Directory
import Foundation
import Testing
import VPNCore

@Suite struct ServerListParserTests {
    @Test func parsesTheSampleList() throws {
        let list = try ServerListParser.parse(SampleList.bytes)
        #expect(list.locations.count == 5)
        #expect(list.servers.count == 8)
        let zurich = try #require(list.location(LocationID(rawValue: "ch-zrh")!))
        #expect(zurich.city == "Zürich")
        #expect(zurich.countryCode.rawValue == "CH")
        let frankfurt = try #require(list.server(ServerID(rawValue: "de-fra-001")!))
        #expect(frankfurt.ipv4.description == "203.0.113.11")
        #expect(frankfurt.ipv6?.description == "2001:db8::11")
        #expect(frankfurt.protocols == [.wireguard, .openvpnUDP, .openvpnTCP, .l2tpIPsec])
        #expect(frankfurt.offers.first { $0.protocolName == .openvpnTCP }?.ports == [443])
        #expect(list.tier(of: LocationID(rawValue: "us-nyc")!) == .premium)
        #expect(list.tier(of: LocationID(rawValue: "nl-ams")!) == .free)
        #expect(RFC3339.format(list.generatedAt) == "2026-11-01T00:00:00Z")
    }

    @Test func readsTheTunnelResolvers() throws {
        let bytes = SampleList.mutatingServer(0) { $0["wireguard"] = ["public_key": "QZ+rhZNTePHXA/Da8RfeSdpqZAcQWmoImVqMBpGDH4M=", "port": 51820, "dns": ["198.19.0.1", "198.19.0.2"]] }
        let list = try ServerListParser.parse(bytes)
        #expect(list.servers[0].resolvers == [IPv4Address("198.19.0.1")!, IPv4Address("198.19.0.2")!])
        #expect(list.servers[0].offers.first { $0.protocolName == .wireguard }?.parameters["dns"] == nil, "resolvers are the server's, not a parameter")
    }

    @Test func ignoresUnknownFields() throws {
        let bytes = SampleList.mutated { document in
            document["publisher"] = ["name": "future"]
            var servers = document["servers"] as! [[String: Any]]
            servers[0]["quantum"] = [1, 2, 3]
            servers[0]["ikev3"] = ["port": 9]
            document["servers"] = servers
        }
        let list = try ServerListParser.parse(bytes)
        #expect(list.servers.count == 8)
        #expect(list.servers[0].protocols.contains(.wireguard))
    }

    @Test func readsExpiry() throws {
        let bytes = SampleList.mutated { $0["expires_at"] = "2026-11-02T12:30:00+02:00" }
        let list = try ServerListParser.parse(bytes)
        #expect(list.expiresAt.map(RFC3339.format) == "2026-11-02T10:30:00Z")
        let expiry = try #require(list.expiresAt).timeIntervalSince1970
        let expiredAfter = list.isExpired(at: Date(timeIntervalSince1970: expiry + 1))
        let expiredBefore = list.isExpired(at: Date(timeIntervalSince1970: expiry - 1))
        #expect(expiredAfter)
        #expect(!expiredBefore)
    }

    @Test(arguments: MalformedList.corpus)
    func rejectsMalformedList(_ sample: MalformedList) {
        do {
            _ = try ServerListParser.parse(sample.bytes)
            Issue.record("\(sample.name): accepted")
        } catch {
            let message = error.description
            #expect(message.hasPrefix("The server list was rejected: "), "\(sample.name): \(message)")
            for fragment in sample.expected {
                #expect(message.contains(fragment), "\(sample.name): \(message) lacks \(fragment)")
            }
        }
    }

    @Test func corpusIsLargeEnough() {
        #expect(MalformedList.corpus.count >= 30)
    }

    /// Every prefix shorter than the whole is an error, never a crash.
    @Test func everyTruncationIsRejected() {
        let bytes = SampleList.bytes
        var generator = SystemRandomNumberGenerator()
        let cuts = (0..<300).map { _ in Int.random(in: 0..<(bytes.count - 2), using: &generator) } + [0, 1, bytes.count - 3]
        for cut in cuts {
            #expect(throws: ServerListParseError.self) { try ServerListParser.parse(bytes[..<cut]) }
        }
    }

    /// Random byte changes: either a clean parse or a clean error.
    @Test func randomCorruptionNeverCrashes() {
        let original = SampleList.bytes
        var generator = SystemRandomNumberGenerator()
        var rejected = 0
        for _ in 0..<500 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if (try? ServerListParser.parse(bytes)) == nil { rejected += 1 }
        }
        #expect(rejected > 0)
    }

    @Test func refusesAHundredMegabyteList() {
        var bytes = Array("{\"schema\":1,\"padding\":\"".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 100 << 20)
        bytes += Array("\"}".utf8)
        #expect {
            try ServerListParser.parse(bytes)
        } throws: { error in
            guard case let .tooLarge(size, limit)? = error as? ServerListParseError else { return false }
            return size > 100 << 20 && limit == ServerListParser.maximumSize
        }
    }
}

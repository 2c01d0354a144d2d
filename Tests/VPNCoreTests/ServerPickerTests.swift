import Testing
import VPNCore

@Suite struct ServerPickerTests {
    let picker = ServerPicker()
    let frankfurt = LocationMatch.location(Fixture.location("de-fra"))
    let frankfurtServers = Fixture.list.servers(in: LocationID(rawValue: "de-fra")!)
    var frankfurtFree: [Server] { frankfurtServers.filter { $0.tier == .free } }
    /// Frankfurt's free servers within 10 load points of the lowest online one (12).
    let nearBestFree: Set<String> = ["de-fra-001", "de-fra-002", "de-fra-003"]

    @Test func rankSkipsOfflineServersAndOrdersByLoad() throws {
        let ranked = try picker.ranked(frankfurtServers, offering: nil, in: frankfurt)
        #expect(ranked.ids == ["de-fra-101", "de-fra-001", "de-fra-002", "de-fra-003", "de-fra-004"])
    }

    @Test func equalLoadsRankById() throws {
        let servers = ["nl-ams-001", "de-fra-002", "de-fra-001"].map { id in
            var server = Fixture.server(id)
            server.load = Load(rawValue: 7)!
            return server
        }
        #expect(try picker.ranked(servers, offering: nil, in: nil).ids == ["de-fra-001", "de-fra-002", "nl-ams-001"])
    }

    @Test(arguments: [
        (ProtocolName.openvpnTCP, ["de-fra-001", "de-fra-004"]),
        (ProtocolName.openvpnUDP, ["de-fra-001", "de-fra-002"]),
        (ProtocolName.wireguard, ["de-fra-001", "de-fra-002", "de-fra-003", "de-fra-004"]),
    ])
    func keepsOnlyServersOfferingTheProtocol(_ protocolName: ProtocolName, _ ids: [String]) throws {
        #expect(try picker.ranked(frankfurtFree, offering: protocolName, in: frankfurt).ids == ids)
    }

    @Test func protocolNobodyOffersSaysWhatIsOffered() {
        let portland = LocationMatch.location(Fixture.location("au-ptl"))
        let servers = Fixture.list.servers(in: LocationID(rawValue: "au-ptl")!)
        let error = #expect(throws: SelectionError.self) {
            try picker.ranked(servers, offering: .wireguard, in: portland)
        }
        #expect(error == .protocolNotOffered(.wireguard, location: portland, offered: [.openvpnUDP, .openvpnTCP]))
        #expect(error?.description == """
            No online server in Portland, Australia (au-ptl) offers wireguard. \
            Servers there offer openvpn-udp, openvpn-tcp: pick one of those, or another location.
            """)
    }

    @Test func offlineServersOfferNothing() {
        // l2tp-ipsec is only on de-fra-101 (premium); an offline free server offering it must not count.
        var offline = Fixture.server("de-fra-005")
        offline.offers = [Fixture.l2tp]
        let error = #expect(throws: SelectionError.self) {
            try picker.ranked(frankfurtFree.filter { $0.id != offline.id } + [offline], offering: .l2tpIPsec, in: frankfurt)
        }
        guard case let .protocolNotOffered(_, _, offered) = error else {
            Issue.record("expected protocolNotOffered, got \(String(describing: error))")
            return
        }
        #expect(!offered.contains(.l2tpIPsec))
        #expect(offered == [.wireguard, .openvpnUDP, .openvpnTCP])
    }

    @Test func serversWithoutAnyProtocolAreNotPickedForAnyProtocol() {
        var bare = Fixture.server("de-fra-001")
        bare.offers = []
        let error = #expect(throws: SelectionError.self) { try picker.ranked([bare], offering: nil, in: frankfurt) }
        #expect(error == .protocolNotOffered(nil, location: frankfurt, offered: []))
    }

    @Test func noServerOnline() {
        let malmo = LocationMatch.location(Fixture.location("se-mma"))
        let error = #expect(throws: SelectionError.self) {
            try picker.ranked(Fixture.list.servers(in: LocationID(rawValue: "se-mma")!), offering: nil, in: malmo)
        }
        #expect(error == .noServerOnline(location: malmo))
        #expect(error?.description.contains("Malmö, Sweden (se-mma)") == true)
    }

    @Test func nearBestIsTheBandAboveTheLowest() throws {
        let ranked = try picker.ranked(frankfurtFree, offering: nil, in: frankfurt)
        #expect(Set(picker.nearBest(ranked).map(\.id.rawValue)) == nearBestFree)
        #expect(ServerPicker(band: 0).nearBest(ranked).map(\.id.rawValue) == ["de-fra-001"])
        #expect(ServerPicker(band: 11).nearBest(ranked).count == 4)
    }

    @Test(arguments: 0..<200)
    func pickIsAlwaysInTheBandAndRepeatsForASeed(_ seed: UInt64) throws {
        var generator = SeededRandomNumberGenerator(seed: seed)
        var again = SeededRandomNumberGenerator(seed: seed)
        let picked = try picker.pick(from: frankfurtFree, offering: nil, in: frankfurt, using: &generator)
        let repeated = try picker.pick(from: frankfurtFree, offering: nil, in: frankfurt, using: &again)
        #expect(nearBestFree.contains(picked.id.rawValue))
        #expect(picked.online)
        #expect(picked == repeated)
    }

    @Test func picksSpreadOverTheBandWeightedTowardLowLoad() throws {
        var counts: [String: Int] = [:]
        for seed in UInt64(0)..<1000 {
            var generator = SeededRandomNumberGenerator(seed: seed)
            let picked = try picker.pick(from: frankfurtFree, offering: nil, in: frankfurt, using: &generator)
            counts[picked.id.rawValue, default: 0] += 1
        }
        #expect(Set(counts.keys) == nearBestFree)
        // Weights 11, 8 and 2 for loads 12, 15 and 21.
        let first = counts["de-fra-001", default: 0], second = counts["de-fra-002", default: 0], third = counts["de-fra-003", default: 0]
        #expect(first > second)
        #expect(second > third)
        #expect(third > 0)
    }

    @Test func zeroBandAlwaysTakesTheLowest() throws {
        let strict = ServerPicker(band: 0)
        for seed in UInt64(0)..<50 {
            var generator = SeededRandomNumberGenerator(seed: seed)
            #expect(try strict.pick(from: frankfurtFree, offering: nil, in: frankfurt, using: &generator).id.rawValue == "de-fra-001")
        }
    }
}

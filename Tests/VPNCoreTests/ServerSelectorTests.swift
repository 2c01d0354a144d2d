import Testing
import VPNCore

@Suite struct ServerSelectorTests {
    let free = ServerSelector(list: Fixture.list, tier: .free)
    let premium = ServerSelector(list: Fixture.list, tier: .premium)

    private func select(
        _ selector: ServerSelector, _ text: String, protocol protocolName: ProtocolName? = nil, seed: UInt64 = 1
    ) throws -> Selection {
        var generator = SeededRandomNumberGenerator(seed: seed)
        return try selector.select(LocationQuery(parsing: text), protocol: protocolName, using: &generator)
    }

    @Test(arguments: 0..<50)
    func freeCityPicksANearBestFreeServer(_ seed: UInt64) throws {
        let selection = try select(free, "frankfurt", seed: seed)
        #expect(["de-fra-001", "de-fra-002", "de-fra-003"].contains(selection.server.id.rawValue))
        #expect(selection.location == Fixture.location("de-fra"))
        #expect(selection.reason.contains("in Frankfurt, Germany"))
    }

    @Test func reasonNamesThePlaceAndTheLoad() throws {
        let strict = ServerSelector(list: Fixture.list, tier: .free, picker: ServerPicker(band: 0))
        var generator = SeededRandomNumberGenerator(seed: 7)
        let selection = try strict.select(.named("Frankfurt"), protocol: nil, using: &generator)
        #expect(selection.server.id.rawValue == "de-fra-001")
        #expect(selection.reason == "lowest load in Frankfurt, Germany (12%)")
    }

    @Test func reasonForADrawAboveTheLowestSaysSo() throws {
        var above: Selection?
        for seed in UInt64(0)..<100 where above == nil {
            let selection = try select(free, "de-fra", seed: seed)
            if selection.server.load.rawValue > 12 { above = selection }
        }
        let selection = try #require(above)
        #expect(selection.reason == "near-lowest load in Frankfurt, Germany (\(selection.server.load), lowest 12%)")
    }

    @Test(arguments: 0..<50)
    func fastestForFreeUsesOnlyFreeServers(_ seed: UInt64) throws {
        let selection = try select(free, "fastest", seed: seed)
        #expect(["de-fra-001", "de-fra-002", "de-fra-003"].contains(selection.server.id.rawValue))
        #expect(selection.server.tier == .free)
    }

    @Test(arguments: 0..<50)
    func fastestForPremiumUsesEveryServer(_ seed: UInt64) throws {
        let selection = try select(premium, "FASTEST", seed: seed)
        #expect(["de-fra-101", "nl-ams-101", "de-fra-001", "de-fra-002"].contains(selection.server.id.rawValue))
        #expect(selection.reason.contains("of all locations you can use: \(selection.location.displayName)"))
    }

    @Test func fastestDrawsFromMoreThanOneLocationForPremium() throws {
        let locations = try Set((UInt64(0)..<200).map { try select(premium, "fastest", seed: $0).location.id.rawValue })
        #expect(locations == ["de-fra", "nl-ams"])
    }

    @Test func freeCountryGetsOnlyFreeServers() throws {
        for seed in UInt64(0)..<50 {
            let selection = try select(free, "germany", seed: seed)
            #expect(selection.server.tier == .free)
            #expect(selection.location.id.rawValue == "de-fra")
        }
    }

    @Test func premiumCountryGetsPremiumServers() throws {
        let picked = try Set((UInt64(0)..<100).map { try select(premium, "de", seed: $0).server.id.rawValue })
        #expect(picked.contains("de-fra-101"))
        #expect(picked.isSubset(of: ["de-fra-101", "de-fra-001", "de-fra-002"]))
    }

    @Test func freeAskingPremiumOnlyLocationIsToldTheFreeLocations() {
        let error = #expect(throws: SelectionError.self) { try select(free, "new york") }
        guard case let .requiresPremium(location, freeLocations) = error else {
            Issue.record("expected requiresPremium, got \(String(describing: error))")
            return
        }
        #expect(location == .location(Fixture.location("us-nyc")))
        #expect(freeLocations.ids == Fixture.freeLocationIDs)
    }

    @Test(arguments: ["us", "usa", "us-nyc-101", "de-cgn"])
    func freeAskingOnlyPremiumIsRefused(_ text: String) {
        let error = #expect(throws: SelectionError.self) { try select(free, text) }
        guard case .requiresPremium = error else {
            Issue.record("expected requiresPremium, got \(String(describing: error))")
            return
        }
    }

    @Test func premiumGetsPremiumOnlyLocation() throws {
        let selection = try select(premium, "nyc")
        #expect(["us-nyc-101", "us-nyc-102"].contains(selection.server.id.rawValue))
    }

    @Test func serverIdIsTakenAsAsked() throws {
        let selection = try select(free, "de-fra-003", seed: 99)
        #expect(selection.server.id.rawValue == "de-fra-003")
        #expect(selection.reason == "server de-fra-003 as asked (load 21%)")
    }

    @Test func offlineServerAskedByIdIsAnError() {
        let error = #expect(throws: SelectionError.self) { try select(free, "de-fra-005") }
        #expect(error == .noServerOnline(location: .server(Fixture.server("de-fra-005"))))
        #expect(error?.description == "Server de-fra-005 is offline right now. Try its location, de-fra, or fastest.")
    }

    @Test func serverAskedByIdMustOfferTheProtocol() {
        let error = #expect(throws: SelectionError.self) { try select(free, "de-fra-003", protocol: .openvpnTCP) }
        #expect(error == .protocolNotOffered(.openvpnTCP, location: .server(Fixture.server("de-fra-003")), offered: [.wireguard]))
    }

    @Test func locationWithEveryServerOfflineIsAnError() {
        let error = #expect(throws: SelectionError.self) { try select(free, "malmo") }
        #expect(error == .noServerOnline(location: .location(Fixture.location("se-mma"))))
    }

    @Test func protocolFilterNarrowsThePick() throws {
        for seed in UInt64(0)..<50 {
            #expect(try select(free, "de", protocol: .openvpnTCP, seed: seed).server.id.rawValue == "de-fra-001")
        }
        let error = #expect(throws: SelectionError.self) { try select(free, "fastest", protocol: .l2tpIPsec) }
        guard case let .protocolNotOffered(wanted, location, offered) = error else {
            Issue.record("expected protocolNotOffered, got \(String(describing: error))")
            return
        }
        #expect(wanted == .l2tpIPsec)
        #expect(location == nil)
        #expect(Set(offered) == [.wireguard, .openvpnUDP, .openvpnTCP])
    }

    @Test func resolutionErrorsPassThrough() {
        #expect(throws: SelectionError.ambiguous(query: "portland", candidates: [Fixture.location("au-ptl"), Fixture.location("us-pdx")])) {
            try select(premium, "portland")
        }
        #expect(throws: SelectionError.unknownLocation(query: "frankfrut", suggestions: ["Frankfurt (de-fra)"])) {
            try select(premium, "frankfrut")
        }
    }

    @Test func listingEverything() throws {
        let all = try free.servers(matching: nil)
        #expect(all.count == Fixture.servers.count)
        #expect(try free.servers(matching: .fastest) == all)
        // Place order: Australia, Brazil, Chile, Germany (Frankfurt, Köln), ...
        #expect(Array(all.ids.prefix(4)) == ["au-ptl-001", "br-sao-101", "cl-scl-001", "de-fra-101"])
    }

    @Test func listingALocationIncludesPremiumAndPutsOfflineLast() throws {
        #expect(try free.servers(matching: .named("amsterdam")).ids == ["nl-ams-101", "nl-ams-001", "nl-ams-002"])
    }

    @Test func listingACountryOrdersByLocationThenLoad() throws {
        #expect(try free.servers(matching: .named("de")).ids == [
            "de-fra-101", "de-fra-001", "de-fra-002", "de-fra-003", "de-fra-004", "de-fra-005", "de-cgn-101",
        ])
    }

    @Test func listingAServer() throws {
        #expect(try free.servers(matching: .named("us-nyc-102")).ids == ["us-nyc-102"])
        #expect(throws: SelectionError.self) { try free.servers(matching: .named("san")) }
    }

    @Test func summariesInPlaceOrderWithAvailability() {
        let summaries = free.locationSummaries()
        #expect(summaries.map(\.location.id.rawValue) == [
            "au-ptl", "br-sao", "cl-scl", "de-fra", "de-cgn", "nl-ams", "se-mma", "ch-zrh", "us-nyc", "us-pdx", "us-sjc",
        ])
        #expect(summaries.filter(\.isAvailable).map(\.location.id.rawValue) == Fixture.freeLocationIDs)
        #expect(summaries.filter { $0.tier == .free }.map(\.location.id.rawValue) == Fixture.freeLocationIDs)
        #expect(premium.locationSummaries().allSatisfy { $0.isAvailable })
    }

    @Test(arguments: [
        ("de-fra", 6, 12 as Int?, 5 as Int?),
        ("nl-ams", 3, 50, 10),
        ("us-nyc", 2, nil, 30),
        ("se-mma", 2, nil, nil),
    ])
    func summaryCountsAndBestLoadForTheAccount(_ id: String, _ count: Int, _ freeLoad: Int?, _ premiumLoad: Int?) throws {
        let forFree = try #require(free.locationSummaries().first { $0.location.id.rawValue == id })
        let forPremium = try #require(premium.locationSummaries().first { $0.location.id.rawValue == id })
        #expect(forFree.serverCount == count)
        #expect(forPremium.serverCount == count)
        #expect(forFree.bestLoad?.rawValue == freeLoad)
        #expect(forPremium.bestLoad?.rawValue == premiumLoad)
    }
}

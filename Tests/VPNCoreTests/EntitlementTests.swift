import Testing
import VPNCore

@Suite struct EntitlementTests {
    let free = Entitlement(tier: .free)
    let premium = Entitlement(tier: .premium)

    @Test func freeNeverGetsAPremiumServer() {
        #expect(free.allows(Fixture.server("de-fra-001")))
        #expect(!free.allows(Fixture.server("de-fra-101")))
        #expect(premium.allows(Fixture.server("de-fra-001")))
        #expect(premium.allows(Fixture.server("de-fra-101")))
    }

    @Test(arguments: [("de-fra", true), ("nl-ams", true), ("se-mma", true), ("us-nyc", false), ("de-cgn", false)])
    func locationIsAvailableToFreeWhenItHasAFreeServer(_ id: String, _ available: Bool) {
        let location = LocationID(rawValue: id)!
        #expect(free.isAvailable(location, in: Fixture.list) == available)
        #expect(premium.isAvailable(location, in: Fixture.list))
    }

    @Test func freeLocationsInPlaceOrder() {
        #expect(Entitlement.freeLocations(in: Fixture.list).ids == Fixture.freeLocationIDs)
    }

    @Test func freeAskingAPremiumOnlyLocationGetsTheFreeLocations() {
        let newYork = LocationMatch.location(Fixture.location("us-nyc"))
        let error = #expect(throws: SelectionError.self) { try free.usableServers(for: newYork, in: Fixture.list) }
        guard case let .requiresPremium(location, freeLocations) = error else {
            Issue.record("expected requiresPremium, got \(String(describing: error))")
            return
        }
        #expect(location == newYork)
        #expect(freeLocations.ids == Fixture.freeLocationIDs)
        #expect(error?.description == """
            New York, USA (us-nyc) needs a Premium account. Free locations: au-ptl (Portland, Australia), \
            cl-scl (Santiago, Chile), de-fra (Frankfurt, Germany), nl-ams (Amsterdam, Netherlands), \
            se-mma (Malmö, Sweden). Upgrade, or pick a free location.
            """)
    }

    @Test func freeAskingAPremiumServerInAFreeLocationIsRefused() {
        let server = LocationMatch.server(Fixture.server("nl-ams-101"))
        let error = #expect(throws: SelectionError.self) { try free.usableServers(for: server, in: Fixture.list) }
        #expect(error == .requiresPremium(location: server, freeLocations: Entitlement.freeLocations(in: Fixture.list)))
        #expect(error?.description.hasPrefix("Server nl-ams-101 (nl-ams) needs a Premium account.") == true)
    }

    @Test func freeCountryMatchKeepsOnlyFreeServers() throws {
        let germany = LocationMatch.country(CountryCode(rawValue: "DE")!, [Fixture.location("de-fra"), Fixture.location("de-cgn")])
        let servers = try free.usableServers(for: germany, in: Fixture.list)
        #expect(Set(servers.ids) == ["de-fra-001", "de-fra-002", "de-fra-003", "de-fra-004", "de-fra-005"])
        #expect(servers.allSatisfy { $0.tier == .free })
    }

    @Test func freeCountryWithoutFreeServersRequiresPremium() {
        let usa = LocationMatch.country(
            CountryCode(rawValue: "US")!, [Fixture.location("us-nyc"), Fixture.location("us-pdx"), Fixture.location("us-sjc")]
        )
        let error = #expect(throws: SelectionError.self) { try free.usableServers(for: usa, in: Fixture.list) }
        #expect(error == .requiresPremium(location: usa, freeLocations: Entitlement.freeLocations(in: Fixture.list)))
        #expect(error?.description.hasPrefix("USA (US) needs a Premium account.") == true)
    }

    @Test func premiumGetsEveryServer() throws {
        let germany = LocationMatch.country(CountryCode(rawValue: "DE")!, [Fixture.location("de-fra"), Fixture.location("de-cgn")])
        let servers = try premium.usableServers(for: germany, in: Fixture.list)
        #expect(servers.count == 7)
        #expect(servers.ids.contains("de-cgn-101"))
        #expect(try premium.usableServers(for: .location(Fixture.location("us-nyc")), in: Fixture.list).ids == ["us-nyc-101", "us-nyc-102"])
    }

    @Test func mixedLocationGivesFreeOnlyItsFreeServers() throws {
        let amsterdam = LocationMatch.location(Fixture.location("nl-ams"))
        #expect(try free.usableServers(for: amsterdam, in: Fixture.list).ids == ["nl-ams-001", "nl-ams-002"])
        #expect(try premium.usableServers(for: amsterdam, in: Fixture.list).ids == ["nl-ams-001", "nl-ams-002", "nl-ams-101"])
    }
}

import Testing
import VPNCore

@Suite struct LocationResolverTests {
    let resolver = LocationResolver(list: Fixture.list)

    private func resolvedLocation(_ name: String) throws -> String? {
        guard case let .location(location) = try resolver.resolve(name) else { return nil }
        return location.id.rawValue
    }

    @Test(arguments: [
        ("de-fra", "de-fra"),
        ("DE-FRA", "de-fra"),
        (" nl-ams ", "nl-ams"),
    ])
    func locationID(_ name: String, _ id: String) throws {
        #expect(try resolvedLocation(name) == id)
    }

    @Test(arguments: ["de-fra-002", "DE-FRA-002"])
    func serverID(_ name: String) throws {
        #expect(try resolver.resolve(name) == .server(Fixture.server("de-fra-002")))
    }

    @Test(arguments: [("fra", "de-fra"), ("FRA", "de-fra"), ("nyc", "us-nyc"), ("big apple", "us-nyc"), ("Big_Apple", "us-nyc")])
    func alias(_ name: String, _ id: String) throws {
        #expect(try resolvedLocation(name) == id)
    }

    @Test func countryCodeGivesTheCountrysLocationsInPlaceOrder() throws {
        let expected = LocationMatch.country(CountryCode(rawValue: "DE")!, [Fixture.location("de-fra"), Fixture.location("de-cgn")])
        #expect(try resolver.resolve("de") == expected)
        #expect(try resolver.resolve("DE") == expected)
    }

    @Test(arguments: [("germany", "DE", 2), ("Netherlands", "NL", 1), ("usa", "US", 3), ("SWITZERLAND", "CH", 1)])
    func countryName(_ name: String, _ code: String, _ count: Int) throws {
        guard case let .country(found, locations) = try resolver.resolve(name) else {
            Issue.record("\(name) did not resolve to a country")
            return
        }
        #expect(found.rawValue == code)
        #expect(locations.count == count)
        #expect(locations.allSatisfy { $0.countryCode.rawValue == code })
    }

    @Test(arguments: [
        ("zurich", "ch-zrh"), ("ZÜRICH", "ch-zrh"), ("Zurich", "ch-zrh"),
        ("sao paulo", "br-sao"), ("sao-paulo", "br-sao"), ("SÃO PAULO", "br-sao"),
        ("MALMO", "se-mma"), ("malmö", "se-mma"),
        ("koln", "de-cgn"), ("köln", "de-cgn"),
        ("frankfurt", "de-fra"), ("new york", "us-nyc"), ("new_york", "us-nyc"),
    ])
    func cityIgnoringCaseAndAccents(_ name: String, _ id: String) throws {
        #expect(try resolvedLocation(name) == id)
    }

    @Test(arguments: [("frank", "de-fra"), ("amst", "nl-ams"), ("sant", "cl-scl"), ("us-n", "us-nyc"), ("new", "us-nyc"), ("big", "us-nyc")])
    func uniquePrefixOfACityIdOrAlias(_ name: String, _ id: String) throws {
        #expect(try resolvedLocation(name) == id)
    }

    @Test(arguments: [("swi", "CH"), ("neth", "NL"), ("germ", "DE"), ("austr", "AU")])
    func uniquePrefixOfACountry(_ name: String, _ code: String) throws {
        guard case let .country(found, _) = try resolver.resolve(name) else {
            Issue.record("\(name) did not resolve to a country")
            return
        }
        #expect(found.rawValue == code)
    }

    @Test(arguments: [("san", ["cl-scl", "us-sjc"]), ("por", ["au-ptl", "us-pdx"])])
    func ambiguousPrefixListsEveryCandidate(_ name: String, _ ids: [String]) {
        let error = #expect(throws: SelectionError.self) { try resolver.resolve(name) }
        guard case let .ambiguous(query, candidates) = error else {
            Issue.record("expected ambiguous, got \(String(describing: error))")
            return
        }
        #expect(query == name)
        #expect(candidates.ids == ids)
    }

    @Test func sameCityInTwoCountriesIsAmbiguous() {
        let error = #expect(throws: SelectionError.self) { try resolver.resolve("Portland") }
        #expect(error == .ambiguous(query: "Portland", candidates: [Fixture.location("au-ptl"), Fixture.location("us-pdx")]))
        #expect(error?.description == "\"Portland\" matches several locations: au-ptl (Portland, Australia), us-pdx (Portland, USA). Use one of these ids.")
    }

    @Test func theIdsOfAmbiguousCandidatesResolve() throws {
        #expect(try resolvedLocation("us-pdx") == "us-pdx")
        #expect(try resolvedLocation("au-ptl") == "au-ptl")
    }

    @Test(arguments: [
        ("frankfrut", "Frankfurt (de-fra)"),
        ("amsterdma", "Amsterdam (nl-ams)"),
        ("zurihc", "Zürich (ch-zrh)"),
        ("germnay", "Germany (DE)"),
        ("fr", "Frankfurt (de-fra)"),
    ])
    func unknownSuggestsTheNearestName(_ name: String, _ suggestion: String) {
        let error = #expect(throws: SelectionError.self) { try resolver.resolve(name) }
        guard case let .unknownLocation(query, suggestions) = error else {
            Issue.record("expected unknownLocation, got \(String(describing: error))")
            return
        }
        #expect(query == name)
        #expect(suggestions.first == suggestion)
        #expect(suggestions.count <= LocationResolver.maximumSuggestions)
        #expect(error?.description.contains("Did you mean \(suggestion)") == true)
    }

    @Test(arguments: ["xyzzy", "qq", "a", "---"])
    func unknownWithoutANearNameSuggestsNothing(_ name: String) {
        let error = #expect(throws: SelectionError.self) { try resolver.resolve(name) }
        #expect(error == .unknownLocation(query: name, suggestions: []))
    }

    @Test func shortInputIsNotMatchedAsAPrefix() {
        // "am" starts only Amsterdam, but two letters are too few to guess from.
        #expect(throws: SelectionError.self) { try resolver.resolve("am") }
    }

    @Test func rejectsWhatAQueryRejects() {
        #expect(throws: SelectionError.emptyQuery) { try resolver.resolve("  ") }
        #expect(throws: SelectionError.controlCharacterInQuery("\u{1B}")) { try resolver.resolve("\u{1B}[2J") }
    }
}

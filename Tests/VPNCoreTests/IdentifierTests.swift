import Testing
import VPNCore

@Suite struct IdentifierTests {
    @Test func idsCompareCaseInsensitively() throws {
        #expect(LocationID(rawValue: "DE-FRA") == LocationID(rawValue: "de-fra"))
        #expect(try #require(ServerID(rawValue: "DE-FRA-001")).rawValue == "de-fra-001")
        #expect(try #require(CountryCode(rawValue: "de")).rawValue == "DE")
    }

    @Test(arguments: [
        "../x", "..", ".x", "-x", "_x", "a/b", "a\\b", "a b", "", "é", "a\nb", "a\0b", String(repeating: "a", count: 65),
    ])
    func idsRejectWhatCouldEscapeAFileNameOrConfig(_ text: String) {
        #expect(LocationID(rawValue: text) == nil)
        #expect(ServerID(rawValue: text) == nil)
    }

    @Test func longestIdIsAccepted() {
        #expect(ServerID(rawValue: String(repeating: "a", count: 64)) != nil)
    }

    @Test(arguments: ["DEU", "D", "d1", "", "é1", "D "])
    func countryCodeIsTwoLetters(_ text: String) {
        #expect(CountryCode(rawValue: text) == nil)
    }
}

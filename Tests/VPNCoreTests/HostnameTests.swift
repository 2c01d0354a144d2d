import Testing
import VPNCore

@Suite struct HostnameTests {
    @Test func acceptsDNSNamesAndLowercasesThem() throws {
        #expect(try #require(Hostname(rawValue: "de-fra-001.example.net")).rawValue == "de-fra-001.example.net")
        #expect(try #require(Hostname(rawValue: "DE-FRA-001.Example.NET")).rawValue == "de-fra-001.example.net")
        let longest = [String](repeating: String(repeating: "a", count: 63), count: 3).joined(separator: ".") + "." + String(repeating: "b", count: 61)
        #expect(longest.utf8.count == 253)
        #expect(Hostname(rawValue: longest) != nil)
    }

    @Test(arguments: [
        "a\nb.example", "a\0b.example", "a..b", ".example.net", "example.net.", "-a.example", "a-.example",
        "a_b.example", "a b.example", "", "exämple.net", "a;b", "a/b",
        String(repeating: "a", count: 64) + ".example",
        [String](repeating: String(repeating: "a", count: 63), count: 4).joined(separator: "."),
    ])
    func rejects(_ text: String) {
        #expect(Hostname(rawValue: text) == nil)
    }
}

import Testing
import VPNCore

@Suite struct LocationQueryTests {
    @Test(arguments: ["fastest", "FASTEST", "Fastest", "  fastest\t"])
    func fastestInAnyCase(_ text: String) throws {
        #expect(try LocationQuery(parsing: text) == .fastest)
    }

    @Test(arguments: [("zurich", "zurich"), ("  de-fra  ", "de-fra"), ("São Paulo", "São Paulo"), ("fastest-server", "fastest-server")])
    func namesAreTrimmed(_ text: String, _ name: String) throws {
        #expect(try LocationQuery(parsing: text) == .named(name))
    }

    @Test(arguments: ["", "   ", "\t\n "])
    func rejectsEmpty(_ text: String) {
        #expect(throws: SelectionError.emptyQuery) { try LocationQuery(parsing: text) }
    }

    @Test func acceptsTheLongestNameAndRejectsLonger() throws {
        let longest = String(repeating: "x", count: LocationQuery.maximumLength)
        #expect(try LocationQuery(parsing: longest) == .named(longest))
        #expect(throws: SelectionError.queryTooLong(length: 101, limit: 100)) {
            try LocationQuery(parsing: longest + "y")
        }
    }

    @Test(arguments: [
        ("de\u{07}fra", 0x07, "U+0007"),
        ("de\nfra", 0x0A, "U+000A"),
        ("de\u{0}fra", 0x00, "U+0000"),
        ("\u{202E}arf-ed", 0x202E, "U+202E"),
    ])
    func rejectsControlCharacters(_ text: String, _ control: UInt32, _ shown: String) {
        let error = #expect(throws: SelectionError.self) { try LocationQuery(parsing: text) }
        #expect(error == .controlCharacterInQuery(Unicode.Scalar(control)!))
        #expect(error?.description.contains(shown) == true)
    }
}

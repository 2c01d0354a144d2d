import Testing
@testable import VPNCore

@Suite struct EditDistanceTests {
    @Test(arguments: [
        ("frankfrut", "frankfurt", 1),
        ("ab", "ba", 1),
        ("ca", "abc", 2),
        ("kitten", "sitting", 3),
        ("", "abc", 3),
        ("abc", "", 3),
        ("zurich", "zurich", 0),
        ("amsterdma", "amsterdam", 1),
    ])
    func damerauLevenshtein(_ a: String, _ b: String, _ expected: Int) {
        #expect(EditDistance.damerauLevenshtein(Array(a.unicodeScalars), Array(b.unicodeScalars)) == expected)
        #expect(EditDistance.damerauLevenshtein(Array(b.unicodeScalars), Array(a.unicodeScalars)) == expected)
    }
}

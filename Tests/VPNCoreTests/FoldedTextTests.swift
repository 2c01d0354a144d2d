import Testing
import VPNCore

@Suite struct FoldedTextTests {
    @Test(arguments: [
        ("zurich", "Zürich"),
        ("sao paulo", "São Paulo"),
        ("MALMO", "Malmö"),
        ("koln", "Köln"),
        ("köln", "Koln"),
        ("strasse", "Straße"),
        ("orsted", "Ørsted"),
        ("aebeltoft", "Æbeltoft"),
        ("oeuvre", "Œuvre"),
        ("lodz", "Łódź"),
        ("da nang", "Đà Nẵng"),
        ("thingvellir", "Þingvellir"),
        ("istanbul", "İstanbul"),
        ("bucuresti", "București"),
        ("zurich", "Zu\u{0308}rich"),
        ("san jose", "san_jose"),
        ("san jose", "  San-Jose  "),
        ("new york", "New \t York"),
        ("st petersburg", "St. Petersburg"),
        ("cote divoire", "Côte d’Ivoire"),
        ("cote divoire", "cote d'ivoire"),
    ])
    func foldsToTheSameText(typed: String, name: String) {
        #expect(FoldedText(typed) == FoldedText(name))
    }

    @Test(arguments: [
        ("Zürich", "zurich"),
        ("  São--Paulo__ ", "sao paulo"),
        ("ß", "ss"),
        ("Ħamrun", "hamrun"),
        ("ǅ", "dz"),
        ("ﬁ", "fi"),
        ("Москва", "москва"),
        ("-_-", ""),
    ])
    func folds(_ text: String, to expected: String) {
        #expect(FoldedText(text).rawValue == expected)
    }

    @Test func keepsLettersThatAreNotAccentedLatin() {
        #expect(FoldedText("Zürich") != FoldedText("Zurück"))
        #expect(FoldedText("ŋ").rawValue == "ŋ")
    }

    @Test func prefixIsByWholeFoldedText() {
        #expect(FoldedText("São Paulo").hasPrefix(FoldedText("SAO P")))
        #expect(FoldedText("São Paulo").hasPrefix(FoldedText("sao-pau")))
        #expect(!FoldedText("São Paulo").hasPrefix(FoldedText("paulo")))
    }
}

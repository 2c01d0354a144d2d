import Testing

@Suite struct PlaceholderL2TP { @Test func builds() { #expect(Bool(true)) } }

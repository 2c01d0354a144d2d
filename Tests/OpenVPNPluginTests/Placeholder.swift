import Testing

@Suite struct PlaceholderOpenVPN { @Test func builds() { #expect(Bool(true)) } }

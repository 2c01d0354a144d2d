import Testing
@testable import RouterProbe

@Suite struct PlaceholderRouterProbe { @Test func builds() { #expect(Bool(true)) } }

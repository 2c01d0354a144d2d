import Addressing
import Testing

@Suite struct BytesAndPrefixTests {
    @Test func parsesAndPrintsBothFamilies() throws {
        #expect(IPAddress("192.0.2.1")?.bytes == [192, 0, 2, 1])
        #expect(IPAddress("2001:db8::1")?.description == "2001:db8::1")
        #expect(IPAddress("2001:DB8:0:0::1")?.description == "2001:db8::1")
        #expect(IPAddress("192.0.2") == nil)
        #expect(IPAddress("::g") == nil)
        #expect(IPAddress(bytes: [1, 2, 3]) == nil)
    }

    @Test func bytesRoundTripThroughText() throws {
        let v6 = try #require(IPAddress("2001:db8::c000:201"))
        #expect(v6.bytes == [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0xc0, 0, 0x02, 0x01])
        #expect(IPAddress(bytes: v6.bytes) == v6)
        #expect(IPAddress.ipv4(198, 18, 0, 1) == IPAddress("198.18.0.1"))
        #expect(IPAddress.any(.ipv6).description == "::")
        #expect(IPAddress("198.18.0.1")?.family == .ipv4)
        #expect(IPAddress("::1")?.family == .ipv6)
    }

    @Test func prefixesValidateTheirLength() throws {
        #expect(IPNetwork("198.51.100.7/24")?.description == "198.51.100.7/24")
        #expect(IPNetwork("198.51.100.7")?.prefixLength == 32)
        #expect(IPNetwork("2001:db8::/129") == nil)
        #expect(IPNetwork("192.0.2.0/33") == nil)
        #expect(IPNetwork("192.0.2.0/x") == nil)
        #expect(IPNetwork.defaultRoute(.ipv6).description == "::/0")
    }

    @Test func maskingClearsHostBits() throws {
        #expect(IPNetwork("198.51.100.7/23")?.network.description == "198.51.100.0/23")
        #expect(IPNetwork("2001:db8:ffff::1/36")?.network.description == "2001:db8:f000::/36")
        #expect(IPNetwork("192.0.2.1/0")?.network.description == "0.0.0.0/0")
    }
}

import Testing
@testable import Netlink

@Suite struct InetAddressTests {
    @Test func parsesAndPrintsBothFamilies() throws {
        #expect(InetAddress("192.0.2.1")?.bytes == [192, 0, 2, 1])
        #expect(InetAddress("2001:db8::1")?.description == "2001:db8::1")
        #expect(InetAddress("2001:DB8:0:0::1")?.description == "2001:db8::1")
        #expect(InetAddress("192.0.2") == nil)
        #expect(InetAddress("::g") == nil)
        #expect(InetAddress(bytes: [1, 2, 3]) == nil)
    }

    @Test func prefixesValidateTheirLength() throws {
        #expect(InetPrefix("198.51.100.7/24")?.description == "198.51.100.7/24")
        #expect(InetPrefix("198.51.100.7")?.length == 32)
        #expect(InetPrefix("2001:db8::/129") == nil)
        #expect(InetPrefix("192.0.2.0/33") == nil)
        #expect(InetPrefix("192.0.2.0/x") == nil)
        #expect(InetPrefix.defaultRoute(.ipv6).description == "::/0")
    }

    @Test func maskingClearsHostBits() throws {
        #expect(InetPrefix("198.51.100.7/23")?.masked.description == "198.51.100.0/23")
        #expect(InetPrefix("2001:db8:ffff::1/36")?.masked.description == "2001:db8:f000::/36")
        #expect(InetPrefix("192.0.2.1/0")?.masked.description == "0.0.0.0/0")
    }
}

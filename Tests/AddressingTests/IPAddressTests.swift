import Addressing
import Testing

@Suite struct IPAddressTests {
    @Test(arguments: [("203.0.113.10", 0xCB00_710A as UInt32), ("0.0.0.0", 0), ("255.255.255.255", 0xFFFF_FFFF), ("192.0.2.1", 0xC000_0201)])
    func ipv4DottedQuad(_ text: String, _ value: UInt32) throws {
        let address = try #require(IPv4Address(text))
        #expect(address.value == value)
        #expect(address.description == text)
    }

    @Test(arguments: [
        "01.2.3.4", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.4.", ".1.2.3", "",
        " 1.2.3.4", "1.2.3.4\n", "0x1.2.3.4", "1.2.3.-4", "1234.1.1.1", "１.2.3.4",
    ])
    func ipv4Rejects(_ text: String) {
        #expect(IPv4Address(text) == nil)
    }

    @Test(arguments: [
        ("2001:db8::10", "2001:db8::10"),
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("::", "::"),
        ("::1", "::1"),
        ("1::", "1::"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
        ("::ffff:192.0.2.1", "::ffff:c000:201"),
        ("2001:db8:1:2:3:4:192.0.2.1", "2001:db8:1:2:3:4:c000:201"),
    ])
    func ipv6TextFormsPrintInRFC5952Form(_ text: String, _ printed: String) throws {
        let address = try #require(IPv6Address(text))
        #expect(address.groups.count == 8)
        #expect(address.description == printed)
        #expect(IPv6Address(printed) == address)
    }

    @Test(arguments: [
        "::1::", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "2001:db8::g",
        "12345::", ":1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:", "1.2.3.4", "1.2.3.4::", "::01.2.3.4",
        "fe80::1%eth0", "", ":", "2001:db8::1 ",
    ])
    func ipv6Rejects(_ text: String) {
        #expect(IPv6Address(text) == nil)
    }
}

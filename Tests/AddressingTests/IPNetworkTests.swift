import Addressing
import Testing

@Suite struct IPNetworkTests {
    @Test func parsesBothFamiliesAndRefusesNonsense() {
        #expect(IPNetwork("198.18.0.2/24")?.description == "198.18.0.2/24")
        #expect(IPNetwork("2001:db8:1::2/64")?.network.description == "2001:db8:1::/64")
        #expect(IPNetwork("203.0.113.11")?.prefixLength == 32)
        #expect(IPNetwork("2001:db8::1")?.prefixLength == 128)
        for bad in ["", "/24", "198.18.0.2/33", "2001:db8::/129", "198.18.0.2/", "198.18.0.2/+4", "198.18.0.2/24/1", "x/8", "198.18.0.2/٢٤"] {
            #expect(IPNetwork(bad) == nil, "\(bad)")
        }
    }

    @Test func masksAndContains() {
        #expect(IPNetwork("198.18.0.77/25")!.network == IPNetwork("198.18.0.0/25")!)
        #expect(IPNetwork("0.0.0.0/0")!.contains(IPNetwork("203.0.113.1/32")!))
        #expect(IPNetwork("198.18.0.0/24")!.contains(IPNetwork("198.18.0.128/25")!))
        #expect(!IPNetwork("198.18.0.0/25")!.contains(IPNetwork("198.18.0.0/24")!))
        #expect(!IPNetwork("198.18.0.0/24")!.contains(IPNetwork("2001:db8::/64")!))
        #expect(IPNetwork("2001:db8:1:ff00::5/56")!.network == IPNetwork("2001:db8:1:ff00::/56")!)
        #expect(IPNetwork("2001:db8::/32")!.contains(IPNetwork("2001:db8:1::2/128")!))
    }
}

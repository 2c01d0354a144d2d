import Addressing
@testable import Netlink
import Testing

@Suite struct WireGuardEndpointTests {
    /// struct sockaddr_in: family (host order), port (network order), address, 8 zero bytes.
    @Test func ipv4IsASockaddrIn() throws {
        let endpoint = WireGuardEndpoint(address: try #require(IPAddress("203.0.113.5")), port: 51820)
        #expect(endpoint.socketAddressBytes == hex("02 00 ca 6c cb 00 71 05 00 00 00 00 00 00 00 00"))
        #expect(try WireGuardEndpoint.decode(socketAddress: endpoint.socketAddressBytes[...]) == endpoint)
        #expect(endpoint.description == "203.0.113.5:51820")
    }

    /// struct sockaddr_in6: family, port, flowinfo (network order), address, scope id (host order).
    @Test func ipv6IsASockaddrIn6() throws {
        let endpoint = WireGuardEndpoint(address: try #require(IPAddress("2001:db8::5")), port: 443, flowInfo: 1, scopeID: 3)
        #expect(endpoint.socketAddressBytes == hex("0a 00 01 bb 00 00 00 01 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 05 03 00 00 00"))
        #expect(try WireGuardEndpoint.decode(socketAddress: endpoint.socketAddressBytes[...]) == endpoint)
        #expect(endpoint.description == "[2001:db8::5%3]:443")
    }

    @Test func mismatchedFamilyAndSizeIsRefused() {
        #expect(throws: WireFormatError.self) {
            try WireGuardEndpoint.decode(socketAddress: hex("0a 00 ca 6c cb 00 71 05 00 00 00 00 00 00 00 00")[...])
        }
    }
}

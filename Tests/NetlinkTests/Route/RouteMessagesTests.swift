import Addressing
@testable import Netlink
import Testing

@Suite struct RouteMessagesTests {
    /// `ip route add 192.0.2.0/24 dev #3 table 1000`: the table does not fit rtm_table,
    /// which says RT_TABLE_UNSPEC, and travels in RTA_TABLE.
    @Test func addToTable1000Bytes() throws {
        let route = Route(destination: try #require(IPNetwork("192.0.2.0/24")), outputInterface: 3, table: 1000)
        #expect(try RouteMessages.add(route).encoded(sequence: 3) == hex("""
            34 00 00 00  18 00  05 06  03 00 00 00  00 00 00 00
            02 18 00 00  00 03 fd 01  00 00 00 00
            08 00 0f 00  e8 03 00 00
            08 00 01 00  c0 00 02 00
            08 00 04 00  03 00 00 00
            """))
    }

    /// `ip route add default via 198.51.100.1`: no RTA_DST, global scope, rtm_table main.
    @Test func defaultRouteViaGatewayBytes() throws {
        let route = Route.defaultRoute(via: try #require(IPAddress("198.51.100.1")))
        #expect(try RouteMessages.add(route).encoded(sequence: 4) == hex("""
            2c 00 00 00  18 00  05 06  04 00 00 00  00 00 00 00
            02 00 00 00  fe 03 00 01  00 00 00 00
            08 00 0f 00  fe 00 00 00
            08 00 05 00  c6 33 64 01
            """))
    }

    @Test func deleteUsesWildcardProtocolAndScope() throws {
        let route = Route(destination: try #require(IPNetwork("192.0.2.0/24")), outputInterface: 3, table: 51820)
        let request = try RouteMessages.delete(route)
        #expect(request.type == .deleteRoute)
        #expect(Array(request.payload[0 ..< 8]) == hex("02 18 00 00 00 00 ff 01"))
    }

    @Test func gatewayOfAnotherFamilyIsRefused() throws {
        let route = Route(destination: try #require(IPNetwork("2001:db8::/32")), gateway: IPAddress("198.51.100.1"))
        #expect(throws: NetlinkError.self) { try RouteMessages.add(route) }
    }

    @Test func decodesATableFromRTATableOverTheHeaderByte() throws {
        let payload = hex("0a 30 00 00 fc 03 00 01 00 00 00 00") + attribute(15, le(UInt32(51820)))
            + attribute(1, hex("20 01 0d b8 00 02 00 00 00 00 00 00 00 00 00 00")) + attribute(4, le(Int32(3)))
            + attribute(6, le(UInt32(1024)))
        let route = try RouteMessages.decode(NetlinkMessage(header: .init(length: 0, type: .newRoute, flags: [], sequence: 0, portID: 0),
                                                             payload: payload[...]))
        #expect(route == Route(destination: IPNetwork("2001:db8:2::/48")!, outputInterface: 3, table: 51820,
                               protocol: .boot, scope: .universe, priority: 1024))
    }

    @Test func otherFamiliesAreSkipped() throws {
        let payload = hex("80 00 00 00 fe 00 00 01 00 00 00 00")
        #expect(try RouteMessages.decode(NetlinkMessage(header: .init(length: 0, type: .newRoute, flags: [], sequence: 0, portID: 0),
                                                         payload: payload[...])) == nil)
    }
}

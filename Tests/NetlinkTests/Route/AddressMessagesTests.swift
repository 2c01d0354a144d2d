import Addressing
@testable import Netlink
import Testing

@Suite struct AddressMessagesTests {
    /// `ip address add 192.0.2.1/24 dev #2`: ifaddrmsg then IFA_LOCAL and IFA_ADDRESS.
    @Test func addIPv4Bytes() throws {
        let bytes = AddressMessages.add(try #require(IPNetwork("192.0.2.1/24")), interfaceIndex: 2).encoded(sequence: 2)
        #expect(bytes == hex("""
            28 00 00 00  14 00  05 06  02 00 00 00  00 00 00 00
            02 18 00 00  02 00 00 00
            08 00 02 00  c0 00 02 01
            08 00 01 00  c0 00 02 01
            """))
    }

    /// IPv6 with nodad: the flag sits in ifa_flags and in IFA_FLAGS.
    @Test func addIPv6WithoutDADBytes() throws {
        let address = hex("20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 01")
        let bytes = AddressMessages.add(try #require(IPNetwork("2001:db8:1::1/64")), interfaceIndex: 3, flags: .noDAD).encoded(sequence: 4)
        #expect(bytes == hex("48 00 00 00  14 00  05 06  04 00 00 00  00 00 00 00  0a 40 02 00  03 00 00 00")
            + attribute(2, address) + attribute(1, address) + hex("08 00 08 00  02 00 00 00"))
    }

    @Test func deleteCarriesNoFlags() throws {
        let request = AddressMessages.delete(try #require(IPNetwork("198.51.100.2/24")), interfaceIndex: 4)
        #expect(request.type == .deleteAddress)
        #expect(request.flags == [.request, .acknowledge])
        #expect(request.payload == hex("02 18 00 00 04 00 00 00  08 00 02 00 c6 33 64 02  08 00 01 00 c6 33 64 02"))
    }

    @Test func decodesIPv4AndIPv6Replies() throws {
        let v4 = hex("02 18 80 00  02 00 00 00") + attribute(1, hex("c0 00 02 01")) + attribute(2, hex("c0 00 02 01"))
            + attribute(3, cString("dummy0")) + attribute(8, le(UInt32(0x80)))
        let v6 = hex("0a 40 00 00  03 00 00 00") + attribute(1, hex("20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 01"))
            + attribute(8, le(UInt32(0x82)))
        let header = NetlinkMessageHeader(length: 0, type: .newAddress, flags: [], sequence: 0, portID: 0)
        #expect(try AddressMessages.decode(NetlinkMessage(header: header, payload: v4[...]))
            == InterfaceAddress(interfaceIndex: 2, prefix: IPNetwork("192.0.2.1/24")!, flags: .permanent, label: "dummy0"))
        #expect(try AddressMessages.decode(NetlinkMessage(header: header, payload: v6[...]))
            == InterfaceAddress(interfaceIndex: 3, prefix: IPNetwork("2001:db8:1::1/64")!, flags: [.permanent, .noDAD]))
        #expect(try AddressMessages.decode(NetlinkMessage(header: header, payload: hex("11 00 00 00 01 00 00 00")[...])) == nil)
    }
}

import Testing
@testable import Netlink

@Suite struct LinkMessagesTests {
    /// `ip link add dummy0 type dummy`: RTM_NEWLINK, NLM_F_REQUEST|ACK|EXCL|CREATE,
    /// an empty ifinfomsg, IFLA_IFNAME, and IFLA_LINKINFO { IFLA_INFO_KIND "dummy" }.
    @Test func createDummyBytes() throws {
        let bytes = try LinkMessages.create(name: "dummy0", kind: .dummy).encoded(sequence: 1)
        #expect(bytes == hex("""
            3c 00 00 00  10 00  05 06  01 00 00 00  00 00 00 00
            00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00
            0b 00 03 00  64 75 6d 6d 79 30 00 00
            10 00 12 80  0a 00 01 00  64 75 6d 6d 79 00 00 00
            """))
    }

    /// A veth pair: the peer travels in IFLA_INFO_DATA { VETH_INFO_PEER { ifinfomsg, IFLA_IFNAME, IFLA_MTU } }.
    @Test func createVethNestsThePeer() throws {
        let bytes = try LinkMessages.create(name: "veth0", kind: .veth(peerName: "veth1"), mtu: 1400).encoded(sequence: 2)
        let peer = [UInt8](repeating: 0, count: 16) + attribute(3, cString("veth1")) + attribute(4, le(UInt32(1400)))
        let info = attribute(1, cString("veth")) + attribute(2, attribute(1, peer, nested: true), nested: true)
        let payload = [UInt8](repeating: 0, count: 16) + attribute(3, cString("veth0")) + attribute(4, le(UInt32(1400)))
            + attribute(18, info, nested: true)
        #expect(bytes == message(type: 16, flags: 0x605, sequence: 2, payload: payload))
    }

    @Test func setUpAndMTUByIndex() throws {
        let bytes = try LinkMessages.set(.index(7), up: true, mtu: 1420).encoded(sequence: 3)
        #expect(bytes == hex("""
            28 00 00 00  10 00  05 00  03 00 00 00  00 00 00 00
            00 00 00 00  07 00 00 00  01 00 00 00  01 00 00 00
            08 00 04 00  8c 05 00 00
            """))
    }

    @Test func setDownByNameChangesOnlyTheUpFlag() throws {
        let request = try LinkMessages.set(.name("wg0"), up: false)
        #expect(request.payload == hex("00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00") + attribute(3, cString("wg0")))
    }

    @Test func invalidNamesNeverReachTheKernel() {
        #expect(throws: NetlinkError.invalidArgument(field: "interface name", reason: "\"averyveryverylongname\" is 21 bytes long; Linux allows at most 15")) {
            try LinkMessages.create(name: "averyveryverylongname", kind: .dummy)
        }
        #expect(throws: NetlinkError.self) { try LinkMessages.create(name: "a/b", kind: .dummy) }
        #expect(throws: NetlinkError.self) { try LinkMessages.delete(.name("")) }
        #expect(throws: NetlinkError.self) { try LinkMessages.create(name: "ok", kind: .veth(peerName: "bad name")) }
    }

    @Test func decodesALinkReply() throws {
        let payload = hex("00 00 01 00  05 00 00 00  43 10 01 00  00 00 00 00")
            + attribute(3, cString("veth0")) + attribute(4, le(UInt32(1400))) + attribute(5, le(Int32(6)))
            + attribute(1, hex("02 00 00 00 00 01")) + attribute(18, attribute(1, cString("veth")))
        let link = try LinkMessages.decode(NetlinkMessage(header: .init(length: 0, type: .newLink, flags: [], sequence: 0, portID: 0),
                                                           payload: payload[...]))
        #expect(link == Link(index: 5, name: "veth0", kind: "veth", mtu: 1400, flags: [.up, .broadcast, .running, .multicast, .lowerUp],
                             hardwareAddress: hex("02 00 00 00 00 01"), linkIndex: 6))
    }
}

import Testing
@testable import Netlink

@Suite struct FamilyMessagesTests {
    /// CTRL_CMD_GETFAMILY for "wireguard" to GENL_ID_CTRL (0x10), with NLM_F_REQUEST|NLM_F_ACK.
    @Test func getFamilyWireGuardBytes() {
        #expect(FamilyMessages.getFamily(named: "wireguard").encoded(sequence: 6) == hex("""
            24 00 00 00  10 00  05 00  06 00 00 00  00 00 00 00
            03 01 00 00
            0e 00 02 00  77 69 72 65 67 75 61 72 64 00 00 00
            """))
    }

    @Test func decodesIdVersionAndMulticastGroups() throws {
        let groups = attribute(1, attribute(1, cString("notify")) + attribute(2, le(UInt32(16))), nested: true)
        let payload = hex("01 02 00 00") + attribute(2, cString("nlctrl")) + attribute(1, le(UInt16(0x10)))
            + attribute(3, le(UInt32(2))) + attribute(4, le(UInt32(0))) + attribute(5, le(UInt32(10)))
            + attribute(7, groups, nested: true)
        let family = try FamilyMessages.decodeFamily(NetlinkMessage(header: .init(length: 0, type: .genericControl, flags: [], sequence: 0, portID: 0),
                                                                      payload: payload[...]))
        #expect(family == GenericNetlinkFamily(id: 0x10, name: "nlctrl", version: 2, maximumAttribute: 10,
                                               multicastGroups: [.init(name: "notify", id: 16)]))
    }

    @Test func aReplyWithoutAnIdIsMalformed() {
        let payload = hex("01 02 00 00") + attribute(2, cString("x"))
        #expect(throws: WireFormatError.missingAttribute(field: "CTRL_ATTR_FAMILY_ID")) {
            try FamilyMessages.decodeFamily(NetlinkMessage(header: .init(length: 0, type: .genericControl, flags: [], sequence: 0, portID: 0),
                                                           payload: payload[...]))
        }
    }
}

import Testing
@testable import Netlink

@Suite struct NetlinkAttributeTests {
    @Test func parsesARunAndMasksTheFlagBits() throws {
        let bytes = attribute(3, cString("lo")) + attribute(18, attribute(1, cString("veth")), nested: true)
            + le(UInt16(8)) + le(UInt16(0x4000 | 7)) + hex("00 00 00 01")
        let attributes = try NetlinkAttribute.parse(bytes[...])
        #expect(attributes.map(\.type) == [3, 18, 7])
        #expect(attributes[0].string == "lo")
        #expect(attributes[1].isNested)
        #expect(try attributes[1].nested().first(ofType: 1)?.string == "veth")
        #expect(attributes[2].isNetworkByteOrder)
    }

    @Test func toleratesAMissingPadAfterTheLastAttribute() throws {
        let bytes = hex("05 00 03 00 07")
        #expect(try NetlinkAttribute.parse(bytes[...]).first?.u8("x") == 7)
    }

    @Test func rejectsLengthsSmallerThanTheHeaderOrLargerThanTheRest() {
        #expect(throws: WireFormatError.invalidLength(field: "nlattr.nla_len (type 3)", offset: 0, length: 2)) {
            try NetlinkAttribute.parse(hex("02 00 03 00")[...])
        }
        #expect(throws: WireFormatError.invalidLength(field: "nlattr.nla_len (type 3)", offset: 0, length: 12)) {
            try NetlinkAttribute.parse(hex("0c 00 03 00 01 02 03 04")[...])
        }
    }

    @Test func integersMustHaveTheirExactSize() {
        let attribute = NetlinkAttribute(type: 4, payload: hex("dc 05")[...])
        #expect(throws: WireFormatError.unexpectedSize(field: "IFLA_MTU", expected: 4, actual: 2)) {
            try attribute.u32("IFLA_MTU")
        }
    }

    @Test func unterminatedStringsEndAtThePayload() {
        #expect(NetlinkAttribute(type: 3, payload: Array("eth0".utf8)[...]).string == "eth0")
    }
}

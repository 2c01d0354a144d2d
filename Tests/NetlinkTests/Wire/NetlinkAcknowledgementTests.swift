import Testing
@testable import Netlink

@Suite struct NetlinkAcknowledgementTests {
    /// An NLMSG_ERROR as the kernel sends it with NETLINK_CAP_ACK and NETLINK_EXT_ACK on:
    /// error -ENODEV, the request's header only, then NLMSGERR_ATTR_MSG and _OFFS.
    @Test func decodesACappedErrorWithExtendedAck() throws {
        let bytes = hex("""
            4c 00 00 00  02 00  00 03  07 00 00 00  d2 04 00 00
            ed ff ff ff
            34 00 00 00  18 00  05 06  07 00 00 00  d2 04 00 00
            1d 00 01 00  4e 65 78 74 68 6f 70 20 64 65 76 69 63 65 20 69 73 20 6e 6f 74 20 75 70 00 00 00 00
            08 00 02 00  24 00 00 00
            """)
        let message = try #require(try NetlinkMessage.parse(datagram: bytes).first)
        let acknowledgement = try NetlinkAcknowledgement.decodeError(message)
        #expect(acknowledgement.errorCode == 19)
        #expect(!acknowledgement.isSuccess)
        #expect(acknowledgement.message == "Nexthop device is not up")
        #expect(acknowledgement.invalidAttributeOffset == 0x24)
        #expect(acknowledgement.request == NetlinkMessageHeader(length: 0x34, type: .newRoute,
                                                                 flags: [.request, .acknowledge, .create, .exclusive],
                                                                 sequence: 7, portID: 1234))
    }

    /// Without NETLINK_CAP_ACK the whole request is echoed before the TLVs.
    @Test func skipsTheEchoedRequestOfAnUncappedError() throws {
        let echoed = messageHeader(length: 28, type: 20, flags: 0x605, sequence: 8, portID: 1) + hex("02 18 00 00 63 00 00 00 08 00 02 00")
        let bytes = message(type: 2, flags: 0x200, sequence: 8, portID: 1,
                            payload: le(Int32(-19)) + echoed + attribute(1, cString("ipv4: Device not found")))
        let message = try #require(try NetlinkMessage.parse(datagram: bytes).first)
        let acknowledgement = try NetlinkAcknowledgement.decodeError(message)
        #expect(acknowledgement.errorCode == 19)
        #expect(acknowledgement.message == "ipv4: Device not found")
    }

    @Test func aZeroErrorIsAnAck() throws {
        let bytes = message(type: 2, flags: 0x100, sequence: 1, payload: le(Int32(0)) + messageHeader(length: 16, type: 16, flags: 5, sequence: 1))
        let acknowledgement = try NetlinkAcknowledgement.decodeError(try #require(try NetlinkMessage.parse(datagram: bytes).first))
        #expect(acknowledgement.isSuccess)
        #expect(acknowledgement.message == nil)
    }

    @Test func decodesTheErrorThatEndsADump() throws {
        let bytes = message(type: 3, flags: 0x202, sequence: 1, payload: le(Int32(-95)) + attribute(1, cString("dump failed")))
        let acknowledgement = try NetlinkAcknowledgement.decodeDone(try #require(try NetlinkMessage.parse(datagram: bytes).first))
        #expect(acknowledgement.errorCode == 95)
        #expect(acknowledgement.message == "dump failed")
    }

    @Test func anEchoedLengthBeyondTheMessageThrows() throws {
        let bytes = message(type: 2, flags: 0x200, sequence: 1,
                            payload: le(Int32(-22)) + messageHeader(length: 4000, type: 16, flags: 5, sequence: 1))
        let message = try #require(try NetlinkMessage.parse(datagram: bytes).first)
        #expect(throws: WireFormatError.self) { try NetlinkAcknowledgement.decodeError(message) }
    }
}

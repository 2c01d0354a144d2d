import Testing
@testable import Netlink

@Suite struct NetlinkMessageTests {
    @Test func splitsADatagramIntoMessages() throws {
        let datagram = message(type: 16, flags: 0x2, sequence: 9, portID: 5, payload: [UInt8](repeating: 0, count: 17))
            + message(type: 3, flags: 0x2, sequence: 9, portID: 5, payload: le(Int32(0)))
        let messages = try NetlinkMessage.parse(datagram: datagram)
        #expect(messages.count == 2)
        #expect(messages[0].header == NetlinkMessageHeader(length: 33, type: .newLink, flags: .multipart, sequence: 9, portID: 5))
        #expect(messages[0].payload.count == 17)
        #expect(messages[1].header.type == .done)
    }

    @Test func rejectsALengthBeyondTheDatagram() {
        let datagram = messageHeader(length: 64, type: 16, flags: 0, sequence: 1) + [0, 0, 0, 0]
        #expect(throws: WireFormatError.invalidLength(field: "nlmsghdr.nlmsg_len", offset: 0, length: 64)) {
            try NetlinkMessage.parse(datagram: datagram)
        }
    }

    @Test func rejectsALengthShorterThanTheHeader() {
        #expect(throws: WireFormatError.self) {
            try NetlinkMessage.parse(datagram: messageHeader(length: 8, type: 16, flags: 0, sequence: 1))
        }
    }

    @Test func requestsEncodeTheirHeader() {
        let request = NetlinkRequest(type: .getLink, flags: [.request, .dump], payload: [UInt8](repeating: 0, count: 16))
        #expect(request.encoded(sequence: 7, portID: 3) == hex("20 00 00 00 12 00 01 03 07 00 00 00 03 00 00 00") + [UInt8](repeating: 0, count: 16))
    }
}

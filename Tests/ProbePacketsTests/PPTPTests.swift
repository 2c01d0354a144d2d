import Testing
import TestSupport
@testable import ProbePackets

@Suite struct PPTPTests {
    private let request = PPTPStartControlConnection(hostName: "probe", vendor: "vpnctl")

    /// RFC 2637 §2.1: length 156, message type 1, cookie, control type 1, reserved,
    /// version 1.0, reserved, framing, bearer, max channels, firmware, host (64), vendor (64).
    @Test func startControlConnectionRequestLayout() {
        let bytes = PPTPControlMessage.startControlConnectionRequest(request).encoded()
        #expect(bytes.count == 156)
        #expect(Array(bytes[0..<28]) == hex("""
            00 9c 00 01 1a 2b 3c 4d 00 01 00 00   # length 156, control message, cookie, SCCRQ, reserved
            01 00 00 00                           # protocol version 1.0, reserved
            00 00 00 03 00 00 00 03               # framing: async + sync; bearer: analog + digital
            00 00 00 01                           # maximum channels 0, firmware revision 1
            """))
        #expect(Array(bytes[28..<33]) == ascii("probe"))
        #expect(bytes[33..<92].allSatisfy { $0 == 0 })
        #expect(Array(bytes[92..<98]) == ascii("vpnctl"))
    }

    /// RFC 2637 §2.7: Outgoing-Call-Request is 168 bytes; call ID and serial follow the header.
    @Test func outgoingCallRequestLayout() throws {
        let bytes = PPTPControlMessage.outgoingCallRequest(PPTPOutgoingCallRequest(callID: 0x1234, callSerialNumber: 1)).encoded()
        #expect(bytes.count == 168)
        #expect(Array(bytes[0..<16]) == hex("00 a8 00 01 1a 2b 3c 4d 00 07 00 00 12 34 00 01"))
        guard case let .outgoingCallRequest(parsed) = try PPTPControlMessage.parse(bytes).message else { Issue.record("wrong type"); return }
        #expect(parsed.callID == 0x1234)
    }

    @Test func repliesParseFromAStream() throws {
        var reply = request
        reply.resultCode = 1
        reply.hostName = "pptpd"
        let call = PPTPOutgoingCallReply(callID: 77, peerCallID: 0x1234, resultCode: 1)
        let callBytes = PPTPControlMessage.outgoingCallReply(call).encoded()
        #expect(callBytes.count == 32)
        let stream = PPTPControlMessage.startControlConnectionReply(reply).encoded() + callBytes
        let first = try PPTPControlMessage.parse(stream)
        #expect(first.consumed == 156)
        guard case let .startControlConnectionReply(parsed) = first.message else { Issue.record("wrong type"); return }
        #expect(parsed.succeeded)
        #expect(parsed.hostName == "pptpd")
        #expect(parsed == reply)
        let second = try PPTPControlMessage.parse(Array(stream[first.consumed...]))
        #expect(second.message == .outgoingCallReply(call))
        #expect(second.consumed == 32)
    }

    @Test func handBuiltReplyResultCode() throws {
        // §2.2: result code 2 (general error) and error code 0 in the reply's reserved bytes.
        var bytes = PPTPControlMessage.startControlConnectionReply(request).encoded()
        bytes[14] = 2
        guard case let .startControlConnectionReply(parsed) = try PPTPControlMessage.parse(bytes).message else { Issue.record("wrong type"); return }
        #expect(parsed.resultCode == 2)
        #expect(!parsed.succeeded)
    }

    @Test func wrongCookieOrTypeIsRejected() throws {
        var bytes = PPTPControlMessage.startControlConnectionRequest(request).encoded()
        bytes[4] = 0
        #expect(throws: PacketError.invalidValue(.pptp, field: "magic cookie", found: "0x2b3c4d", expected: "0x1a2b3c4d")) {
            try PPTPControlMessage.parse(bytes)
        }
        #expect(throws: PacketError.invalidValue(.pptp, field: "length", found: "4", expected: "at least 12")) {
            try PPTPControlMessage.parse(hex("00 04 00 01"))
        }
        #expect(try PPTPControlMessage.parse(hex("00 10 00 01 1a 2b 3c 4d 00 05 00 00 00 00 00 00")).message == .other(type: 5))
    }

    @Test func fuzzedMessagesNeverTrap() {
        let valid = [
            PPTPControlMessage.startControlConnectionReply(request).encoded(),
            PPTPControlMessage.outgoingCallReply(PPTPOutgoingCallReply(callID: 1, peerCallID: 2, resultCode: 1)).encoded(),
        ]
        let outcome = Fuzzer.run(seed: 1723, valid: valid) { _ = try PPTPControlMessage.parse($0) }
        #expect(outcome.foreignErrors.isEmpty)
        #expect(outcome.acceptedTruncations.isEmpty)
        #expect(outcome.randomRejected > Fuzzer.randomBuffers * 9 / 10)
        #expect(outcome.mutationsAccepted > 0)
    }
}

import Testing
import TestSupport
@testable import ProbePackets

@Suite struct PPTPEchoTests {
    /// RFC 2637 §2.4: Echo-Request is 16 bytes, the identifier after the header.
    @Test func echoRequestLayout() throws {
        let bytes = PPTPEchoMessage.request(identifier: 0xA1B2_C3D4).encoded()
        #expect(bytes == hex("00 10 00 01 1a 2b 3c 4d 00 05 00 00 a1 b2 c3 d4"))
        let (message, consumed) = try PPTPControlMessage.parse(bytes)
        #expect(message == .other(type: 5))
        #expect(consumed == 16)
        let parsed = try PPTPEchoMessage(parsing: bytes)
        #expect(!parsed.isReply)
        #expect(parsed.identifier == 0xA1B2_C3D4)
    }

    /// RFC 2637 §2.5: Echo-Reply is 20 bytes: identifier, result code, error code, reserved.
    @Test func echoReplyRepeatsTheIdentifier() throws {
        let reply = PPTPEchoMessage.reply(to: .request(identifier: 7))
        let bytes = reply.encoded()
        #expect(bytes == hex("00 14 00 01 1a 2b 3c 4d 00 06 00 00 00 00 00 07 01 00 00 00"))
        let parsed = try PPTPEchoMessage(parsing: bytes)
        #expect(parsed.isReply)
        #expect(parsed.resultCode == 1)
        #expect(parsed.identifier == 7)
    }

    @Test func otherControlTypesAndShortRepliesAreRefused() {
        let stop = PPTPControlMessage.other(type: 3).encoded()
        #expect(throws: PacketError.self) { try PPTPEchoMessage(parsing: stop) }
        let cut = Array(PPTPEchoMessage.reply(to: .request(identifier: 1)).encoded().prefix(17))
        do {
            _ = try PPTPEchoMessage(parsing: cut)
            Issue.record("parsed a truncated Echo-Reply")
        } catch {
            #expect(error.description.contains("error code"))
        }
    }
}

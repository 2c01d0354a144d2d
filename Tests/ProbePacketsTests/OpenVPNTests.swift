import Testing
import VPNCore
import TestSupport
@testable import ProbePackets

let openVPNClientSession = hex("11 22 33 44 55 66 77 88")

/// A P_CONTROL_HARD_RESET_SERVER_V2 from a server without tls-auth: opcode 8 key 0,
/// its session ID, ACK array of one (packet-ID 0) with our session ID, its packet-ID 0.
let openVPNServerReset = hex("""
    40 a1 a2 a3 a4 a5 a6 a7 a8   # opcode 8 << 3, server session ID
    01 00 00 00 00               # one ACK: packet-ID 0
    11 22 33 44 55 66 77 88      # remote (our) session ID
    00 00 00 00                  # message packet-ID
    """)

/// Captured: OpenVPN 2.6.14 (`--tls-server`, no tls-auth) answering
/// `OpenVPNHardReset(sessionID: 01…08)` over UDP (loopback, private network namespace).
let openVPN26ServerReset = hex("40d8baca53ad06a6c40100000000010203040506070800000000")

@Suite struct OpenVPNTests {
    @Test func realOpenVPNAnswerParses() throws {
        let packet = try OpenVPNPacket(parsing: openVPN26ServerReset)
        #expect(packet.isServerHardReset)
        #expect(packet.sessionID == hex("d8 ba ca 53 ad 06 a6 c4"))
        #expect(packet.acknowledges(clientSessionID: hex("01 02 03 04 05 06 07 08")) == true)
    }

    /// OpenVPN's ssl_pkt.h layout: opcode 7 << 3 | key 0, session ID, ACK length 0, packet-ID 0.
    @Test func hardResetLayout() throws {
        let reset = try OpenVPNHardReset(sessionID: openVPNClientSession)
        #expect(reset.encoded() == hex("38 11 22 33 44 55 66 77 88 00 00 00 00 00"))
        #expect(reset.encoded(tcpFraming: true) == hex("00 0e 38 11 22 33 44 55 66 77 88 00 00 00 00 00"))
        #expect(throws: PacketError.invalidValue(.openVPN, field: "session ID", found: "3 bytes", expected: "8 bytes")) {
            try OpenVPNHardReset(sessionID: [1, 2, 3])
        }
        var generator = SeededRandomNumberGenerator(seed: 1194)
        #expect(OpenVPNHardReset(using: &generator).sessionID.count == 8)
    }

    @Test func serverResetParsesAndAcknowledgesUs() throws {
        let packet = try OpenVPNPacket(parsing: openVPNServerReset)
        #expect(packet.isServerHardReset)
        #expect(packet.keyID == 0)
        #expect(packet.sessionID == hex("a1 a2 a3 a4 a5 a6 a7 a8"))
        #expect(packet.acknowledges(clientSessionID: openVPNClientSession) == true)
        #expect(packet.acknowledges(clientSessionID: hex("0000000000000000")) == false)
        let framed = try OpenVPNPacket(parsing: [0, UInt8(openVPNServerReset.count)] + openVPNServerReset, tcpFraming: true)
        #expect(framed == packet)
    }

    @Test func ourOwnResetRoundTrips() throws {
        let packet = try OpenVPNPacket(parsing: OpenVPNHardReset(sessionID: openVPNClientSession).encoded())
        #expect(packet.knownOpcode == .controlHardResetClientV2)
        #expect(packet.sessionID == openVPNClientSession)
        #expect(packet.acknowledges(clientSessionID: openVPNClientSession) == false)
    }

    @Test func unknownOpcodesAndShortFramesAreRejected() {
        #expect(throws: PacketError.invalidValue(.openVPN, field: "opcode", found: "0", expected: "3 to 11")) {
            try OpenVPNPacket(parsing: hex("00 01 02 03 04 05 06 07 08"))
        }
        #expect(throws: PacketError.truncated(.openVPN, field: "TCP frame", needed: 20, available: 9)) {
            try OpenVPNPacket(parsing: hex("00 14 40 a1 a2 a3 a4 a5 a6 a7 a8"), tcpFraming: true)
        }
        #expect(throws: PacketError.truncated(.openVPN, field: "session ID", needed: 8, available: 3)) {
            try OpenVPNPacket(parsing: hex("40 a1 a2 a3"))
        }
    }

    @Test func fuzzedPacketsNeverTrap() {
        let outcome = Fuzzer.run(seed: 1194, valid: [openVPNServerReset]) { packet in
            _ = try OpenVPNPacket(parsing: packet).acknowledges(clientSessionID: openVPNClientSession)
        }
        #expect(outcome.foreignErrors.isEmpty)
        // The session ID is the last fixed field: shorter prefixes fail, longer ones parse.
        #expect(outcome.acceptedTruncations == Array(9..<openVPNServerReset.count))
        let framed = Fuzzer.run(seed: 443, valid: [[0, UInt8(openVPNServerReset.count)] + openVPNServerReset]) {
            _ = try OpenVPNPacket(parsing: $0, tcpFraming: true)
        }
        #expect(framed.foreignErrors.isEmpty)
        #expect(framed.acceptedTruncations.isEmpty)
    }
}

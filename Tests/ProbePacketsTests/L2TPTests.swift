import Testing
import TestSupport
@testable import ProbePackets

/// An SCCRP as xl2tpd would send it (RFC 2661 §6.2): header T/L/S version 2, tunnel ID
/// = ours (42), Ns 0, Nr 1; AVPs Message Type 2, Protocol Version 1.0, Host Name "lns",
/// Framing Capabilities, Assigned Tunnel ID 7.
let l2tpSCCRP = hex("""
    c8 02 00 37 00 2a 00 00 00 00 00 01   # flags, length 55, tunnel 42, session 0, Ns 0, Nr 1
    80 08 00 00 00 00 00 02               # Message Type: SCCRP
    80 08 00 00 00 02 01 00               # Protocol Version 1.0
    80 09 00 00 00 07 6c 6e 73            # Host Name "lns"
    80 0a 00 00 00 03 00 00 00 03         # Framing Capabilities: sync + async
    80 08 00 00 00 09 00 07               # Assigned Tunnel ID 7
    """)

/// A ZLB acknowledgement (§5.8): header only.
let l2tpZLB = hex("c8 02 00 0c 00 2a 00 00 00 01 00 01")

/// Captured: xl2tpd 1.3.18's answer to `sccrq(assignedTunnelID: 4242, hostName: "probe")`
/// (loopback, in a private network namespace).
let xl2tpdSCCRP = hex("""
    c802006b109200000000000180080000000000028008000000020100800a0000000300000003800a0000000400000000
    00080000000606908010000000076c6162746573746c6e7300130000000878656c6572616e63652e636f6d8008000000
    09538a80080000000a0004
    """)

@Suite struct L2TPTests {
    @Test func realXl2tpdAnswerParses() throws {
        guard case let .control(message) = try L2TPMessage(parsing: xl2tpdSCCRP) else { Issue.record("not control"); return }
        #expect(message.messageType == .sccrp)
        #expect(message.tunnelID == 4242)
        #expect(message.nr == 1)
        #expect(message.assignedTunnelID == 0x538A)
        #expect(message.hostName == "labtestlns")
        #expect(message.avps.map(\.type) == [0, 2, 3, 4, 6, 7, 8, 9, 10])
    }

    /// RFC 2661 §3.1 header and §4.4 AVPs, in the order §6.1 lists them.
    @Test func sccrqLayout() {
        let bytes = L2TPControlMessage.sccrq(assignedTunnelID: 42, hostName: "probe").encoded()
        #expect(bytes == hex("""
            c8 02 00 41 00 00 00 00 00 00 00 00   # T L S, version 2; length 65; tunnel 0; session 0; Ns 0; Nr 0
            80 08 00 00 00 00 00 01               # M, length 8, vendor 0, type 0 (Message Type) = 1 (SCCRQ)
            80 08 00 00 00 02 01 00               # Protocol Version: version 1 revision 0
            80 0b 00 00 00 07 70 72 6f 62 65      # Host Name "probe"
            80 0a 00 00 00 03 00 00 00 03         # Framing Capabilities
            80 08 00 00 00 09 00 2a               # Assigned Tunnel ID 42
            80 08 00 00 00 0a 00 04               # Receive Window Size 4
            """))
    }

    @Test func sccrpParses() throws {
        guard case let .control(message) = try L2TPMessage(parsing: l2tpSCCRP) else { Issue.record("not control"); return }
        #expect(message.messageType == .sccrp)
        #expect(message.tunnelID == 42)
        #expect(message.ns == 0)
        #expect(message.nr == 1)
        #expect(message.assignedTunnelID == 7)
        #expect(message.hostName == "lns")
        #expect(!message.isZLB)
    }

    @Test func zlbIsAControlMessageWithoutAVPs() throws {
        guard case let .control(message) = try L2TPMessage(parsing: l2tpZLB) else { Issue.record("not control"); return }
        #expect(message.isZLB)
        #expect(message.messageType == nil)
        #expect(message.ns == 1)
    }

    @Test func stopCCNRoundTrips() throws {
        let stop = L2TPControlMessage.stopCCN(peerTunnelID: 7, assignedTunnelID: 42, ns: 1, nr: 1)
        guard case let .control(message) = try L2TPMessage(parsing: stop.encoded()) else { Issue.record("not control"); return }
        #expect(message == stop)
        #expect(message.messageType == .stopCCN)
        #expect(message.resultCode == 1)
        #expect(message.tunnelID == 7)
    }

    /// §3.1: a data message with L set and no sequence numbers.
    @Test func dataMessageHeader() throws {
        let message = try L2TPMessage(parsing: hex("40 02 00 0a 00 07 00 03 ff 03"))
        #expect(message == .data(tunnelID: 7, sessionID: 3, payload: [0xFF, 0x03]))
    }

    @Test func malformedMessagesNameTheField() {
        #expect(throws: PacketError.invalidValue(.l2tp, field: "version", found: "3", expected: "2")) {
            try L2TPMessage(parsing: hex("c8 03 00 0c 00 00 00 00 00 00 00 00"))
        }
        #expect(throws: PacketError.invalidValue(.l2tp, field: "AVP length", found: "4", expected: "at least 6")) {
            try L2TPMessage(parsing: hex("c8 02 00 10 00 00 00 00 00 00 00 00 80 04 00 00"))
        }
        #expect(throws: PacketError.invalidValue(.l2tp, field: "first AVP", found: "type 7 vendor 0", expected: "Message Type")) {
            try L2TPMessage(parsing: hex("c8 02 00 13 00 00 00 00 00 00 00 00 80 07 00 00 00 07 61"))
        }
        #expect(throws: PacketError.truncated(.l2tp, field: "message", needed: 55, available: 54)) {
            try L2TPMessage(parsing: Array(l2tpSCCRP.dropLast()))
        }
        #expect(throws: PacketError.invalidValue(.l2tp, field: "control message flags", found: "0x8002", expected: "L and S set, O clear")) {
            try L2TPMessage(parsing: hex("80 02 00 00 00 00"))
        }
    }

    @Test func fuzzedMessagesNeverTrap() {
        let valid = [l2tpSCCRP, l2tpZLB, L2TPControlMessage.sccrq(assignedTunnelID: 1, hostName: "h").encoded()]
        let outcome = Fuzzer.run(seed: 2661, valid: valid, maximumLength: 200) { _ = try L2TPMessage(parsing: $0) }
        #expect(outcome.foreignErrors.isEmpty)
        #expect(outcome.acceptedTruncations.isEmpty)
        #expect(outcome.randomRejected > Fuzzer.randomBuffers / 2)
        #expect(outcome.mutationsAccepted > 0)
    }
}

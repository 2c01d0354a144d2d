import Addressing
@testable import ProbePackets
import TestSupport
import Testing

@Suite struct PCPTests {
    /// RFC 6887 §7.1: version 2, R=0 opcode 0 (ANNOUNCE, §14.1), reserved, lifetime 0,
    /// client address as IPv4-mapped IPv6 (§5).
    @Test func announceRequestLayout() {
        let request = PCPAnnounceRequest(clientAddress: IPAddress("198.51.100.10")!)
        #expect(request.encoded() == hex("02 00 0000 00000000 00000000 00000000 0000ffff c6336 40a"))
        let v6 = PCPAnnounceRequest(clientAddress: IPAddress("2001:db8::5")!).encoded()
        #expect(v6.count == 24)
        #expect(Array(v6[8...]) == IPAddress("2001:db8::5")!.bytes)
    }

    /// RFC 6887 §7.2: version, R=1 opcode, reserved, result, lifetime, epoch, 96 reserved bits.
    @Test func announceResponse() throws {
        let reply = try PCPReply(parsing: hex("02 80 00 00 00000000 0000012c 000000000000000000000000"))
        guard case let .pcp(response) = reply else { Issue.record("not PCP: \(reply)"); return }
        #expect(response.opcode == 0)
        #expect(response.result == .success)
        #expect(response.epoch == 300)
        #expect(response.lifetime == 0)
        #expect(response.payload.isEmpty)
    }

    @Test func errorResultIsNamed() throws {
        let reply = try PCPReply(parsing: hex("02 80 00 04 00000708 00000001 000000000000000000000000"))
        guard case let .pcp(response) = reply else { Issue.record("not PCP: \(reply)"); return }
        #expect(response.result == .unsupportedOpcode)
        #expect("\(response.result)" == "UNSUPP_OPCODE")
        #expect(response.lifetime == 1800)
        #expect("\(PCPResultCode(rawValue: 200))" == "result code 200")
    }

    /// RFC 6887 §9 / RFC 6886 §3.5: a NAT-PMP gateway answers version 2 with
    /// version 0, opcode 128 + 0, result 1 (unsupported version), its epoch.
    @Test func natPMPAnswerMeansThisIsNATPMP() throws {
        let reply = try PCPReply(parsing: hex("00 80 0001 00000aaa"))
        guard case let .natPMP(response) = reply else { Issue.record("not NAT-PMP: \(reply)"); return }
        #expect(response.result == .unsupportedVersion)
        #expect(response.epoch == 0xAAA)
    }

    @Test func malformedResponsesAreRejected() {
        #expect(throws: PacketError.invalidValue(.pcp, field: "R bit", found: "0 (a request)", expected: "1 (a response)")) {
            try PCPReply(parsing: PCPAnnounceRequest(clientAddress: IPAddress("198.51.100.10")!).encoded())
        }
        #expect(throws: PacketError.invalidValue(.pcp, field: "length", found: "26 bytes", expected: "a multiple of 4, at most 1100")) {
            try PCPReply(parsing: hex("02 80 00 00 00000000 0000012c 000000000000000000000000 0000"))
        }
        #expect(throws: PacketError.invalidValue(.pcp, field: "version", found: "1", expected: "2")) {
            try PCPReply(parsing: hex("01 80 00 00 00000000 0000012c 000000000000000000000000"))
        }
    }

    @Test func responseRoundTrips() throws {
        let response = PCPResponse(opcode: 1, result: .notAuthorized, lifetime: 30, epoch: 12345, payload: [1, 2, 3, 4])
        #expect(try PCPReply(parsing: response.encoded()) == .pcp(response))
    }

    @Test func fuzzedRepliesNeverTrap() {
        let valid = [hex("02 80 00 00 00000000 0000012c 000000000000000000000000"), hex("00 80 0001 00000aaa")]
        let outcome = Fuzzer.run(seed: 6887, valid: valid, maximumLength: 64) { _ = try PCPReply(parsing: $0) }
        #expect(outcome.foreignErrors.isEmpty)
        #expect(outcome.acceptedTruncations.isEmpty)
        #expect(outcome.randomRejected > 0)
    }
}

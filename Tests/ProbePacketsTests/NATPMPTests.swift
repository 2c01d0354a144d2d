import Addressing
@testable import ProbePackets
import TestSupport
import Testing

@Suite struct NATPMPTests {
    /// RFC 6886 §3.2: version 0, opcode 0, nothing else.
    @Test func externalAddressRequestIsTwoZeroBytes() {
        #expect(NATPMPRequest.externalAddress.encoded() == [0, 0])
    }

    /// RFC 6886 §3.3: version, opcode (1 UDP, 2 TCP), reserved, internal port,
    /// suggested external port, lifetime.
    @Test func mappingRequestLayout() {
        let request = NATPMPRequest.mapping(.tcp, internalPort: 8080, suggestedExternalPort: 8081, lifetime: 7200)
        #expect(request.encoded() == hex("00 02 0000 1f90 1f91 00001c20"))
        #expect(NATPMPRequest.mapping(.udp, internalPort: 1, suggestedExternalPort: 0, lifetime: 0).encoded() == hex("00 01 0000 0001 0000 00000000"))
    }

    /// RFC 6886 §3.2: version 0, opcode 128, result 0, epoch, external address.
    @Test func externalAddressResponse() throws {
        let response = try NATPMPResponse(parsing: hex("00 80 0000 00000e10 cb 00 71 07"))
        #expect(response.opcode == 0)
        #expect(response.result == .success)
        #expect(response.epoch == 3600)
        #expect(response.externalAddress == IPAddress("203.0.113.7"))
    }

    /// RFC 6886 §3.3: opcode 128 + 2, internal port, mapped external port, lifetime.
    @Test func mappingResponse() throws {
        let response = try NATPMPResponse(parsing: hex("00 82 0000 00000001 1f90 9c40 00000e10"))
        #expect(response.opcode == 2)
        #expect(response.body == .mapping(internalPort: 8080, externalPort: 40000, lifetime: 3600))
        #expect(response.externalAddress == nil)
    }

    /// A refusal may stop after the epoch (RFC 6886 §3.5).
    @Test func shortErrorResponse() throws {
        let response = try NATPMPResponse(parsing: hex("00 80 0003 00000005"))
        #expect(response.result == .networkFailure)
        #expect(response.body == nil)
        #expect("\(NATPMPResultCode(2))" == "not authorized or refused")
    }

    @Test func requestsAndNonZeroVersionsAreRejected() {
        #expect(throws: PacketError.invalidValue(.natPMP, field: "opcode", found: "0", expected: "128 or more (a response)")) {
            try NATPMPResponse(parsing: hex("00 00 0000 00000000 00000000"))
        }
        #expect(throws: PacketError.invalidValue(.natPMP, field: "version", found: "2", expected: "0")) {
            try NATPMPResponse(parsing: hex("02 80 0000 00000000 00000000"))
        }
        #expect(throws: PacketError.truncated(.natPMP, field: "external IPv4 address", needed: 4, available: 2)) {
            try NATPMPResponse(parsing: hex("00 80 0000 00000000 0102"))
        }
    }

    @Test func responsesRoundTrip() throws {
        let responses = [
            NATPMPResponse(opcode: 0, result: .success, epoch: 99, body: .externalAddress(IPAddress("198.51.100.1")!)),
            NATPMPResponse(opcode: 1, result: .success, epoch: 1, body: .mapping(internalPort: 5, externalPort: 6, lifetime: 7)),
            NATPMPResponse(opcode: 0, result: .unsupportedVersion, epoch: 0, body: nil),
        ]
        for response in responses { #expect(try NATPMPResponse(parsing: response.encoded()) == response) }
    }

    @Test func fuzzedResponsesNeverTrap() {
        let valid = [hex("00 80 0000 00000e10 cb 00 71 07"), hex("00 82 0000 00000001 1f90 9c40 00000e10")]
        let outcome = Fuzzer.run(seed: 6886, valid: valid, maximumLength: 32) { _ = try NATPMPResponse(parsing: $0) }
        #expect(outcome.foreignErrors.isEmpty)
        #expect(outcome.acceptedTruncations.isEmpty)
        #expect(outcome.randomRejected > 0)
        #expect(outcome.mutationsAccepted > 0)
    }
}

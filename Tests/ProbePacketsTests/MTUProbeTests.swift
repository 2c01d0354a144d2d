import Testing
import TestSupport
@testable import ProbePackets

@Suite struct MTUProbeTests {
    @Test func payloadSizeForAPathMTU() {
        #expect(MTUProbePayload.payloadSize(forPathMTU: 1500, ipv6: false) == 1472)
        #expect(MTUProbePayload.payloadSize(forPathMTU: 1280, ipv6: true) == 1232)
    }

    @Test func payloadHasTheRequestedSizeAndRoundTrips() throws {
        let probe = try MTUProbePayload(probeID: 99, size: 1472)
        let bytes = probe.encoded()
        #expect(bytes.count == 1472)
        #expect(Array(bytes[0..<12]) == hex("56 50 4e 4d 00 00 00 63 00 00 05 c0"))
        #expect(try MTUProbePayload(parsing: bytes) == probe)
        #expect(try MTUProbePayload(parsing: MTUProbePayload(probeID: 1, size: 12).encoded()).size == 12)
    }

    @Test func damagedEchoesAreRejected() throws {
        let bytes = try MTUProbePayload(probeID: 1, size: 100).encoded()
        #expect(throws: PacketError.truncated(.mtuProbe, field: "payload", needed: 100, available: 99)) {
            try MTUProbePayload(parsing: Array(bytes.dropLast()))
        }
        var changed = bytes
        changed[50] ^= 0xFF
        #expect(throws: PacketError.self) { try MTUProbePayload(parsing: changed) }
        #expect(throws: PacketError.invalidValue(.mtuProbe, field: "size", found: "11", expected: "12 to 65507 bytes")) {
            try MTUProbePayload(probeID: 1, size: 11)
        }
    }

    @Test func fuzzedEchoesNeverTrap() throws {
        let valid = [try MTUProbePayload(probeID: 7, size: 200).encoded()]
        let outcome = Fuzzer.run(seed: 1500, valid: valid) { _ = try MTUProbePayload(parsing: $0) }
        #expect(outcome.foreignErrors.isEmpty)
        #expect(outcome.acceptedTruncations.isEmpty)
        #expect(outcome.randomRejected == Fuzzer.randomBuffers)
        // Only changes confined to the probe ID (or to the same value) survive the pattern check.
        #expect(outcome.mutationsAccepted < Fuzzer.mutations / 20)
    }
}

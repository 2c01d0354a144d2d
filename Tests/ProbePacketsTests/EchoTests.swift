import Testing
import TestSupport
@testable import ProbePackets

@Suite struct EchoTests {
    private let echo = ProbeEchoPayload(probeID: 0x0102_0304, timestamp: 0x1122_3344_5566_7788)

    @Test func echoPayloadLayoutAndRoundTrip() throws {
        #expect(echo.encoded() == hex("56 50 4e 45 01 02 03 04 11 22 33 44 55 66 77 88"))
        #expect(try ProbeEchoPayload(parsing: echo.encoded()) == echo)
        #expect(throws: PacketError.invalidValue(.echo, field: "echo magic", found: "0x0", expected: "0x56504e45")) {
            try ProbeEchoPayload(parsing: [UInt8](repeating: 0, count: 16))
        }
        #expect(throws: PacketError.invalidValue(.echo, field: "echo length", found: "17 bytes", expected: "16")) {
            try ProbeEchoPayload(parsing: echo.encoded() + [0])
        }
    }

    /// RFC 2637 §4.1: flags K and S (0x30), version 1 (0x01), protocol 0x880B, payload
    /// length, call ID, sequence number, payload.
    @Test func enhancedGRELayout() throws {
        let packet = GREPacket.pptpEcho(callID: 0x00AB, sequence: 5, echo: echo)
        let bytes = packet.encoded()
        #expect(Array(bytes[0..<16]) == hex("30 01 88 0b 00 10 00 ab 00 00 00 05") + [0x56, 0x50, 0x4E, 0x45])
        let parsed = try GREPacket(parsing: bytes)
        #expect(parsed == packet)
        #expect(try ProbeEchoPayload(parsing: parsed.payload) == echo)
    }

    /// The A bit (0x80 in the second byte) adds an acknowledgement number after the sequence.
    @Test func enhancedGREWithAcknowledgement() throws {
        let packet = GREPacket(version: .enhanced(callID: 9), protocolType: GREPacket.protocolPPP, sequence: 1, acknowledgement: 2, payload: [0xFF])
        #expect(packet.encoded() == hex("30 81 88 0b 00 01 00 09 00 00 00 01 00 00 00 02 ff"))
        #expect(try GREPacket(parsing: packet.encoded()) == packet)
    }

    /// RFC 2784 (checksum present: 4 more bytes) and RFC 2890 (key).
    @Test func plainGRE() throws {
        let keyed = GREPacket(version: .plain(key: 0xDEAD_BEEF), protocolType: GREPacket.protocolExperimental, payload: [1, 2])
        #expect(keyed.encoded() == hex("20 00 88 b5 de ad be ef 01 02"))
        #expect(try GREPacket(parsing: keyed.encoded()) == keyed)
        let checksummed = try GREPacket(parsing: hex("80 00 08 00 12 34 00 00 aa"))
        #expect(checksummed.version == .plain(key: nil))
        #expect(checksummed.protocolType == 0x0800)
        #expect(checksummed.payload == [0xAA])
        #expect(throws: PacketError.invalidValue(.gre, field: "version", found: "2", expected: "0 or 1")) {
            try GREPacket(parsing: hex("00 02 88 0b"))
        }
        #expect(throws: PacketError.invalidValue(.gre, field: "enhanced GRE flags", found: "0x10", expected: "K set, C clear")) {
            try GREPacket(parsing: hex("10 01 88 0b 00 00 00 01"))
        }
    }

    /// RFC 4303 §2: SPI, sequence number, payload; SPIs 1-255 are reserved.
    @Test func espEcho() throws {
        let packet = try ESPEchoPacket(spi: 0x1000, sequence: 1, payload: echo.encoded())
        #expect(Array(packet.encoded()[0..<8]) == hex("00 00 10 00 00 00 00 01"))
        let parsed = try ESPEchoPacket(parsing: packet.encoded())
        #expect(parsed == packet)
        #expect(parsed.echo == echo)
        #expect(throws: PacketError.invalidValue(.esp, field: "SPI", found: "255", expected: "256 or more (0-255 are reserved)")) {
            try ESPEchoPacket(parsing: hex("00 00 00 ff 00 00 00 01"))
        }
    }

    @Test func fuzzedEchoCarriersNeverTrap() {
        let gre = Fuzzer.run(seed: 47, valid: [GREPacket.pptpEcho(callID: 1, sequence: 1, echo: echo).encoded()]) {
            _ = try GREPacket(parsing: $0)
        }
        #expect(gre.foreignErrors.isEmpty)
        #expect(gre.acceptedTruncations.isEmpty)
        #expect(gre.randomRejected > 0)
        let esp = Fuzzer.run(seed: 50, valid: [try! ESPEchoPacket(spi: 300, sequence: 1, payload: echo.encoded()).encoded()]) {
            _ = try ESPEchoPacket(parsing: $0).echo
        }
        #expect(esp.foreignErrors.isEmpty)
        #expect(esp.acceptedTruncations == Array(8..<24))
        let payload = Fuzzer.run(seed: 16, valid: [echo.encoded()], maximumLength: 32) { _ = try ProbeEchoPayload(parsing: $0) }
        #expect(payload.foreignErrors.isEmpty)
        #expect(payload.acceptedTruncations.isEmpty)
        #expect(payload.randomRejected == Fuzzer.randomBuffers)
    }
}

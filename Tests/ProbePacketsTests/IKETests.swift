import Addressing
@testable import ProbePackets
import TestSupport
import Testing
import VPNCore

let ikeSource = TransportAddress(address: IPAddress("198.51.100.20")!, port: 500)
let ikeDestination = TransportAddress(address: IPAddress("203.0.113.10")!, port: 500)

/// A responder asking for group 19 (RFC 7296 §1.2, §3.10.1): header with the response
/// flag, then one Notify INVALID_KE_PAYLOAD (17) carrying the group number.
let ikeInvalidKE = hex("""
    01 02 03 04 05 06 07 08  00 00 00 00 00 00 00 00   # SPIi, SPIr (zero: no SA yet)
    29 20 22 20 00 00 00 00  00 00 00 26               # next Notify, v2.0, IKE_SA_INIT, R flag, ID 0, length 38
    00 00 00 0a 00 00 00 11 00 13                      # Notify: protocol 0, SPI size 0, type 17, group 19
    """)

/// Captured: strongSwan 5.9.8 answering this module's group-14 IKE_SA_INIT (UDP 500, loopback,
/// private network namespace): SA, KE, Nonce, NAT_DETECTION_SOURCE/DESTINATION_IP,
/// CHILDLESS_IKEV2_SUPPORTED (16418), MULTIPLE_AUTH_SUPPORTED (16404).
let strongSwanSAInitResponse = hex("""
    566d8263847ddafc69f09fafc7d5c4b62120222000000000000001c0220000300000002c010100040300000c0100000c
    800e0080030000080300000c0300000802000005000000080400000e28000108000e000025f18d009499421230a6fc27
    06c89d9f48e21b321fb83ad5e4932f698ed1eeb4bdfe35070ec2082673117cfb999fa973bbab68b6bc1a32bea7270f24
    2e5b1fe4d4979ba1ccac3056e815d6c29c3c1d80f26d85b366babec1b67b0aabd4d3e8c3059e3e3fd179b86fff44fe23
    e06240cdd821ff8f08bc9a3bf9a128f395d2cb705e9d1524ddaf34aa68175d1a9c1451b7fd8c832056b9d9c25ceb3561
    7f935ead5ec5c948f1a8e8cc8034dec43b27396a908e0aa7a15024aa6ac11cee7ebfc11986e4f87958e9c9137d63eb24
    f11c3572300177a5386b478775df3defc5e3dfd03ddf41fac7ce30bb31f34b0a220f992b7400402e250d96b5b1daf120
    c401c53a290000249228f31eb2482e31c3528722f47a182c2f4f77dc452c2f4ca5f5cc1208c877152900001c00004004
    08ac05621f60a3e0bed405e4a5358dc6f076ed122900001c0000400587fabd0d4196aeb0ebb8b9b5323c1c654c2d7517
    29000008000040220000000800004014
    """)

/// Captured: the same strongSwan answering an ECP-256 offer it could not accept with INVALID_KE_PAYLOAD.
let strongSwanInvalidKE = hex("ec5c7498b54fc5d600000000000000002920222000000000000000260000000a000000110013")

@Suite struct IKETests {
    @Test func realStrongSwanAnswersParse() throws {
        let response = try IKEMessage(parsing: strongSwanSAInitResponse)
        #expect(response.isResponse && !response.isInitiator)
        #expect(response.exchangeType == 34)
        #expect(response.messageID == 0)
        #expect(response.responderSPI != [UInt8](repeating: 0, count: 8))
        #expect(response.payloadTypes == [33, 34, 40, 41, 41, 41, 41])
        #expect(response.notifyTypes == [16388, 16389, 16418, 16404])
        let refusal = try IKEMessage(parsing: strongSwanInvalidKE)
        #expect(refusal.isResponse)
        #expect(refusal.payloadTypes == [41])
        #expect(refusal.requestedDHGroup == 19)
    }

    private func request(_ suite: IKEProposalSuite) -> IKESAInitRequest {
        var generator = SeededRandomNumberGenerator(seed: 7296)
        return IKESAInitRequest(suite: suite, source: ikeSource, destination: ikeDestination, using: &generator)
    }

    /// RFC 7296 §3.1 header and §3.3 SA payload; sizes: SA 48, KE 4+4+256, Nonce 4+32, two Notifies 4+4+20.
    @Test func saInitLayoutWithGroup14() throws {
        let request = request(.aesCBC128ModP2048)
        let bytes = request.encoded()
        #expect(bytes.count == 28 + 48 + 264 + 36 + 28 + 28)
        #expect(Array(bytes[0..<8]) == request.initiatorSPI)
        #expect(Array(bytes[8..<28]) == hex("0000000000000000 21 20 22 08 00000000") + [0, 0, 0x01, 0xB0])
        #expect(Array(bytes[28..<76]) == hex("""
            22 00 00 30                     # SA: next KE, length 48
            00 00 00 2c 01 01 00 04         # last proposal, length 44, #1, IKE, no SPI, 4 transforms
            03 00 00 0c 01 00 00 0c 80 0e 00 80   # ENCR AES-CBC, key length 128
            03 00 00 08 02 00 00 05         # PRF HMAC-SHA2-256
            03 00 00 08 03 00 00 0c         # INTEG HMAC-SHA2-256-128
            00 00 00 08 04 00 00 0e         # D-H group 14
            """))
        #expect(Array(bytes[76..<84]) == hex("28 00 01 08 00 0e 00 00"))  // KE: next Nonce, length 264, group 14
        let parsed = try IKEMessage(parsing: bytes)
        #expect(parsed.payloadTypes == [33, 34, 40, 41, 41])
        #expect(parsed.notifyTypes == [16388, 16389])
        #expect(parsed.notifies[0].data == IKESAInitRequest.natDetectionHash(spi: request.initiatorSPI, ikeSource))
        #expect(parsed.notifies[1].data.count == 20)
        #expect(parsed.isInitiator && !parsed.isResponse)
        #expect(parsed.exchangeType == 34)
    }

    @Test func aeadProposalHasNoIntegrityTransformAndA64ByteShare() throws {
        let bytes = request(.aesGCM128ECP256).encoded()
        #expect(bytes.count == 28 + 40 + 72 + 36 + 56)
        #expect(Array(bytes[32..<40]) == hex("00 00 00 24 01 01 00 03"))
        #expect(Array(bytes[40..<52]) == hex("03 00 00 0c 01 00 00 14 80 0e 00 80"))
        #expect(try IKEMessage(parsing: bytes).payloadTypes == [33, 34, 40, 41, 41])
        // KE at 68: next Nonce, length 72, group 19, then P-256's base point (a valid curve point).
        #expect(Array(bytes[68..<76]) == hex("28 00 00 48 00 13 00 00"))
        #expect(Array(bytes[76..<80]) == hex("6b 17 d1 f2"))
        #expect(Array(bytes[76..<140]) == IKEProposalSuite.p256BasePoint)
    }

    @Test func modpSharesAreFreshRandomBytes() {
        let first = IKESAInitRequest(source: ikeSource, destination: ikeDestination)
        let second = IKESAInitRequest(source: ikeSource, destination: ikeDestination)
        #expect(first.keyExchangeData.count == 256)
        #expect(first.keyExchangeData != second.keyExchangeData)
        #expect(first.initiatorSPI != second.initiatorSPI)
        #expect(first.nonce.count == 32)
    }

    /// RFC 3948 §2.2: on UDP 4500 the same message follows four zero bytes.
    @Test func nonESPMarkerForPort4500() throws {
        let request = request(.aesCBC128ModP2048)
        let bytes = request.encoded(nonESPMarker: true)
        #expect(Array(bytes[0..<4]) == [0, 0, 0, 0])
        #expect(Array(bytes[4...]) == request.encoded())
        #expect(try IKEMessage(parsing: bytes, nonESPMarker: true).initiatorSPI == request.initiatorSPI)
        #expect(throws: PacketError.self) { try IKEMessage(parsing: request.encoded(), nonESPMarker: true) }
    }

    @Test func invalidKEReplyNamesTheGroup() throws {
        let reply = try IKEMessage(parsing: ikeInvalidKE)
        #expect(reply.isResponse)
        #expect(reply.exchangeType == 34)
        #expect(reply.messageID == 0)
        #expect(reply.initiatorSPI == hex("0102030405060708"))
        #expect(reply.payloadTypes == [41])
        #expect(reply.notifyTypes == [IKENotifyType.invalidKEPayload.rawValue])
        #expect(reply.requestedDHGroup == 19)
    }

    @Test func lengthAndVersionAreChecked() {
        var longer = ikeInvalidKE
        longer.append(0)
        #expect(throws: PacketError.invalidValue(.ike, field: "length", found: "38", expected: "39, the datagram's size")) {
            try IKEMessage(parsing: longer)
        }
        var v1 = ikeInvalidKE
        v1[17] = 0x10
        #expect(throws: PacketError.invalidValue(.ike, field: "major version", found: "1", expected: "2")) { try IKEMessage(parsing: v1) }
        var badPayload = ikeInvalidKE
        badPayload[31] = 2
        #expect(throws: PacketError.invalidValue(.ike, field: "length of payload 41", found: "2", expected: "at least 4")) {
            try IKEMessage(parsing: badPayload)
        }
    }

    @Test func fuzzedMessagesNeverTrap() {
        let valid = [ikeInvalidKE, request(.aesGCM128ECP256).encoded()]
        let outcome = Fuzzer.run(seed: 500, valid: valid) { _ = try IKEMessage(parsing: $0) }
        #expect(outcome.foreignErrors.isEmpty)
        #expect(outcome.acceptedTruncations.isEmpty)
        #expect(outcome.randomRejected == Fuzzer.randomBuffers)
        #expect(outcome.mutationsAccepted > 0)
        let marked = Fuzzer.run(seed: 4500, valid: [request(.aesCBC128ModP2048).encoded(nonESPMarker: true)]) {
            _ = try IKEMessage(parsing: $0, nonESPMarker: true)
        }
        #expect(marked.foreignErrors.isEmpty)
        #expect(marked.acceptedTruncations.isEmpty)
    }
}

import Addressing
@testable import ProbePackets
import TestSupport
import Testing
import VPNCore

/// RFC 5769 §2.1: a Binding Request with SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME,
/// MESSAGE-INTEGRITY (short-term password below) and FINGERPRINT.
let rfc5769Request = hex("""
    00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
    80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
    00 24 00 04 6e 00 01 ff
    80 29 00 08 93 2f f9 b1 51 26 3b 36
    00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
    00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
    80 28 00 04 e5 7a 3b cf
    """)

/// RFC 5769 §2.2: the IPv4 response, XOR-MAPPED-ADDRESS 192.0.2.1:32853.
let rfc5769IPv4Response = hex("""
    01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
    80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
    00 20 00 08 00 01 a1 47 e1 12 a6 43
    00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
    80 28 00 04 c0 7d 4c 96
    """)

/// RFC 5769 §2.3: the IPv6 response, XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853.
let rfc5769IPv6Response = hex("""
    01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
    80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
    00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
    00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
    80 28 00 04 c8 fb 0b 4c
    """)

let rfc5769Password = ascii("VOkJxbRl1RmTxUk/WvJxBt")
let rfc5769TransactionID = STUNTransactionID(bytes: hex("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae"))!

@Suite struct STUNTests {
    @Test func rfc5769SampleRequestParsesWithItsFingerprintChecked() throws {
        let request = try STUNBindingRequest(parsing: rfc5769Request)
        #expect(request.transactionID == rfc5769TransactionID)
        #expect(request.fingerprint)
        #expect(request.software == "STUN test client")
        let message = try STUNMessage(parsing: rfc5769Request)
        #expect(message.attributes.map(\.type) == [0x8022, 0x0024, 0x8029, 0x0006, 0x0008])
        #expect(message.attribute(.username) == ascii("evtj:h6vY"))
        #expect(message.integrityMatches(key: rfc5769Password))
        #expect(!message.integrityMatches(key: ascii("wrong password")))
    }

    @Test func rfc5769IPv4ResponseParses() throws {
        let reply = try STUNBindingReply(parsing: rfc5769IPv4Response, expecting: rfc5769TransactionID)
        guard case let .success(response) = reply else { Issue.record("not a success: \(reply)"); return }
        #expect(response.mappedAddress == TransportAddress(address: IPAddress("192.0.2.1")!, port: 32853))
        #expect(response.mappedAddressWasXORed)
        #expect(response.software == "test vector")
        #expect(response.fingerprintVerified)
        #expect(response.hasMessageIntegrity)
        #expect(try STUNMessage(parsing: rfc5769IPv4Response).integrityMatches(key: rfc5769Password))
    }

    @Test func rfc5769IPv6ResponseParses() throws {
        let reply = try STUNBindingReply(parsing: rfc5769IPv6Response, expecting: rfc5769TransactionID)
        guard case let .success(response) = reply else { Issue.record("not a success: \(reply)"); return }
        #expect(response.mappedAddress == TransportAddress(address: IPAddress("2001:db8:1234:5678:11:2233:4455:6677")!, port: 32853))
        #expect(response.fingerprintVerified)
        #expect(try STUNMessage(parsing: rfc5769IPv6Response).integrityMatches(key: rfc5769Password))
    }

    @Test func xorAddressEncodingMatchesTheRFCVector() {
        let address = TransportAddress(address: IPAddress("192.0.2.1")!, port: 32853)
        #expect(STUNAddressCoding.encode(address, xor: rfc5769TransactionID) == hex("00 01 a1 47 e1 12 a6 43"))
    }

    @Test(arguments: [10, 25, 44, 60, 77])
    func aChangedByteFailsTheFingerprint(position: Int) {
        var bytes = rfc5769IPv4Response
        bytes[position] ^= 0x01
        #expect {
            try STUNBindingReply(parsing: bytes)
        } throws: { error in
            guard let error = error as? PacketError else { return false }
            if case .checksumMismatch(.stun, "FINGERPRINT", _, _) = error { return true }
            // A flip inside an address or the cookie may be caught before the CRC is reached.
            return position < 20
        }
    }

    @Test func aResponseToAnotherRequestIsRejected() {
        let other = STUNTransactionID(bytes: [UInt8](repeating: 1, count: 12))!
        #expect(throws: PacketError.invalidValue(.stun, field: "transaction ID", found: rfc5769TransactionID.description, expected: other.description)) {
            try STUNBindingReply(parsing: rfc5769IPv4Response, expecting: other)
        }
    }

    @Test func aWrongMagicCookieIsRejected() {
        var bytes = rfc5769IPv4Response
        bytes[4] = 0x22
        #expect(throws: PacketError.invalidValue(.stun, field: "magic cookie", found: "0x2212a442", expected: "0x2112a442")) {
            try STUNMessage(parsing: bytes)
        }
    }

    /// RFC 8489 §5 header, then FINGERPRINT (§14.7): 8 bytes, so length 8.
    @Test func bindingRequestLayout() throws {
        var generator = SeededRandomNumberGenerator(seed: 7)
        let id = STUNTransactionID.random(using: &generator)
        let bytes = STUNBindingRequest(transactionID: id).encoded()
        #expect(Array(bytes[0..<8]) == hex("00 01 00 08 21 12 a4 42"))
        #expect(Array(bytes[8..<20]) == id.bytes)
        #expect(Array(bytes[20..<24]) == hex("80 28 00 04"))
        let crc = CRC32.checksum(bytes[0..<20]) ^ 0x5354_554E
        #expect(Array(bytes[24...]) == [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)])
        let plain = STUNBindingRequest(transactionID: id, fingerprint: false).encoded()
        #expect(plain == hex("00 01 00 00 21 12 a4 42") + id.bytes)
        var again = SeededRandomNumberGenerator(seed: 7)
        #expect(STUNTransactionID.random(using: &again) == id)
        #expect(STUNTransactionID.random() != STUNTransactionID.random())
    }

    @Test func requestRoundTripKeepsChangeRequestAndSoftware() throws {
        let request = STUNBindingRequest(changeIP: true, changePort: true, software: "vpnctl probe")
        let parsed = try STUNBindingRequest(parsing: request.encoded())
        #expect(parsed == request)
        let portOnly = STUNBindingRequest(fingerprint: false, changePort: true)
        #expect(try STUNBindingRequest(parsing: portOnly.encoded()) == portOnly)
    }

    @Test func responderAnswerRoundTrips() throws {
        let request = STUNBindingRequest()
        let mapped = TransportAddress(address: IPAddress("198.51.100.20")!, port: 40001)
        let other = TransportAddress(address: IPAddress("203.0.113.11")!, port: 3479)
        let origin = TransportAddress(address: IPAddress("203.0.113.10")!, port: 3478)
        let answer = STUNBindingResponse(answering: request, mappedAddress: mapped, otherAddress: other, responseOrigin: origin)
        let reply = try STUNBindingReply(parsing: answer.encoded(), expecting: request.transactionID)
        guard case let .success(response) = reply else { Issue.record("not a success: \(reply)"); return }
        #expect(response.mappedAddress == mapped)
        #expect(response.otherAddress == other)
        #expect(response.responseOrigin == origin)
        #expect(response.fingerprintVerified)
        let v6 = TransportAddress(address: IPAddress("2001:db8::77")!, port: 1)
        let noFingerprint = STUNBindingResponse(answering: STUNBindingRequest(fingerprint: false), mappedAddress: v6)
        guard case let .success(parsed) = try STUNBindingReply(parsing: noFingerprint.encoded()) else {
            Issue.record("not a success"); return
        }
        #expect(parsed.mappedAddress == v6)
        #expect(!parsed.fingerprintVerified)
        #expect(parsed.otherAddress == nil)
    }

    @Test func plainMappedAddressIsTheFallback() throws {
        let address = TransportAddress(address: IPAddress("203.0.113.5")!, port: 5000)
        let bytes = STUNMessage(type: 0x0101, transactionID: rfc5769TransactionID, attributes: [
            STUNAttribute(type: 0x0001, value: hex("00 01 13 88 cb 00 71 05")),
        ]).encoded(fingerprint: false)
        guard case let .success(response) = try STUNBindingReply(parsing: bytes) else { Issue.record("not a success"); return }
        #expect(response.mappedAddress == address)
        #expect(!response.mappedAddressWasXORed)
    }

    @Test func errorResponseCarriesCodeAndReason() throws {
        let bytes = STUNMessage(type: 0x0111, transactionID: rfc5769TransactionID, attributes: [
            STUNAttribute(type: 0x0009, value: hex("00 00 04 14") + ascii("Unknown Attribute")),
        ]).encoded(fingerprint: true)
        guard case let .error(error) = try STUNBindingReply(parsing: bytes) else { Issue.record("not an error"); return }
        #expect(error.code == 420)
        #expect(error.reason == "Unknown Attribute")
    }

    @Test func aSuccessWithoutAnAddressSaysSo() {
        let bytes = STUNMessage(type: 0x0101, transactionID: rfc5769TransactionID, attributes: []).encoded(fingerprint: true)
        #expect(throws: PacketError.missing(.stun, field: "XOR-MAPPED-ADDRESS and MAPPED-ADDRESS")) {
            try STUNBindingReply(parsing: bytes)
        }
    }

    @Test func fuzzedRepliesNeverTrap() {
        let outcome = Fuzzer.run(seed: 0x5354_554E, valid: [rfc5769IPv4Response, rfc5769IPv6Response, rfc5769Request]) {
            _ = try STUNBindingReply(parsing: $0)
        }
        #expect(outcome.foreignErrors.isEmpty)
        #expect(outcome.silentErrors == 0)
        #expect(outcome.acceptedTruncations.isEmpty)
        #expect(outcome.randomRejected == Fuzzer.randomBuffers)
        // The FINGERPRINT catches nearly every mutation that survives the framing checks.
        #expect(outcome.mutationsRejected > Fuzzer.mutations * 9 / 10)
    }

    @Test func fuzzedMessagesNeverTrapWhenCheckingIntegrity() {
        let outcome = Fuzzer.run(seed: 5769, valid: [rfc5769Request, rfc5769IPv6Response]) {
            _ = try STUNMessage(parsing: $0).integrityMatches(key: rfc5769Password)
        }
        #expect(outcome.foreignErrors.isEmpty)
        #expect(outcome.acceptedTruncations.isEmpty)
    }

    @Test func fuzzedRequestsNeverTrap() {
        let outcome = Fuzzer.run(seed: 2, valid: [rfc5769Request, STUNBindingRequest(changeIP: true).encoded()]) {
            _ = try STUNBindingRequest(parsing: $0)
        }
        #expect(outcome.foreignErrors.isEmpty)
        #expect(outcome.acceptedTruncations.isEmpty)
        #expect(outcome.randomRejected == Fuzzer.randomBuffers)
    }
}

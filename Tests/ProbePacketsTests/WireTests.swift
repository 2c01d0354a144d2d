import Testing
import TestSupport
@testable import ProbePackets

@Suite struct WireTests {
    @Test func readerThrowsNamingTheFieldInsteadOfReadingPastTheEnd() {
        var reader = PacketReader([1, 2, 3], kind: .pcp)
        #expect(throws: PacketError.truncated(.pcp, field: "lifetime", needed: 4, available: 3)) {
            try reader.u32("lifetime")
        }
        #expect((try? reader.u16("first")) == 0x0102)
        #expect(throws: PacketError.truncated(.pcp, field: "x", needed: -1, available: 1)) { try reader.bytes(-1, "x") }
        #expect(reader.rest() == [3])
        #expect(reader.isAtEnd)
    }

    @Test func writerWritesNetworkOrder() {
        var writer = PacketWriter()
        writer.u16(0x0102)
        writer.u32(0x0304_0506)
        writer.u64(0x0708_090A_0B0C_0D0E)
        writer.set16(0xAABB, at: 0)
        writer.fixedText("hello", width: 3)
        #expect(writer.bytes == [0xAA, 0xBB, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14] + ascii("hel"))
    }

    /// The standard check value of CRC-32/ISO-HDLC.
    @Test func crc32CheckValue() {
        #expect(CRC32.checksum(ascii("123456789")) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
    }

    /// FIPS 180 examples and RFC 2202 test cases 1 and 2.
    @Test func sha1AndHMACKnownAnswers() {
        #expect(SHA1.hash(ascii("abc")) == hex("a9993e364706816aba3e25717850c26c9cd0d89d"))
        #expect(SHA1.hash([]) == hex("da39a3ee5e6b4b0d3255bfef95601890afd80709"))
        #expect(SHA1.hash(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) == hex("84983e441c3bd26ebaae4aa1f95129e5e54670f1"))
        #expect(SHA1.hmac(key: [UInt8](repeating: 0x0B, count: 20), message: ascii("Hi There")) == hex("b617318655057264e28bc0b6fb378c8ef146be00"))
        #expect(SHA1.hmac(key: ascii("Jefe"), message: ascii("what do ya want for nothing?")) == hex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"))
    }

    @Test func errorsReadAsSentencesNamingProtocolAndField() {
        let error = PacketError.checksumMismatch(.stun, field: "FINGERPRINT", carried: 0xAB, computed: 0xCD)
        #expect(error.description == "STUN packet fails its FINGERPRINT check: carries 0xab, the bytes give 0xcd")
        #expect(PacketError.missing(.upnp, field: "NewExternalIPAddress").description == "UPnP IGD message lacks NewExternalIPAddress")
        #expect(error.kind == .stun)
    }
}

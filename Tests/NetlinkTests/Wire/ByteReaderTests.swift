import Testing
@testable import Netlink

@Suite struct ByteReaderTests {
    @Test func readsHostAndNetworkOrder() throws {
        var reader = ByteReader(hex("04 03 02 01 ca 6c"))
        #expect(try reader.read(UInt32.self, "a") == 0x0102_0304)
        #expect(try reader.readBigEndian(UInt16.self, "b") == 51820)
        #expect(reader.isAtEnd)
    }

    @Test func readingPastTheEndThrowsNamingTheField() {
        var reader = ByteReader(hex("01 02 03"))
        #expect(throws: WireFormatError.truncated(field: "nlmsghdr.nlmsg_len", offset: 0, needed: 4, available: 3)) {
            try reader.read(UInt32.self, "nlmsghdr.nlmsg_len")
        }
        #expect(reader.remaining == 3)
    }

    @Test func negativeAndHugeCountsThrow() {
        var reader = ByteReader(hex("01 02 03 04"))
        #expect(throws: WireFormatError.self) { try reader.readBytes(-1, "x") }
        #expect(throws: WireFormatError.self) { try reader.readBytes(Int.max, "x") }
    }

    @Test func sliceIndicesDoNotLeakIntoOffsets() throws {
        let bytes = hex("ff ff 01 00 00 00")
        var reader = ByteReader(bytes[2...])
        #expect(try reader.read(UInt32.self, "x") == 1)
        #expect(reader.offset == 4)
    }

    @Test func alignmentSkipStopsAtTheEnd() throws {
        var reader = ByteReader(hex("01 02 03 04 05"))
        try reader.skip(5, "x")
        reader.skipAlignment()
        #expect(reader.isAtEnd)
    }
}

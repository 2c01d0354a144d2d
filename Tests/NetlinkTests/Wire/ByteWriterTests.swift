import Testing
@testable import Netlink

@Suite struct ByteWriterTests {
    @Test func integersAreHostOrderAndBigEndianOnRequest() {
        var writer = ByteWriter()
        writer.append(UInt32(0x0102_0304))
        writer.appendBigEndian(UInt16(51820))
        #expect(writer.bytes == [0x04, 0x03, 0x02, 0x01, 0xCA, 0x6C])
    }

    @Test func attributesArePaddedToFourBytes() {
        var writer = ByteWriter()
        writer.appendAttribute(type: 3, string: "wg0")
        writer.appendAttribute(type: 6, u16: 0xCA6C)
        writer.appendAttribute(type: 3, u8: 7)
        #expect(writer.bytes == hex("08 00 03 00 77 67 30 00  06 00 06 00 6c ca 00 00  05 00 03 00 07 00 00 00"))
    }

    @Test func nestsCarryTheNestedFlagAndTheirPaddedLength() {
        var writer = ByteWriter()
        let nest = writer.beginNested(type: 18)
        writer.appendAttribute(type: 1, string: "dummy")
        writer.endNested(nest)
        #expect(writer.bytes == hex("10 00 12 80  0a 00 01 00 64 75 6d 6d 79 00 00 00"))
    }

    @Test func truncateRollsBackAPartlyWrittenElement() {
        var writer = ByteWriter()
        writer.appendAttribute(type: 1, u32: 1)
        let mark = writer.count
        let nest = writer.beginNested(type: 2)
        #expect(writer.isEmptyNest(nest))
        writer.appendAttribute(type: 1, u32: 2)
        #expect(!writer.isEmptyNest(nest))
        writer.truncate(to: mark)
        #expect(writer.bytes == hex("08 00 01 00 01 00 00 00"))
    }
}

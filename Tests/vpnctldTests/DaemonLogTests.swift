import Foundation
import SystemSupport
import Testing
import TestSupport
@testable import vpnctld

@Suite struct DaemonLogTests {
    /// Past its limit the log file moves to NAME.1 and the descriptor goes
    /// on into a new, empty file; under it, nothing changes.
    @Test func aFullLogIsRotatedUnderTheDescriptor() throws {
        let directory = try TemporaryDirectory(prefix: "vpnctl-log")
        let path = directory.path + "/vpnctld.log"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        #expect(RawIO.writeAll(descriptor, String(repeating: "x", count: 99)) == 0)
        DaemonLog.rotateIfFull(descriptor, limit: 100)
        #expect(!FileManager.default.fileExists(atPath: path + ".1"), "under the limit")

        #expect(RawIO.writeAll(descriptor, "y") == 0)
        DaemonLog.rotateIfFull(descriptor, limit: 100)
        #expect(try PrivateFile.read(path + ".1", limit: 1000)?.count == 100)
        #expect(RawIO.writeAll(descriptor, "after\n") == 0)
        #expect(try PrivateFile.read(path, limit: 1000) == Array("after\n".utf8))

        // Once more: the older .1 goes.
        #expect(RawIO.writeAll(descriptor, String(repeating: "z", count: 100)) == 0)
        DaemonLog.rotateIfFull(descriptor, limit: 100)
        #expect(try PrivateFile.read(path + ".1", limit: 1000)?.first == UInt8(ascii: "a"))
    }
}

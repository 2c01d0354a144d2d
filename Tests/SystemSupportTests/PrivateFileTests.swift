import Foundation
import SystemSupport
import Testing

/// The one private-file writer: 0600 (or the mode asked) whatever the
/// umask, replaced whole, parents made 0700, a size limit on reading.
@Suite struct PrivateFileTests {
    let root = "/tmp/vpnctl-privatefile-\(UInt32.random(in: 0...0xFFFFFF))"

    @Test func writesReplacesAndReadsBack() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/a/b/file"
        try PrivateFile.ensureDirectory(root + "/a/b")
        var info = stat()
        #expect(stat(root + "/a", &info) == 0 && info.st_mode & 0o777 == 0o700)
        let previous = umask(0)
        defer { umask(previous) }
        try PrivateFile.write(Array("first".utf8), to: path)
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600, "0600 even with umask 0")
        try PrivateFile.write(Array("second".utf8), to: path, mode: 0o644)
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o644)
        #expect(try PrivateFile.read(path, limit: 100) == Array("second".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/a/b") == ["file"], "no temporary file left")
    }

    @Test func aMissingFileIsNilAndALargeOneAnError() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try PrivateFile.read(root + "/none", limit: 10) == nil)
        try PrivateFile.ensureDirectory(root)
        try PrivateFile.write([UInt8](repeating: 0x41, count: 11), to: root + "/big")
        #expect(throws: PrivateFileError.tooLarge(path: root + "/big", limit: 10)) { try PrivateFile.read(root + "/big", limit: 10) }
    }

    @Test func aDirectoryThatCannotBeMadeIsNamed() {
        // A regular file stands where a parent should be.
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(throws: Never.self) { try PrivateFile.ensureDirectory(root) }
        #expect(throws: Never.self) { try PrivateFile.write([1], to: root + "/plain") }
        #expect(throws: PrivateFileError.self) { try PrivateFile.ensureDirectory(root + "/plain/sub") }
    }
}

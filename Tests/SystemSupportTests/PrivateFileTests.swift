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

    /// A link planted where the file goes is replaced, never written through.
    @Test func aLinkAtThePathIsReplacedNotFollowed() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try PrivateFile.ensureDirectory(root)
        let victim = root + "/victim"
        try PrivateFile.write(Array("keep".utf8), to: victim, mode: 0o644)
        #expect(symlink(victim, root + "/file") == 0)
        try PrivateFile.write(Array("secret".utf8), to: root + "/file")
        #expect(try PrivateFile.read(victim, limit: 100) == Array("keep".utf8))
        var info = stat()
        #expect(lstat(root + "/file", &info) == 0 && info.st_mode & S_IFMT == S_IFREG)
    }

    @Test func aSecretIsReadOnlyFromAFileOfOursAlone() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try PrivateFile.ensureDirectory(root)
        let path = root + "/device.key"
        try PrivateFile.write(Array("key".utf8), to: path)
        #expect(try PrivateFile.readSecret(path, limit: 100) == Array("key".utf8))
        #expect(try PrivateFile.readSecret(root + "/none", limit: 100) == nil)

        func refusal(_ path: String) -> String? {
            do {
                _ = try PrivateFile.readSecret(path, limit: 100)
                return nil
            } catch {
                guard case let .notPrivate(_, problem) = error else { return "\(error)" }
                return problem
            }
        }
        chmod(path, 0o640)
        #expect(refusal(path)?.contains("mode is 640") == true)
        chmod(path, 0o600)
        chown(path, 65534, 65534)
        #expect(refusal(path)?.contains("owned by uid 65534") == true)
        chown(path, geteuid(), getegid())
        #expect(symlink(path, root + "/link") == 0)
        #expect(refusal(root + "/link")?.contains("symbolic link") == true)
        #expect(mkfifo(root + "/fifo", 0o600) == 0)
        #expect(refusal(root + "/fifo")?.contains("not a regular file") == true)
        #expect(try PrivateFile.readSecret(path, limit: 100) == Array("key".utf8), "the file itself is fine again")
    }
}

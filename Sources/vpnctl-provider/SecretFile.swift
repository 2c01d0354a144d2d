import Directory
import Foundation

/// Private key files: created 0600, and refused when others can read them.
enum SecretFile {
    static func write(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw ToolFailure("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        // O_CREAT's mode does not apply to a file that already existed.
        guard fchmod(fd, 0o600) == 0 else { throw ToolFailure("cannot chmod \(path)") }
        let bytes = Array(text.utf8)
        guard Glibc.write(fd, bytes, bytes.count) == bytes.count else { throw ToolFailure("cannot write \(path)") }
    }

    static func signingKey(at path: String) throws -> DirectorySigningKey {
        var info = stat()
        guard stat(path, &info) == 0 else { throw ToolFailure("cannot read \(path): \(String(cString: strerror(errno)))") }
        guard info.st_mode & 0o077 == 0 else {
            throw ToolFailure("\(path) is readable by others (mode \(String(info.st_mode & 0o777, radix: 8))); run chmod 600 \(path)")
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try DirectorySigningKey(base64: text)
    }
}

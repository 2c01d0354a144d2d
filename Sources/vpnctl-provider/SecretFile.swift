import Directory
import Foundation
import SystemSupport

/// Private key files: created 0600, and refused when others can read them.
enum SecretFile {
    static func write(_ text: String, to path: String) throws {
        do throws(PrivateFileError) {
            try PrivateFile.write(Array(text.utf8), to: path)
        } catch {
            throw ToolFailure(error.description)
        }
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

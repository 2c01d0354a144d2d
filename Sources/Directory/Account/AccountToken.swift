import Crypto
import Foundation

/// The bearer token from `account_token_file`. Its text never appears in a
/// description, a log line or an error.
public struct AccountToken: Sendable, CustomStringConvertible {
    let secret: String

    /// Reads the token, refusing a file that anyone but its owner can read.
    public init(contentsOf path: String) throws(AccountError) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .tokenFileUnreadable(path: path, errno: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .tokenFileNotRegular(path: path) }
        guard info.st_mode & 0o077 == 0 else { throw .tokenFileTooOpen(path: path, mode: UInt32(info.st_mode & 0o7777)) }
        guard let data = FileManager.default.contents(atPath: path) else { throw .tokenFileUnreadable(path: path, errno: EACCES) }
        let text = String(decoding: data.prefix(8192), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        // Printable ASCII without spaces: it goes into an HTTP header.
        guard !text.isEmpty, text.utf8.count <= 4096, text.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .malformedToken(path: path)
        }
        secret = text
    }

    public var description: String { "<account token>" }

    /// Keys the cached account answer without storing the token.
    var digest: String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

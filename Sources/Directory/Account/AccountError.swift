import Foundation

/// Why the account's tier could not be established.
public enum AccountError: Error, Sendable, Hashable, CustomStringConvertible {
    case tokenFileUnreadable(path: String, errno: Int32)
    case tokenFileTooOpen(path: String, mode: UInt32)
    case tokenFileNotRegular(path: String)
    case malformedToken(path: String)
    case tokenRejected
    case unreachable(String)
    case malformedAnswer(String)

    public var description: String {
        switch self {
        case let .tokenFileUnreadable(path, code):
            "Cannot read the account token file \(path): \(String(cString: strerror(code)))."
        case let .tokenFileTooOpen(path, mode):
            "The account token file \(path) is readable by others (mode \(String(mode, radix: 8))); it holds a secret. Run: chmod 600 \(path)"
        case let .tokenFileNotRegular(path):
            "The account token file \(path) is not a regular file."
        case let .malformedToken(path):
            "The account token in \(path) is empty or contains spaces or control characters."
        case .tokenRejected:
            "The provider does not accept the account token (HTTP 401). Check account_token_file."
        case let .unreachable(detail):
            "Cannot reach the provider to look up the account (\(detail)), and no cached answer exists."
        case let .malformedAnswer(detail):
            "The provider's account answer is malformed: \(detail)."
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Why a private file could not be written or read, with the path and the
/// system's own reason.
public enum PrivateFileError: Error, Sendable, Hashable, CustomStringConvertible {
    case cannotWrite(path: String, errno: Int32)
    case cannotRead(path: String, errno: Int32)
    case tooLarge(path: String, limit: Int)
    /// A secret's file that someone else owns or may read or write, or that is not a plain file.
    case notPrivate(path: String, problem: String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, code): "cannot write \(path): \(String(cString: strerror(code)))"
        case let .cannotRead(path, code): "cannot read \(path): \(String(cString: strerror(code)))"
        case let .tooLarge(path, limit): "\(path) is larger than \(limit) bytes"
        case let .notPrivate(path, problem):
            "\(path) holds a secret but \(problem); it is not used. Make it the daemon's alone (chown root \(path); chmod 600 \(path)) or remove it to have a new one made"
        }
    }
}

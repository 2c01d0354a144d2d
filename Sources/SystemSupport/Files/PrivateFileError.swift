#if canImport(Glibc)
import Glibc
#endif

/// Why a private file could not be written or read, with the path and the
/// system's own reason.
public enum PrivateFileError: Error, Sendable, Hashable, CustomStringConvertible {
    case cannotWrite(path: String, errno: Int32)
    case cannotRead(path: String, errno: Int32)
    case tooLarge(path: String, limit: Int)

    public var description: String {
        switch self {
        case let .cannotWrite(path, code): "cannot write \(path): \(String(cString: strerror(code)))"
        case let .cannotRead(path, code): "cannot read \(path): \(String(cString: strerror(code)))"
        case let .tooLarge(path, limit): "\(path) is larger than \(limit) bytes"
        }
    }
}

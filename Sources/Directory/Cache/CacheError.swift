import SystemSupport
import Foundation

/// A problem with the local cache. Never fatal where a fresh download can
/// stand in, and never a reason to delete a good cache.
public enum CacheError: Error, Sendable, Hashable, CustomStringConvertible {
    case cannotWrite(path: String, errno: Int32)
    case cannotRead(path: String, errno: Int32)
    case corrupt(path: String, reason: String)
    /// The signature no longer matches: changed on disk since it was stored.
    case unverified(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, code):
            "cannot write \(path): \(String(cString: strerror(code))); check cache_dir and its permissions"
        case let .cannotRead(path, code):
            "cannot read \(path): \(String(cString: strerror(code)))"
        case let .corrupt(path, reason):
            "the cache file \(path) is damaged (\(reason)); it will be replaced by the next download"
        case let .unverified(path, reason):
            "the cached server list \(path) fails its signature check (\(reason)): it was changed on disk and is not used; the next download replaces it"
        }
    }
}

extension CacheError {
    init(_ error: PrivateFileError) {
        switch error {
        case let .cannotWrite(path, code): self = .cannotWrite(path: path, errno: code)
        case let .cannotRead(path, code): self = .cannotRead(path: path, errno: code)
        case let .tooLarge(path, limit): self = .corrupt(path: path, reason: "it is larger than \(limit) bytes")
        case let .notPrivate(path, problem): self = .corrupt(path: path, reason: problem)
        }
    }
}

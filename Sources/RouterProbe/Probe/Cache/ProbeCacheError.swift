import ProbePackets

/// Why a report could not be stored.
public enum ProbeCacheError: Error, Sendable, Hashable, CustomStringConvertible {
    case noNetworkKey
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .noNetworkKey: "The probe report names no gateway address and MAC, so it cannot be cached for a network."
        case let .cannotWrite(path, reason): "Cannot write the probe cache file \(path): \(reason). Check that the cache directory is writable."
        }
    }
}

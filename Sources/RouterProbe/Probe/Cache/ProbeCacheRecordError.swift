import ProbePackets

/// A stored report that does not read back; the cache treats it as absent.
public enum ProbeCacheRecordError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalid(field: String, expected: String)

    public var description: String {
        switch self {
        case let .invalid(field, expected): "The stored probe report is unreadable: \(field) is not \(expected)."
        }
    }
}

import ProbePackets

/// A probe option that cannot work, named so the caller can fix it.
public enum ProbeOptionsError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidSchedule(String)
    case invalidMTURange(lower: Int, upper: Int)

    public var description: String {
        switch self {
        case let .invalidSchedule(reason): "The retransmit schedule is invalid: \(reason)."
        case let .invalidMTURange(lower, upper):
            "The path MTU search range \(lower)...\(upper) is invalid: it must lie within 576...65535 and not be empty."
        }
    }
}

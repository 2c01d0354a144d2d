/// How vpnctl ends (README: Exit status), and the kind of every refusal the
/// daemon sends: one list for both sides, so a code means the same thing
/// wherever it is set.
public enum ExitStatus: Int32, Sendable, Hashable, CaseIterable {
    case unexpected = 1
    case locationNotFound = 2
    case needsPremium = 3
    case noUsableServer = 4
    case connectionFailed = 5
    case usage = 64
    case dataRejected = 65
    case unavailable = 69
    case fileError = 74
    case permission = 77
    case configuration = 78
}

extension ExitStatus: Codable {
    /// A code this side does not know (a newer daemon's) still ends the CLI
    /// as a failure rather than failing to read the answer.
    public init(from decoder: any Decoder) throws {
        self = ExitStatus(rawValue: try decoder.singleValueContainer().decode(Int32.self)) ?? .unexpected
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

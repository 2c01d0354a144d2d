/// One probe's answer: it passed, it was blocked, or it was not checked;
/// with what was seen, so a user (or a bug report) can judge it.
public enum ProbeVerdict: Sendable, Hashable {
    /// A reply came back, after `roundTripMilliseconds`.
    case pass(roundTripMilliseconds: Double, evidence: String)
    /// Nothing came back in time, or the path refused it.
    case blocked(evidence: String)
    /// Not tried: the server offers no such service, or the probe cannot run here.
    case notChecked(why: String)

    /// The contract's value: `pass`, `blocked` or `not_checked`.
    public var name: String {
        switch self {
        case .pass: "pass"
        case .blocked: "blocked"
        case .notChecked: "not_checked"
        }
    }

    public var passes: Bool {
        if case .pass = self { true } else { false }
    }

    public var isBlocked: Bool {
        if case .blocked = self { true } else { false }
    }

    public var evidence: String {
        switch self {
        case let .pass(_, evidence), let .blocked(evidence): evidence
        case let .notChecked(why): why
        }
    }

    public var roundTripMilliseconds: Double? {
        if case let .pass(milliseconds, _) = self { milliseconds } else { nil }
    }
}

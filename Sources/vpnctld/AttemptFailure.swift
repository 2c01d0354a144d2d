import Control

/// Why one attempt failed: the account (no protocol would do better) or
/// the way to the server (the next protocol may).
enum AttemptFailure: Sendable {
    case account(ControlFailure)
    case tunnel(ControlFailure)

    var refusal: ControlFailure {
        switch self {
        case let .account(failure), let .tunnel(failure): failure
        }
    }

    var message: String { refusal.message }
}

import Control
import Directory
import VPNCore

/// The refusal, with its exit status, for each kind of failure the daemon
/// meets on the provider's side or in a request: one mapping, used by the
/// connect path and the listings alike.
extension ControlFailure {
    init(_ error: DirectoryError) {
        switch error {
        case .unreachable: self.init(.unavailable, error.description)
        case .rejected: self.init(.dataRejected, error.description)
        case .cache: self.init(.fileError, error.description)
        case .stale: self.init(.unavailable, error.description)
        case let .account(accountError): self.init(accountError)
        }
    }

    init(_ error: AccountError) {
        let status: ExitStatus = switch error {
        case .tokenFileTooOpen, .tokenFileUnreadable, .tokenRejected: .permission
        case .tokenFileNotRegular, .malformedToken: .configuration
        case .unreachable: .unavailable
        case .malformedAnswer: .dataRejected
        }
        self.init(status, error.description)
    }

    init(_ error: DeviceError) {
        switch error {
        case .limitReached: self.init(.needsPremium, error.description)
        case let .account(accountError): self.init(accountError)
        case .noAccount, .tokenRejected: self.init(.permission, error.description)
        case .unreachable: self.init(.unavailable, error.description)
        case .refused, .malformedAnswer: self.init(.dataRejected, error.description)
        case .storage: self.init(.fileError, error.description)
        case .noLogin: self.init(.noUsableServer, error.description)
        }
    }

    init(_ error: SelectionError) {
        let status: ExitStatus = switch error {
        case .requiresPremium: .needsPremium
        case .noServerOnline, .protocolNotOffered: .noUsableServer
        case .emptyQuery, .queryTooLong, .controlCharacterInQuery, .ambiguous, .unknownLocation: .locationNotFound
        }
        self.init(status, error.description)
    }
}

import ArgumentParser
import Control
import Directory
import VPNConfig
import VPNCore

/// The documented exit codes (README: Exit status).
enum ExitStatus: Int32 {
    /// For refusals that are no failure ("Not connected." to a disconnect).
    case success = 0
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

/// An error on its way to the user: a sentence for stderr and an exit code.
struct CommandFailure: Error {
    let message: String
    let status: ExitStatus

    init(_ message: String, _ status: ExitStatus) {
        self.message = message
        self.status = status
    }

    init(_ error: ConfigurationError) {
        self.init(error.description, .configuration)
    }

    init(_ error: DirectoryError) {
        switch error {
        case .unreachable: self.init(error.description, .unavailable)
        case .rejected: self.init(error.description, .dataRejected)
        case .cache: self.init(error.description, .fileError)
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
        self.init(error.description, status)
    }

    init(_ error: SelectionError) {
        let status: ExitStatus = switch error {
        case .requiresPremium: .needsPremium
        case .noServerOnline, .protocolNotOffered: .noUsableServer
        case .emptyQuery, .queryTooLong, .controlCharacterInQuery, .ambiguous, .unknownLocation: .locationNotFound
        }
        self.init(error.description, status)
    }
}

extension CommandFailure {
    /// The daemon's refusal, with the exit status it asks for.
    init(_ failure: ControlFailure) {
        self.init(failure.message, ExitStatus(rawValue: failure.code) ?? .unexpected)
    }
}

extension AsyncParsableCommand {
    /// Runs the body, turning a `CommandFailure` into a message on stderr and
    /// its exit code.
    func reportingFailures(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as CommandFailure {
            Console.error(failure.message)
            throw ExitCode(failure.status.rawValue)
        }
    }
}

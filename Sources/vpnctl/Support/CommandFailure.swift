import ArgumentParser
import Control
import VPNConfig

/// An error on its way to the user: a sentence for stderr and an exit
/// status (Control's `ExitStatus`, the daemon's too).
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

    /// The daemon's refusal, with the exit status it asks for.
    init(_ failure: ControlFailure) {
        self.init(failure.message, failure.status)
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

import Control
import FoundationEssentials
import Glibc
import JSONRPC
import VPNConfig
import VPNCore

/// What a command works with: the configuration's place and, when the
/// command needs it, the whole configuration; and the way to the daemon,
/// which does all the work. The CLI reads no token and no cache.
final class Context {
    let configurationPath: String
    /// Where the daemon is: all that status, disconnect, set and settings
    /// take from the configuration.
    let directories: LocalDirectories
    /// The whole configuration, or why it was refused.
    private let loaded: Result<Configuration, ConfigurationError>

    init(options: GlobalOptions) throws(CommandFailure) {
        let path = options.config
            ?? ProcessInfo.processInfo.environment["VPNCTL_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
            ?? Configuration.defaultPath
        configurationPath = path
        do {
            let configuration = try ConfigurationParser.load(path: path)
            loaded = .success(configuration)
            directories = configuration.localDirectories
        } catch {
            loaded = .failure(error)
            // A file that is missing or not TOML says nothing about the
            // daemon either: that error is the one to show.
            do {
                directories = try ConfigurationParser.loadLocal(path: path)
            } catch {
                throw CommandFailure(error)
            }
        }
    }

    /// The whole configuration; a command that needs it stops at its errors.
    func configuration() throws(CommandFailure) -> Configuration {
        do {
            return try loaded.get()
        } catch {
            throw CommandFailure(error)
        }
    }

    /// For the commands that work without the whole configuration: its
    /// problem, as a warning, so it is fixed before the next connect.
    func warnIfIncomplete() {
        if case let .failure(error) = loaded {
            Console.warn("\(error.description) Connecting and the server list need this fixed; status, disconnect, set and settings reach a running daemon without it.")
        }
    }

    var daemon: DaemonLink {
        DaemonLink(directories: directories, configurationPath: configurationPath)
    }

    /// Asks the daemon for the provider's data (started if none runs),
    /// after checking the whole configuration: a broken one is named here
    /// (exit 78), not as a daemon that cannot serve. The answer's warnings
    /// go to stderr.
    func ask<Method: RPCMethod, Value: Codable & Sendable>(_ method: Method.Type, _ params: Method.Params? = nil) async throws(CommandFailure) -> Value
        where Method.Result == Warned<Value> {
        _ = try configuration()
        let answer = try await daemon.call(method, params, startIfNeeded: true)
        answer.warnings.forEach(Console.warn)
        return answer.value
    }
}

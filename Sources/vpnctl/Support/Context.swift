import Directory
import Foundation
import VPNConfig
import VPNCore

/// What a command works with: the configuration and the services built from
/// it, each only when the command needs it. The CLI only wires these
/// together.
final class Context {
    let configurationPath: String
    /// Where the daemon is: all that status, disconnect, set and settings
    /// take from the configuration.
    let directories: LocalDirectories
    /// The whole configuration, or why it was refused.
    private let loaded: Result<Configuration, ConfigurationError>
    private var builtDirectory: DirectoryServices?

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

    func directory() throws(CommandFailure) -> DirectoryServices {
        if let builtDirectory { return builtDirectory }
        let built = try DirectoryServices(configuration: try configuration())
        builtDirectory = built
        return built
    }

    var daemon: DaemonLink {
        DaemonLink(directories: directories, configurationPath: configurationPath)
    }

    /// The list for showing and choosing (no protocol parameters needed).
    func listingServerList() async throws(CommandFailure) -> any ServerCatalog {
        let serverLists = try directory().serverLists
        do {
            let result = try await serverLists.listing(.cachedIfFresh)
            result.warnings.forEach(Console.warn)
            return result.list
        } catch {
            throw CommandFailure(error)
        }
    }

    /// The account's tier for listing and selection. Without a reachable
    /// provider or cache, listing goes on as a free account, with a warning.
    func tierForListing() async throws(CommandFailure) -> Tier {
        let accounts = try directory().accounts
        do {
            let result = try await accounts.account()
            result.warnings.forEach(Console.warn)
            return result.account.tier
        } catch .unreachable(let detail) {
            Console.warn("cannot look up the account (\(detail)); showing what a free account can use")
            return .free
        } catch {
            throw CommandFailure(error)
        }
    }
}

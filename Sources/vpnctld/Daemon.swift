import ArgumentParser
import Control
import Foundation
import SystemSupport
import VPNConfig

/// vpnctld: one per machine. Owns the connection; the CLI asks it over the
/// control socket in `runtime_dir`.
@main
struct Daemon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vpnctld",
        abstract: "The vpnctl daemon: keeps the VPN connection and answers vpnctl.",
        version: DaemonVersion.version
    )

    @Option(name: .long, help: ArgumentHelp("Configuration file (default: $VPNCTL_CONFIG, then /etc/vpnctl/config.toml).", valueName: "file"))
    var config: String?

    @Flag(name: .long, help: "Print \"ready\" on stdout once the control socket listens, then close stdout (for vpnctl, which starts the daemon on demand).")
    var notifyReady = false

    func run() async throws {
        // What the daemon makes is its own: state, logs, the control socket
        // (whose mode is then set as asked).
        umask(0o077)
        if notifyReady {
            // Started by vpnctl: leave its session, so its terminal's signals
            // do not reach the daemon.
            setsid()
        }
        let path = config
            ?? ProcessInfo.processInfo.environment["VPNCTL_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
            ?? Configuration.defaultPath
        do throws(OwnedPathError) {
            try TrustedPaths.checkConfiguration(path)
        } catch {
            DaemonLog.error("the configuration is not safe to read as root: \(error)")
            throw ExitCode(ExitStatus.permission.rawValue)
        }
        var configuration: Configuration
        var problem: String?
        do {
            configuration = try ConfigurationParser.load(path: path)
        } catch {
            // Broken, but its directories still say where the control socket
            // and the state (a crashed connection's record) are: run on
            // those, so the block can be seen and lifted.
            guard let local = try? ConfigurationParser.loadLocal(path: path) else {
                DaemonLog.error(error.description)
                throw ExitCode(ExitStatus.configuration.rawValue)
            }
            DaemonLog.error("\(error.description); running on state_dir and runtime_dir alone")
            configuration = Configuration(apiURL: "", directoryPublicKey: "")
            configuration.stateDirectory = local.stateDirectory
            configuration.runtimeDirectory = local.runtimeDirectory
            configuration.cacheDirectory = local.stateDirectory + "/cache"
            problem = error.description
        }
        do throws(OwnedPathError) {
            try TrustedPaths.checkDirectories(of: configuration)
        } catch {
            DaemonLog.error("not safe to keep state in: \(error)")
            throw ExitCode(ExitStatus.permission.rawValue)
        }
        let controller: ConnectionController
        do {
            controller = try await ConnectionController.start(configuration: configuration, configurationProblem: problem)
        } catch {
            DaemonLog.error("cannot start: \(error)")
            throw ExitCode(ExitStatus.fileError.rawValue)
        }
        let socketPath = "\(configuration.runtimeDirectory)/vpnctld.sock"
        do {
            _ = try ControlServer.start(at: socketPath) { request, _ in
                await controller.handle(request)
            }
        } catch {
            DaemonLog.error(error.description)
            throw ExitCode(ExitStatus.fileError.rawValue)
        }
        DaemonLog.info("listening on \(socketPath)")
        if notifyReady {
            FileHandle.standardOutput.write(Data("ready\n".utf8))
            try? FileHandle.standardOutput.close()
        }
        await ShutdownSignal.wait()
        DaemonLog.info("stopping")
        await controller.shutdown()
        unlink(socketPath)
    }
}

enum DaemonVersion {
    static let version = "0.1.0"
}

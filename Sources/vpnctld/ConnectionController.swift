import Control
import Directory
import Foundation
import PluginKit
import VPNConfig
import VPNCore

/// Owns the connection: feeds requests and plugin news into the state
/// machine and carries out its effects through the protocol plugins.
actor ConnectionController {
    let configuration: Configuration
    private let serverLists: ServerListService
    private let accounts: AccountService
    private let device: DeviceIdentity
    private var machine = ConnectionMachine()
    private var plugin: PluginConnection?
    private var monitor: Task<Void, Never>?
    /// This connection's protocols tried so far, and those left out.
    private var attempts: [AttemptReport] = []
    private var skipped: [SkippedReport] = []
    private var isPreparingConnect = false
    /// The report the last plan was made from (a connection's, while it is up).
    private var lastReport: NetworkReport?
    private let networkProbe: NetworkProbe
    private let pluginCapabilities = PluginCapabilities()

    static let pluginStartTimeout: Duration = .seconds(10)
    static let connectTimeout: Duration = .seconds(60)
    static let disconnectTimeout: Duration = .seconds(15)

    private init(configuration: Configuration, serverLists: ServerListService, accounts: AccountService, device: DeviceIdentity) {
        self.configuration = configuration
        self.serverLists = serverLists
        self.accounts = accounts
        self.device = device
        networkProbe = NetworkProbe(cacheDirectory: configuration.cacheDirectory)
    }

    static func start(configuration: Configuration) async throws -> ConnectionController {
        for directory in [configuration.stateDirectory, configuration.runtimeDirectory, configuration.cacheDirectory] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let publicKey = try DirectoryPublicKey(base64: configuration.directoryPublicKey)
        let http = HTTPClient(options: HTTPClient.Options(caFile: configuration.caFile, userAgent: "vpnctld/\(DaemonVersion.version)"))
        let cache = DirectoryCache(directory: configuration.cacheDirectory)
        let controller = ConnectionController(
            configuration: configuration,
            serverLists: ServerListService(apiURL: configuration.apiURL, publicKey: publicKey, http: http, cache: cache),
            accounts: AccountService(apiURL: configuration.apiURL, tokenFile: configuration.accountTokenFile, http: http, cache: cache),
            device: DeviceIdentity(
                stateDirectory: configuration.stateDirectory,
                devices: DeviceService(apiURL: configuration.apiURL, tokenFile: configuration.accountTokenFile, http: http)
            )
        )
        await controller.recoverFromCrash()
        return controller
    }

    // MARK: Requests

    func handle(_ request: ControlRequest) async -> ControlReply {
        switch request {
        case let .connect(parameters): await connect(parameters)
        case .disconnect: await disconnect()
        case .status: .status(await liveReport())
        case .plugins: .plugins(await pluginsReport())
        case let .probe(parameters): await probe(parameters)
        }
    }

    private func connect(_ request: ConnectRequest) async -> ControlReply {
        switch machine.state {
        case .disconnected, .error, .connected: break
        case .connecting, .disconnecting:
            return .failure(ControlFailure(code: 1, message: "A connection is \(machine.state.name) (\(machine.state.target.map(describe) ?? "")); wait for it, or run vpnctl disconnect."))
        }
        // The actor takes other requests while this one awaits the list,
        // the account or the probe: a second connect must not start beside it.
        guard !isPreparingConnect else {
            return .failure(ControlFailure(code: 1, message: "Another connect is being prepared; wait for it, or run vpnctl disconnect."))
        }
        isPreparingConnect = true
        defer { isPreparingConnect = false }
        let resolution: TargetResolver.Resolution
        do {
            resolution = try await resolve(request)
        } catch {
            return .failure(error)
        }
        let selection = resolution.selection
        // Connected already: switch, as Proton's CLI does. The old tunnel
        // goes first, so the new one never competes with it for the routes,
        // and the probe sees the router, not the old tunnel.
        if case .connected = machine.state {
            DaemonLog.info("switching: disconnecting first")
            _ = try? machine.handle(.disconnectRequested)
            await stopTunnel()
        }
        let plan: [(attempt: ConnectionAttempt, plugin: PluginDescriptor)]
        switch resolution.protocols {
        case let .asked(name, plugin):
            plan = [(ConnectionAttempt(protocolName: name, reason: "\(name) as asked"), plugin)]
            skipped = []
        case let .automatic(speakers):
            let planned = await self.plan(toward: selection.server, speakers: speakers, report: await probe(toward: selection.server, fresh: false)?.report)
            let (attempts, left) = (planned.attempts, planned.skipped)
            plan = attempts.compactMap { attempt in speakers[attempt.protocolName].map { (attempt, $0) } }
            skipped = left.map { SkippedReport(protocolName: $0.protocolName.rawValue, reason: $0.reason) }
            guard !plan.isEmpty else {
                let why = left.map(\.reason).joined(separator: " ")
                return .failure(ControlFailure(code: 4, message: "No protocol will work from this network to \(selection.server.id): \(why)"))
            }
        }
        attempts = []
        var lastFailure = ControlFailure(code: 5, message: "nothing was tried")
        for (index, (attempt, plugin)) in plan.enumerated() {
            let target = ConnectionTarget(
                server: selection.server, location: selection.location, protocolName: attempt.protocolName,
                reason: "\(selection.reason); \(attempt.reason)"
            )
            guard (try? machine.handle(.connectRequested(target))) != nil else {
                return .failure(ControlFailure(code: 1, message: "A connection is \(machine.state.name); run vpnctl disconnect first."))
            }
            attempts.append(AttemptReport(protocolName: attempt.protocolName.rawValue, outcome: "connecting", detail: attempt.reason))
            DaemonLog.info("connecting to \(target.server.id) with \(target.protocolName) (\(target.reason))")
            switch await self.attempt(target, with: plugin) {
            case nil:
                attempts[attempts.count - 1].outcome = "connected"
                return .status(report)
            case let .account(failure):
                // The account, not the path: another protocol would not help.
                attempts[attempts.count - 1] = AttemptReport(protocolName: attempt.protocolName.rawValue, outcome: "failed", detail: failure.message)
                return .failure(failure)
            case let .tunnel(failure):
                attempts[attempts.count - 1] = AttemptReport(protocolName: attempt.protocolName.rawValue, outcome: "failed", detail: failure.message)
                lastFailure = failure
                if index + 1 < plan.count {
                    DaemonLog.warning("\(attempt.protocolName) failed (\(failure.message)); trying \(plan[index + 1].attempt.protocolName)")
                }
            }
        }
        guard plan.count > 1 else { return .failure(lastFailure) }
        let tried = attempts.map { "\($0.protocolName): \($0.detail)" }.joined(separator: "; ")
        return .failure(ControlFailure(code: lastFailure.code, message: "Every protocol failed. \(tried)"))
    }

    private enum AttemptFailure {
        case account(ControlFailure)
        case tunnel(ControlFailure)
    }

    /// One protocol toward the target, from credentials to a tunnel that is
    /// up; on failure everything it started is gone again.
    private func attempt(_ target: ConnectionTarget, with plugin: PluginDescriptor) async -> AttemptFailure? {
        let credentials: [String: String]
        do throws(DeviceError) {
            credentials = try await self.credentials(for: target)
        } catch {
            _ = try? machine.handle(.attemptFailed(error.description))
            await stopTunnel()
            let code: Int32 = switch error {
            case .limitReached: 3
            case .noAccount, .account, .tokenRejected: 77
            case .unreachable: 69
            case .refused, .malformedAnswer: 65
            }
            return .account(ControlFailure(code: code, message: error.description))
        }
        do throws(PluginError) {
            try await startTunnel(target, with: plugin, credentials: credentials)
            return nil
        } catch {
            DaemonLog.warning(error.description)
            _ = try? machine.handle(.attemptFailed(error.description))
            await stopTunnel()
            return .tunnel(ControlFailure(code: 5, message: error.description))
        }
    }

    /// With protocol `auto`: the protocols to try toward `server`, best
    /// first, from this network's probe report (nil: none could be had), and
    /// those left out.
    private func plan(toward server: Server, speakers: [ProtocolName: PluginDescriptor], report: NetworkReport?) async -> AttemptPlan {
        let capabilities = await pluginCapabilities.capabilities(of: speakers, hostVersion: DaemonVersion.version, timeout: Self.pluginStartTimeout)
        return ProtocolPolicy(preferenceOrder: TargetResolver.automaticOrder)
            .plan(offered: server.protocols, capabilities: capabilities, report: report)
    }

    /// A probe toward `server`, remembered as the report this plan is made from.
    private func probe(toward server: Server, fresh: Bool) async -> (report: NetworkReport, cached: Bool)? {
        let probed = await networkProbe.report(toward: server, fresh: fresh)
        lastReport = probed?.report
        return probed
    }

    /// `vpnctl probe`: this network's report toward the server a connect
    /// to the same location would use, with the protocols that will work.
    private func probe(_ request: ProbeRequest) async -> ControlReply {
        let resolution: TargetResolver.Resolution
        do {
            resolution = try await resolve(ConnectRequest(location: request.location, protocolName: "auto"))
        } catch {
            return .failure(error)
        }
        guard case let .automatic(speakers) = resolution.protocols else { return .failure(ControlFailure(code: 1, message: "no protocols to plan")) }
        // With a tunnel up, probes would cross the tunnel, not the router:
        // the report the connection was planned with is the answer.
        let server: Server
        let probed: (report: NetworkReport, cached: Bool)
        let tunnelTarget: ConnectionTarget? = switch machine.state {
        case let .connected(tunnel): tunnel.target
        case let .connecting(target), let .disconnecting(target): target
        case .disconnected, .error: nil
        }
        if let connected = tunnelTarget {
            guard !request.fresh, request.location == nil, let planned = lastReport, planned.server == connected.server.id else {
                return .failure(ControlFailure(code: 1, message: "A connection is \(machine.state.name): a fresh probe would measure the tunnel, not the router. Run vpnctl disconnect first\(lastReport == nil ? "" : ", or vpnctl probe without --fresh and without a location for the report this connection was planned with")."))
            }
            (server, probed) = (connected.server, (planned, true))
        } else {
            server = resolution.selection.server
            guard let report = await probe(toward: server, fresh: request.fresh) else {
                return .failure(ControlFailure(code: 4, message: "\(server.id) runs no probe responder (the server list gives it no probe_port); try another location."))
            }
            probed = report
        }
        let plan = await plan(toward: server, speakers: speakers, report: probed.report)
        return .probe(ProbeReport(probed.report, cached: probed.cached, recommended: plan.attempts, skipped: plan.skipped))
    }

    private func disconnect() async -> ControlReply {
        let before = machine.state
        guard (try? machine.handle(.disconnectRequested)) != nil else {
            return .failure(ControlFailure(code: 0, message: "Not connected."))
        }
        if case .error = before { return .status(report) }
        await stopTunnel()
        return .status(report)
    }

    func shutdown() async {
        if (try? machine.handle(.disconnectRequested)) != nil {
            await stopTunnel()
        }
    }

    // MARK: Effects

    /// Secrets a protocol needs from the daemon. WireGuard needs this
    /// device's registered key; the others log in with the account token
    /// (user `vpnctl`), as the provider API's contract says.
    private func credentials(for target: ConnectionTarget) async throws(DeviceError) -> [String: String] {
        guard target.protocolName == .wireguard else {
            guard let path = configuration.accountTokenFile else { return [:] }
            do {
                return ["username": "vpnctl", "password": try AccountToken(contentsOf: path).revealedForTunnelLogin]
            } catch {
                throw .account(error)
            }
        }
        let (privateKey, address, address6) = try await device.credentials()
        // IPv6 goes into the tunnel only where the server carries it (the
        // list's `ipv6`); elsewhere the plugin sets up no IPv6 at all.
        guard target.server.ipv6 != nil, let address6 else {
            return ["private_key": privateKey, "address": address]
        }
        return ["private_key": privateKey, "address": address, "address6": address6]
    }

    private func startTunnel(_ target: ConnectionTarget, with descriptor: PluginDescriptor, credentials: [String: String]) async throws(PluginError) {
        let (connection, hello) = try await PluginConnection.launch(descriptor, hostVersion: DaemonVersion.version, timeout: Self.pluginStartTimeout)
        plugin = connection
        TunnelRecord(plugin: descriptor.name, executable: descriptor.executable, pid: connection.processIdentifier)
            .save(in: configuration.stateDirectory)
        guard hello.usable else {
            throw .failed(plugin: descriptor.name, method: "run here", message: hello.notes.joined(separator: "; "))
        }
        let offer = target.server.offers.first { $0.protocolName == target.protocolName }
        let params = ConnectParams(
            protocolName: target.protocolName.rawValue,
            server: ServerEndpoint(
                id: target.server.id.rawValue, hostname: target.server.hostname.rawValue,
                address: target.server.ipv4.description, port: Int(offer?.ports.first ?? 0),
                transport: offer?.transport.rawValue ?? "udp"
            ),
            parameters: offer?.parameters ?? [:],
            credentials: credentials,
            options: ConnectOptions(
                dns: Self.resolvers(of: target.server),
                allowInsecure: configuration.connection.allowInsecure
            )
        )
        let state = try await connection.request(Contract.Method.connect, params, as: TunnelState.self, timeout: Self.connectTimeout)
        guard state.phase == .connected, let interface = state.interface else {
            throw .failed(plugin: descriptor.name, method: "connect", message: state.reason ?? "it reported \(state.phase.rawValue)")
        }
        _ = try? machine.handle(.tunnelUp(interface: interface, addresses: state.addresses))
        TunnelRecord(plugin: descriptor.name, executable: descriptor.executable, pid: connection.processIdentifier, interface: interface)
            .save(in: configuration.stateDirectory)
        DaemonLog.info("connected: \(interface) \(state.addresses.joined(separator: " "))")
        monitor = Task { [weak self] in
            for await notification in connection.notifications {
                switch notification {
                case let .failed(error): await self?.tunnelLost(error.description)
                case let .state(state) where state.phase == .error:
                    await self?.tunnelLost(state.reason ?? "the \(connection.descriptor.name) plugin reported an error")
                case let .log(entry): DaemonLog.info(entry.message)
                case .state, .stats: break
                }
            }
        }
    }

    /// The server's resolvers inside the tunnel. Schema 1 carries them in
    /// the WireGuard block; they serve every tunnel to that server.
    private static func resolvers(of server: Server) -> [String] {
        let listed = server.offers.lazy.compactMap { $0.parameters["dns"] }.first
        return listed.map { $0.split(separator: ",").map(String.init) } ?? []
    }

    private func tunnelLost(_ message: String) async {
        guard case .connected = machine.state else { return }
        DaemonLog.warning("tunnel lost: \(message)")
        _ = try? machine.handle(.tunnelLost(message))
        await stopTunnel()
    }

    /// Asks the plugin to undo everything, then stops it; always ends in
    /// `tornDown`, whatever the plugin does.
    private func stopTunnel() async {
        monitor?.cancel()
        monitor = nil
        if let plugin {
            _ = try? await plugin.request(Contract.Method.disconnect, DisconnectParams(), as: TunnelState.self, timeout: Self.disconnectTimeout)
            await plugin.terminate()
        }
        plugin = nil
        TunnelRecord.remove(from: configuration.stateDirectory)
        _ = try? machine.handle(.tornDown)
    }

    /// A record left by a daemon that died with a tunnel up: stop its plugin
    /// if it still runs, and have a fresh instance remove what is left.
    private func recoverFromCrash() async {
        guard let record = TunnelRecord.load(from: configuration.stateDirectory) else { return }
        DaemonLog.warning("a previous vpnctld left a \(record.plugin) tunnel behind; cleaning up")
        if Self.isRunning(record.pid, executable: record.executable) {
            kill(record.pid, SIGKILL)
        }
        let discovery = PluginDiscovery(directories: configuration.pluginPath).discover()
        if let descriptor = discovery.plugins.first(where: { $0.name == record.plugin }),
           let (connection, _) = try? await PluginConnection.launch(descriptor, hostVersion: DaemonVersion.version, timeout: Self.pluginStartTimeout) {
            _ = try? await connection.request(
                Contract.Method.disconnect, DisconnectParams(interface: record.interface), as: TunnelState.self, timeout: Self.disconnectTimeout
            )
            await connection.terminate()
        }
        TunnelRecord.remove(from: configuration.stateDirectory)
    }

    private static func isRunning(_ pid: Int32, executable: String) -> Bool {
        guard pid > 0, let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        return String(decoding: command, as: UTF8.self).contains(executable)
    }

    // MARK: Answers

    private func resolve(_ request: ConnectRequest) async throws(ControlFailure) -> TargetResolver.Resolution {
        let list: ServerList
        do {
            let result = try await serverLists.serverList()
            result.warnings.forEach(DaemonLog.warning)
            list = result.list
        } catch {
            throw ControlFailure(code: Self.exitCode(error), message: error.description)
        }
        let tier: Tier
        do {
            tier = try await accounts.account().account.tier
        } catch .unreachable(let detail) {
            DaemonLog.warning("cannot look up the account (\(detail)); connecting as a free account")
            tier = .free
        } catch {
            throw ControlFailure(code: 77, message: error.description)
        }
        let discovery = PluginDiscovery(directories: configuration.pluginPath).discover()
        discovery.problems.forEach { DaemonLog.warning($0.description) }
        return try TargetResolver(list: list, tier: tier, plugins: discovery.plugins)
            .resolve(request, preference: configuration.connection.protocolPreference)
    }

    /// The report with the plugin's byte counters while connected; a plugin
    /// slow to answer costs the counters, not the answer.
    private func liveReport() async -> StatusReport {
        var report = self.report
        if case .connected = machine.state, let plugin,
           let state = try? await plugin.request(Contract.Method.status, StatusParams(), as: TunnelState.self, timeout: .seconds(1)),
           let stats = state.stats {
            report.receivedBytes = stats.receivedBytes
            report.sentBytes = stats.sentBytes
        }
        return report
    }

    private var report: StatusReport {
        let state = machine.state
        var report = StatusReport(state: state.name)
        if state.target != nil {
            report.attempts = attempts
            report.skipped = skipped
        }
        if let target = state.target {
            report.location = target.location.id.rawValue
            report.server = target.server.id.rawValue
            report.protocolName = target.protocolName.rawValue
            report.reason = target.reason
        }
        switch state {
        case let .connected(tunnel):
            report.interface = tunnel.interface
            report.addresses = tunnel.addresses
        case let .error(failure):
            report.error = failure.message
        default:
            break
        }
        return report
    }

    private func describe(_ target: ConnectionTarget) -> String {
        "\(target.server.id) in \(target.location.displayName) with \(target.protocolName)"
    }

    private func pluginsReport() async -> PluginsReport {
        let discovery = PluginDiscovery(directories: configuration.pluginPath).discover()
        var reports: [PluginReport] = []
        for descriptor in discovery.plugins {
            let protocols = descriptor.protocols.map(\.name)
            do throws(PluginError) {
                let (connection, hello) = try await PluginConnection.launch(descriptor, hostVersion: DaemonVersion.version, timeout: Self.pluginStartTimeout)
                await connection.terminate()
                reports.append(PluginReport(name: descriptor.name, protocols: protocols, usable: hello.usable, notes: hello.notes, source: descriptor.source))
            } catch {
                reports.append(PluginReport(name: descriptor.name, protocols: protocols, usable: false, notes: [error.description], source: descriptor.source))
            }
        }
        return PluginsReport(plugins: reports, problems: discovery.problems.map(\.description))
    }

    private static func exitCode(_ error: DirectoryError) -> Int32 {
        switch error {
        case .unreachable: 69
        case .rejected: 65
        case .cache: 74
        case .account: 77
        }
    }
}

import Addressing
import Control
import DaemonSupport
import Directory
import Firewall
import Foundation
import PluginKit
import RouterProbe
import VPNConfig
import VPNCore

/// Owns the connection. Requests and plugin news become events for the
/// state machine, fed in one place (`transition`), which also enforces each
/// new state's firewall policy and carries out the effects the machine
/// returns. The actor takes other requests while one awaits; whoever finds
/// the generation changed after an await was overtaken (a disconnect while
/// a connect was preparing) and stops, undoing what it started.
actor ConnectionController {
    let configuration: Configuration
    private let directory: Result<DirectoryServices, ControlFailure>
    private var machine = ConnectionMachine()
    private var protection: Protection
    /// The plugin of the attempt under way, or of the tunnel that is up.
    private var tunnel: TunnelProcess?
    /// Whether the connect under way may use plain L2TP: its request's
    /// `--allow-insecure`, never the configuration's.
    private var allowsInsecure = false
    private var monitor: Task<Void, Never>?
    /// Bumped by every connect and disconnect asked for.
    private var generation = 0
    /// The plugins of the connect under way, by protocol.
    private var speakers: [ProtocolName: PluginDescriptor] = [:]
    /// Why the settings file was replaced by the defaults, until a change is kept.
    private var settingsProblem: String?
    /// Why the last attempt failed, for the connect's answer.
    private var lastAttemptFailure: AttemptFailure?
    /// This connection's protocols tried so far, and those left out.
    private var attempts: [AttemptReport] = []
    private var skipped: [SkippedReport] = []
    /// The report the last plan was made from (a connection's, while it is up).
    private var lastReport: NetworkReport?
    private let parts: DaemonParts
    private let pluginCapabilities: PluginCapabilities

    static let pluginStartTimeout: Duration = .seconds(10)
    static let connectTimeout: Duration = .seconds(60)
    static let disconnectTimeout: Duration = .seconds(15)

    private init(configuration: Configuration, directory: Result<DirectoryServices, ControlFailure>, parts: DaemonParts, protection: Protection, settingsProblem: String?) {
        self.configuration = configuration
        self.directory = directory
        self.parts = parts
        self.protection = protection
        self.settingsProblem = settingsProblem
        pluginCapabilities = PluginCapabilities(launcher: parts.launcher)
    }

    /// `configurationProblem`: why the configuration file could not be used
    /// whole; the daemon then runs from its directories alone, so that a
    /// user who broke it can still see the state, disconnect (and so lift
    /// the block) and change settings.
    static func start(configuration: Configuration, configurationProblem: String? = nil, parts: DaemonParts? = nil) async throws -> ConnectionController {
        let parts = parts ?? .system(cacheDirectory: configuration.cacheDirectory)
        for directory in [configuration.stateDirectory, configuration.runtimeDirectory, configuration.cacheDirectory] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let directory = DirectoryServices.make(configuration, problem: configurationProblem)
        if case let .failure(failure) = directory { DaemonLog.error(failure.message) }
        let loaded = SettingsFile(stateDirectory: configuration.stateDirectory).load(defaults: configuration.connection.protection)
        if let problem = loaded.problem { DaemonLog.warning(problem.description) }
        let environment = ProtectionEnvironment(localNetworks: await LocalNetworks.read(), api: APIRelays.of(configuration.apiURL))
        let controller = ConnectionController(
            configuration: configuration, directory: directory, parts: parts,
            protection: Protection(firewall: parts.firewall, settings: loaded.settings, environment: environment),
            settingsProblem: loaded.problem?.description
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
        case .settings: .settings(SettingsReport(protection.settings, problem: settingsProblem))
        case let .set(change): await set(change)
        case let .listing(asked): await Listings(directory: directory).answer(asked)
        }
    }

    /// Keeps the change in `state_dir` and puts the current state's policy,
    /// as the new settings make it, in place at once.
    private func set(_ change: SetRequest) async -> ControlReply {
        let settings: ProtectionSettings
        do throws(SettingsFileError) {
            settings = try SettingsFile(stateDirectory: configuration.stateDirectory)
                .set(change.setting, to: change.enabled, defaults: configuration.connection.protection)
        } catch {
            return .failure(ControlFailure(.fileError, error.description))
        }
        settingsProblem = nil
        protection.settings = settings
        if case .disconnected = machine.state {
            protection.environment.localNetworks = await LocalNetworks.read()
        }
        await protect()
        DaemonLog.info("\(change.setting.commandName) \(change.enabled ? "on" : "off")")
        return .settings(SettingsReport(settings, notice: settings.notice(after: change.setting)))
    }

    private func connect(_ request: ConnectRequest) async -> ControlReply {
        // Asked for this connect alone; the next one asks again.
        allowsInsecure = request.allowInsecure
        switch machine.state {
        case .disconnected, .error:
            // No tunnel is up: the machine's own networks are what allow_lan means.
            protection.environment.localNetworks = await LocalNetworks.read()
        case .preparing, .connecting, .connected, .disconnecting:
            break
        }
        do {
            try await transition(.connectRequested(Preparation(query: request.location)))
        } catch {
            return .failure(ControlFailure(.unexpected, error.description))
        }
        generation += 1
        let mine = generation
        // A switch tore the old tunnel down on the way here.
        guard case .preparing = machine.state else { return overtaken() }
        let resolution: TargetResolver.Resolution
        do throws(ResolveFailure) {
            resolution = try await resolve(request)
        } catch {
            guard mine == generation else { return overtaken() }
            switch error {
            case let .unavailable(failure):
                // Asked for protection and could not get it: blocked, in error.
                await feed(.gaveUp(failure.message))
                return .failure(failure)
            case let .request(failure):
                // Nothing to connect to as asked (a typo, a premium
                // location): back to disconnected, as if never asked.
                await feed(.abandoned)
                return .failure(failure)
            }
        }
        guard mine == generation else { return overtaken() }
        let selection = resolution.selection
        await feed(.serverChosen(selection.server))
        let plan: [(attempt: ConnectionAttempt, plugin: PluginDescriptor)]
        switch resolution.protocols {
        case let .asked(name, plugin):
            plan = [(ConnectionAttempt(protocolName: name, reason: "\(name) as asked"), plugin)]
            skipped = []
        case let .automatic(speakers):
            let report = await probe(toward: selection.server, fresh: false)?.report
            guard mine == generation else { return overtaken() }
            let planned = await self.plan(toward: selection.server, speakers: speakers, report: report)
            guard mine == generation else { return overtaken() }
            plan = planned.attempts.compactMap { attempt in speakers[attempt.protocolName].map { (attempt, $0) } }
            skipped = planned.skipped.map { SkippedReport(protocolName: $0.protocolName.rawValue, reason: $0.reason) }
            guard !plan.isEmpty else {
                let why = planned.skipped.map(\.reason).joined(separator: " ")
                let failure = ControlFailure(.noUsableServer, "No protocol will work from this network to \(selection.server.id): \(why)")
                await feed(.gaveUp(failure.message))
                return .failure(failure)
            }
        }
        speakers = Dictionary(plan.map { ($0.attempt.protocolName, $0.plugin) }, uniquingKeysWith: { first, _ in first })
        attempts = []
        var lastFailure = ControlFailure(.connectionFailed, "nothing was tried")
        for (index, (attempt, _)) in plan.enumerated() {
            let target = ConnectionTarget(
                server: selection.server, location: selection.location, protocolName: attempt.protocolName,
                reason: "\(selection.reason); \(attempt.reason)"
            )
            attempts.append(AttemptReport(protocolName: attempt.protocolName.rawValue, outcome: "connecting", detail: attempt.reason))
            DaemonLog.info("connecting to \(target.server.id) with \(target.protocolName) (\(target.reason))")
            // The attempt runs as the transition's effect; the state after it says how it went.
            do {
                try await transition(.attemptStarted(target))
            } catch {
                return overtaken()
            }
            guard mine == generation else { return overtaken() }
            switch machine.state {
            case .connected:
                attempts[attempts.count - 1].outcome = "connected"
                return .status(report)
            case .connecting:
                let failure = lastAttemptFailure ?? .tunnel(ControlFailure(.connectionFailed, "the attempt ended without a word"))
                attempts[attempts.count - 1] = AttemptReport(protocolName: attempt.protocolName.rawValue, outcome: "failed", detail: failure.message)
                if case let .account(refusal) = failure {
                    // The account, not the path: another protocol would not help.
                    await feed(.gaveUp(refusal.message))
                    return .failure(refusal)
                }
                lastFailure = failure.refusal
                if index + 1 < plan.count {
                    DaemonLog.warning("\(attempt.protocolName) failed (\(failure.message)); trying \(plan[index + 1].attempt.protocolName)")
                }
            default:
                return overtaken()
            }
        }
        let tried = attempts.map { "\($0.protocolName): \($0.detail)" }.joined(separator: "; ")
        let failure = plan.count > 1 ? ControlFailure(lastFailure.status, "Every protocol failed. \(tried)") : lastFailure
        await feed(.gaveUp(failure.message))
        return .failure(failure)
    }

    /// The answer to a connect that a disconnect (or another request) overtook.
    private func overtaken() -> ControlReply {
        .failure(ControlFailure(.unexpected, "The connect was cancelled: the connection is \(machine.state.name) now."))
    }

    private func disconnect() async -> ControlReply {
        if case .disconnected = machine.state { return .status(report) }
        generation += 1
        do {
            try await transition(.disconnectRequested)
        } catch {
            return .failure(ControlFailure(.unexpected, error.description))
        }
        return .status(report)
    }

    func shutdown() async {
        guard machine.state != .disconnected else { return }
        generation += 1
        await feed(.disconnectRequested)
    }

    // MARK: The one place the state changes

    /// Feeds `event` to the machine, enforces the new state's firewall
    /// policy, keeps the record, then carries out the effects. A refused
    /// event is thrown: the caller was overtaken.
    private func transition(_ event: ConnectionEvent) async throws(InvalidTransition) {
        let effects = try machine.handle(event)
        await protect()
        keepRecord()
        for effect in effects {
            await perform(effect)
        }
    }

    /// For events that must apply where they are fed: one that does not is
    /// a bug, logged as such, never passed over in silence.
    private func feed(_ event: ConnectionEvent) async {
        do {
            try await transition(event)
        } catch {
            DaemonLog.error("internal: \(error.description) (event \(event))")
        }
    }

    /// Puts the state's policy in place. A connection whose block cannot be
    /// set does not go on: fail closed (the kernel keeps the table it had).
    private func protect() async {
        do throws(FirewallError) {
            try protection.enforce(machine.state)
        } catch {
            DaemonLog.error(error.description)
            switch machine.state {
            case .preparing, .connecting: await feed(.gaveUp(error.description))
            case .connected: await feed(.tunnelLost(error.description))
            case .disconnected, .disconnecting, .error: break
            }
        }
    }

    private func perform(_ effect: ConnectionEffect) async {
        switch effect {
        case let .startTunnel(target):
            await runAttempt(target)
        case .stopTunnel:
            await stopTunnel()
            if case .disconnecting = machine.state { await feed(.tornDown) }
        }
    }

    private func keepRecord() {
        guard machine.state != .disconnected else {
            ConnectionRecord.remove(from: configuration.stateDirectory)
            return
        }
        ConnectionRecord(
            plugin: tunnel?.descriptor.name, executable: tunnel?.descriptor.executable, pid: tunnel?.connection.processIdentifier,
            processGroup: tunnel?.connection.processGroup, processStart: tunnel?.connection.processStart, interface: tunnel?.interface
        ).save(in: configuration.stateDirectory)
    }

    // MARK: Effects

    /// One protocol toward the target, from credentials to a tunnel that is
    /// up. Ends in `tunnelUp` or `attemptFailed`, unless overtaken; from the
    /// plugin's launch on, `tunnel` owns it, so whoever stops the tunnel
    /// stops it.
    private func runAttempt(_ target: ConnectionTarget) async {
        let mine = generation
        lastAttemptFailure = nil
        guard let descriptor = speakers[target.protocolName] else {
            return await attemptFailed(.tunnel(ControlFailure(.noUsableServer, "No plugin for \(target.protocolName).")), generation: mine)
        }
        let credentials: Credentials
        do throws(DeviceError) {
            credentials = try await self.credentials(for: target, family: descriptor.name)
        } catch {
            return await attemptFailed(.account(ControlFailure(error)), generation: mine)
        }
        guard mine == generation else { return }
        let connection: any TunnelPlugin
        let hello: InitializeResult
        do throws(PluginError) {
            (connection, hello) = try await parts.launcher.launch(descriptor, timeout: Self.pluginStartTimeout)
        } catch {
            return await attemptFailed(.tunnel(ControlFailure(.connectionFailed, error.description)), generation: mine)
        }
        guard mine == generation else {
            // Overtaken while the plugin started: it has set nothing up.
            await connection.terminate()
            return
        }
        tunnel = TunnelProcess(connection: connection, descriptor: descriptor)
        keepRecord()
        watch(connection, generation: mine)
        guard hello.usable else {
            let failure = PluginError.failed(plugin: descriptor.name, method: "run here", message: hello.notes.joined(separator: "; "))
            return await attemptFailed(.tunnel(ControlFailure(.connectionFailed, failure.description)), generation: mine)
        }
        let state: TunnelState
        do throws(PluginError) {
            state = try await connection.connect(connectParams(target, credentials: credentials), timeout: Self.connectTimeout)
        } catch {
            DaemonLog.warning(error.description)
            return await attemptFailed(.tunnel(ControlFailure(.connectionFailed, error.description)), generation: mine)
        }
        guard mine == generation else { return }
        guard state.phase == .connected, let interface = state.interface else {
            let failure = PluginError.failed(plugin: descriptor.name, method: "connect", message: state.reason ?? "it reported \(state.phase.rawValue)")
            return await attemptFailed(.tunnel(ControlFailure(.connectionFailed, failure.description)), generation: mine)
        }
        tunnel?.interface = interface
        DaemonLog.info("connected: \(interface) \(state.addresses.joined(separator: " "))")
        await feed(.tunnelUp(interface: interface, addresses: state.addresses, resolvers: Self.resolvers(of: target.server)))
    }

    private func attemptFailed(_ failure: AttemptFailure, generation mine: Int) async {
        // Overtaken: whoever overtook it stopped what it started.
        guard mine == generation else { return }
        lastAttemptFailure = failure
        await feed(.attemptFailed(failure.message))
    }

    /// The plugin's news, from its launch on: the interface it works on
    /// (for the record, so a crash mid-connect is cleaned up too), and, once
    /// up, the tunnel's end.
    private func watch(_ connection: any TunnelPlugin, generation mine: Int) {
        monitor = Task { [weak self] in
            for await notification in connection.notifications {
                switch notification {
                case let .failed(error):
                    await self?.tunnelLost(error.description, generation: mine)
                case let .state(state) where state.phase == .error:
                    await self?.tunnelLost(state.reason ?? "the \(connection.descriptor.name) plugin reported an error", generation: mine)
                case let .state(state):
                    if let interface = state.interface { await self?.learned(interface, generation: mine) }
                case let .log(entry):
                    DaemonLog.info(entry.message)
                case .stats:
                    break
                }
            }
        }
    }

    private func learned(_ interface: String, generation mine: Int) {
        guard mine == generation, tunnel != nil, tunnel?.interface == nil else { return }
        tunnel?.interface = interface
        keepRecord()
    }

    private func tunnelLost(_ message: String, generation mine: Int) async {
        guard mine == generation, case .connected = machine.state else { return }
        DaemonLog.warning("tunnel lost: \(message)")
        await feed(.tunnelLost(message))
    }

    /// Asks the plugin to undo everything, then stops it with its helpers.
    /// A plugin that cannot answer (it crashed) is replaced by a fresh
    /// instance that removes what the dead one left.
    private func stopTunnel() async {
        monitor?.cancel()
        monitor = nil
        guard let stopping = tunnel else { return }
        tunnel = nil
        let undone: Bool
        do throws(PluginError) {
            _ = try await stopping.connection.disconnect(DisconnectParams(interface: stopping.interface), timeout: Self.disconnectTimeout)
            undone = true
        } catch {
            DaemonLog.warning("\(stopping.descriptor.name) could not disconnect (\(error.description)); a fresh instance cleans up")
            undone = false
        }
        await stopping.connection.terminate()
        if !undone {
            await Leftovers(launcher: parts.launcher).remove(plugin: stopping.descriptor, interface: stopping.interface)
        }
        keepRecord()
    }

    /// A record left by a daemon that died while a connection was wanted:
    /// remove what its plugin left, and stay in error, still blocking,
    /// until the user connects again or disconnects.
    private func recoverFromCrash() async {
        if let record = ConnectionRecord.load(from: configuration.stateDirectory) {
            DaemonLog.warning("a previous vpnctld stopped while a connection was wanted; cleaning up")
            await Leftovers(launcher: parts.launcher).remove(record, pluginPath: configuration.pluginPath)
            machine = ConnectionMachine(state: .error(ConnectionFailure(
                target: nil,
                message: "vpnctld stopped while a connection was wanted and its tunnel is gone. Connect again, or run vpnctl disconnect."
            )))
            // Read again now that the dead tunnel's interface is gone: its
            // networks are not the LAN.
            protection.environment.localNetworks = await LocalNetworks.read()
        }
        await protect()
        keepRecord()
    }

    // MARK: Parameters

    private func connectParams(_ target: ConnectionTarget, credentials: Credentials) -> ConnectParams {
        let offer = target.server.offers.first { $0.protocolName == target.protocolName }
        return ConnectParams(
            protocolName: target.protocolName.rawValue,
            server: ServerEndpoint(
                id: target.server.id.rawValue, hostname: target.server.hostname.rawValue,
                address: target.server.ipv4.description, port: Int(offer?.ports.first ?? 0),
                transport: offer?.transport.rawValue ?? "udp"
            ),
            parameters: offer?.parameters ?? [:],
            credentials: credentials,
            options: ConnectOptions(
                dns: Self.resolvers(of: target.server).map(\.description),
                allowInsecure: allowsInsecure
            )
        )
    }

    /// Secrets a protocol needs from the daemon, all from this device's
    /// registration: WireGuard its key and addresses, the others the login
    /// the provider gave the device for their family (`openvpn`, `l2tp`).
    /// The account token is never among them: it goes to the provider's API
    /// alone, never to a VPN server.
    private func credentials(for target: ConnectionTarget, family: String) async throws(DeviceError) -> Credentials {
        // A plugin of another family brings what it needs itself.
        guard target.protocolName == .wireguard || DeviceRegistration.familiesWithLogins.contains(family) else { return Credentials() }
        guard case let .success(services) = directory else { throw .noAccount }
        guard target.protocolName == .wireguard else {
            let (_, registration) = try await services.device.registered(needingLoginFor: family)
            guard let login = registration.login(for: family) else { throw .noLogin(family: family) }
            return Credentials(username: login.username, password: login.password)
        }
        let (privateKey, registration) = try await services.device.registered()
        // IPv6 goes into the tunnel only where the server carries it (the
        // list's `ipv6`); elsewhere the plugin sets up no IPv6 at all, and
        // the firewall blocks IPv6 while connected.
        return Credentials(
            privateKey: privateKey, address: registration.ipv4Address,
            address6: target.server.ipv6 == nil ? nil : registration.ipv6Address
        )
    }

    /// The server's resolvers inside the tunnel, for every protocol.
    private static func resolvers(of server: Server) -> [IPAddress] {
        server.resolvers.map(IPAddress.v4)
    }

    /// With protocol `auto`: the protocols to try toward `server`, best
    /// first, from this network's probe report (nil: none could be had), and
    /// those left out.
    private func plan(toward server: Server, speakers: [ProtocolName: PluginDescriptor], report: NetworkReport?) async -> AttemptPlan {
        let capabilities = await pluginCapabilities.capabilities(of: speakers, timeout: Self.pluginStartTimeout)
        return ProtocolPolicy(preferenceOrder: TargetResolver.automaticOrder)
            .plan(offered: server.protocols, capabilities: capabilities, report: report)
    }

    /// A probe toward `server`, remembered as the report this plan is made from.
    private func probe(toward server: Server, fresh: Bool) async -> (report: NetworkReport, cached: Bool)? {
        let probed = await parts.probe.report(toward: server, fresh: fresh)
        lastReport = probed?.report
        return probed
    }

    /// `vpnctl probe`: this network's report toward the server a connect
    /// to the same location would use, with the protocols that will work.
    private func probe(_ request: ProbeRequest) async -> ControlReply {
        let resolution: TargetResolver.Resolution
        do throws(ResolveFailure) {
            resolution = try await resolve(ConnectRequest(location: request.location, protocolName: "auto"))
        } catch {
            return .failure(error.refusal)
        }
        guard case let .automatic(speakers) = resolution.protocols else { return .failure(ControlFailure(.unexpected, "no protocols to plan")) }
        // With a tunnel up, probes would cross the tunnel, not the router:
        // the report the connection was planned with is the answer.
        let server: Server
        let probed: (report: NetworkReport, cached: Bool)
        if let connected = machine.state.target, machine.state.name != "error" {
            guard !request.fresh, request.location == nil, let planned = lastReport, planned.server == connected.server.id else {
                return .failure(ControlFailure(.unexpected, "A connection is \(machine.state.name): a fresh probe would measure the tunnel, not the router. Run vpnctl disconnect first\(lastReport == nil ? "" : ", or vpnctl probe without --fresh and without a location for the report this connection was planned with")."))
            }
            (server, probed) = (connected.server, (planned, true))
        } else {
            server = resolution.selection.server
            guard let report = await probe(toward: server, fresh: request.fresh) else {
                return .failure(ControlFailure(.noUsableServer, "\(server.id) runs no probe responder (the server list gives it no probe_port); try another location."))
            }
            probed = report
        }
        let plan = await plan(toward: server, speakers: speakers, report: probed.report)
        return .probe(ProbeReport(probed.report, cached: probed.cached, recommended: plan.attempts, skipped: plan.skipped))
    }

    // MARK: Answers

    private enum ResolveFailure: Error {
        /// The list or the account could not be had.
        case unavailable(ControlFailure)
        /// The request names nothing this account can connect to.
        case request(ControlFailure)

        var refusal: ControlFailure {
            switch self {
            case let .unavailable(failure), let .request(failure): failure
            }
        }
    }

    private func resolve(_ request: ConnectRequest) async throws(ResolveFailure) -> TargetResolver.Resolution {
        let services: DirectoryServices
        switch directory {
        case let .success(working): services = working
        case let .failure(failure): throw .request(failure)
        }
        let list: ServerList
        do {
            let result = try await services.serverLists.serverList()
            result.warnings.forEach(DaemonLog.warning)
            list = result.list
        } catch {
            throw .unavailable(ControlFailure(error))
        }
        let tier: Tier
        do {
            tier = try await services.accounts.account().account.tier
        } catch .unreachable(let detail) {
            DaemonLog.warning("cannot look up the account (\(detail)); connecting as a free account")
            tier = .free
        } catch {
            throw .unavailable(ControlFailure(error))
        }
        let discovery = PluginDiscovery(directories: configuration.pluginPath).discover()
        discovery.problems.forEach { DaemonLog.warning($0.description) }
        do throws(ControlFailure) {
            return try TargetResolver(list: list, tier: tier, plugins: discovery.plugins)
                .resolve(request, preference: configuration.connection.protocolPreference)
        } catch {
            throw .request(error)
        }
    }

    /// The report with the plugin's byte counters while connected; a plugin
    /// slow to answer costs the counters, not the answer.
    private func liveReport() async -> StatusReport {
        var report = self.report
        if case .connected = machine.state, let tunnel,
           let state = try? await tunnel.connection.status(timeout: .seconds(1)),
           let stats = state.stats {
            report.receivedBytes = stats.receivedBytes
            report.sentBytes = stats.sentBytes
        }
        return report
    }

    private var report: StatusReport {
        let state = machine.state
        var report = StatusReport(
            state: state.name, blocking: protection.blocking,
            killSwitch: KillSwitchReport(protection.settings)
        )
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
            report.error = protection.blocking
                ? "\(failure.message) Traffic outside the tunnel stays blocked until you connect again or run vpnctl disconnect."
                : failure.message
        default:
            break
        }
        if let problem = protection.problem {
            report.error = [report.error, "The firewall could not be set: \(problem)"].compactMap { $0 }.joined(separator: " ")
        }
        return report
    }

    private func pluginsReport() async -> PluginsReport {
        let discovery = PluginDiscovery(directories: configuration.pluginPath).discover()
        var reports: [PluginReport] = []
        for descriptor in discovery.plugins {
            let protocols = descriptor.protocols.map(\.name)
            do throws(PluginError) {
                let (connection, hello) = try await parts.launcher.launch(descriptor, timeout: Self.pluginStartTimeout)
                await connection.terminate()
                reports.append(PluginReport(name: descriptor.name, protocols: protocols, usable: hello.usable, notes: hello.notes, source: descriptor.source))
            } catch {
                reports.append(PluginReport(name: descriptor.name, protocols: protocols, usable: false, notes: [error.description], source: descriptor.source))
            }
        }
        return PluginsReport(plugins: reports, problems: discovery.problems.map(\.description))
    }
}

import Foundation
import Netlink
import PluginKit
import TunnelSupport

/// The L2TP/IPsec plugin: strongSwan's charon for IPsec in transport mode,
/// xl2tpd for L2TP, pppd (spawned by xl2tpd) for PPP; routes, rules and DNS
/// from TunnelSupport. Everything it writes lives in one private directory
/// per interface, and everything it starts is stopped on disconnect.
actor L2TPPlugin: PluginHandler {
    static let linkDeadline: Duration = .seconds(45)
    static let monitorInterval: Duration = .seconds(1)

    /// One connection: what it set up so far is on `undo`, for `tearDown`.
    private struct Session {
        let request: L2TPRequest
        let directory: PrivateDirectory
        let notifier: PluginNotifier
        var undo = UndoStack()
        var xl2tpd: XL2TPD?
        var link: PPPLink.Up?
        var connected = false
        var reportedFailure = false
        var monitor: Task<Void, Never>?
    }

    private let directoryRoot: String
    private let kernel: @Sendable () -> KernelSupport
    private var session: Session?

    init(directoryRoot: String = PrivateDirectory.defaultRoot, kernel: @escaping @Sendable () -> KernelSupport = { KernelSupport.detect() }) {
        self.directoryRoot = directoryRoot
        self.kernel = kernel
    }

    func initialize(_ params: InitializeParams) async throws -> InitializeResult {
        var notes = kernel().missing()
        if !XL2TPD.isInstalled { notes.append("xl2tpd is not installed: install the xl2tpd and ppp packages") }
        if !Charon.isInstalled { notes.append("strongSwan is not installed: install strongswan-charon and strongswan-swanctl") }
        let usable = notes.isEmpty
        if usable { notes = ["kernel PPP and ESP present"] }
        return InitializeResult(name: "l2tp", protocols: [L2TPRequest.protocolName], usable: usable, notes: notes)
    }

    func connect(_ params: ConnectParams, notifier: PluginNotifier) async throws -> TunnelState {
        guard session == nil else { throw PluginFailure("already connected") }
        let request = try L2TPRequest(params)
        let missing = kernel().missing(needsESP: request.usesIPsec)
        guard missing.isEmpty else {
            throw PluginFailure("L2TP/IPsec cannot run on this kernel: \(missing.joined(separator: "; "))")
        }
        await notifier.state(TunnelState(phase: .connecting, interface: request.interface))
        if !request.usesIPsec {
            await notifier.log(.warning, "plain L2TP without IPsec (allow_insecure): the PPP session is not encrypted")
        }
        let directory = PrivateDirectory(interface: request.interface, root: directoryRoot)
        if directory.exists { await Self.removeLeftovers(of: request.interface, root: directoryRoot) }
        session = Session(request: request, directory: directory, notifier: notifier)
        do {
            try await setUp(request, directory: directory)
        } catch {
            await tearDown()
            if let failure = error as? PluginFailure { throw failure }
            throw PluginFailure("cannot connect with L2TP/IPsec: \(error)")
        }
        guard let link = session?.link else { throw PluginFailure("the connection was cancelled") }
        return TunnelState(phase: .connected, interface: request.interface, addresses: [link.address.description])
    }

    /// Each step pushes its undo as soon as what it made exists, so that a
    /// failure at any point leaves `tearDown` knowing exactly what to undo.
    private func setUp(_ request: L2TPRequest, directory: PrivateDirectory) async throws {
        try directory.create()
        session?.undo.push("the private directory \(directory.path)") { directory.remove() }
        let pppOptions = try directory.write("options.pppd", PPPOptions(request: request).text)
        let xl2tpdConfig = try directory.write("xl2tpd.conf", XL2TPDConfig(request: request, pppOptionsFile: pppOptions).text)
        var swanctlConfig: String?
        if let psk = request.presharedKey {
            try directory.write("strongswan.conf", StrongSwanConfig().text)
            swanctlConfig = try directory.write(SwanctlConfig.fileName, SwanctlConfig(server: request.server, serverID: request.serverID, presharedKey: psk).text)
        }
        do {
            let serverRoute = try await ServerRoute.pin(request.server)
            session?.undo.push("the route to the server") { await serverRoute.remove() }
        } catch {
            throw PluginFailure("cannot keep a route to the server \(request.server) outside the tunnel: \(error)")
        }

        if let swanctlConfig {
            let charon = try await Charon.start(directory: directory) { [weak self] in
                Task { await self?.daemonExited("charon") }
            }
            session?.undo.push("charon") { await charon.stop() }
            try await charon.load(swanctlConfig)
            try await charon.initiate()
            await session?.notifier.log(.info, "IPsec transport mode with \(request.server) established")
        }

        let xl2tpd = try await XL2TPD.start(directory: directory, config: xl2tpdConfig) { [weak self] in
            Task { await self?.daemonExited("xl2tpd") }
        }
        session?.xl2tpd = xl2tpd
        let interface = request.interface
        // One step: the call is hung up before xl2tpd goes, so pppd ends
        // its session and removes the link rather than being orphaned.
        session?.undo.push("xl2tpd, pppd and the PPP link") {
            await xl2tpd.hangUp()
            await XL2TPD.waitForPPPD(interface: interface)
            await xl2tpd.stop()
            await XL2TPD.stopLeftoverPPPD(interface: interface)
            await PPPLink.remove(interface)
        }
        try await xl2tpd.dial()
        let link = try await waitForLink(request.interface, xl2tpd: xl2tpd)
        session?.link = link
        await session?.notifier.log(.info, "PPP link \(request.interface) up with \(link.address)")

        do {
            // apply() takes back its own rules when it fails part way.
            let previousSourceValidMark = try await FullTunnelRouting(interfaceIndex: link.index).apply()
            session?.undo.push("the routing rules") { await FullTunnelRouting.remove(restoringSourceValidMark: previousSourceValidMark) }
        } catch {
            throw PluginFailure("cannot route through \(request.interface): \(error)")
        }
        session?.undo.push("DNS") { TunnelDNS.restore(interface: interface) }
        try await TunnelDNS.apply(request.dns, interface: request.interface)
        session?.connected = true
        session?.monitor = Task { [weak self] in await self?.watch(request.interface) }
    }

    /// Connected means IPCP gave the link an address. rtnetlink events would
    /// need a multicast subscription Netlink does not offer, and pppd gives no
    /// signal of its own, so look at the link until it is up, pppd has given
    /// up, or the deadline passes.
    private func waitForLink(_ interface: String, xl2tpd: XL2TPD) async throws -> PPPLink.Up {
        let end = ContinuousClock.now + Self.linkDeadline
        while ContinuousClock.now < end {
            if let link = await PPPLink.find(interface) { return link }
            if xl2tpd.process.hasExited {
                throw PluginFailure("xl2tpd exited before the PPP link came up: \(xl2tpd.output.summary())")
            }
            if xl2tpd.output.contains("pppd exited") || xl2tpd.output.contains("Maximum retries exceeded") || xl2tpd.output.contains("Connection closed") {
                throw PluginFailure("the L2TP session ended before the PPP link came up: \(xl2tpd.output.summary())")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw PluginFailure("the PPP link \(interface) did not come up within \(Self.linkDeadline.components.seconds) s: \(xl2tpd.output.summary())")
    }

    /// After connect: a link that goes away (the server hung up, pppd's echo
    /// requests went unanswered) is reported once as an error.
    private func watch(_ interface: String) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: Self.monitorInterval)
            if Task.isCancelled { return }
            if !(await PPPLink.exists(interface)) {
                reportFailure("the PPP link \(interface) went down")
                return
            }
        }
    }

    private func daemonExited(_ name: String) {
        reportFailure("\(name) exited unexpectedly")
    }

    private func reportFailure(_ reason: String) {
        guard var current = session, current.connected, !current.reportedFailure else { return }
        current.reportedFailure = true
        session = current
        var detail = reason
        if let summary = current.xl2tpd?.output.summary(last: 2), !summary.isEmpty { detail += " (\(summary))" }
        let notifier = current.notifier
        let interface = current.request.interface
        Task { await notifier.state(TunnelState(phase: .error, interface: interface, reason: detail)) }
    }

    func status() async throws -> TunnelState {
        guard let session else { return TunnelState(phase: .disconnected) }
        guard session.connected, let link = session.link else { return TunnelState(phase: .connecting, interface: session.request.interface) }
        if session.reportedFailure { return TunnelState(phase: .error, interface: session.request.interface, reason: "the PPP link went down") }
        return TunnelState(phase: .connected, interface: session.request.interface, addresses: [link.address.description],
                           stats: PPPLink.counters(session.request.interface))
    }

    func disconnect(_ params: DisconnectParams) async throws -> TunnelState {
        if session != nil {
            await tearDown()
        } else if let interface = params.interface {
            await Self.removeLeftovers(of: interface, root: directoryRoot)
        }
        return TunnelState(phase: .disconnected)
    }

    /// Undoes everything, in reverse; safe to call twice.
    private func tearDown() async {
        guard let current = session else { return }
        // Exits from here on are expected: no error reports.
        session?.connected = false
        current.monitor?.cancel()
        guard let undo = session?.undo.take() else { return }
        await undo.unwind()
        session = nil
    }

    /// After a crash of the daemon and this plugin: daemons from the pid
    /// files, the ppp link, rules, the IPsec state of a charon that was
    /// killed, the server route, DNS and the directory.
    static func removeLeftovers(of interface: String, root: String = PrivateDirectory.defaultRoot) async {
        guard ConfigSyntax.isInterfaceName(interface) else { return }
        let directory = PrivateDirectory(interface: interface, root: root)
        TunnelDNS.restore(interface: interface)
        await FullTunnelRouting.remove(restoringSourceValidMark: nil)
        await XL2TPD.stopLeftover(in: directory)
        await XL2TPD.stopLeftoverPPPD(interface: interface)
        await PPPLink.remove(interface)
        await Charon.stopLeftover(in: directory)
        await LeftoverIPsec.remove(in: directory)
        await ServerRoute.removeLeftovers()
        directory.remove()
    }
}

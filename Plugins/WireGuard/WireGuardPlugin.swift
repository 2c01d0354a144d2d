import Foundation
import Netlink
import PluginKit
import TunnelSupport

/// The WireGuard plugin: the kernel's WireGuard where there is one,
/// wireguard-go where not; addresses, routes and rules over rtnetlink.
actor WireGuardPlugin: PluginHandler {
    static let handshakeDeadline: Duration = .seconds(10)

    private struct Active {
        var backend: any WireGuardBackend
        var request: TunnelRequest
        /// What connect set up, for `tearDown`.
        var undo = UndoStack()
    }

    private var active: Active?

    func initialize(_ params: InitializeParams) async throws -> InitializeResult {
        let kernel = FileManager.default.fileExists(atPath: "/sys/module/wireguard")
        let userspace = WireGuardGo.isInstalled
        var notes: [String] = []
        if kernel {
            notes.append("kernel WireGuard")
        } else if userspace {
            notes.append("kernel module missing, using wireguard-go")
        } else {
            notes.append("no kernel WireGuard and no wireguard-go: install the wireguard-go package")
        }
        return InitializeResult(name: "wireguard", protocols: ["wireguard"], usable: kernel || userspace, notes: notes)
    }

    func connect(_ params: ConnectParams, notifier: PluginNotifier) async throws -> TunnelState {
        guard active == nil else { throw PluginFailure("already connected") }
        let request = try TunnelRequest(params)
        // The interface first: a host whose plugin dies from here on knows
        // what a fresh instance must clean up.
        await notifier.state(TunnelState(phase: .connecting, interface: request.interface))

        let backend: any WireGuardBackend
        do {
            if let kernel = try await KernelBackend.create(interface: request.interface) {
                backend = kernel
            } else {
                backend = try await UserspaceBackend.create(interface: request.interface) {
                    Task { await notifier.state(TunnelState(phase: .error, reason: "wireguard-go exited unexpectedly")) }
                }
            }
        } catch {
            throw PluginFailure("cannot create the WireGuard interface \(request.interface): \(error)")
        }
        await notifier.log(.info, "WireGuard interface \(request.interface) via \(backend.name)")
        // The interface's addresses and routes go with it.
        active = Active(backend: backend, request: request)
        active?.undo.push("the interface \(request.interface)") { await backend.remove() }
        do {
            try await backend.configure(request.configuration)
            let index = try await Self.bringUp(request)
            // apply() takes back its own rules when it fails part way.
            let previousSourceValidMark = try await FullTunnelRouting(interfaceIndex: index, ipv6: request.address6 != nil).apply()
            active?.undo.push("the routing rules") { await FullTunnelRouting.remove(restoringSourceValidMark: previousSourceValidMark) }
            let interface = request.interface
            active?.undo.push("DNS") { TunnelDNS.restore(interface: interface) }
            try await TunnelDNS.apply(request.dns, interface: request.interface)
            try await waitForHandshake(backend, server: request.serverKey)
        } catch {
            await tearDown()
            if let failure = error as? PluginFailure { throw failure }
            throw PluginFailure("cannot set up the tunnel: \(error)")
        }
        return TunnelState(phase: .connected, interface: request.interface, addresses: request.addresses)
    }

    func status() async throws -> TunnelState {
        guard let active else { return TunnelState(phase: .disconnected) }
        let report = try? await active.backend.report()
        let peer = report?.peers.first
        return TunnelState(
            phase: .connected, interface: active.request.interface, addresses: active.request.addresses,
            stats: peer.map { TunnelStats(receivedBytes: $0.receivedBytes, sentBytes: $0.sentBytes) }
        )
    }

    func disconnect(_ params: DisconnectParams) async throws -> TunnelState {
        if active != nil {
            await tearDown()
        } else if let interface = params.interface {
            await Self.removeLeftovers(of: interface)
        }
        return TunnelState(phase: .disconnected)
    }

    /// After a crash of the daemon and this plugin: the interface, its
    /// wireguard-go and the routing rules may still be there.
    static func removeLeftovers(of interface: String) async {
        guard interface.utf8.count <= 15, !interface.contains("/") else { return }
        TunnelDNS.restore(interface: interface)
        await FullTunnelRouting.remove(restoringSourceValidMark: nil)
        if let leftover = WireGuardGo.running(interface: interface) {
            kill(leftover, SIGTERM)
        }
        await KernelBackend(interface: interface).remove()
    }

    /// Undoes everything, in reverse: DNS, rules, then the interface.
    /// Safe to call twice.
    private func tearDown() async {
        guard let undo = active?.undo.take() else { return }
        active = nil
        await undo.unwind()
    }

    private static func bringUp(_ request: TunnelRequest) async throws(NetlinkError) -> Int32 {
        try await NetlinkThread.run { () throws(NetlinkError) in
            let rtnetlink = try RTNetlink()
            guard let link = try rtnetlink.link(.name(request.interface)) else {
                throw NetlinkError.invalidArgument(field: "interface", reason: "\(request.interface) vanished")
            }
            try rtnetlink.addAddress(request.address, interfaceIndex: link.index)
            if let address6 = request.address6 {
                // nodad: usable at once; the tunnel is a link of two, no one to collide with.
                try rtnetlink.addAddress(address6, interfaceIndex: link.index, flags: .noDAD)
            }
            try rtnetlink.setLink(.index(link.index), up: true, mtu: request.mtu)
            return link.index
        }
    }

    /// Connected means a handshake happened, not merely an interface up. The
    /// persistent keepalive starts one at once; there is no event for its
    /// completion, so ask until it shows or the deadline passes: every
    /// millisecond while an answer is likely (one round trip), then less often.
    private func waitForHandshake(_ backend: any WireGuardBackend, server: WireGuardKey) async throws {
        let start = ContinuousClock.now
        let end = start + Self.handshakeDeadline
        while ContinuousClock.now < end {
            if let peer = try await backend.report().peers.first(where: { $0.publicKey == server }), peer.lastHandshake > 0 {
                return
            }
            let waited = ContinuousClock.now - start
            try await Task.sleep(for: waited < .milliseconds(100) ? .milliseconds(1) : waited < .seconds(1) ? .milliseconds(5) : .milliseconds(50))
        }
        throw PluginFailure("no handshake with the server within \(Self.handshakeDeadline.components.seconds) s: it may be down, or the router may block UDP to it")
    }
}

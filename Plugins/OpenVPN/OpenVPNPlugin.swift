import Addressing
import Foundation
import Netlink
import PluginKit
import TunnelSupport

/// The OpenVPN plugin: Debian's openvpn as a child, driven over its
/// management channel; routing (wg-quick style) and DNS are the plugin's.
actor OpenVPNPlugin: PluginHandler {
    static let tunDevice = "/dev/net/tun"

    private struct Active {
        var tunnel: OpenVPNTunnel
        var addresses: [String]
        /// What connect set up, for `tearDown`.
        var undo: UndoStack
    }

    private enum Phase {
        case idle
        case connecting(OpenVPNTunnel?)
        case connected(Active)
    }

    private var phase = Phase.idle

    func initialize(_ params: InitializeParams) async throws -> InitializeResult {
        var notes: [String] = []
        let openvpn = FileManager.default.isExecutableFile(atPath: OpenVPNProcess.executable)
        let tun = FileManager.default.fileExists(atPath: Self.tunDevice)
        if !openvpn { notes.append("\(OpenVPNProcess.executable) is missing: install the openvpn package") }
        if !tun { notes.append("\(Self.tunDevice) is missing: the kernel has no TUN device (mknod \(Self.tunDevice) c 10 200)") }
        if openvpn && tun { notes.append("using \(OpenVPNProcess.executable)") }
        return InitializeResult(name: "openvpn", protocols: ["openvpn-udp", "openvpn-tcp"], usable: openvpn && tun, notes: notes)
    }

    func connect(_ params: ConnectParams, notifier: PluginNotifier) async throws -> TunnelState {
        guard case .idle = phase else { throw PluginFailure("already connected or connecting") }
        // Everything is checked before anything is written or started.
        let request = try OpenVPNRequest(params)
        guard FileManager.default.isExecutableFile(atPath: OpenVPNProcess.executable) else {
            throw PluginFailure("\(OpenVPNProcess.executable) is missing: install the openvpn package")
        }
        phase = .connecting(nil)
        // The interface first: a host whose plugin dies from here on knows
        // what a fresh instance must clean up.
        await notifier.state(TunnelState(phase: .connecting, interface: request.interface))
        let directory = PrivateDirectory(interface: request.interface)
        var undo = UndoStack()
        let active: Active
        do {
            try directory.create()
            undo.push("the private directory \(directory.path)") { directory.remove() }
            try directory.write(PrivateDirectory.configName, OpenVPNConfigFile(request: request, directory: directory).text)
            // The tun, its address and routes go with openvpn.
            let tunnel = try await OpenVPNTunnel.start(request, directory: directory)
            undo.push("openvpn") { await tunnel.stop() }
            phase = .connecting(tunnel)
            try await tunnel.connect()
            let addresses = try await Self.addresses(of: request.interface, reported: await tunnel.localAddress)
            // apply() takes back its own rules when it fails part way.
            let previousSourceValidMark = try await FullTunnelRouting(interfaceIndex: addresses.index).apply()
            undo.push("the routing rules") { await FullTunnelRouting.remove(restoringSourceValidMark: previousSourceValidMark) }
            let interface = request.interface
            undo.push("DNS") { TunnelDNS.restore(interface: interface) }
            try await TunnelDNS.apply(request.dns, interface: request.interface)
            active = Active(tunnel: tunnel, addresses: addresses.strings, undo: undo)
        } catch {
            await undo.unwind()
            phase = .idle
            if let failure = error as? PluginFailure { throw failure }
            throw PluginFailure("cannot set up the tunnel: \(error)")
        }
        let up = active.tunnel
        phase = .connected(active)
        await up.watch(notifier: notifier) { [weak self] reason in
            await self?.lost(up, reason: reason, notifier: notifier)
        }
        await notifier.log(.info, "OpenVPN tunnel \(request.interface) up over \(request.transport.rawValue.uppercased()) to \(request.address) port \(request.port)")
        return TunnelState(phase: .connected, interface: request.interface, addresses: active.addresses)
    }

    func status() async throws -> TunnelState {
        switch phase {
        case .idle:
            return TunnelState(phase: .disconnected)
        case .connecting:
            return TunnelState(phase: .connecting)
        case let .connected(active):
            return TunnelState(
                phase: .connected, interface: active.tunnel.request.interface, addresses: active.addresses, stats: await active.tunnel.stats
            )
        }
    }

    func disconnect(_ params: DisconnectParams) async throws -> TunnelState {
        switch phase {
        case let .connected(active):
            phase = .idle
            await active.undo.unwind()
        case let .connecting(tunnel):
            // The connect under way sees openvpn go and cleans up after itself.
            await tunnel?.stop()
        case .idle:
            if let interface = params.interface {
                guard ConfigValue.isInterfaceName(interface) else {
                    throw PluginFailure("interface must be 1 to 15 lower-case letters, digits or dashes")
                }
                await LeftoverCleanup(interface: interface).run()
            }
        }
        return TunnelState(phase: .disconnected)
    }

    /// The tunnel went away by itself: clean up first, then say so.
    private func lost(_ tunnel: OpenVPNTunnel, reason: String, notifier: PluginNotifier) async {
        guard case let .connected(active) = phase, active.tunnel === tunnel else { return }
        phase = .idle
        await active.undo.unwind()
        await notifier.state(TunnelState(phase: .error, interface: tunnel.request.interface, reason: reason))
    }

    /// The tun's index and IPv4 addresses with their prefixes, read back
    /// over rtnetlink; `>STATE`'s address (no prefix) when none is there.
    private static func addresses(of interface: String, reported: String?) async throws -> (index: Int32, strings: [String]) {
        let (index, prefixes) = try await NetlinkThread.run { () throws(NetlinkError) -> (Int32, [IPNetwork]) in
            let rtnetlink = try RTNetlink()
            guard let link = try rtnetlink.link(.name(interface)) else {
                throw NetlinkError.invalidArgument(field: "interface", reason: "\(interface) vanished")
            }
            return (link.index, try rtnetlink.addresses(family: .ipv4, interfaceIndex: link.index).map(\.prefix))
        }
        let strings = prefixes.isEmpty ? reported.map { ["\($0)/32"] } ?? [] : prefixes.map(\.description)
        return (index, strings)
    }
}

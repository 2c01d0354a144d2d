import Control
import Directory
import PluginKit
import VPNConfig
import VPNCore

/// Turns `vpnctl connect LOCATION [--protocol P]` into a server, a protocol
/// and the plugin that speaks it, with the reason for the choice.
struct TargetResolver {
    /// With protocol `auto`, the order among protocols the router lets
    /// through alike: WireGuard, then OpenVPN over UDP, then IKE-based, then
    /// OpenVPN over TCP 443 (slowest, but it passes where UDP does not).
    /// Protocols of other installed plugins come after, by name.
    static let automaticOrder: [ProtocolName] = [.wireguard, .openvpnUDP, .l2tpIPsec, .openvpnTCP]

    let list: ServerList
    let tier: Tier
    let plugins: [PluginDescriptor]

    /// Where to connect, and how: one protocol as asked, or every protocol
    /// an installed plugin speaks that the server offers, for the policy to order.
    struct Resolution {
        enum Protocols {
            case asked(ProtocolName, PluginDescriptor)
            case automatic([ProtocolName: PluginDescriptor])
        }

        let selection: Selection
        let protocols: Protocols
    }

    func resolve(_ request: ConnectRequest, preference: ProtocolPreference) throws(ControlFailure) -> Resolution {
        let query: LocationQuery
        do {
            query = try LocationQuery(parsing: request.location ?? "fastest")
        } catch {
            throw ControlFailure(error)
        }
        let wanted: ProtocolPreference
        if let name = request.protocolName {
            guard let parsed = ProtocolPreference(name) else {
                throw ControlFailure(.usage, "\"\(name)\" is not a protocol name; use auto, wireguard, openvpn-udp, openvpn-tcp or l2tp-ipsec.")
            }
            wanted = parsed
        } else {
            wanted = preference
        }

        switch wanted {
        case let .only(name):
            guard let plugin = plugin(for: name, explicitly: true) else {
                throw ControlFailure(.noUsableServer, "No installed plugin provides \(name). Installed: \(installedProtocols). See vpnctl plugins.")
            }
            return Resolution(selection: try select(query, protocol: name, seed: request.seed), protocols: .asked(name, plugin))
        case .automatic:
            var speakers: [ProtocolName: PluginDescriptor] = [:]
            for plugin in plugins where plugin.enabledByDefault {
                for name in plugin.protocols.compactMap({ ProtocolName(rawValue: $0.name) }) where speakers[name] == nil {
                    speakers[name] = plugin
                }
            }
            guard !speakers.isEmpty else {
                throw ControlFailure(.noUsableServer, "No protocol plugin is installed (looked in the plugin directories). See vpnctl plugins.")
            }
            // The server is chosen among those offering the first protocol
            // a plugin here speaks, as without a probe; the probe then orders
            // that server's protocols.
            let preferred = Self.automaticOrder.filter { speakers[$0] != nil } + speakers.keys.sorted().filter { !Self.automaticOrder.contains($0) }
            var firstError: SelectionError?
            for name in preferred {
                do throws(SelectionError) {
                    let selection = try draw(query, protocol: name, seed: request.seed)
                    return Resolution(selection: selection, protocols: .automatic(speakers))
                } catch {
                    if firstError == nil { firstError = error }
                    // Where the location itself is the problem, no protocol helps.
                    guard case .protocolNotOffered = error else { throw ControlFailure(error) }
                }
            }
            throw ControlFailure(firstError!)
        }
    }

    private func select(_ query: LocationQuery, protocol name: ProtocolName, seed: UInt64?) throws(ControlFailure) -> Selection {
        do throws(SelectionError) {
            return try draw(query, protocol: name, seed: seed)
        } catch {
            throw ControlFailure(error)
        }
    }

    /// A seed makes the pick among near-equal servers reproducible (tests, benchmarks).
    private func draw(_ query: LocationQuery, protocol name: ProtocolName, seed: UInt64?) throws(SelectionError) -> Selection {
        let selector = ServerSelector(list: list, tier: tier)
        if let seed {
            var generator = SeededRandomNumberGenerator(seed: seed)
            return try selector.select(query, protocol: name, using: &generator)
        }
        var generator = SystemRandomNumberGenerator()
        return try selector.select(query, protocol: name, using: &generator)
    }

    private func plugin(for name: ProtocolName, explicitly: Bool) -> PluginDescriptor? {
        plugins.first { plugin in
            (explicitly || plugin.enabledByDefault) && plugin.protocols.contains { $0.name == name.rawValue }
        }
    }

    private var installedProtocols: String {
        let names = plugins.flatMap(\.protocols).map(\.name)
        return names.isEmpty ? "none" : names.joined(separator: ", ")
    }
}

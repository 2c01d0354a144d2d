import Control
import Directory
import PluginKit
import VPNConfig
import VPNCore

/// Turns `vpnctl connect LOCATION [--protocol P]` into a server, a protocol
/// and the plugin that speaks it, with the reason for the choice.
struct TargetResolver {
    /// Tried in this order when the protocol is `auto`; protocols of other
    /// installed plugins come after. (The router probe will reorder this.)
    static let automaticOrder: [ProtocolName] = [.wireguard, .openvpnUDP, .openvpnTCP, .l2tpIPsec]

    let list: ServerList
    let tier: Tier
    let plugins: [PluginDescriptor]

    func resolve(_ request: ConnectRequest, preference: ProtocolPreference) throws(ControlFailure) -> (ConnectionTarget, PluginDescriptor) {
        let query: LocationQuery
        do {
            query = try LocationQuery(parsing: request.location ?? "fastest")
        } catch {
            throw Self.failure(error)
        }
        let wanted: ProtocolPreference
        if let name = request.protocolName {
            guard let parsed = ProtocolPreference(name) else {
                throw ControlFailure(code: 64, message: "\"\(name)\" is not a protocol name; use auto, wireguard, openvpn-udp, openvpn-tcp or l2tp-ipsec.")
            }
            wanted = parsed
        } else {
            wanted = preference
        }

        let candidates: [(ProtocolName, PluginDescriptor)]
        switch wanted {
        case let .only(name):
            guard let plugin = plugin(for: name, explicitly: true) else {
                throw ControlFailure(code: 4, message: "No installed plugin provides \(name). Installed: \(installedProtocols). See vpnctl plugins.")
            }
            candidates = [(name, plugin)]
        case .automatic:
            let others = plugins.flatMap(\.protocols).compactMap { ProtocolName(rawValue: $0.name) }
            var seen = Set<ProtocolName>()
            candidates = (Self.automaticOrder + others).filter { seen.insert($0).inserted }.compactMap { name in
                plugin(for: name, explicitly: false).map { (name, $0) }
            }
            guard !candidates.isEmpty else {
                throw ControlFailure(code: 4, message: "No protocol plugin is installed (looked in the plugin directories). See vpnctl plugins.")
            }
        }

        let selector = ServerSelector(list: list, tier: tier)
        var firstError: SelectionError?
        for (name, plugin) in candidates {
            do {
                let selection: Selection
                if let seed = request.seed {
                    var generator = SeededRandomNumberGenerator(seed: seed)
                    selection = try selector.select(query, protocol: name, using: &generator)
                } else {
                    var generator = SystemRandomNumberGenerator()
                    selection = try selector.select(query, protocol: name, using: &generator)
                }
                let why = wanted == .automatic ? "\(name): the first protocol offered there that a plugin here speaks" : "\(name) as asked"
                let target = ConnectionTarget(
                    server: selection.server, location: selection.location, protocolName: name,
                    reason: "\(selection.reason); \(why)"
                )
                return (target, plugin)
            } catch {
                if firstError == nil { firstError = error }
                // Where the location itself is the problem, no protocol helps.
                switch error {
                case .protocolNotOffered: continue
                default: throw Self.failure(error)
                }
            }
        }
        throw Self.failure(firstError!)
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

    static func failure(_ error: SelectionError) -> ControlFailure {
        let code: Int32 = switch error {
        case .requiresPremium: 3
        case .noServerOnline, .protocolNotOffered: 4
        case .emptyQuery, .queryTooLong, .controlCharacterInQuery, .ambiguous, .unknownLocation: 2
        }
        return ControlFailure(code: code, message: error.description)
    }
}

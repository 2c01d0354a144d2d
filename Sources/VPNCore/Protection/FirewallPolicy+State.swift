import Addressing
extension FirewallPolicy {
    /// The policy of `state`; nil means no table at all (disconnected
    /// without lockdown, or the kill switch off while no tunnel is up).
    public static func `for`(
        _ state: ConnectionState, settings: ProtectionSettings, environment: ProtectionEnvironment
    ) -> FirewallPolicy? {
        let lan = settings.allowLAN ? Self.lan(environment.localNetworks) : []
        switch state {
        case .disconnected:
            guard settings.lockdown else { return nil }
            return FirewallPolicy(blocking: true, relays: environment.api, localNetworks: lan)

        case let .preparing(preparation):
            guard settings.blocksWhileConnecting else { return nil }
            let server = preparation.server.map(Self.relays(of:)) ?? []
            return FirewallPolicy(blocking: true, relays: server + environment.api, localNetworks: lan)

        case let .connecting(target), let .disconnecting(target, _):
            guard settings.blocksWhileConnecting else { return nil }
            return FirewallPolicy(blocking: true, relays: relays(of: target.server) + environment.api, localNetworks: lan)

        case .error:
            guard settings.blocksWhileConnecting else { return nil }
            return FirewallPolicy(blocking: true, relays: environment.api, localNetworks: lan)

        case let .connected(tunnel):
            let addresses = tunnel.addresses.compactMap { IPNetwork($0)?.address }
            let passage = TunnelPassage(
                interface: tunnel.interface, addresses: addresses, resolvers: tunnel.resolvers,
                carriesIPv6: addresses.contains(where: \.isIPv6)
            )
            guard settings.blocksWhileConnecting else {
                // Without the kill switch the tunnel is still guarded: DNS
                // and IPv6 must not go around it while it is up.
                return FirewallPolicy(blocking: false, localNetworks: lan, tunnel: passage)
            }
            return FirewallPolicy(
                blocking: true, relays: relays(of: tunnel.target.server) + environment.api,
                localNetworks: lan, tunnel: passage
            )
        }
    }

    static func relays(of server: Server) -> [Relay] {
        [Relay(address: .v4(server.ipv4), purpose: .server)]
            + (server.ipv6.map { [Relay(address: .v6($0), purpose: .server)] } ?? [])
    }

    /// The machine's networks plus link-local and multicast, each once and
    /// none inside another (nftables refuses overlapping set elements).
    static func lan(_ networks: [IPNetwork]) -> [IPNetwork] {
        let all = (networks + ProtectionEnvironment.linkLocalNetworks).map(\.network)
        var kept: [IPNetwork] = []
        for candidate in all.sorted(by: { $0.prefixLength < $1.prefixLength })
        where !kept.contains(where: { $0.contains(candidate) }) {
            kept.append(candidate)
        }
        return kept
    }
}

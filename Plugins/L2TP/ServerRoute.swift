import Addressing
import Netlink

/// Keeps the server reachable outside the tunnel. xl2tpd's UDP socket
/// carries no fwmark, and its packets are routed before IPsec transforms
/// them (only the ESP that comes out is marked, by `set_mark_out`), so the
/// full-tunnel routing's mark exception cannot apply to them; a host route
/// to the server in the main table (which the suppress_prefixlength 0 rule
/// still consults, being more specific than a default route) does the same
/// job. When the server is
/// on a directly connected network no route is needed. The route is tagged
/// with its own protocol number, so a fresh plugin can find it after a crash.
struct ServerRoute: Sendable {
    static let marker = RouteProtocol(rawValue: 76)

    /// Nil when none was needed.
    let route: Route?

    static func pin(_ server: IPAddress) async throws(NetlinkError) -> ServerRoute {
        try await NetlinkThread.run { () throws(NetlinkError) -> ServerRoute in
            let rtnetlink = try RTNetlink()
            let candidates = try rtnetlink.routes(family: .ipv4, table: .main).filter { $0.type == .unicast && covers($0.destination, server) }
            guard let best = candidates.max(by: { ($0.destination.prefixLength, -Int64($0.priority ?? 0)) < ($1.destination.prefixLength, -Int64($1.priority ?? 0)) }),
                  let gateway = best.gateway, best.destination.prefixLength < 32
            else { return ServerRoute(route: nil) }
            let host = Route(destination: IPNetwork(address: server, prefixLength: 32)!, gateway: gateway, outputInterface: best.outputInterface,
                             table: .main, protocol: marker)
            try rtnetlink.addRoute(host)
            return ServerRoute(route: host)
        }
    }

    static func covers(_ prefix: IPNetwork, _ address: IPAddress) -> Bool {
        prefix.contains(IPNetwork(address: address, prefixLength: address.family.maximumPrefixLength)!)
    }

    func remove() async {
        guard let route else { return }
        _ = try? await NetlinkThread.run { () throws(NetlinkError) in try RTNetlink().deleteRoute(route) }
    }

    /// Every main-table route carrying the plugin's marker.
    static func removeLeftovers() async {
        _ = try? await NetlinkThread.run { () throws(NetlinkError) in
            let rtnetlink = try RTNetlink()
            for route in try rtnetlink.routes(family: .ipv4, table: .main) where route.protocol == marker {
                try? rtnetlink.deleteRoute(route)
            }
        }
    }
}

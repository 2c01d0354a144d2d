import Foundation
import Netlink

/// Sends everything through the tunnel the way `wg-quick` does, so the
/// server's own endpoint stays reachable without a host route:
///
///     default dev IF table 51820
///     32764: from all lookup main suppress_prefixlength 0
///     32765: not from all fwmark 0xca6c lookup 51820
///
/// The tunnel's own transport (WireGuard's socket, OpenVPN's `--mark`) marks
/// its packets 0xca6c, so they skip table 51820 and use the main table;
/// anything else misses main's specific routes (the default route is
/// suppressed) and takes the tunnel. Shared by the plugins that route
/// everything through an interface of theirs; one tunnel runs at a time.
public struct FullTunnelRouting: Sendable {
    /// wg-quick's table, also the mark the tunnel's transport must carry.
    public static let table: UInt32 = 51820
    static let suppressPriority: UInt32 = 32764
    static let markPriority: UInt32 = 32765
    static let sourceValidMark = "/proc/sys/net/ipv4/conf/all/src_valid_mark"

    public let interfaceIndex: Int32

    public init(interfaceIndex: Int32) {
        self.interfaceIndex = interfaceIndex
    }

    var route: Route {
        Route(destination: .defaultRoute(.ipv4), outputInterface: interfaceIndex, table: RouteTable(Self.table))
    }

    static var rules: [Rule] {
        [
            Rule(family: .ipv4, priority: suppressPriority, table: .main, suppressPrefixLength: 0),
            Rule(family: .ipv4, priority: markPriority, table: RouteTable(table), fwmark: table, invert: true),
        ]
    }

    /// Applies it; on failure, whatever was applied is undone. Returns the
    /// previous src_valid_mark, for `remove`.
    public func apply() async throws(NetlinkError) -> String? {
        let route = self.route
        try await NetlinkThread.run { () throws(NetlinkError) in
            let rtnetlink = try RTNetlink()
            try rtnetlink.addRoute(route)
            var added: [Rule] = []
            do throws(NetlinkError) {
                for rule in Self.rules {
                    try rtnetlink.addRule(rule)
                    added.append(rule)
                }
            } catch {
                for rule in added.reversed() { try? rtnetlink.deleteRule(rule) }
                try? rtnetlink.deleteRoute(route)
                throw error
            }
        }
        // Needed for the marked replies to pass reverse-path filtering.
        let previous = try? String(contentsOfFile: Self.sourceValidMark, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        try? "1\n".write(toFile: Self.sourceValidMark, atomically: false, encoding: .utf8)
        return previous
    }

    /// Removes the rules (the route goes with the interface). Also used by a
    /// fresh plugin cleaning up after a crashed one, so it needs no state.
    public static func remove(restoringSourceValidMark previous: String?) async {
        _ = try? await NetlinkThread.run { () throws(NetlinkError) in
            let rtnetlink = try RTNetlink()
            for rule in rules.reversed() { try? rtnetlink.deleteRule(rule) }
            for route in try rtnetlink.routes(family: .ipv4, table: RouteTable(table)) {
                try? rtnetlink.deleteRoute(route)
            }
        }
        if let previous, previous == "0" || previous == "1" {
            try? "\(previous)\n".write(toFile: sourceValidMark, atomically: false, encoding: .utf8)
        }
    }
}

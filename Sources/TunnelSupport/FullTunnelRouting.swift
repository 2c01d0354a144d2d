import Addressing
import Foundation
import Netlink
import SystemSupport

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
///
/// With `ipv6`, the same route and rules for IPv6 (as wg-quick does for a
/// tunnel with an IPv6 address). Without it IPv6 is left alone here: the
/// firewall, not routing, keeps it from going around the tunnel.
public struct FullTunnelRouting: Sendable {
    /// wg-quick's table, also the mark the tunnel's transport must carry.
    public static let table: UInt32 = 51820
    static let suppressPriority: UInt32 = 32764
    static let markPriority: UInt32 = 32765
    static let sourceValidMark = "/proc/sys/net/ipv4/conf/all/src_valid_mark"

    public let interfaceIndex: Int32
    public let ipv6: Bool

    public init(interfaceIndex: Int32, ipv6: Bool = false) {
        self.interfaceIndex = interfaceIndex
        self.ipv6 = ipv6
    }

    var families: [AddressFamily] { ipv6 ? [.ipv4, .ipv6] : [.ipv4] }

    var routes: [Route] {
        families.map { Route(destination: .defaultRoute($0), outputInterface: interfaceIndex, table: RouteTable(Self.table)) }
    }

    var rules: [Rule] { families.flatMap(Self.rules) }

    static func rules(_ family: AddressFamily) -> [Rule] {
        [
            Rule(family: family, priority: suppressPriority, table: .main, suppressPrefixLength: 0),
            Rule(family: family, priority: markPriority, table: RouteTable(table), fwmark: table, invert: true),
        ]
    }

    /// Applies it; on failure, whatever was applied is undone. Returns the
    /// previous src_valid_mark, for `remove`.
    public func apply() async throws(NetlinkError) -> String? {
        let routes = self.routes, rules = self.rules
        try await NetlinkThread.run { () throws(NetlinkError) in
            let rtnetlink = try RTNetlink()
            var addedRoutes: [Route] = []
            var addedRules: [Rule] = []
            do throws(NetlinkError) {
                for route in routes {
                    try rtnetlink.addRoute(route)
                    addedRoutes.append(route)
                }
                for rule in rules {
                    try rtnetlink.addRule(rule)
                    addedRules.append(rule)
                }
            } catch {
                for rule in addedRules.reversed() { try? rtnetlink.deleteRule(rule) }
                for route in addedRoutes.reversed() { try? rtnetlink.deleteRoute(route) }
                throw error
            }
        }
        // Needed for the marked replies to pass reverse-path filtering.
        let previous = try? String(contentsOfFile: Self.sourceValidMark, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        if let previous { Self.keepForCrashCleanup(previous) }
        try? "1\n".write(toFile: Self.sourceValidMark, atomically: false, encoding: .utf8)
        return previous
    }

    /// Where the value before the first tunnel is kept, so that a fresh
    /// plugin cleaning up after a killed one can put it back. The value is
    /// per network namespace, /run is not: the name carries the namespace.
    static let backupDirectory = "/run/vpnctl-routing"

    static var backupPath: String? {
        var info = stat()
        guard stat("/proc/self/ns/net", &info) == 0 else { return nil }
        return "\(backupDirectory)/src_valid_mark.\(info.st_ino)"
    }

    /// The first value only: a second tunnel must not keep our own "1".
    static func keepForCrashCleanup(_ previous: String) {
        guard let path = backupPath, !FileManager.default.fileExists(atPath: path) else { return }
        try? PrivateFile.ensureDirectory(backupDirectory)
        try? PrivateFile.write(Array((previous + "\n").utf8), to: path)
    }

    /// Removes the rules and the table's routes, of both families whether
    /// or not IPv6 was routed. Also used by a fresh plugin cleaning up after
    /// a crashed one, so it needs no state.
    public static func remove(restoringSourceValidMark previous: String?) async {
        _ = try? await NetlinkThread.run { () throws(NetlinkError) in
            let rtnetlink = try RTNetlink()
            for family in [AddressFamily.ipv4, .ipv6] {
                for rule in rules(family).reversed() { try? rtnetlink.deleteRule(rule) }
                for route in (try? rtnetlink.routes(family: family, table: RouteTable(table))) ?? [] {
                    try? rtnetlink.deleteRoute(route)
                }
            }
        }
        let kept = backupPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let value = previous ?? kept, value == "0" || value == "1" {
            try? "\(value)\n".write(toFile: sourceValidMark, atomically: false, encoding: .utf8)
        }
        if let path = backupPath {
            unlink(path)
            rmdir(backupDirectory)
        }
    }
}

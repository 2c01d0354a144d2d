import Addressing
import Foundation
import Netlink
import PluginKit

/// The ppp interface pppd makes (named by its `ifname` option), seen over
/// rtnetlink.
enum PPPLink {
    struct Up: Sendable {
        var index: Int32
        var address: IPNetwork
    }

    /// The link once IPCP has given it an IPv4 address; nil before.
    static func find(_ name: String) async -> Up? {
        try? await NetlinkThread.run { () throws(NetlinkError) -> Up? in
            let rtnetlink = try RTNetlink()
            guard let link = try rtnetlink.link(.name(name)), link.isUp else { return nil }
            guard let address = try rtnetlink.addresses(family: .ipv4, interfaceIndex: link.index).first else { return nil }
            return Up(index: link.index, address: address.prefix)
        }
    }

    static func exists(_ name: String) async -> Bool {
        ((try? await NetlinkThread.run { () throws(NetlinkError) in try RTNetlink().link(.name(name)) }) ?? nil) != nil
    }

    /// A link a killed pppd may have left.
    static func remove(_ name: String) async {
        _ = try? await NetlinkThread.run { () throws(NetlinkError) in try RTNetlink().deleteLink(.name(name)) }
    }

    /// Byte counters from /proc/net/dev, which, unlike /sys, always shows
    /// the reading process's own network namespace.
    static func counters(_ name: String) -> TunnelStats? {
        guard let text = try? String(contentsOfFile: "/proc/net/dev", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name else { continue }
            let fields = parts[1].split(separator: " ").compactMap { UInt64($0) }
            guard fields.count >= 9 else { return nil }
            return TunnelStats(receivedBytes: fields[0], sentBytes: fields[8])
        }
        return nil
    }
}

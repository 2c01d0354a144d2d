import Addressing
import Netlink
import VPNCore

/// The networks of this machine's own links, for `allow_lan`: every
/// address's network except loopback's and a tunnel's. Read while no
/// tunnel is up, or with the tunnel's interface named to leave it out.
enum LocalNetworks {
    static func read(excluding tunnelInterface: String? = nil) async -> [IPNetwork] {
        let read = try? await NetlinkThread.run { () throws(NetlinkError) -> [IPNetwork] in
            let rtnetlink = try RTNetlink()
            let links = try rtnetlink.links()
            let excluded = Set(links.filter { $0.name == tunnelInterface || $0.name == "lo" }.map(\.index))
            return try rtnetlink.addresses().compactMap { address in
                guard !excluded.contains(address.interfaceIndex), address.scope != .host else { return nil }
                return IPNetwork(address.prefix.description)
            }
        }
        if read == nil { DaemonLog.warning("cannot read this machine's networks; allow_lan lets only link-local and multicast through") }
        return read ?? []
    }
}

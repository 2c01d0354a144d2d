import Addressing
import Netlink
import ProbePackets
import VPNCore

/// The namespace's way out: the main table's default route, the address
/// this machine has on that interface, and the interface's MTU.
struct GatewayInfo: Sendable, Hashable {
    var gateway: IPv4Address?
    var localAddress: IPv4Address?
    var interfaceName: String?
    var interfaceMTU: Int?
    /// Why the above is incomplete, when it is.
    var problem: String?

    /// Reads the routing table of the calling thread's namespace (call on a probe thread).
    static func discover() -> GatewayInfo {
        do throws(NetlinkError) {
            let netlink = try RTNetlink()
            let defaults = try netlink.routes(family: .ipv4, table: .main)
                .filter { $0.destination.isDefaultRoute && $0.gateway != nil }
                .sorted { ($0.priority ?? 0) < ($1.priority ?? 0) }
            guard let route = defaults.first, let gateway = route.gateway?.asIPv4 else {
                return GatewayInfo(problem: "the main routing table has no IPv4 default route via a gateway")
            }
            var info = GatewayInfo(gateway: gateway)
            if let index = route.outputInterface {
                let addresses = try netlink.addresses(family: .ipv4, interfaceIndex: index)
                info.localAddress = route.preferredSource?.asIPv4
                    ?? addresses.lazy.compactMap(\.prefix.address.asIPv4).first
                if let link = try netlink.link(.index(index)) {
                    info.interfaceName = link.name
                    info.interfaceMTU = Int(link.mtu)
                }
            }
            return info
        } catch {
            return GatewayInfo(problem: "rtnetlink: \(error)")
        }
    }
}

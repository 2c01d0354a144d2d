/// The kinds of link this library creates (IFLA_INFO_KIND).
public enum LinkKind: Sendable, Hashable, CustomStringConvertible {
    case dummy
    /// A veth pair; the peer end is created in the same namespace under `peerName`.
    case veth(peerName: String)
    /// A kernel WireGuard interface. Fails with `NetlinkError.kernelLacksWireGuard`
    /// where the kernel has no WireGuard.
    case wireguard

    /// The kernel's name of the kind.
    public var kindName: String {
        switch self {
        case .dummy: "dummy"
        case .veth: "veth"
        case .wireguard: "wireguard"
        }
    }

    public var description: String {
        switch self {
        case let .veth(peerName): "veth (peer \(peerName))"
        default: kindName
        }
    }
}

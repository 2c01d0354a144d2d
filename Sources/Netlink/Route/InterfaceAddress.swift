import Addressing
/// An address assigned to a link, as RTM_NEWADDR describes it.
public struct InterfaceAddress: Sendable, Hashable, CustomStringConvertible {
    public var interfaceIndex: Int32
    /// The address with its prefix length, host bits kept (192.0.2.1/24).
    public var prefix: IPNetwork
    public var flags: AddressFlags
    public var scope: RouteScope
    /// IFA_LABEL (IPv4 only): the interface name, or an alias like "eth0:1".
    public var label: String?

    public init(interfaceIndex: Int32, prefix: IPNetwork, flags: AddressFlags = [], scope: RouteScope = .universe, label: String? = nil) {
        self.interfaceIndex = interfaceIndex
        self.prefix = prefix
        self.flags = flags
        self.scope = scope
        self.label = label
    }

    public var family: AddressFamily { prefix.family }

    public var description: String { "\(prefix) on link #\(interfaceIndex) scope \(scope)" }
}

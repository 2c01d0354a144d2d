/// A network interface as RTM_NEWLINK describes it.
public struct Link: Sendable, Hashable, CustomStringConvertible {
    public var index: Int32
    public var name: String
    /// IFLA_INFO_KIND ("dummy", "veth", "wireguard"); nil for links without one (lo, most hardware).
    public var kind: String?
    public var mtu: UInt32
    public var flags: LinkFlags
    /// IFLA_ADDRESS: the MAC address; empty for links without one (WireGuard, lo's is zeros).
    public var hardwareAddress: [UInt8]
    /// IFLA_LINK: the link this one sits on; for a veth end, its peer's index.
    public var linkIndex: Int32?

    public init(index: Int32, name: String, kind: String? = nil, mtu: UInt32, flags: LinkFlags,
                hardwareAddress: [UInt8] = [], linkIndex: Int32? = nil) {
        self.index = index
        self.name = name
        self.kind = kind
        self.mtu = mtu
        self.flags = flags
        self.hardwareAddress = hardwareAddress
        self.linkIndex = linkIndex
    }

    public var isUp: Bool { flags.contains(.up) }

    public var description: String {
        "\(index): \(name)\(kind.map { " (\($0))" } ?? "") mtu \(mtu)\(isUp ? " up" : " down")"
    }
}

/// An address of either family, for what may be either (a server's
/// endpoints, a tunnel's resolvers, the local networks).
public enum IPAddress: Sendable, Hashable, TextCodable {
    case v4(IPv4Address)
    case v6(IPv6Address)

    public init?(_ text: String) {
        if let v4 = IPv4Address(text) {
            self = .v4(v4)
        } else if let v6 = IPv6Address(text) {
            self = .v6(v6)
        } else {
            return nil
        }
    }

    public var isIPv6: Bool {
        if case .v6 = self { true } else { false }
    }

    public var description: String {
        switch self {
        case let .v4(address): address.description
        case let .v6(address): address.description
        }
    }
}

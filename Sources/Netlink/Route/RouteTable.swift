/// A routing table id. Ids above 255 do not fit `rtm_table`/`fib_rule_hdr.table`
/// (one byte) and travel in RTA_TABLE/FRA_TABLE, which this library always sends.
public struct RouteTable: RawRepresentable, Sendable, Hashable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }
    public init(integerLiteral value: UInt32) { self.rawValue = value }

    // enum rt_class_t, linux/rtnetlink.h
    public static let unspecified = Self(0)
    /// What a one-byte table field says when the real id (> 255) is in the attribute.
    public static let compat = Self(252)
    public static let `default` = Self(253)
    public static let main = Self(254)
    public static let local = Self(255)

    /// The value for the one-byte header field: the id itself when it fits, else RT_TABLE_UNSPEC
    /// (as iproute2 sends it; the kernel takes the id from the attribute).
    var headerByte: UInt8 { rawValue < 256 ? UInt8(rawValue) : 0 }

    public var description: String {
        switch self {
        case .main: "main"
        case .local: "local"
        case .default: "default"
        default: "\(rawValue)"
        }
    }
}

/// `fib_rule_hdr.action` (FR_ACT_*, linux/fib_rules.h): what a matching rule does.
public struct RuleAction: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let unspecified = Self(rawValue: 0)
    /// Look the destination up in the rule's table (`ip rule … lookup TABLE`).
    public static let lookup = Self(rawValue: 1)
    public static let goto = Self(rawValue: 2)
    public static let nop = Self(rawValue: 3)
    public static let blackhole = Self(rawValue: 6)
    public static let unreachable = Self(rawValue: 7)
    public static let prohibit = Self(rawValue: 8)

    public var description: String {
        switch self {
        case .unspecified: "unspec"
        case .lookup: "lookup"
        case .goto: "goto"
        case .nop: "nop"
        case .blackhole: "blackhole"
        case .unreachable: "unreachable"
        case .prohibit: "prohibit"
        default: "action \(rawValue)"
        }
    }
}

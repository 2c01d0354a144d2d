import Addressing
/// A policy routing rule, as RTM_NEWRULE describes it.
///
/// wg-quick's pair, for example: packets without the tunnel's fwmark look up the
/// tunnel's table (`not fwmark 0xca6c lookup 51820`), and the main table is consulted
/// first for everything but its default route (`lookup main suppress_prefixlength 0`).
public struct Rule: Sendable, Hashable, CustomStringConvertible {
    public var family: AddressFamily
    /// The rule's position (lower first). Nil when adding lets the kernel pick; dumps always set it.
    public var priority: UInt32?
    public var action: RuleAction
    public var table: RouteTable?
    public var fwmark: UInt32?
    /// Nil means all bits (the kernel's default when a fwmark is given).
    public var fwmask: UInt32?
    /// Ignore lookup results whose prefix is this long or shorter (0: ignore default routes).
    public var suppressPrefixLength: UInt32?
    /// Match packets the selectors do NOT match (`ip rule add not …`).
    public var invert: Bool
    public var source: IPNetwork?
    public var destination: IPNetwork?
    public var inputInterface: String?
    public var outputInterface: String?
    /// Who installed the rule (FRA_PROTOCOL); lets a daemon find its own rules again.
    public var `protocol`: RouteProtocol?

    public init(family: AddressFamily, priority: UInt32? = nil, action: RuleAction = .lookup, table: RouteTable? = nil,
                fwmark: UInt32? = nil, fwmask: UInt32? = nil, suppressPrefixLength: UInt32? = nil, invert: Bool = false,
                source: IPNetwork? = nil, destination: IPNetwork? = nil, inputInterface: String? = nil,
                outputInterface: String? = nil, protocol: RouteProtocol? = nil) {
        self.family = family
        self.priority = priority
        self.action = action
        self.table = table
        self.fwmark = fwmark
        self.fwmask = fwmask
        self.suppressPrefixLength = suppressPrefixLength
        self.invert = invert
        self.source = source
        self.destination = destination
        self.inputInterface = inputInterface
        self.outputInterface = outputInterface
        self.protocol = `protocol`
    }

    public var description: String {
        var parts: [String] = []
        if let priority { parts.append("\(priority):") }
        if invert { parts.append("not") }
        parts.append("from \(source.map { "\($0)" } ?? "all")")
        if let destination { parts.append("to \(destination)") }
        if let fwmark { parts.append("fwmark 0x\(String(fwmark, radix: 16))\(fwmask.map { "/0x\(String($0, radix: 16))" } ?? "")") }
        if let inputInterface { parts.append("iif \(inputInterface)") }
        if let outputInterface { parts.append("oif \(outputInterface)") }
        if action == .lookup, let table { parts.append("lookup \(table)") } else { parts.append("\(action)") }
        if let suppressPrefixLength { parts.append("suppress_prefixlength \(suppressPrefixLength)") }
        return "\(family) " + parts.joined(separator: " ")
    }
}

import Addressing
import VPNCore

/// nftables rules as data: what `Ruleset(policy:)` computes from a policy
/// and `NFTJSON` writes for libnftables. Only the few expressions the
/// policy needs exist here, each one nftables statement.
public struct Ruleset: Sendable, Hashable {
    public var chains: [Chain]

    public init(chains: [Chain]) {
        self.chains = chains
    }

    public func chain(_ name: String) -> Chain? {
        chains.first { $0.name == name }
    }
}

public struct Chain: Sendable, Hashable {
    public enum Hook: String, Sendable, Hashable {
        case output, input, forward, prerouting
    }

    public var name: String
    public var hook: Hook
    public var priority: Int
    /// What happens to a packet no rule decided on.
    public var policy: Verdict
    public var rules: [Rule]

    public init(name: String, hook: Hook, priority: Int, policy: Verdict, rules: [Rule]) {
        self.name = name
        self.hook = hook
        self.priority = priority
        self.policy = policy
        self.rules = rules
    }
}

public struct Rule: Sendable, Hashable {
    /// All must hold for the verdict to apply.
    public var matches: [Match]
    public var verdict: Verdict
    /// Also counts the packets it decided (`nft list table inet vpnctl`).
    public var counted: Bool
    /// Why the rule is there, kept in the kernel with it.
    public var comment: String

    public init(_ matches: [Match], _ verdict: Verdict, counted: Bool = false, comment: String) {
        self.matches = matches
        self.verdict = verdict
        self.counted = counted
        self.comment = comment
    }
}

public enum Verdict: Sendable, Hashable {
    case accept
    case drop
    /// ICMP administratively prohibited (TCP: a reset), so programs fail
    /// at once instead of waiting for a timeout.
    case reject
    case rejectWithReset
}

public enum Match: Sendable, Hashable {
    public enum Family: String, Sendable, Hashable {
        case ipv4, ipv6
    }

    public enum TransportProtocol: String, Sendable, Hashable {
        case tcp, udp
    }

    /// `meta oif lo` / `meta iif lo`: by index, lo always exists.
    case outputLoopback
    case inputLoopback
    /// `meta oifname` / `meta iifname`, by name: the interface may come and
    /// go while the rule stays.
    case outputInterface(String, negated: Bool = false)
    case inputInterface(String, negated: Bool = false)
    case family(Family)
    /// `ip daddr` / `ip6 daddr` in any of the networks (one family).
    case destination([IPNetwork])
    case source([IPNetwork])
    case mark(UInt32)
    case transportProtocols([TransportProtocol])
    /// `th dport`: after `transportProtocols`, or `tcp dport`/`udp dport`
    /// when `on` names the protocol.
    case destinationPort(UInt16, on: TransportProtocol? = nil)
    case sourcePort(UInt16, on: TransportProtocol)
    case icmpv6Types([String])
    case hopLimit(UInt8)
    case conntrackState([String])
    /// `rt ipsec exists`: the route will encrypt it with IPsec (the
    /// encrypted packet then passes the output hook again, marked).
    case ipsecRoute
    /// `fib saddr type != local`: the source is not one of this machine's.
    case sourceNotLocal
}

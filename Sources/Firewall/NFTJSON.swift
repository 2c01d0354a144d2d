import Addressing
import Foundation
import VPNCore

/// libnftables' JSON (libnftables-json(5)) for vpnctl's table: pure, so
/// what reaches the kernel can be read in a test.
public enum NFTJSON {
    public static let family = "inet"

    /// One transaction that replaces the table whole: add (so the delete
    /// cannot fail), delete, add anew with every chain and rule. The kernel
    /// applies it all or nothing, so there is never a moment without rules.
    public static func replace(table: String, with ruleset: Ruleset) -> [String: Any] {
        contents(of: ruleset, in: table, after: [
            ["add": ["table": ["family": family, "name": table]]],
            ["delete": ["table": ["family": family, "name": table]]],
            ["add": ["table": ["family": family, "name": table]]],
        ])
    }

    /// One transaction that makes the table where there is none: additions
    /// alone, so the kernel need not wait out a deletion (an RCU grace
    /// period, 10 to 20 ms here) as `replace` does.
    static func create(table: String, with ruleset: Ruleset) -> [String: Any] {
        contents(of: ruleset, in: table, after: [["add": ["table": ["family": family, "name": table]]]])
    }

    private static func contents(of ruleset: Ruleset, in table: String, after start: [[String: Any]]) -> [String: Any] {
        var commands = start
        for chain in ruleset.chains {
            commands.append(["add": ["chain": chainBody(chain, table: table)]])
            commands += chain.rules.map { add($0, table: table, chain: chain.name) }
        }
        return ["nftables": commands]
    }

    /// One transaction that only adds: the new chains whole, and each
    /// inserted rule before the kept rule whose kernel handle is given
    /// (`handles`, by chain, in the kept rules' order), or at the end.
    static func grow(table: String, by growth: RulesetGrowth, handles: [String: [Int]]) -> [String: Any] {
        var commands: [[String: Any]] = []
        for chain in growth.addedChains {
            commands.append(["add": ["chain": chainBody(chain, table: table)]])
            commands += chain.rules.map { add($0, table: table, chain: chain.name) }
        }
        for (chain, insertions) in growth.insertions.sorted(by: { $0.key < $1.key }) {
            for insertion in insertions {
                if let index = insertion.before, let handle = handles[chain]?[index] {
                    var body = ruleBody(insertion.rule, table: table, chain: chain)
                    body["handle"] = handle
                    commands.append(["insert": ["rule": body]])
                } else {
                    commands.append(add(insertion.rule, table: table, chain: chain))
                }
            }
        }
        return ["nftables": commands]
    }

    static func chainBody(_ chain: Chain, table: String) -> [String: Any] {
        [
            "family": family, "table": table, "name": chain.name, "type": "filter",
            "hook": chain.hook.rawValue, "prio": chain.priority, "policy": chain.policy == .accept ? "accept" : "drop",
        ]
    }

    static func ruleBody(_ rule: Rule, table: String, chain: String) -> [String: Any] {
        ["family": family, "table": table, "chain": chain, "expr": expressions(rule), "comment": rule.comment]
    }

    static func add(_ rule: Rule, table: String, chain: String) -> [String: Any] {
        ["add": ["rule": ruleBody(rule, table: table, chain: chain)]]
    }

    /// Removes the table if it is there (add first, so the delete cannot fail).
    public static func remove(table: String) -> [String: Any] {
        ["nftables": [
            ["add": ["table": ["family": family, "name": table]]],
            ["delete": ["table": ["family": family, "name": table]]],
        ]]
    }

    public static func list(table: String) -> [String: Any] {
        ["nftables": [["list": ["table": ["family": family, "name": table]]]]]
    }

    static func expressions(_ rule: Rule) -> [Any] {
        var list: [Any] = rule.matches.map(expression)
        if rule.counted { list.append(["counter": NSNull()]) }
        switch rule.verdict {
        case .accept: list.append(["accept": NSNull()])
        case .drop: list.append(["drop": NSNull()])
        case .reject: list.append(["reject": ["type": "icmpx", "expr": "admin-prohibited"]])
        case .rejectWithReset: list.append(["reject": ["type": "tcp reset"]])
        }
        return list
    }

    static func expression(_ match: Match) -> [String: Any] {
        switch match {
        case .outputLoopback:
            return compare(["meta": ["key": "oif"]], "lo")
        case .inputLoopback:
            return compare(["meta": ["key": "iif"]], "lo")
        case let .outputInterface(name, negated):
            return compare(["meta": ["key": "oifname"]], name, op: negated ? "!=" : "==")
        case let .inputInterface(name, negated):
            return compare(["meta": ["key": "iifname"]], name, op: negated ? "!=" : "==")
        case let .family(family):
            return compare(["meta": ["key": "nfproto"]], family.rawValue)
        case let .destination(networks):
            return compare(address(networks, field: "daddr"), addressValue(networks))
        case let .source(networks):
            return compare(address(networks, field: "saddr"), addressValue(networks))
        case let .mark(mark):
            return compare(["meta": ["key": "mark"]], mark)
        case let .transportProtocols(protocols):
            let names = protocols.map(\.rawValue)
            return compare(["meta": ["key": "l4proto"]], names.count == 1 ? names[0] as Any : ["set": names])
        case let .destinationPort(port, on):
            return compare(["payload": ["protocol": on?.rawValue ?? "th", "field": "dport"]], port)
        case let .sourcePort(port, on):
            return compare(["payload": ["protocol": on.rawValue, "field": "sport"]], port)
        case let .icmpv6Types(types):
            return compare(["payload": ["protocol": "icmpv6", "field": "type"]], ["set": types])
        case let .hopLimit(limit):
            return compare(["payload": ["protocol": "ip6", "field": "hoplimit"]], limit)
        case let .conntrackState(states):
            return ["match": ["op": "in", "left": ["ct": ["key": "state"]], "right": states] as [String: Any]]
        case .ipsecRoute:
            return compare(["rt": ["key": "ipsec"]], true)
        case .sourceNotLocal:
            return compare(["fib": ["result": "type", "flags": ["saddr"]] as [String: Any]], "local", op: "!=")
        }
    }

    static func compare(_ left: [String: Any], _ right: Any, op: String = "==") -> [String: Any] {
        ["match": ["op": op, "left": left, "right": right] as [String: Any]]
    }

    /// `ip daddr` or `ip6 daddr`: the networks of one match share a family.
    static func address(_ networks: [IPNetwork], field: String) -> [String: Any] {
        ["payload": ["protocol": networks.first?.isIPv6 == true ? "ip6" : "ip", "field": field]]
    }

    static func addressValue(_ networks: [IPNetwork]) -> Any {
        let values = networks.map { network -> Any in
            network.prefixLength == (network.isIPv6 ? 128 : 32)
                ? network.address.description
                : ["prefix": ["addr": network.network.address.description, "len": Int(network.prefixLength)] as [String: Any]]
        }
        return values.count == 1 ? values[0] : ["set": values]
    }

    public static func text(_ json: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

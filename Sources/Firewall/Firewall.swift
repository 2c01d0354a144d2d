import Foundation
import VPNCore

/// vpnctl's one nftables table, `inet vpnctl`: replaced whole for every
/// policy, then read back, so a policy that did not take is an error and
/// never a silent pass. Works in the network namespace it runs in.
public struct Firewall: Sendable {
    public static let defaultTable = "vpnctl"

    public let table: String

    public init(table: String = Firewall.defaultTable) {
        self.table = table
    }

    /// Puts `policy` in place (nil: removes the table) and checks that the
    /// kernel holds exactly those chains and rules. With the policy in place
    /// now (`previous`), one that only adds to it is applied by additions
    /// alone (one transaction all the same, and read back whole).
    public func apply(_ policy: FirewallPolicy?, replacing previous: FirewallPolicy? = nil) throws(FirewallError) {
        let context = try NFTContext()
        if let policy, let previous, let growth = Ruleset(policy: previous).growth(to: Ruleset(policy: policy)) {
            do {
                try grow(context, by: growth, from: Ruleset(policy: previous), to: Ruleset(policy: policy))
                return
            } catch {
                // The kernel's table was not the one believed in place, or
                // the additions failed: replacing it whole settles it.
            }
        }
        guard let policy else {
            // Nothing to remove is the common case (disconnected): it writes nothing.
            guard try installed(context) != nil else { return }
            _ = try context.run(NFTJSON.remove(table: table), describing: "remove table inet \(table)")
            if let left = try installed(context) {
                throw .readBack("table inet \(table) is still there with chains \(left.chains.map(\.name).joined(separator: ", "))")
            }
            return
        }
        let ruleset = Ruleset(policy: policy)
        // From no table (a connect from disconnected): made by additions alone.
        if previous == nil, try installed(context) == nil {
            _ = try context.run(NFTJSON.create(table: table, with: ruleset), describing: "create table inet \(table)")
            if let read = try installed(context), (try? Self.verify(read, against: ruleset)) != nil { return }
            // Someone else's table appeared in between: replace it whole below.
        }
        _ = try context.run(NFTJSON.replace(table: table, with: ruleset), describing: "replace table inet \(table)")
        guard let read = try installed(context) else { throw .readBack("table inet \(table) is missing") }
        try Self.verify(read, against: ruleset)
    }

    private func grow(_ context: NFTContext, by growth: RulesetGrowth, from old: Ruleset, to new: Ruleset) throws(FirewallError) {
        guard let before = try installed(context) else { throw .readBack("table inet \(table) is missing") }
        try Self.verify(before, against: old)
        let handles = Dictionary(uniqueKeysWithValues: before.chains.map { ($0.name, $0.handles) })
        _ = try context.run(NFTJSON.grow(table: table, by: growth, handles: handles), describing: "add to table inet \(table)")
        guard let after = try installed(context) else { throw .readBack("table inet \(table) is missing") }
        try Self.verify(after, against: new)
    }

    /// The table as the kernel has it now; nil when there is none.
    public func installed() throws(FirewallError) -> InstalledTable? {
        try installed(try NFTContext())
    }

    private func installed(_ context: NFTContext) throws(FirewallError) -> InstalledTable? {
        let output: String
        do {
            output = try context.run(NFTJSON.list(table: table), describing: "list table inet \(table)")
        } catch let .rejected(_, message) where message.contains("No such file or directory") {
            return nil
        }
        return try InstalledTable(json: output)
    }

    static func verify(_ read: InstalledTable, against ruleset: Ruleset) throws(FirewallError) {
        let wanted = ruleset.chains.map { InstalledTable.Chain(name: $0.name, policy: $0.policy == .accept ? "accept" : "drop", comments: $0.rules.map(\.comment), counts: [:]) }
        guard read.chains.map(\.name).sorted() == wanted.map(\.name).sorted() else {
            throw .readBack("chains \(read.chains.map(\.name)) instead of \(wanted.map(\.name))")
        }
        for chain in wanted {
            guard let got = read.chains.first(where: { $0.name == chain.name }) else { continue }
            guard got.policy == chain.policy, got.comments == chain.comments else {
                throw .readBack("chain \(chain.name) holds \(got.comments.count) rules (policy \(got.policy)), not the \(chain.comments.count) applied (policy \(chain.policy))")
            }
        }
    }
}

/// vpnctl's table as listed by the kernel: enough to check an apply and
/// to count what was blocked.
public struct InstalledTable: Sendable, Hashable {
    public struct Chain: Sendable, Hashable {
        public var name: String
        public var policy: String
        /// Each rule's comment, in order.
        public var comments: [String]
        /// Packets counted so far, by the comment of the counted rules.
        public var counts: [String: UInt64]
        /// Each rule's kernel handle, in order.
        public var handles: [Int] = []
    }

    public var chains: [Chain]

    init(chains: [Chain]) {
        self.chains = chains
    }

    init(json: String) throws(FirewallError) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let items = object["nftables"] as? [[String: Any]]
        else { throw .readBack("the listing is not nftables JSON") }
        var chains: [Chain] = []
        for item in items {
            if let chain = item["chain"] as? [String: Any], let name = chain["name"] as? String {
                chains.append(Chain(name: name, policy: chain["policy"] as? String ?? "", comments: [], counts: [:]))
            } else if let rule = item["rule"] as? [String: Any], let name = rule["chain"] as? String,
                      let index = chains.firstIndex(where: { $0.name == name }) {
                let comment = rule["comment"] as? String ?? ""
                chains[index].comments.append(comment)
                chains[index].handles.append((rule["handle"] as? NSNumber)?.intValue ?? -1)
                let expressions = rule["expr"] as? [[String: Any]] ?? []
                for case let counter as [String: Any] in expressions.compactMap({ $0["counter"] }) {
                    chains[index].counts[comment, default: 0] += (counter["packets"] as? NSNumber)?.uint64Value ?? 0
                }
            }
        }
        self.chains = chains
    }

    /// Packets counted so far by the rules with this comment, in every chain.
    public func count(_ comment: String) -> UInt64 {
        chains.compactMap { $0.counts[comment] }.reduce(0, +)
    }
}

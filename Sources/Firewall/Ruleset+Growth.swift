/// How one ruleset grows into another by additions alone: chains added
/// whole, rules inserted among the ones that stay. Deleting a rule or a
/// chain makes the kernel wait for an RCU grace period (~15 ms here),
/// adding does not (~1 ms): the connect path (preparing, toward the server,
/// connected) only ever adds, so it goes this way; everything else
/// replaces the table whole.
struct RulesetGrowth: Sendable, Hashable {
    struct Insertion: Sendable, Hashable {
        let rule: Rule
        /// The index, among the chain's rules that stay, of the rule it goes
        /// before; nil: after them all.
        let before: Int?
    }

    /// Chains that are new, in full.
    var addedChains: [Chain] = []
    /// For chains in both, by name: the rules inserted, in order.
    var insertions: [String: [Insertion]] = [:]
}

extension Ruleset {
    /// nil when `newer` is not `self` plus additions (a rule or a chain
    /// gone, a chain's hook, priority or policy changed, rules reordered).
    func growth(to newer: Ruleset) -> RulesetGrowth? {
        var growth = RulesetGrowth()
        guard chains.allSatisfy({ newer.chain($0.name) != nil }) else { return nil }
        for chain in newer.chains {
            guard let old = self.chain(chain.name) else {
                growth.addedChains.append(chain)
                continue
            }
            guard old.hook == chain.hook, old.priority == chain.priority, old.policy == chain.policy else { return nil }
            var kept = 0
            var inserted: [RulesetGrowth.Insertion] = []
            for rule in chain.rules {
                if kept < old.rules.count, old.rules[kept] == rule {
                    kept += 1
                } else {
                    inserted.append(.init(rule: rule, before: kept < old.rules.count ? kept : nil))
                }
            }
            guard kept == old.rules.count else { return nil }
            if !inserted.isEmpty { growth.insertions[chain.name] = inserted }
        }
        return growth
    }
}

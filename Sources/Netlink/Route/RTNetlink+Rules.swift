import Addressing
extension RTNetlink {
    /// Policy rules of the namespace, optionally of one family (`ip rule show`).
    public func rules(family: AddressFamily? = nil) throws(NetlinkError) -> [Rule] {
        let operation = "list \(family.map { "\($0) " } ?? "")rules"
        let replies = try socket.dump(RuleMessages.dump(family: family), operation: operation)
        return try decode(replies, type: .newRule, operation: operation, RuleMessages.decode)
    }

    /// Adds a rule (`ip rule add …`); an identical rule makes it fail with EEXIST.
    public func addRule(_ rule: Rule) throws(NetlinkError) {
        try socket.execute(try RuleMessages.add(rule), operation: "add rule \(rule)")
    }

    /// Deletes the first rule that matches every selector of `rule`.
    public func deleteRule(_ rule: Rule) throws(NetlinkError) {
        try socket.execute(try RuleMessages.delete(rule), operation: "delete rule \(rule)")
    }
}

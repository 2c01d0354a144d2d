import Addressing
/// Encoders and the decoder of RTM_*RULE messages (struct fib_rule_hdr + FRA_* attributes).
public enum RuleMessages {
    /// The kernel's "unset" for suppress_prefixlength (an int holding -1).
    private static let suppressPrefixLengthUnset = UInt32.max

    /// RTM_NEWRULE with NLM_F_CREATE | NLM_F_EXCL: an identical rule makes it fail with EEXIST.
    public static func add(_ rule: Rule) throws(NetlinkError) -> NetlinkRequest {
        NetlinkRequest(type: .newRule, flags: [.request, .acknowledge, .create, .exclusive], payload: try encode(rule))
    }

    /// RTM_DELRULE: deletes the first rule matching every selector given.
    public static func delete(_ rule: Rule) throws(NetlinkError) -> NetlinkRequest {
        NetlinkRequest(type: .deleteRule, flags: [.request, .acknowledge], payload: try encode(rule))
    }

    /// RTM_GETRULE with NLM_F_DUMP, for one family or (nil) all.
    public static func dump(family: AddressFamily? = nil) -> NetlinkRequest {
        var writer = ByteWriter()
        writer.append(family?.rawValue ?? 0)
        writer.appendZeros(RouteHeaderSize.rule - 1)
        return NetlinkRequest(type: .getRule, flags: [.request, .dump], payload: writer.bytes)
    }

    /// Decodes one rule; nil for families other than IPv4 and IPv6 (multicast routing
    /// has rules of its own).
    public static func decode(_ message: NetlinkMessage) throws(WireFormatError) -> Rule? {
        var reader = ByteReader(message.payload)
        guard let family = AddressFamily(rawValue: try reader.read(UInt8.self, "fib_rule_hdr.family")) else { return nil }
        let destinationLength = try reader.read(UInt8.self, "fib_rule_hdr.dst_len")
        let sourceLength = try reader.read(UInt8.self, "fib_rule_hdr.src_len")
        try reader.skip(1, "fib_rule_hdr.tos")
        let headerTable = try reader.read(UInt8.self, "fib_rule_hdr.table")
        try reader.skip(2, "fib_rule_hdr.res1/res2")
        let action = try reader.read(UInt8.self, "fib_rule_hdr.action")
        let flags = try reader.read(UInt32.self, "fib_rule_hdr.flags")
        let attributes = try NetlinkAttribute.parse(reader.readRest())

        func prefix(_ type: UInt16, length: UInt8, _ field: StaticString) throws(WireFormatError) -> IPNetwork? {
            guard let attribute = attributes.first(ofType: type) else { return nil }
            guard let prefix = IPNetwork(address: try IPAddress.decode(attribute, family: family, field), prefixLength: length) else {
                throw .invalidValue(field: "\(field)", reason: "prefix length \(length) is too long for \(family)")
            }
            return prefix
        }

        let table = try attributes.first(ofType: RuleAttribute.table)?.u32("FRA_TABLE") ?? UInt32(headerTable)
        let fwmark = try attributes.first(ofType: RuleAttribute.fwmark)?.u32("FRA_FWMARK")
        var fwmask = try attributes.first(ofType: RuleAttribute.fwmask)?.u32("FRA_FWMASK")
        if fwmask == UInt32.max { fwmask = nil }
        let suppress = try attributes.first(ofType: RuleAttribute.suppressPrefixLength)?.u32("FRA_SUPPRESS_PREFIXLEN")
        let ruleProtocol = try attributes.first(ofType: RuleAttribute.protocol)?.u8("FRA_PROTOCOL")
        return Rule(family: family,
                    // The kernel leaves FRA_PRIORITY out for priority 0.
                    priority: try attributes.first(ofType: RuleAttribute.priority)?.u32("FRA_PRIORITY") ?? 0,
                    action: RuleAction(rawValue: action),
                    table: table == 0 ? nil : RouteTable(table),
                    fwmark: fwmark == 0 ? nil : fwmark,
                    fwmask: fwmask,
                    suppressPrefixLength: suppress == suppressPrefixLengthUnset ? nil : suppress,
                    invert: flags & RuleHeaderFlag.invert != 0,
                    source: try prefix(RuleAttribute.source, length: sourceLength, "FRA_SRC"),
                    destination: try prefix(RuleAttribute.destination, length: destinationLength, "FRA_DST"),
                    inputInterface: attributes.first(ofType: RuleAttribute.inputInterfaceName)?.string,
                    outputInterface: attributes.first(ofType: RuleAttribute.outputInterfaceName)?.string,
                    protocol: ruleProtocol.flatMap { $0 == 0 ? nil : RouteProtocol(rawValue: $0) })
    }

    private static func encode(_ rule: Rule) throws(NetlinkError) -> [UInt8] {
        for prefix in [rule.source, rule.destination].compactMap({ $0 }) where prefix.family != rule.family {
            throw .invalidArgument(field: "rule selector", reason: "\(prefix) is \(prefix.family) but the rule is \(rule.family)")
        }
        if let name = rule.inputInterface { try InterfaceName.validate(name, field: "rule input interface") }
        if let name = rule.outputInterface { try InterfaceName.validate(name, field: "rule output interface") }

        var writer = ByteWriter()
        // struct fib_rule_hdr: family, dst_len, src_len, tos, table, res1, res2, action, flags.
        writer.append(rule.family.rawValue)
        writer.append(rule.destination?.prefixLength ?? 0)
        writer.append(rule.source?.prefixLength ?? 0)
        writer.append(UInt8(0))
        writer.append(rule.table?.headerByte ?? 0)
        writer.append(UInt16(0))
        writer.append(rule.action.rawValue)
        writer.append(rule.invert ? RuleHeaderFlag.invert : 0)

        if let table = rule.table { writer.appendAttribute(type: RuleAttribute.table, u32: table.rawValue) }
        if let priority = rule.priority { writer.appendAttribute(type: RuleAttribute.priority, u32: priority) }
        if let fwmark = rule.fwmark { writer.appendAttribute(type: RuleAttribute.fwmark, u32: fwmark) }
        if let fwmask = rule.fwmask { writer.appendAttribute(type: RuleAttribute.fwmask, u32: fwmask) }
        if let length = rule.suppressPrefixLength { writer.appendAttribute(type: RuleAttribute.suppressPrefixLength, u32: length) }
        if let source = rule.source { writer.appendAttribute(type: RuleAttribute.source, payload: source.address.bytes) }
        if let destination = rule.destination { writer.appendAttribute(type: RuleAttribute.destination, payload: destination.address.bytes) }
        if let name = rule.inputInterface { writer.appendAttribute(type: RuleAttribute.inputInterfaceName, string: name) }
        if let name = rule.outputInterface { writer.appendAttribute(type: RuleAttribute.outputInterfaceName, string: name) }
        if let ruleProtocol = rule.protocol { writer.appendAttribute(type: RuleAttribute.protocol, u8: ruleProtocol.rawValue) }
        return writer.bytes
    }
}

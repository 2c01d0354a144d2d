import Addressing
@testable import Netlink
import Testing

@Suite struct RuleMessagesTests {
    /// fwmark 0xca6c and suppress_prefixlength 0 in one rule, table 51820 (= 0xca6c too)
    /// beyond the header byte, priority 1000.
    @Test func fwmarkAndSuppressPrefixLengthBytes() throws {
        let rule = Rule(family: .ipv4, priority: 1000, table: 51820, fwmark: 0xCA6C, suppressPrefixLength: 0)
        #expect(try RuleMessages.add(rule).encoded(sequence: 5) == hex("""
            3c 00 00 00  20 00  05 06  05 00 00 00  00 00 00 00
            02 00 00 00  00 00 00 01  00 00 00 00
            08 00 0f 00  6c ca 00 00
            08 00 06 00  e8 03 00 00
            08 00 0a 00  6c ca 00 00
            08 00 0e 00  00 00 00 00
            """))
    }

    /// wg-quick's pair: `not fwmark 0xca6c lookup 51820` and `lookup main suppress_prefixlength 0`.
    @Test func wgQuickRules() throws {
        let tunnel = try RuleMessages.add(Rule(family: .ipv6, table: 51820, fwmark: 0xCA6C, invert: true))
        #expect(tunnel.payload == hex("0a 00 00 00 00 00 00 01 02 00 00 00  08 00 0f 00 6c ca 00 00  08 00 0a 00 6c ca 00 00"))
        let main = try RuleMessages.add(Rule(family: .ipv4, table: .main, suppressPrefixLength: 0))
        #expect(main.payload == hex("02 00 00 00 fe 00 00 01 00 00 00 00  08 00 0f 00 fe 00 00 00  08 00 0e 00 00 00 00 00"))
    }

    @Test func decodesTheKernelsRepresentation() throws {
        // Kernel style: FRA_TABLE always, FRA_SUPPRESS_PREFIXLEN -1 when unset, FRA_FWMASK all ones, FRA_PROTOCOL 0.
        let payload = hex("02 00 00 00 fc 00 00 01 02 00 00 00") + attribute(15, le(UInt32(51820)))
            + attribute(14, le(UInt32.max)) + attribute(6, le(UInt32(32765))) + attribute(10, le(UInt32(0xCA6C)))
            + attribute(16, le(UInt32.max)) + attribute(21, [0])
        let rule = try RuleMessages.decode(NetlinkMessage(header: .init(length: 0, type: .newRule, flags: [], sequence: 0, portID: 0),
                                                           payload: payload[...]))
        #expect(rule == Rule(family: .ipv4, priority: 32765, table: 51820, fwmark: 0xCA6C, invert: true))
    }

    @Test func theLocalRuleHasPriorityZero() throws {
        let payload = hex("02 00 00 00 ff 00 00 01 00 00 00 00") + attribute(15, le(UInt32(255))) + attribute(14, le(UInt32.max))
        let rule = try RuleMessages.decode(NetlinkMessage(header: .init(length: 0, type: .newRule, flags: [], sequence: 0, portID: 0),
                                                           payload: payload[...]))
        #expect(rule?.priority == 0)
        #expect(rule?.table == .local)
    }

    @Test func selectorsOfAnotherFamilyAreRefused() {
        #expect(throws: NetlinkError.self) {
            try RuleMessages.add(Rule(family: .ipv4, table: 100, source: IPNetwork("2001:db8::/32")))
        }
    }
}

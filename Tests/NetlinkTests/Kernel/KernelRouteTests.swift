#if canImport(Glibc)
import Glibc
#endif
import Addressing
import Netlink
import Testing

/// rtnetlink against the real kernel, each test in a network namespace it creates and
/// that dies with its sockets. Addresses only from the documentation ranges.
@Suite struct KernelRouteTests {
    /// The whole life of a wg-quick style setup: links, addresses, a tunnel table with
    /// its default route, the fwmark and suppress_prefixlength rules, then all of it
    /// removed again. This kernel has no `dummy` module, so both links are veth pairs:
    /// `vpn0` stands where a tunnel interface would, `veth0` is the uplink.
    @Test func linksAddressesRoutesAndRulesRoundTrip() async throws {
        let namespace = try await TestNamespace.create()
        defer { namespace.close() }
        let rt = namespace.route

        // A fresh namespace: only a loopback that is down. Anything else means we are not
        // where we think we are, and nothing may be changed.
        let startLinks = try rt.links()
        try #require(startLinks.map(\.name) == ["lo"])
        let startAddresses = try rt.addresses()
        let startRoutes = try rt.routes()
        let startRules = try rt.rules()

        // Links.
        let vpn = try rt.createLink(name: "vpn0", kind: .veth(peerName: "vpn0-peer"))
        #expect(vpn.kind == "veth")
        #expect(vpn.mtu == 1500)
        #expect(!vpn.isUp)
        let uplink = try rt.createLink(name: "veth0", kind: .veth(peerName: "veth1"), mtu: 1400)
        let uplinkPeer = try #require(try rt.link(.name("veth1")))
        #expect(uplink.kind == "veth" && uplinkPeer.kind == "veth")
        #expect(uplink.linkIndex == uplinkPeer.index && uplinkPeer.linkIndex == uplink.index)
        try rt.setLink(.index(vpn.index), up: true, mtu: 1420)
        try rt.setLink(.name("vpn0-peer"), up: true)
        try rt.setLink(.name("veth0"), up: true)
        try rt.setLink(.index(uplinkPeer.index), up: true)

        let links = Dictionary(uniqueKeysWithValues: try rt.links().map { ($0.name, $0) })
        #expect(Set(links.keys) == ["lo", "vpn0", "vpn0-peer", "veth0", "veth1"])
        #expect(links["vpn0"]?.mtu == 1420)
        #expect(links["vpn0-peer"]?.mtu == 1500)
        #expect(links["veth0"]?.mtu == 1400)
        #expect(links["veth1"]?.mtu == 1400)
        #expect(links.values.filter(\.isUp).map(\.name).sorted() == ["veth0", "veth1", "vpn0", "vpn0-peer"])
        #expect(links["veth0"]?.hardwareAddress.count == 6)
        #expect(links["lo"]?.flags.contains(.loopback) == true)

        // Addresses.
        let vpnV4 = try #require(IPNetwork("192.0.2.1/24"))
        let uplinkV4 = try #require(IPNetwork("198.51.100.2/24"))
        let vpnV6 = try #require(IPNetwork("2001:db8:1::1/64"))
        try rt.addAddress(vpnV4, interfaceIndex: vpn.index)
        try rt.addAddress(uplinkV4, interfaceIndex: uplink.index)
        try rt.addAddress(vpnV6, interfaceIndex: vpn.index, flags: .noDAD)

        #expect(try rt.addresses(family: .ipv4) == [
            InterfaceAddress(interfaceIndex: vpn.index, prefix: vpnV4, flags: .permanent, label: "vpn0"),
            InterfaceAddress(interfaceIndex: uplink.index, prefix: uplinkV4, flags: .permanent, label: "veth0"),
        ])
        // Besides ours, IPv6 gives every link that is up a link-local fe80:: address.
        let vpnV6Addresses = try rt.addresses(family: .ipv6, interfaceIndex: vpn.index)
        #expect(vpnV6Addresses.contains(InterfaceAddress(interfaceIndex: vpn.index, prefix: vpnV6, flags: [.permanent, .noDAD])))
        #expect(vpnV6Addresses.allSatisfy { $0.prefix == vpnV6 || $0.scope == .link })
        let duplicate = try #require(throws: NetlinkError.self) { try rt.addAddress(vpnV4, interfaceIndex: vpn.index) }
        #expect(duplicate.errno == EEXIST)

        // Routes: the tunnel's table 51820 holds a default route and two more; the main
        // table a default route through a gateway on the uplink's subnet.
        let gateway = try #require(IPAddress("198.51.100.1"))
        let tableRoutes = [
            Route(destination: .defaultRoute(.ipv4), outputInterface: vpn.index, table: 51820),
            Route(destination: try #require(IPNetwork("192.0.2.0/24")), outputInterface: vpn.index, table: 51820),
            Route(destination: try #require(IPNetwork("2001:db8:2::/48")), outputInterface: vpn.index, table: 51820),
        ]
        for route in tableRoutes { try rt.addRoute(route) }
        let defaultRoute = Route.defaultRoute(via: gateway, outputInterface: uplink.index)
        try rt.addRoute(defaultRoute)

        #expect(Set(try rt.routes(table: 51820)) == [
            Route(destination: .defaultRoute(.ipv4), outputInterface: vpn.index, table: 51820,
                  protocol: .boot, scope: .link, type: .unicast),
            Route(destination: IPNetwork("192.0.2.0/24")!, outputInterface: vpn.index, table: 51820,
                  protocol: .boot, scope: .link, type: .unicast),
            // IPv6 routes have no scope of their own, and get metric 1024 when none is given.
            Route(destination: IPNetwork("2001:db8:2::/48")!, outputInterface: vpn.index, table: 51820,
                  protocol: .boot, scope: .universe, type: .unicast, priority: 1024),
        ])
        let mainDefaults = try rt.routes(family: .ipv4, table: .main).filter(\.destination.isDefaultRoute)
        #expect(mainDefaults == [Route(destination: .defaultRoute(.ipv4), gateway: gateway, outputInterface: uplink.index,
                                       table: .main, protocol: .boot, scope: .universe, type: .unicast)])
        #expect(throws: NetlinkError.self) { try rt.addRoute(defaultRoute) }

        // Rules: wg-quick's pair, for IPv4 and IPv6.
        let rules = [
            Rule(family: .ipv4, priority: 32764, table: 51820, fwmark: 0xCA6C, invert: true),
            Rule(family: .ipv4, priority: 32763, table: .main, suppressPrefixLength: 0),
            Rule(family: .ipv6, priority: 32764, table: 51820, fwmark: 0xCA6C, invert: true),
            Rule(family: .ipv6, priority: 32763, table: .main, suppressPrefixLength: 0),
        ]
        for rule in rules { try rt.addRule(rule) }
        #expect(Set(try rt.rules()) == Set(startRules + rules))
        #expect(try rt.rules(family: .ipv6).filter { $0.priority == 32764 } == [rules[2]])
        let duplicateRule = try #require(throws: NetlinkError.self) { try rt.addRule(rules[0]) }
        #expect(duplicateRule.errno == EEXIST)

        // Everything removed again, through the library.
        for rule in rules { try rt.deleteRule(rule) }
        #expect(try rt.rules() == startRules)
        try rt.deleteRoute(defaultRoute)
        for route in tableRoutes { try rt.deleteRoute(route) }
        #expect(try rt.routes(table: 51820).isEmpty)
        try rt.deleteAddress(vpnV6, interfaceIndex: vpn.index)
        try rt.deleteAddress(uplinkV4, interfaceIndex: uplink.index)
        try rt.deleteAddress(vpnV4, interfaceIndex: vpn.index)
        #expect(try rt.addresses(family: .ipv4).isEmpty)
        try rt.deleteLink(.name("veth1")) // takes veth0 with it
        try rt.deleteLink(.index(vpn.index))

        #expect(try rt.links() == startLinks)
        #expect(try rt.addresses() == startAddresses)
        #expect(try rt.routes() == startRoutes)
        #expect(try rt.rules() == startRules)
    }

    /// `dummy` where the kernel has it; where it does not (this machine), the kernel's
    /// answer comes back as a plain rejection, not as the WireGuard fallback cue.
    @Test func dummyLinksAreCreatedWhereTheKernelHasThem() async throws {
        let namespace = try await TestNamespace.create()
        defer { namespace.close() }
        let rt = namespace.route
        try #require(try rt.links().map(\.name) == ["lo"])
        do {
            let dummy = try rt.createLink(name: "dummy0", kind: .dummy, mtu: 1280)
            #expect(dummy.kind == "dummy")
            #expect(dummy.mtu == 1280)
            try rt.deleteLink(.index(dummy.index))
        } catch {
            #expect(error == .kernelRejected(operation: "create dummy link dummy0", errno: EOPNOTSUPP, message: "Unknown device type"))
        }
        #expect(try rt.links().map(\.name) == ["lo"])
    }

    @Test func invalidRequestsFailWithTheKernelsErrnoAndExplanation() async throws {
        let namespace = try await TestNamespace.create()
        defer { namespace.close() }
        let rt = namespace.route
        try #require(try rt.links().map(\.name) == ["lo"])
        let missing: Int32 = 4242

        // A route through a device that does not exist (this one the kernel does not explain).
        let route = Route(destination: try #require(IPNetwork("192.0.2.0/24")), outputInterface: missing, table: 51820)
        #expect(throws: NetlinkError.kernelRejected(operation: "add route 192.0.2.0/24 dev #4242 table 51820", errno: ENODEV, message: nil)) {
            try rt.addRoute(route)
        }

        // An address on a link that does not exist.
        let v4 = try #require(IPNetwork("192.0.2.1/24"))
        #expect(throws: NetlinkError.kernelRejected(operation: "add address 192.0.2.1/24 to link #4242", errno: ENODEV,
                                                    message: "ipv4: Device not found")) {
            try rt.addAddress(v4, interfaceIndex: missing)
        }
        let v6Error = try #require(throws: NetlinkError.self) {
            try rt.addAddress(try #require(IPNetwork("2001:db8::1/64")), interfaceIndex: missing)
        }
        #expect(v6Error.errno == ENODEV)
        #expect(v6Error.kernelMessage == "ipv6: Unable to find the interface")

        // A gateway on no connected network; a prefix with host bits; an MTU too large.
        let link = try rt.createLink(name: "veth0", kind: .veth(peerName: "veth1"))
        try rt.setLink(.index(link.index), up: true)
        let gatewayError = try #require(throws: NetlinkError.self) {
            try rt.addRoute(.defaultRoute(via: try #require(IPAddress("198.51.100.1")), outputInterface: link.index))
        }
        #expect(gatewayError.errno == ENETUNREACH)
        #expect(gatewayError.kernelMessage == "Nexthop has invalid gateway")
        let prefixError = try #require(throws: NetlinkError.self) {
            try rt.addRoute(Route(destination: try #require(IPNetwork("192.0.2.1/24")), outputInterface: link.index))
        }
        #expect(prefixError.errno == EINVAL)
        #expect(prefixError.kernelMessage == "Invalid prefix for given prefix length")
        let mtuError = try #require(throws: NetlinkError.self) { try rt.setLink(.index(link.index), mtu: 100_000) }
        #expect(mtuError.errno == EINVAL)
        #expect(mtuError.kernelMessage == "mtu greater than device maximum")

        // Deleting what is not there.
        #expect(throws: NetlinkError.kernelRejected(operation: "delete link nosuch0", errno: ENODEV, message: nil)) {
            try rt.deleteLink(.name("nosuch0"))
        }
        #expect(try rt.link(.name("nosuch0")) == nil)
        let ruleError = try #require(throws: NetlinkError.self) { try rt.deleteRule(Rule(family: .ipv4, priority: 4242, table: 4242)) }
        #expect(ruleError.errno == ENOENT)
        let addressError = try #require(throws: NetlinkError.self) {
            try rt.deleteAddress(try #require(IPNetwork("192.0.2.9/24")), interfaceIndex: link.index)
        }
        #expect(addressError.errno == EADDRNOTAVAIL)
        #expect(addressError.kernelMessage == "ipv4: Address not found")

        // Creating what is there already.
        let existsError = try #require(throws: NetlinkError.self) { try rt.createLink(name: "veth0", kind: .veth(peerName: "veth9")) }
        #expect(existsError.errno == EEXIST)
        #expect("\(existsError)".hasPrefix("create veth (peer veth9) link veth0 failed: EEXIST (File exists)"))
    }

    /// The plugin's cue to fall back to wireguard-go: this kernel has no WireGuard.
    @Test func aWireGuardLinkIsRefusedAsKernelLacksWireGuard() async throws {
        let namespace = try await TestNamespace.create()
        defer { namespace.close() }
        let rt = namespace.route
        try #require(try rt.links().map(\.name) == ["lo"])

        let error = try #require(throws: NetlinkError.self) { try rt.createLink(name: "wg0", kind: .wireguard) }
        #expect(error == .kernelLacksWireGuard(operation: "create wireguard link wg0", errno: EOPNOTSUPP, message: "Unknown device type"))
        #expect(try rt.links().map(\.name) == ["lo"])
    }

    @Test func asyncCallersRunTheWorkOffTheCooperativePool() async throws {
        let namespace = try await TestNamespace.create()
        defer { namespace.close() }
        let rt = namespace.route
        let links = try await NetlinkThread.run { try rt.links() }
        #expect(links.map(\.name) == ["lo"])
        let error = await #expect(throws: NetlinkError.self) {
            try await NetlinkThread.run { try rt.deleteLink(.name("nosuch0")) }
        }
        #expect(error?.errno == ENODEV)
    }
}

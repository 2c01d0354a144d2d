import Addressing
import Testing
@testable import VPNCore

@Suite struct FirewallPolicyTests {
    let target = ConnectionTarget(
        server: ConnectionMachineTests.server, location: ConnectionMachineTests.location, protocolName: .wireguard, reason: "lowest load"
    )
    let environment = ProtectionEnvironment(
        localNetworks: [IPNetwork("198.18.0.2/24")!, IPNetwork("2001:db8:1::2/64")!],
        api: [Relay(address: IPAddress("198.51.100.10")!, port: 443, purpose: .api)]
    )
    let serverRelay = Relay(address: IPAddress("203.0.113.11")!, purpose: .server)
    var tunnel: ActiveTunnel {
        ActiveTunnel(target: target, interface: "vpnctl-wg", addresses: ["198.19.0.7/32"], resolvers: [IPAddress("198.19.0.1")!])
    }

    func policy(_ state: ConnectionState, _ settings: ProtectionSettings = ProtectionSettings()) -> FirewallPolicy? {
        FirewallPolicy.for(state, settings: settings, environment: environment)
    }

    @Test func disconnectedLeavesNoTableUnlessLockdown() throws {
        #expect(policy(.disconnected) == nil)
        let lockdown = try #require(policy(.disconnected, ProtectionSettings(lockdown: true)))
        #expect(lockdown.blocking)
        #expect(lockdown.relays == environment.api, "the daemon's own API requests only")
        #expect(lockdown.tunnel == nil)
    }

    @Test func everyStateWithoutATunnelBlocksWithTheKillSwitch() throws {
        let states: [ConnectionState] = [
            .preparing(Preparation(query: nil)), .preparing(Preparation(query: nil, server: target.server)),
            .connecting(target), .disconnecting(target, then: nil), .error(ConnectionFailure(target: target, message: "x")),
        ]
        for state in states {
            let blocked = try #require(policy(state))
            #expect(blocked.blocking && blocked.tunnel == nil, "\(state)")
            #expect(!blocked.relays.contains { $0.purpose == .server && $0.address != serverRelay.address })
        }
        #expect(try #require(policy(.connecting(target))).relays == [serverRelay] + environment.api)
        #expect(try #require(policy(.preparing(Preparation(query: nil)))).relays == environment.api, "no server before one is chosen")
        #expect(try #require(policy(.error(ConnectionFailure(target: target, message: "x")))).relays == environment.api, "after a failure, no endpoint")
    }

    @Test func theKillSwitchOffBlocksNothingWhileNoTunnelIsUp() {
        let off = ProtectionSettings(killSwitch: false)
        #expect(policy(.connecting(target), off) == nil)
        #expect(policy(.error(ConnectionFailure(target: nil, message: "x")), off) == nil)
        #expect(policy(.disconnected, off) == nil)
        // Lockdown implies it.
        #expect(policy(.connecting(target), ProtectionSettings(killSwitch: false, lockdown: true))?.blocking == true)
    }

    @Test func connectedPassesTheTunnelAndGuardsItWithoutTheKillSwitch() throws {
        let blocked = try #require(policy(.connected(tunnel)))
        #expect(blocked.blocking)
        #expect(blocked.tunnel == TunnelPassage(interface: "vpnctl-wg", addresses: [IPAddress("198.19.0.7")!], resolvers: [IPAddress("198.19.0.1")!], carriesIPv6: false))
        let guarded = try #require(policy(.connected(tunnel), ProtectionSettings(killSwitch: false)))
        #expect(!guarded.blocking)
        #expect(guarded.tunnel == blocked.tunnel)
        var six = tunnel
        six.addresses.append("2001:db8:100::7/128")
        #expect(policy(.connected(six))?.tunnel?.carriesIPv6 == true)
    }

    @Test func theLANIsTheMachinesNetworksPlusLinkLocalAndGoneWithoutAllowLAN() throws {
        let lan = try #require(policy(.connecting(target))).localNetworks
        #expect(lan.contains(IPNetwork("198.18.0.0/24")!), "masked to the network")
        #expect(lan.contains(IPNetwork("2001:db8:1::/64")!))
        #expect(lan.contains(IPNetwork("fe80::/10")!) && lan.contains(IPNetwork("224.0.0.0/24")!))
        #expect(policy(.connecting(target), ProtectionSettings(allowLAN: false))?.localNetworks == [])
    }

    @Test func overlappingNetworksAreKeptOnce() {
        let lan = FirewallPolicy.lan([IPNetwork("198.18.0.2/24")!, IPNetwork("198.18.0.9/25")!, IPNetwork("198.18.0.3/24")!, IPNetwork("169.254.7.1/16")!])
        #expect(lan.filter { $0.address.description.hasPrefix("198.18.") } == [IPNetwork("198.18.0.0/24")!])
        #expect(lan.filter { $0 == IPNetwork("169.254.0.0/16")! }.count == 1)
    }
}

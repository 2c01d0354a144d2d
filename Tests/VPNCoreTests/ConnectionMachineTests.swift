import Addressing
import Testing
@testable import VPNCore

@Suite struct ConnectionMachineTests {
    static let location = Location(id: LocationID(rawValue: "de-fra")!, countryCode: CountryCode(rawValue: "DE")!, country: "Germany", city: "Frankfurt")
    static let server = Server(
        id: ServerID(rawValue: "de-fra-001")!, location: location.id, hostname: Hostname(rawValue: "de-fra-001.example.net")!,
        ipv4: IPv4Address("203.0.113.11")!, tier: .free, load: Load(rawValue: 10)!, online: true,
        offers: [ProtocolOffer(protocolName: .wireguard, transport: .udp, ports: [51820])]
    )
    let target = ConnectionTarget(server: server, location: location, protocolName: .wireguard, reason: "lowest load")
    let preparation = Preparation(query: "de-fra")

    @Test func connectsAndDisconnects() throws {
        var machine = ConnectionMachine()
        #expect(try machine.handle(.connectRequested(preparation)) == [])
        #expect(machine.state == .preparing(preparation))
        #expect(machine.state.name == "connecting", "preparing is part of connecting in the contract")
        #expect(try machine.handle(.serverChosen(Self.server)) == [])
        #expect(machine.state == .preparing(Preparation(query: "de-fra", server: Self.server)))
        #expect(try machine.handle(.attemptStarted(target)) == [.startTunnel(target)])
        #expect(machine.state == .connecting(target))
        #expect(try machine.handle(.tunnelUp(interface: "wg0", addresses: ["198.19.0.7/32"], resolvers: [IPAddress("198.19.0.1")!])) == [])
        #expect(machine.state == .connected(ActiveTunnel(target: target, interface: "wg0", addresses: ["198.19.0.7/32"], resolvers: [IPAddress("198.19.0.1")!])))
        #expect(try machine.handle(.disconnectRequested) == [.stopTunnel])
        #expect(machine.state == .disconnecting(target, then: nil))
        #expect(try machine.handle(.tornDown) == [])
        #expect(machine.state == .disconnected)
    }

    @Test func aFailedAttemptIsCleanedUpAndTheNextOneFollows() throws {
        var machine = ConnectionMachine()
        _ = try machine.handle(.connectRequested(preparation))
        _ = try machine.handle(.attemptStarted(target))
        #expect(try machine.handle(.attemptFailed("no handshake within 10 s")) == [.stopTunnel])
        #expect(machine.state == .connecting(target), "still connecting, still blocked between attempts")
        var next = target
        next.protocolName = .openvpnUDP
        #expect(try machine.handle(.attemptStarted(next)) == [.startTunnel(next)])
        #expect(try machine.handle(.gaveUp("every protocol failed")) == [.stopTunnel])
        #expect(machine.state == .error(ConnectionFailure(target: next, message: "every protocol failed")))
        // From an error, a new connect or a disconnect both work.
        #expect(try machine.handle(.connectRequested(preparation)) == [])
        #expect(try machine.handle(.gaveUp("the list could not be fetched")) == [], "nothing was started")
        #expect(machine.state == .error(ConnectionFailure(target: nil, message: "the list could not be fetched")))
        #expect(try machine.handle(.disconnectRequested) == [])
        #expect(machine.state == .disconnected)
    }

    @Test func aLostTunnelIsAnErrorThatCleansUp() throws {
        var machine = ConnectionMachine()
        _ = try machine.handle(.connectRequested(preparation))
        _ = try machine.handle(.attemptStarted(target))
        _ = try machine.handle(.tunnelUp(interface: "wg0", addresses: [], resolvers: []))
        #expect(try machine.handle(.tunnelLost("the wireguard plugin exited")) == [.stopTunnel])
        #expect(machine.state.name == "error")
        #expect(machine.state.target == target)
    }

    @Test func aConnectWhileConnectedSwitchesAfterTheTeardown() throws {
        var machine = ConnectionMachine()
        _ = try machine.handle(.connectRequested(preparation))
        _ = try machine.handle(.attemptStarted(target))
        _ = try machine.handle(.tunnelUp(interface: "wg0", addresses: [], resolvers: []))
        let elsewhere = Preparation(query: "nl-ams")
        #expect(try machine.handle(.connectRequested(elsewhere)) == [.stopTunnel])
        #expect(machine.state == .disconnecting(target, then: elsewhere))
        #expect(try machine.handle(.tornDown) == [])
        #expect(machine.state == .preparing(elsewhere))
    }

    @Test func aDisconnectDuringASwitchCancelsIt() throws {
        var machine = ConnectionMachine(state: .disconnecting(target, then: preparation))
        #expect(try machine.handle(.disconnectRequested) == [])
        _ = try machine.handle(.tornDown)
        #expect(machine.state == .disconnected)
    }

    @Test func aDisconnectWhilePreparingEndsItAndWhatFollowsIsRefused() throws {
        var machine = ConnectionMachine()
        _ = try machine.handle(.connectRequested(preparation))
        #expect(try machine.handle(.disconnectRequested) == [])
        #expect(machine.state == .disconnected)
        // The connect that was preparing learns it was overtaken.
        #expect(throws: InvalidTransition.self) { try machine.handle(.serverChosen(Self.server)) }
        #expect(throws: InvalidTransition.self) { try machine.handle(.attemptStarted(target)) }
        #expect(machine.state == .disconnected)
    }

    @Test func lateNewsFromATunnelBeingTornDownIsRefused() throws {
        var machine = ConnectionMachine()
        _ = try machine.handle(.connectRequested(preparation))
        _ = try machine.handle(.attemptStarted(target))
        _ = try machine.handle(.disconnectRequested)
        #expect(throws: InvalidTransition.self) { try machine.handle(.tunnelUp(interface: "wg0", addresses: [], resolvers: [])) }
        #expect(throws: InvalidTransition.self) { try machine.handle(.attemptFailed("late")) }
        _ = try machine.handle(.tornDown)
        #expect(machine.state == .disconnected)
    }

    @Test func refusesWhatDoesNotApply() throws {
        var machine = ConnectionMachine()
        #expect(throws: InvalidTransition.self) { try machine.handle(.disconnectRequested) }
        #expect(throws: InvalidTransition.self) { try machine.handle(.tunnelUp(interface: "wg0", addresses: [], resolvers: [])) }
        _ = try machine.handle(.connectRequested(preparation))
        do {
            _ = try machine.handle(.connectRequested(preparation))
            Issue.record("a second connect was accepted")
        } catch {
            #expect(error.description.contains("run vpnctl disconnect"))
        }
        #expect(machine.state == .preparing(preparation))
    }
}

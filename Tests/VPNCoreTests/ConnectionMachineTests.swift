import Testing
@testable import VPNCore

@Suite struct ConnectionMachineTests {
    let target: ConnectionTarget = {
        let location = Location(id: LocationID(rawValue: "de-fra")!, countryCode: CountryCode(rawValue: "DE")!, country: "Germany", city: "Frankfurt")
        let server = Server(
            id: ServerID(rawValue: "de-fra-001")!, location: location.id, hostname: Hostname(rawValue: "de-fra-001.example.net")!,
            ipv4: IPv4Address("203.0.113.11")!, tier: .free, load: Load(rawValue: 10)!, online: true,
            offers: [ProtocolOffer(protocolName: .wireguard, transport: .udp, ports: [51820])]
        )
        return ConnectionTarget(server: server, location: location, protocolName: .wireguard, reason: "lowest load")
    }()

    @Test func connectsAndDisconnects() throws {
        var machine = ConnectionMachine()
        #expect(try machine.handle(.connectRequested(target)) == [.startTunnel(target)])
        #expect(machine.state == .connecting(target))
        #expect(try machine.handle(.tunnelUp(interface: "wg0", addresses: ["198.19.0.7/32"])) == [])
        #expect(machine.state == .connected(ActiveTunnel(target: target, interface: "wg0", addresses: ["198.19.0.7/32"])))
        #expect(try machine.handle(.disconnectRequested) == [.stopTunnel])
        #expect(machine.state.name == "disconnecting")
        #expect(try machine.handle(.tornDown) == [])
        #expect(machine.state == .disconnected)
    }

    @Test func aFailedAttemptIsCleanedUpThenReported() throws {
        var machine = ConnectionMachine()
        _ = try machine.handle(.connectRequested(target))
        #expect(try machine.handle(.attemptFailed("no handshake within 10 s")) == [.stopTunnel])
        #expect(machine.state == .disconnecting(target))
        _ = try machine.handle(.tornDown)
        #expect(machine.state == .error(ConnectionFailure(target: target, message: "no handshake within 10 s")))
        // From an error, a new connect or a disconnect both work.
        #expect(try machine.handle(.connectRequested(target)) == [.startTunnel(target)])
        _ = try machine.handle(.attemptFailed("again"))
        _ = try machine.handle(.tornDown)
        #expect(try machine.handle(.disconnectRequested) == [])
        #expect(machine.state == .disconnected)
    }

    @Test func aLostTunnelIsAnError() throws {
        var machine = ConnectionMachine()
        _ = try machine.handle(.connectRequested(target))
        _ = try machine.handle(.tunnelUp(interface: "wg0", addresses: []))
        #expect(try machine.handle(.tunnelLost("the wireguard plugin exited")) == [.stopTunnel])
        _ = try machine.handle(.tornDown)
        #expect(machine.state.name == "error")
        #expect(machine.state.target == target)
    }

    @Test func refusesWhatDoesNotApply() throws {
        var machine = ConnectionMachine()
        #expect(throws: InvalidTransition.self) { try machine.handle(.disconnectRequested) }
        #expect(throws: InvalidTransition.self) { try machine.handle(.tunnelUp(interface: "wg0", addresses: [])) }
        _ = try machine.handle(.connectRequested(target))
        do {
            _ = try machine.handle(.connectRequested(target))
            Issue.record("a second connect was accepted")
        } catch {
            #expect(error.description.contains("run vpnctl disconnect first"))
        }
        #expect(machine.state == .connecting(target))
    }

    @Test func lateNewsWhileTearingDownIsIgnored() throws {
        var machine = ConnectionMachine()
        _ = try machine.handle(.connectRequested(target))
        _ = try machine.handle(.disconnectRequested)
        #expect(try machine.handle(.tunnelUp(interface: "wg0", addresses: [])) == [])
        #expect(try machine.handle(.attemptFailed("late")) == [])
        _ = try machine.handle(.tornDown)
        #expect(machine.state == .disconnected)
    }
}

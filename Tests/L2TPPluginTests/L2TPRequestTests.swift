@testable import L2TPPlugin
import PluginKit
import Testing

/// The request checks: each hostile value is refused naming its field, plain
/// L2TP needs `allow_insecure`, and a good request keeps its values.
@Suite struct L2TPRequestTests {
    @Test func aValidRequestKeepsItsValues() throws {
        let request = try L2TPRequest(Fixtures.params())
        #expect(request.interface == "l2tp-test")
        #expect(request.server.description == "198.51.100.2")
        #expect(request.presharedKey == Fixtures.psk)
        #expect(request.username == "vpnctl")
        #expect(request.password == Fixtures.token)
        #expect(request.mtu == 1400)
        #expect(request.dns.map(\.description) == ["198.18.102.1"])
        #expect(request.usesIPsec)
    }

    @Test func theInterfaceDefaultsAndTheMTUIsCapped() throws {
        let request = try L2TPRequest(Fixtures.params(interface: nil, mtu: 1500))
        #expect(request.interface == "vpnctl-l2tp")
        #expect(request.mtu == 1400)
    }

    @Test(arguments: Fixtures.hostile.indices)
    func aHostileValueIsRefusedNamingItsField(_ index: Int) {
        let entry = Fixtures.hostile[index]
        do {
            _ = try L2TPRequest(entry.params)
            Issue.record("accepted \(entry.name)")
        } catch {
            #expect(error.description.hasPrefix(entry.field), "\(entry.name): \(error.description)")
            // A refused secret is never echoed back.
            #expect(!error.description.contains("secret = evil") && !error.description.contains("plugin /tmp/evil.so"))
        }
    }

    @Test func plainL2TPIsRefusedWithoutAllowInsecure() {
        do {
            _ = try L2TPRequest(Fixtures.params(psk: nil))
            Issue.record("accepted plain L2TP")
        } catch {
            #expect(error.description.contains("parameters.ipsec_psk is missing"))
            #expect(error.description.contains("unencrypted"))
            #expect(error.description.contains("--allow-insecure"))
        }
    }

    @Test func anEmptyPSKCountsAsMissing() {
        #expect(throws: PluginFailure.self) { try L2TPRequest(Fixtures.params(psk: "")) }
    }

    @Test func plainL2TPIsAcceptedWithAllowInsecure() throws {
        let request = try L2TPRequest(Fixtures.params(psk: nil, allowInsecure: true))
        #expect(!request.usesIPsec)
        #expect(request.presharedKey == nil)
    }

    @Test func anotherProtocolIsRefused() {
        var params = Fixtures.params()
        params.protocolName = "wireguard"
        #expect(throws: PluginFailure.self) { try L2TPRequest(params) }
    }
}

import Addressing
@testable import L2TPPlugin
import Testing

/// What the cleanup after a killed charon deletes: only the ESP SAs and
/// the L2TP policies of the server the leftover swanctl.conf names.
@Suite struct LeftoverIPsecTests {
    @Test func theServerComesFromTheLeftoverSwanctlConfig() {
        let text = SwanctlConfig(server: IPAddress("198.51.100.2")!, serverID: "de-fra-001", presharedKey: "secret").text
        #expect(LeftoverIPsec.server(inSwanctlConfig: text) == IPAddress("198.51.100.2"))
    }

    @Test(arguments: ["", "remote_addrs =", "remote_addrs = 198.51.100.2; reboot", "remote_addrs = 2001:db8::2", "remote_addrs = 198.51.100.02",
                      "# remote_addrs = 198.51.100.2"])
    func aFileThatNamesNoUsableServerDeletesNothing(_ text: String) {
        #expect(LeftoverIPsec.server(inSwanctlConfig: text) == nil)
    }

    @Test func theCommandsDeleteOnlyTheServersESPAndL2TPPolicies() {
        let commands = LeftoverIPsec.commands(server: IPAddress("198.51.100.2")!)
        #expect(commands == [
            ["xfrm", "state", "deleteall", "src", "198.51.100.2", "proto", "esp"],
            ["xfrm", "state", "deleteall", "dst", "198.51.100.2", "proto", "esp"],
            ["xfrm", "policy", "deleteall", "dst", "198.51.100.2/32", "proto", "udp", "dport", "1701"],
            ["xfrm", "policy", "deleteall", "src", "198.51.100.2/32", "proto", "udp", "sport", "1701"],
        ])
    }
}

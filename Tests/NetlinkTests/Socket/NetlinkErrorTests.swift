#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Netlink

@Suite struct NetlinkErrorTests {
    @Test func aRejectionNamesOperationErrnoKernelTextAndAHint() {
        let error = NetlinkError.kernelRejected(operation: "add route 192.0.2.0/24 dev #9 table 51820", errno: ENODEV,
                                                message: "Nexthop device does not exist")
        #expect(error.description == "add route 192.0.2.0/24 dev #9 table 51820 failed: ENODEV (No such device); the kernel says: Nexthop device does not exist; the network interface does not exist (in this network namespace)")
        #expect(error.errno == ENODEV)
        #expect(error.kernelMessage == "Nexthop device does not exist")
    }

    @Test func missingWireGuardPointsAtTheFallback() {
        let error = NetlinkError.kernelLacksWireGuard(operation: "create wireguard link wg0", errno: EOPNOTSUPP, message: "Unknown device type")
        #expect(error.description.contains("no WireGuard support"))
        #expect(error.description.contains("wireguard-go"))
        #expect(error.description.contains("Unknown device type"))
    }

    @Test func permissionErrorsSayWhatIsNeeded() {
        #expect(NetlinkError.kernelRejected(operation: "add rule", errno: EPERM, message: nil).description.contains("CAP_NET_ADMIN"))
    }
}

#if canImport(Glibc)
import Glibc
#endif
import Testing
import Netlink

/// Generic netlink against the real kernel, in a namespace of the test's own.
@Suite struct KernelGenericTests {
    @Test func resolvesTheControllerItself() async throws {
        let namespace = try await TestNamespace.create()
        defer { namespace.close() }
        let generic = try GenericNetlink(socket: namespace.generic)
        let family = try generic.family(named: "nlctrl")
        #expect(family.id == 0x10)
        #expect(family.name == "nlctrl")
        #expect(family.version >= 1)
        #expect(family.multicastGroups.map(\.name).contains("notify"))
    }

    @Test func anUnknownFamilyIsNotFound() async throws {
        let namespace = try await TestNamespace.create()
        defer { namespace.close() }
        let generic = try GenericNetlink(socket: namespace.generic)
        #expect(throws: NetlinkError.familyNotFound(name: "vpnctl-nofam")) {
            try generic.family(named: "vpnctl-nofam")
        }
        // Longer than GENL_NAMSIZ allows: refused before the kernel sees it.
        #expect(throws: NetlinkError.self) { try generic.family(named: "vpnctl-no-such-family") }
    }

    /// Without the module, the `wireguard` family is missing too: the same fallback cue.
    @Test func theWireGuardFamilyIsMissingHere() async throws {
        let namespace = try await TestNamespace.create()
        defer { namespace.close() }
        let error = try #require(throws: NetlinkError.self) { try WireGuardNetlink(socket: namespace.generic) }
        guard case .kernelLacksWireGuard = error else {
            Issue.record("expected kernelLacksWireGuard, got \(error)")
            return
        }
        #expect(error.errno == ENOENT)
    }

    @Test func theWrongSocketKindIsRefused() async throws {
        let namespace = try await TestNamespace.create()
        defer { namespace.close() }
        #expect(throws: NetlinkError.self) { try GenericNetlink(socket: namespace.route.socket) }
        #expect(throws: NetlinkError.self) { try RTNetlink(socket: namespace.generic) }
    }
}

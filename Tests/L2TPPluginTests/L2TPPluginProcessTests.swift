import Foundation
@testable import L2TPPlugin
import PluginKit
import Testing
import TestSupport

/// The built plugin, launched as the daemon launches it, inside a namespace
/// of the test's own on this machine's kernel, which has neither PPP nor
/// ESP: it must say so, refuse to connect naming what is missing, refuse bad
/// input naming the field, and change nothing.
@Suite(.serialized) struct L2TPPluginProcessTests {
    func connectParams(_ namespace: PluginNamespace, psk: String? = Fixtures.psk, allowInsecure: Bool = false) -> ConnectParams {
        Fixtures.params(address: TestNetwork.serverAddress, psk: psk, interface: namespace.interface, allowInsecure: allowInsecure)
    }

    @Test func initializeAndConnectNameWhatTheKernelLacks() async throws {
        let missing = KernelSupport.detect().missing()
        try #require(!missing.isEmpty, "this test runs on a kernel without PPP or ESP (the VM has both: see KernelTests)")
        let namespace = try PluginNamespace()
        try await namespace.up()
        defer { namespace.down() }
        let before = try await namespace.snapshot()

        let (plugin, hello) = try await PluginConnection.launch(try namespace.descriptor(), hostVersion: "test")
        #expect(!hello.usable)
        #expect(hello.protocols == ["l2tp-ipsec"])
        #expect(hello.notes.contains { $0.contains("/dev/ppp") } == missing.contains { $0.contains("/dev/ppp") })
        #expect(hello.notes.contains { $0.contains("esp4") } == missing.contains { $0.contains("esp4") })

        let started = ContinuousClock.now
        do throws(PluginError) {
            _ = try await plugin.call(Contract.Connect.self, connectParams(namespace), timeout: .seconds(30))
            Issue.record("connected on a kernel without PPP or ESP")
        } catch {
            #expect(error.description.contains("cannot run on this kernel"))
            for problem in missing { #expect(error.description.contains(problem)) }
        }
        // Failing fast: nothing was started to wait for.
        #expect(ContinuousClock.now - started < .seconds(10))
        let down = try await plugin.call(Contract.Disconnect.self, DisconnectParams(), timeout: .seconds(15))
        #expect(down.phase == .disconnected)
        await plugin.terminate()
        let after = try await namespace.snapshot()
        #expect(after == before, "\(PluginNamespace.difference(before, after))")
        #expect(!FileManager.default.fileExists(atPath: namespace.privateDirectory))
    }

    @Test func plainL2TPIsRefusedWithoutAllowInsecure() async throws {
        let namespace = try PluginNamespace()
        try await namespace.up()
        defer { namespace.down() }
        let before = try await namespace.snapshot()
        let plugin = try await namespace.launch()
        do throws(PluginError) {
            _ = try await plugin.call(Contract.Connect.self, connectParams(namespace, psk: nil), timeout: .seconds(30))
            Issue.record("accepted plain L2TP without allow_insecure")
        } catch {
            #expect(error.description.contains("refusing plain L2TP without IPsec"))
            #expect(error.description.contains("the MS-CHAPv2 password exchange included, would cross the internet unencrypted"))
        }
        await plugin.terminate()
        let after = try await namespace.snapshot()
        #expect(after == before, "\(PluginNamespace.difference(before, after))")
    }

    /// With allow_insecure the refusal is only the kernel's: no /dev/ppp.
    @Test func plainL2TPWithAllowInsecureStillNeedsPPP() async throws {
        try #require(!KernelSupport.detect().hasPPP, "this test runs on a kernel without PPP")
        let namespace = try PluginNamespace()
        try await namespace.up()
        defer { namespace.down() }
        let plugin = try await namespace.launch()
        do throws(PluginError) {
            _ = try await plugin.call(Contract.Connect.self, connectParams(namespace, psk: nil, allowInsecure: true), timeout: .seconds(30))
            Issue.record("connected without /dev/ppp")
        } catch {
            #expect(error.description.contains("/dev/ppp"))
            #expect(!error.description.contains("esp4"), "plain L2TP needs no ESP")
        }
        await plugin.terminate()
        #expect(namespace.daemons().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: namespace.privateDirectory))
    }

    @Test func everyHostileValueIsRefusedByThePluginAndNothingStarts() async throws {
        let namespace = try PluginNamespace()
        try await namespace.up()
        defer { namespace.down() }
        let before = try await namespace.snapshot()
        let plugin = try await namespace.launch()
        for entry in Fixtures.hostile {
            var params = entry.params
            // Aim at the test's namespace, keeping the hostile field.
            if entry.field != "server.address" { params.server.address = TestNetwork.serverAddress }
            if entry.field != "options.interface_name" { params.options.interfaceName = namespace.interface }
            do throws(PluginError) {
                _ = try await plugin.call(Contract.Connect.self, params, timeout: .seconds(30))
                Issue.record("the plugin accepted \(entry.name)")
            } catch {
                #expect(error.description.contains(entry.field), "\(entry.name): \(error.description)")
            }
            #expect(namespace.daemons().isEmpty, "\(entry.name) started a daemon")
            #expect(!FileManager.default.fileExists(atPath: namespace.privateDirectory), "\(entry.name) made the private directory")
        }
        #expect(!FileManager.default.fileExists(atPath: "/run/vpnctl-l2tp/etc"))
        await plugin.terminate()
        let after = try await namespace.snapshot()
        #expect(after == before, "\(PluginNamespace.difference(before, after))")
    }

    @Test func disconnectWithAnInterfaceAfterACrashRemovesTheFolder() async throws {
        let namespace = try PluginNamespace()
        try await namespace.up()
        defer { namespace.down() }
        // What a killed plugin leaves before it starts anything: its folder,
        // with pid files naming no live daemon of ours.
        let directory = PrivateDirectory(interface: namespace.interface)
        try directory.create()
        defer { directory.remove() }
        try directory.write("xl2tpd.pid", "\(getpid())\n")
        let plugin = try await namespace.launch()
        let down = try await plugin.call(Contract.Disconnect.self, DisconnectParams(interface: namespace.interface), timeout: .seconds(15))
        #expect(down.phase == .disconnected)
        await plugin.terminate()
        #expect(!FileManager.default.fileExists(atPath: namespace.privateDirectory))
        // The stale pid named the test process, not an xl2tpd: left alone.
        #expect(kill(getpid(), 0) == 0)
    }
}

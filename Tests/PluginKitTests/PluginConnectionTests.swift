import Foundation
import PluginKit
import Testing

/// The host side against real child processes: a plugin that works, and
/// each way one can fail. The test process is the host, and must stay up.
@Suite struct PluginConnectionTests {
    let plugins = try! TestPlugins()

    let connect = ConnectParams(
        protocolName: "test-udp",
        server: ServerEndpoint(id: "de-fra-001", hostname: "de-fra-001.vpn.example.net", address: "203.0.113.11", port: 51820, transport: "udp"),
        parameters: ["public_key": "QZ+rhZNTePHXA/Da8RfeSdpqZAcQWmoImVqMBpGDH4M="],
        credentials: Credentials(privateKey: "secret-key-material")
    )

    @Test func aWorkingPluginConnectsReportsAndDisconnects() async throws {
        let (plugin, hello) = try await PluginConnection.launch(try plugins.install("good"), hostVersion: "test")
        #expect(hello.name == "good")
        #expect(hello.protocols == ["test-udp"])
        #expect(hello.contractVersion == Contract.version)
        // Secrets never on the command line or in the environment.
        #expect(hello.notes.contains("argv=1"))
        #expect(hello.notes.contains("env=LANG,PATH"))

        let connected = try await plugin.call(Contract.Connect.self, connect, timeout: .seconds(5))
        #expect(connected.phase == .connected)
        #expect(connected.interface == "tun-test")
        #expect(connected.reason == "connected to 203.0.113.11")

        let status = try await plugin.call(Contract.Status.self, StatusParams(), timeout: .seconds(5))
        #expect(status.stats == TunnelStats(receivedBytes: 1200, sentBytes: 800))
        let disconnected = try await plugin.call(Contract.Disconnect.self, DisconnectParams(), timeout: .seconds(5))
        #expect(disconnected.phase == .disconnected)

        let pid = plugin.processIdentifier
        await plugin.terminate()
        #expect(!processExists(pid))
        var seen: [PluginNotification] = []
        for await notification in plugin.notifications { seen.append(notification) }
        #expect(seen.contains(.state(TunnelState(phase: .connecting))))
        #expect(seen.contains(.log(LogEntry(level: .info, message: "good: key received"))))
        #expect(seen.contains { if case .state(let state) = $0 { state.phase == .connected } else { false } })
    }

    @Test func aCrashIsReportedWithWhatThePluginLastSaid() async throws {
        let (plugin, _) = try await PluginConnection.launch(try plugins.install("crash"), hostVersion: "test")
        do throws(PluginError) {
            _ = try await plugin.call(Contract.Connect.self, connect, timeout: .seconds(5))
            Issue.record("connect succeeded")
        } catch {
            guard case let .exited(name, status, lastErrors) = error else { Issue.record("\(error)"); return }
            #expect(name == "crash")
            #expect(status == 3)
            #expect(lastErrors.contains("fatal: cannot open /dev/ppp"))
            #expect(error.description.contains("exited (status 3)"))
        }
        var last: PluginNotification?
        for await notification in plugin.notifications { last = notification }
        guard case .failed(.exited)? = last else { Issue.record("last notification \(String(describing: last))"); return }
        // The host goes on: another plugin starts and answers.
        let (other, _) = try await PluginConnection.launch(try plugins.install("good"), hostVersion: "test")
        await other.terminate()
    }

    @Test func aHungPluginIsKilledAtItsDeadline() async throws {
        let descriptor = try plugins.install("hang")
        do throws(PluginError) {
            _ = try await PluginConnection.launch(descriptor, hostVersion: "test", timeout: .milliseconds(500))
            Issue.record("a hung plugin was accepted")
        } catch {
            #expect(error == .timedOut(plugin: "hang", method: "initialize", seconds: 0.5))
        }
        // The error names the deadline that ended the wait (without one
        // this would wait forever), and the plugin is gone.
        #expect(try runningCopies(of: "hang") == 0)
    }

    @Test func garbageOnStdoutIsRejected() async throws {
        let descriptor = try plugins.install("garbage")
        do throws(PluginError) {
            _ = try await PluginConnection.launch(descriptor, hostVersion: "test")
            Issue.record("garbage accepted")
        } catch {
            guard case let .malformedOutput(name, detail) = error else { Issue.record("\(error)"); return }
            #expect(name == "garbage")
            #expect(detail.contains("hello, I am not JSON"))
        }
        #expect(try runningCopies(of: "garbage") == 0)
    }

    @Test func aWrongContractVersionIsRefused() async throws {
        let descriptor = try plugins.install("old-contract")
        do throws(PluginError) {
            _ = try await PluginConnection.launch(descriptor, hostVersion: "test")
            Issue.record("contract 99 accepted")
        } catch {
            #expect(error == .contractMismatch(plugin: "old-contract", theirs: 99, ours: Contract.version))
            #expect(error.description.contains("install a matching version"))
        }
        #expect(try runningCopies(of: "old-contract") == 0)
    }

    /// Processes still running this test's copy of the plugin.
    private func runningCopies(of mode: String) throws -> Int {
        let path = plugins.directory.url.appendingPathComponent(mode).path
        return try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { name in
            guard Int32(name) != nil, let cmdline = FileManager.default.contents(atPath: "/proc/\(name)/cmdline") else { return false }
            return String(decoding: cmdline, as: UTF8.self).contains(path)
        }.count
    }
}

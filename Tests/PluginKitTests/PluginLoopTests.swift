import JSONRPC
import Foundation
import Testing
@testable import PluginKit

/// The plugin side, driven through real pipes as a host would.
@Suite struct PluginLoopTests {
    actor Recorder: PluginHandler {
        var disconnects = 0

        func initialize(_ params: InitializeParams) async throws -> InitializeResult {
            InitializeResult(name: "recorder", protocols: ["test-udp"], notes: ["host \(params.hostVersion)"])
        }

        func connect(_ params: ConnectParams, notifier: PluginNotifier) async throws -> TunnelState {
            await notifier.state(TunnelState(phase: .connecting))
            guard params.server.address == "203.0.113.11" else { throw PluginFailure("no route to \(params.server.address)") }
            return TunnelState(phase: .connected, interface: "wg-test")
        }

        func status() async throws -> TunnelState { TunnelState(phase: .connected) }

        func disconnect(_ params: DisconnectParams) async throws -> TunnelState {
            disconnects += 1
            return TunnelState(phase: .disconnected)
        }
    }

    @Test func answersRequestsAndDisconnectsWhenTheHostLeaves() async throws {
        let toPlugin = Pipe(), fromPlugin = Pipe()
        let handler = Recorder()
        let loop = Task { await PluginLoop.run(handler, input: toPlugin.fileHandleForReading, output: fromPlugin.fileHandleForWriting) }

        func send(_ message: RPCMessage) throws { try toPlugin.fileHandleForWriting.write(contentsOf: message.encodedLine()) }
        var lines = PipeReader.stream(fromPlugin.fileHandleForReading.fileDescriptor, limit: 1 << 20).makeAsyncIterator()
        func receive() async throws -> RPCMessage {
            guard case let .line(bytes)? = await lines.next() else { throw PluginFailure("no more output") }
            return try RPCMessage(line: bytes)
        }

        try send(.request(id: 1, method: "initialize", params: try RPCValue(encoding: InitializeParams(hostVersion: "9.9"))))
        guard case let .response(1, .success(hello)) = try await receive() else { Issue.record("no initialize answer"); return }
        #expect(try hello.decode(InitializeResult.self).notes == ["host 9.9"])

        let endpoint = ServerEndpoint(id: "x", hostname: "x.example.net", address: "192.0.2.99", port: 1, transport: "udp")
        try send(.request(id: 2, method: "connect", params: try RPCValue(encoding: ConnectParams(protocolName: "test-udp", server: endpoint))))
        guard case let .notification("state", state) = try await receive() else { Issue.record("no state notification"); return }
        #expect(try state.decode(TunnelState.self).phase == .connecting)
        guard case let .response(2, .failure(error)) = try await receive() else { Issue.record("connect should fail"); return }
        #expect(error.message == "no route to 192.0.2.99")

        try send(.request(id: 3, method: "no-such-method", params: .null))
        guard case let .response(3, .failure(unknown)) = try await receive() else { Issue.record("unknown method answered"); return }
        #expect(unknown.code == RPCErrorObject.methodNotFound)

        try send(.request(id: 4, method: "connect", params: .string("not params")))
        guard case let .response(4, .failure(invalid)) = try await receive() else { Issue.record("bad params answered"); return }
        #expect(invalid.code == RPCErrorObject.invalidParams)

        try toPlugin.fileHandleForWriting.close()
        await loop.value
        #expect(await handler.disconnects == 1)
    }
}

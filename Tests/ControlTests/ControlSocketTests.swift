import Foundation
import Testing
@testable import Control

@Suite struct ControlSocketTests {
    let directory: String = {
        let path = "/tmp/vpnctl-control-\(UInt32.random(in: 0...UInt32.max))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    @Test func requestsReachTheHandlerAndAnswersComeBack() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/vpnctld.sock"
        let server = try ControlServer.start(at: path) { request, peer in
            switch request {
            case let .connect(parameters):
                .status(StatusReport(state: "connected", location: parameters.location, protocolName: parameters.protocolName, reason: "uid \(peer.map(String.init) ?? "?")"))
            case .disconnect:
                .failure(ControlFailure(.connectionFailed, "Not connected."))
            default:
                .status(StatusReport(state: "disconnected"))
            }
        }
        #expect(server.path == path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let answer = try await ControlClient.call(ControlMethods.Connect.self, ConnectRequest(location: "zürich", protocolName: "wireguard", seed: 7), to: path)
        let report = try answer.get()
        #expect(report.state == "connected")
        #expect(report.location == "zürich")
        #expect(report.protocolName == "wireguard")
        #expect(report.reason == "uid \(getuid())")

        let refusal = try await ControlClient.call(ControlMethods.Disconnect.self, to: path)
        #expect(refusal == .failure(ControlFailure(.connectionFailed, "Not connected.")))
    }

    @Test func noDaemonIsSaidPlainly() async {
        await #expect(throws: ControlError.daemonNotRunning(path: directory + "/none.sock")) {
            try await ControlClient.call(ControlMethods.Status.self, to: directory + "/none.sock")
        }
        #expect(!ControlClient.isListening(at: directory + "/none.sock"))
    }

    @Test func garbageGetsAnErrorNotACrash() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/vpnctld.sock"
        _ = try ControlServer.start(at: path) { _, _ in .status(StatusReport(state: "disconnected")) }
        let socket = try #require(UnixSocket.connect(to: path))
        #expect(socket.write(Array("hello\n".utf8)))
        let line = try #require(socket.readLine())
        #expect(String(decoding: line, as: UTF8.self).contains("not a vpnctl control request"))
    }
}

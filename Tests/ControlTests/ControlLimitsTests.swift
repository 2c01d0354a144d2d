import Foundation
import Testing
@testable import Control

/// The control socket's doors: a request must arrive whole within its
/// deadline, however slowly its bytes trickle; a slow client holds no one
/// else up; past the connection cap the daemon says it is busy; and a peer
/// the policy does not admit is refused by its uid.
@Suite struct ControlLimitsTests {
    let directory: String = {
        let path = "/tmp/vpnctl-control-limits-\(UInt32.random(in: 0...UInt32.max))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()
    var path: String { directory + "/vpnctld.sock" }

    func start(_ limits: ControlServer.Limits) throws {
        _ = try ControlServer.start(at: path, limits: limits) { _, _ in .status(StatusReport(state: "disconnected")) }
    }

    /// Sends `text` one byte at a time, `pause` apart, on a thread of its own.
    func trickle(_ socket: UnixSocket, _ text: String, pause: Duration) -> Task<Void, Never> {
        Task.detached {
            for byte in Array(text.utf8) {
                guard socket.write([byte]) else { return }
                try? await Task.sleep(for: pause)
            }
        }
    }

    @Test func aTricklingRequestIsCutOffAtItsDeadline() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var limits = ControlServer.Limits()
        limits.requestDeadline = .milliseconds(600)
        try start(limits)
        let slow = try #require(UnixSocket.connect(to: path))
        // A byte every 100 ms never trips a per-read timeout; the whole line
        // would take 10 s, and had it arrived, it would be answered (as not a
        // request). Closed unanswered means cut off before its end.
        let sender = trickle(slow, String(repeating: "x", count: 100) + "\n", pause: .milliseconds(100))
        defer { sender.cancel() }
        let closed = await Task.detached { slow.readLine() }.value
        #expect(closed == nil)
    }

    @Test func aSlowClientHoldsNoOneElseUp() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var limits = ControlServer.Limits()
        limits.requestDeadline = .seconds(60)
        try start(limits)
        let slow = try #require(UnixSocket.connect(to: path))
        #expect(slow.write(Array("{".utf8)))
        // It has a minute left; another client is answered meanwhile.
        let answer = try await ControlClient.call(ControlMethods.Status.self, to: path)
        #expect(try answer.get().state == "disconnected")
        #expect(slow.write(Array("}\n".utf8)), "the slow one is still being served")
    }

    @Test func pastTheConnectionCapTheDaemonSaysItIsBusy() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var limits = ControlServer.Limits()
        limits.connections = 2
        limits.requestDeadline = .seconds(30)
        try start(limits)
        // Two connections that say nothing hold both places.
        let first = try #require(UnixSocket.connect(to: path)), second = try #require(UnixSocket.connect(to: path))
        let turnedAway = try await ControlClient.call(ControlMethods.Status.self, to: path)
        guard case let .failure(failure) = turnedAway else { Issue.record("served past the cap: \(turnedAway)"); return }
        #expect(failure.status == .unavailable)
        #expect(failure.message.contains("answering 2 requests already"))
        // A place frees when one of them ends.
        #expect(first.write(Array("\n".utf8)))
        _ = await Task.detached { first.readLine() }.value
        var served = false
        for _ in 0..<100 where !served {
            if case .success = try await ControlClient.call(ControlMethods.Status.self, to: path) { served = true }
        }
        #expect(served)
        _ = second
    }

    @Test func aPeerThePolicyDoesNotAdmitIsRefusedByUID() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var limits = ControlServer.Limits()
        limits.admits = { $0 == 4242 }
        try start(limits)
        let answer = try await ControlClient.call(ControlMethods.Status.self, to: path)
        #expect(answer == .failure(ControlFailure(
            .permission, "uid \(geteuid()) may not control vpnctl: ask an administrator to run the command, or to add you to the group that may"
        )))
    }
}

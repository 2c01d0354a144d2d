import Foundation
import ProbePackets
import Testing
import TestSupport

/// Started as root, the responder opens its sockets and becomes `nobody`
/// with no capability left, and answers all the same, raw ESP included.
@Suite struct PrivilegeDropTests {
    private let server = ResponderNetwork.serverAddress

    /// A line of /proc/PID/status, by its name.
    static func status(_ pid: pid_t, _ field: String) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first { $0.hasPrefix(field + ":") }
            .map { String($0.dropFirst(field.count + 1)).trimmingCharacters(in: .whitespaces) }
    }

    @Test func afterItsStartItIsNobodyWithoutCapabilities() async throws {
        try await ResponderFixture.run { network, responder in
            let nobody = try #require(getpwnam("nobody")).pointee.pw_uid
            let uids = Self.status(responder.pid, "Uid")?.split(separator: "\t").compactMap { UInt32($0) }
            #expect(uids == [nobody, nobody, nobody, nobody], "real, effective, saved and filesystem uid")
            for set in ["CapInh", "CapPrm", "CapEff", "CapAmb"] {
                #expect(Self.status(responder.pid, set) == "0000000000000000", "\(set)")
            }
            #expect(Self.status(responder.pid, "Groups")?.isEmpty == true)

            let socket = try await ClientSocket.raw(in: network.client, protocol: 50)
            let request = try ESPEchoPacket(spi: 0x0700, sequence: 1, payload: ProbeEchoPayload(probeID: 1, timestamp: 1).encoded()).encoded()
            let received = try await offPool { [server] in
                try socket.send(request, to: server)
                return try socket.receive(within: 3)
            }
            #expect(try ESPEchoPacket(parsing: received.bytes).spi == 0x0700)
        }
    }

    @Test func aUserThatIsRootOrMissingIsRefused() async throws {
        for (user, message) in [("root", "is root"), ("no-such-user-here", "no such user")] {
            let network = ResponderNetwork()
            try await offPool { try network.up() }
            let process = try ResponderProcess(namespace: network.server, arguments: ["--address", server, "--user", user])
            do {
                try await process.start()
                Issue.record("the responder started as \(user)")
            } catch {
                #expect("\(error)".contains(message), "\(error)")
            }
            _ = try await process.stop()
            process.removeFiles()
            network.down()
        }
    }
}

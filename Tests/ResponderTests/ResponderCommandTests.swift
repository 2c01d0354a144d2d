#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TestSupport

/// The command line: wrong arguments are refused with a sentence naming them,
/// and SIGINT ends the responder as cleanly as SIGTERM.
@Suite struct ResponderCommandTests {
    @Test(arguments: [
        (["--address", "not-an-address"], "not an IPv4 address"),
        (["--address", "2001:db8::1"], "not an IPv4 address"),
        (["--address", "203.0.113.11", "--port", "65535"], "second STUN port"),
        (["--address", "203.0.113.11", "--rate-per-source", "0"], "--rate-per-source must be at least 1"),
        (["--address", "203.0.113.11", "--no-pptp", "--pptp-port", "1723"], "contradict"),
        (["--address", "203.0.113.11", "--pptp-port", "3478"], "is the probe port"),
        // Nothing holds this address in the namespace: binding fails and says where.
        (["--address", "203.0.113.99"], "cannot bind UDP 203.0.113.99:3478"),
    ])
    func badArgumentsAreRefusedByName(arguments: [String], message: String) async throws {
        let network = ResponderNetwork()
        do {
            try await offPool { try network.up() }
            let process = try ResponderProcess(namespace: network.server, arguments: arguments)
            do {
                try await process.start()
                Issue.record("the responder started with \(arguments)")
            } catch {
                #expect("\(error)".contains(message), "\(error)")
            }
            let status = try await process.stop()
            #expect(status != 0)
            process.removeFiles()
        } catch {
            Issue.record(error)
        }
        network.down()
        #expect(try await offPool { try network.remains() } == false, "a test namespace was left behind")
    }

    @Test func sigintEndsItCleanly() async throws {
        try await ResponderFixture.run(["--no-pptp", "--no-gre", "--no-esp"]) { _, responder in
            kill(responder.pid, SIGINT)
            let status = try await responder.stop()
            #expect(responder.process.terminationReason == .exit && status == 0)
            #expect(responder.log.contains("stopping on signal \(SIGINT)"))
        }
    }
}

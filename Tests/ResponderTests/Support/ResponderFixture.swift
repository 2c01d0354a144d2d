#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TestSupport

/// A responder running in a namespace pair of the test's own; afterwards it is
/// stopped with SIGTERM (which must end it with status 0), the namespaces are
/// removed, and both are checked to be gone, however the test ended.
enum ResponderFixture {
    static let server = ResponderNetwork.serverAddress

    static func run(
        _ arguments: [String] = [],
        _ body: (ResponderNetwork, ResponderProcess) async throws -> Void
    ) async throws {
        let network = ResponderNetwork()
        var responder: ResponderProcess?
        var failure: (any Error)?
        do {
            try await offPool { try network.up() }
            let process = try ResponderProcess(namespace: network.server, arguments: ["--address", server, "--port", "3478"] + arguments)
            responder = process
            try await process.start()
            try await body(network, process)
            #expect(process.isRunning || process.stopRequested, "the responder ended during the test: \(process.log)")
        } catch {
            failure = error
        }
        if let responder, responder.launched {
            let status = try await responder.stop()
            #expect(responder.process.terminationReason == .exit && status == 0, "the responder did not end cleanly on SIGTERM: \(responder.log)")
            #expect(kill(responder.pid, 0) == -1 && errno == ESRCH, "the responder process is still there")
            responder.removeFiles()
        }
        network.down()
        #expect(try await offPool { try network.remains() } == false, "a test namespace was left behind")
        if let failure { throw failure }
    }
}

import Foundation
import Testing
import TestSupport
@testable import Directory

/// `HTTPClient.Options.socketMark` on the wire: the HTTPS test provider
/// serves on the loopback of a namespace of the test's own, behind an
/// nftables output chain that lets packets to its port out only when they
/// carry the mark 0xca6c, counting marked and unmarked ones apart. The
/// transfers run on a thread inside that namespace (`CurlTransfer.perform`,
/// what `HTTPClient.send` runs on a thread of its own).
@Suite struct HTTPSocketMarkTests {
    static let mark: UInt32 = 0xCA6C
    static let body = Array(#"{"schema": 1, "servers": []}"#.utf8)

    final class MarkedProvider: Sendable {
        let namespace: PrivateNamespace
        let root: TemporaryDirectory
        let provider: TestProvider

        private init(namespace: PrivateNamespace, root: TemporaryDirectory, provider: TestProvider) {
            self.namespace = namespace
            self.root = root
            self.provider = provider
        }

        static func start() async throws -> MarkedProvider {
            let namespace = try PrivateNamespace(prefix: "vpnmark-h")
            let root: TemporaryDirectory
            do {
                root = try TemporaryDirectory()
                try root.write("servers.json", HTTPSocketMarkTests.body)
            } catch {
                namespace.delete()
                throw error
            }
            do {
                let provider = try await TestProvider.start(root: root.url, networkNamespace: namespace.name)
                let started = MarkedProvider(namespace: namespace, root: root, provider: provider)
                do {
                    try namespace.nft("""
                        table inet vpnmark {
                            chain output {
                                type filter hook output priority filter; policy accept;
                                ip daddr 127.0.0.1 tcp dport \(provider.port) meta mark 0xca6c counter accept comment "marked"
                                ip daddr 127.0.0.1 tcp dport \(provider.port) counter drop comment "unmarked"
                            }
                        }
                        """)
                } catch {
                    started.stop()
                    throw error
                }
                return started
            } catch {
                root.remove()
                namespace.delete()
                throw error
            }
        }

        func packets(_ comment: String) throws -> Int {
            try namespace.packets(table: "vpnmark", chain: "output", comment: comment)
        }

        /// A short connect timeout only where the connect is to be dropped.
        func options(mark: UInt32?, connectTimeout: Duration = .seconds(10)) -> HTTPClient.Options {
            HTTPClient.Options(caFile: provider.caFile.path, connectTimeout: connectTimeout, totalTimeout: .seconds(20), socketMark: mark)
        }

        /// One GET of servers.json from inside the namespace, with `options`;
        /// `dropping` capabilities from that thread first.
        func get(_ options: HTTPClient.Options, dropping capabilities: [Int] = []) async throws -> Result<HTTPResponse, HTTPError> {
            let request = HTTPRequest(url: provider.url("servers.json"))
            let target = try HTTPTarget(request.url, method: request.method)
            return try await namespace.run {
                try ThreadCapabilities.drop(capabilities)
                return CurlTransfer.perform(request, target: target, options: options)
            }
        }

        func stop() {
            provider.stop()
            root.remove()
            namespace.delete()
        }
    }

    @Test func aMarkedRequestReachesAProviderThatOnlyMarkedPacketsMayReach() async throws {
        let marked = try await MarkedProvider.start()
        defer { marked.stop() }

        let response = try await marked.get(marked.options(mark: Self.mark)).get()
        #expect(response.status == 200)
        #expect(response.body == Self.body)
        #expect(try marked.packets("marked") > 0)
        #expect(try marked.packets("unmarked") == 0)
    }

    /// The same request without a mark: the rule is what lets the marked one through.
    @Test func anUnmarkedRequestIsDroppedByTheSameRules() async throws {
        let marked = try await MarkedProvider.start()
        defer { marked.stop() }

        #expect(HTTPClient.Options().socketMark == nil)
        let result = try await marked.get(marked.options(mark: nil, connectTimeout: .seconds(1)))
        guard case let .failure(error) = result else { Issue.record("expected the request to be dropped, got \(result)"); return }
        #expect(error == .timeout(url: marked.provider.url("servers.json"), phase: .connect, seconds: 1), "\(error)")
        #expect(try marked.packets("marked") == 0)
        #expect(try marked.packets("unmarked") > 0)
    }

    /// Without CAP_NET_ADMIN (and CAP_NET_RAW, which also allows SO_MARK)
    /// the transfer fails saying what is missing, and sends nothing: not
    /// even an unmarked SYN.
    @Test func aMarkThatCannotBeSetFailsTheTransferAndNothingIsSent() async throws {
        let marked = try await MarkedProvider.start()
        defer { marked.stop() }

        let result = try await marked.get(marked.options(mark: Self.mark), dropping: [ThreadCapabilities.netAdmin, ThreadCapabilities.netRaw])
        guard case let .failure(error) = result else { Issue.record("expected a failure, got \(result)"); return }
        let url = marked.provider.url("servers.json")
        #expect(error == .socketMarkFailed(url: url, mark: Self.mark, errno: EPERM), "\(error)")
        #expect(error.description == "Cannot mark the connection for \(url) with firewall mark 0xca6c (SO_MARK): that needs root or CAP_NET_ADMIN, which this process lacks. Run it as the daemon runs (as root); nothing was sent.")
        #expect(try marked.packets("marked") == 0)
        #expect(try marked.packets("unmarked") == 0)
    }
}

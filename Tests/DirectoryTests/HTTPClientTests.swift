import Foundation
import Testing
import TestSupport
@testable import Directory

/// HTTPClient against the real provider fixture on 127.0.0.1: each test
/// starts its own provider, from its own files.
@Suite struct HTTPClientTests {
    /// A provider's files: a compressible list, its signature file, one
    /// premium account whose token is unique to the test.
    final class Fixture: Sendable {
        let root: TemporaryDirectory
        let list: [UInt8]
        let token = "premium-" + UUID().uuidString.lowercased()

        init(maxDevices: Int = 10) throws {
            root = try TemporaryDirectory()
            let servers = (0..<200).map { #"{"id": "de-fra-\#($0)", "location": "de-fra", "load": \#($0 % 100)}"# }
            list = Array(#"{"schema": 1, "servers": [\#(servers.joined(separator: ", "))]}"#.utf8)
            try root.write("servers.json", list)
            try root.write("servers.json.sig", "c2lnbmF0dXJl\n")
            try root.write("accounts.json", #"{"\#(token)": {"tier": "premium", "max_devices": \#(maxDevices)}}"#)
        }

        func start(_ certificate: TestProvider.Certificate = .trusted) async throws -> TestProvider {
            try await TestProvider.start(root: root.url, certificate: certificate)
        }
    }

    static func client(_ provider: TestProvider, _ change: (inout HTTPClient.Options) -> Void = { _ in }) -> HTTPClient {
        var options = HTTPClient.Options(caFile: provider.caFile.path)
        change(&options)
        return HTTPClient(options: options)
    }

    /// The error `fetch` throws; records an issue when it succeeds instead.
    static func failure(of request: HTTPRequest, with client: HTTPClient) async -> HTTPError? {
        do {
            let response = try await client.fetch(request)
            Issue.record("expected an error, got HTTP \(response.status)")
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Answers

    @Test func fetchesABodyWithItsETag() async throws {
        let fixture = try Fixture()
        let provider = try await fixture.start()
        defer { provider.stop() }

        let response = try await Self.client(provider).fetch(HTTPRequest(url: provider.url("servers.json")))
        #expect(response.status == 200)
        #expect(response.body == fixture.list)
        #expect(response.headers["content-type"] == "application/json")
        let etag = try #require(response.etag)
        #expect(etag.hasPrefix("\"") && etag.hasSuffix("\"") && etag.count > 20)
    }

    @Test func answersNotModifiedForTheSameETag() async throws {
        let fixture = try Fixture()
        let provider = try await fixture.start()
        defer { provider.stop() }
        let client = Self.client(provider)

        let first = try await client.fetch(HTTPRequest(url: provider.url("servers.json")))
        let again = try await client.fetch(HTTPRequest(url: provider.url("servers.json"), ifNoneMatch: first.etag))
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        #expect(again.etag == first.etag)

        let stale = try await client.fetch(HTTPRequest(url: provider.url("servers.json"), ifNoneMatch: #""0123456789abcdef""#))
        #expect(stale.status == 200)
        #expect(stale.body == fixture.list)
    }

    @Test func decodesAGzipTransfer() async throws {
        let fixture = try Fixture()
        let provider = try await fixture.start()
        defer { provider.stop() }

        let response = try await Self.client(provider).fetch(HTTPRequest(url: provider.url("servers.json")))
        #expect(response.headers["content-encoding"] == "gzip")
        #expect(response.body == fixture.list)
    }

    @Test(arguments: [404, 500, 503])
    func refusesAnErrorStatus(_ code: Int) async throws {
        let fixture = try Fixture()
        let provider = try await fixture.start()
        defer { provider.stop() }
        let client = Self.client(provider)
        let url = provider.url("_test/status/\(code)")

        let error = await Self.failure(of: HTTPRequest(url: url), with: client)
        #expect(error == .status(code, url: url, snippet: "test status \(code)"))
        #expect(error?.description.contains("HTTP \(code)") == true)
        // send() hands any status back.
        #expect(try await client.send(HTTPRequest(url: url)).status == code)
    }

    @Test func followsAnHTTPSRedirect() async throws {
        let fixture = try Fixture()
        let provider = try await fixture.start()
        defer { provider.stop() }

        let response = try await Self.client(provider).fetch(HTTPRequest(url: provider.url("_test/redirect?to=/servers.json")))
        #expect(response.status == 200)
        #expect(response.body == fixture.list)
        #expect(response.etag != nil) // the final response's headers, not the 302's
    }

    @Test func refusesARedirectToPlainHTTPAndALoop() async throws {
        let fixture = try Fixture()
        let provider = try await fixture.start()
        defer { provider.stop() }
        let client = Self.client(provider)

        let down = await Self.failure(of: HTTPRequest(url: provider.url("_test/redirect?to=http://127.0.0.1:\(provider.port)/servers.json")), with: client)
        guard case .redirectRefused? = down else { Issue.record("got \(String(describing: down))"); return }
        let loop = await Self.failure(of: HTTPRequest(url: provider.url("_test/redirect")), with: client)
        guard case let .redirectRefused(_, detail)? = loop else { Issue.record("got \(String(describing: loop))"); return }
        #expect(detail.contains("redirect"))
    }

    // MARK: - Limits

    @Test func stopsAtTheTotalTimeout() async throws {
        let fixture = try Fixture()
        let provider = try await fixture.start()
        defer { provider.stop() }
        let client = Self.client(provider) { $0.totalTimeout = .milliseconds(500) }

        let error = await Self.failure(of: HTTPRequest(url: provider.url("_test/slow/20")), with: client)
        #expect(error == .timeout(url: provider.url("_test/slow/20"), phase: .total, seconds: 0.5))
    }

    @Test func stopsAtTheConnectTimeoutWhenTheHandshakeHangs() async throws {
        let silent = try LoopbackSocket(.stall)
        let client = HTTPClient(options: .init(connectTimeout: .milliseconds(300), totalTimeout: .seconds(20)))
        let url = "https://127.0.0.1:\(silent.port)/servers.json"

        // The phase and the limit in the error are libcurl's own account of
        // what ended the transfer; a wall clock here would also count the
        // other suites' load.
        let error = await Self.failure(of: HTTPRequest(url: url), with: client)
        #expect(error == .timeout(url: url, phase: .connect, seconds: 0.3))
    }

    /// With a Content-Length curl refuses up front; without one, the write
    /// callback stops the transfer once the cap is passed.
    @Test(arguments: ["", "?chunked=1"])
    func capsTheBody(_ query: String) async throws {
        let fixture = try Fixture()
        let provider = try await fixture.start()
        defer { provider.stop() }
        let client = Self.client(provider) { $0.maxBodyBytes = 100_000 }

        let url = provider.url("_test/big/5000000" + query)
        #expect(await Self.failure(of: HTTPRequest(url: url), with: client) == .bodyTooLarge(url: url, limit: 100_000))
        let fits = try await client.fetch(HTTPRequest(url: provider.url("_test/big/100000" + query)))
        #expect(fits.body.count == 100_000)
    }

    // MARK: - TLS

    @Test func refusesAnUntrustedCertificate() async throws {
        let fixture = try Fixture()
        let provider = try await fixture.start(.rogue)
        defer { provider.stop() }

        let error = await Self.failure(of: HTTPRequest(url: provider.url("servers.json")), with: Self.client(provider))
        guard case let .tlsFailure("127.0.0.1", .untrustedCertificate, detail)? = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
        #expect(detail.contains("certificate"))
        #expect(error?.description.contains("ca_file") == true)
    }

    @Test func refusesACertificateForAnotherName() async throws {
        let fixture = try Fixture()
        let provider = try await fixture.start(.wrongHost)
        defer { provider.stop() }

        let error = await Self.failure(of: HTTPRequest(url: provider.url("servers.json")), with: Self.client(provider))
        guard case .tlsFailure("127.0.0.1", .hostnameMismatch, _)? = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
    }

    @Test func trustsOnlyTheConfiguredBundle() async throws {
        let fixture = try Fixture()
        let provider = try await fixture.start()
        defer { provider.stop() }
        let request = HTTPRequest(url: provider.url("servers.json"))

        // The system's CAs do not know the lab CA.
        let system = await Self.failure(of: request, with: HTTPClient())
        guard case .tlsFailure(_, .untrustedCertificate, _)? = system else { Issue.record("got \(String(describing: system))"); return }

        let missing = fixture.root.url.appendingPathComponent("no-such-ca.pem").path
        let error = await Self.failure(of: request, with: HTTPClient(options: .init(caFile: missing)))
        guard case .caFileUnusable(missing?, _)? = error else { Issue.record("got \(String(describing: error))"); return }
    }

    // MARK: - URLs and transport

    @Test func readsAFileURL() async throws {
        let fixture = try Fixture()
        let client = HTTPClient()
        let url = fixture.root.url.appendingPathComponent("servers.json").absoluteString
        #expect(url.hasPrefix("file:///"))

        let response = try await client.fetch(HTTPRequest(url: url))
        #expect(response.status == 200)
        #expect(response.body == fixture.list)
        #expect(response.etag == nil)

        let missing = fixture.root.url.appendingPathComponent("absent.json")
        #expect(await Self.failure(of: HTTPRequest(url: missing.absoluteString), with: client) == .fileNotFound(path: missing.path))
    }

    @Test(arguments: [
        "http://127.0.0.1:9/servers.json", "ftp://127.0.0.1/servers.json", "file://example.com/etc/hosts",
        "https:///servers.json", "servers.json", "https://127.0.0.1/a b",
    ])
    func refusesAnUnsupportedURL(_ url: String) async {
        #expect(await Self.failure(of: HTTPRequest(url: url), with: HTTPClient()) == .unsupportedURL(url))
    }

    @Test func refusesToPostToAFile() async throws {
        let fixture = try Fixture()
        let url = fixture.root.url.appendingPathComponent("servers.json").absoluteString
        let request = HTTPRequest(.post(body: [1], contentType: "text/plain"), url: url)
        #expect(await Self.failure(of: request, with: HTTPClient()) == .unsupportedURL(url))
        #expect(try Data(contentsOf: fixture.root.url.appendingPathComponent("servers.json")) == Data(fixture.list))
    }

    @Test func reportsARefusedConnection() async throws {
        let closed = try LoopbackSocket(.refuse)
        let error = await Self.failure(of: HTTPRequest(url: "https://127.0.0.1:\(closed.port)/servers.json"), with: HTTPClient())
        #expect(error == .cannotConnect(host: "127.0.0.1", port: closed.port, reason: "Connection refused"))
        #expect(error?.description.contains("127.0.0.1 port \(closed.port)") == true)
    }

    // MARK: - The account token

    @Test func sendsTheBearerToken() async throws {
        let fixture = try Fixture()
        let provider = try await fixture.start()
        defer { provider.stop() }
        let client = Self.client(provider)

        let account = try await client.fetch(HTTPRequest(url: provider.url("account"), bearerToken: fixture.token))
        let answer = try JSONSerialization.jsonObject(with: Data(account.body)) as? [String: Any]
        #expect(answer?["tier"] as? String == "premium")

        let anonymous = await Self.failure(of: HTTPRequest(url: provider.url("account")), with: client)
        guard case .status(401, _, _)? = anonymous else { Issue.record("got \(String(describing: anonymous))"); return }
    }

    @Test func neverShowsTheBearerToken() async throws {
        let fixture = try Fixture()
        let provider = try await fixture.start()
        defer { provider.stop() }
        let token = fixture.token
        let slowClient = Self.client(provider) { $0.totalTimeout = .milliseconds(300) }
        let closed = try LoopbackSocket(.refuse)

        let requests: [(HTTPRequest, HTTPClient)] = [
            (HTTPRequest(url: provider.url("_test/echo-auth/403"), bearerToken: token), Self.client(provider)),
            (HTTPRequest(url: provider.url("account"), bearerToken: token + "x"), Self.client(provider)),
            (HTTPRequest(url: provider.url("_test/slow/20"), bearerToken: token), slowClient),
            (HTTPRequest(url: provider.url("account"), bearerToken: token), HTTPClient()),
            (HTTPRequest(url: "https://127.0.0.1:\(closed.port)/account", bearerToken: token), HTTPClient()),
            (HTTPRequest(url: "http://127.0.0.1/account", bearerToken: token), HTTPClient()),
            (HTTPRequest(url: provider.url("account"), bearerToken: token + "\r\nX-Injected: 1"), Self.client(provider)),
        ]
        var descriptions: [String] = []
        for (request, client) in requests {
            descriptions.append(String(describing: request))
            descriptions.append(String(reflecting: request))
            var dumped = ""
            dump(request, to: &dumped)
            descriptions.append(dumped)
            if let error = await Self.failure(of: request, with: client) {
                descriptions.append(error.description)
                descriptions.append(String(reflecting: error))
            }
        }
        #expect(descriptions.count == requests.count * 5)
        for text in descriptions {
            #expect(!text.contains(token), "leaked: \(text)")
        }
        // The careless server's echo is there, the token cut out of it.
        #expect(descriptions.contains { $0.contains("authorization: Bearer <redacted>") })
        #expect(descriptions.contains { $0.contains("Authorization header would contain a line break") })
    }

    @Test func cutsTheTokenOutOfAnErrorSnippet() {
        let token = "secret-" + UUID().uuidString
        let echo = { (body: String) in
            HTTPError.snippet(of: HTTPResponse(status: 403, headers: ["content-type": "text/plain"], body: Array(body.utf8)), hiding: token)
        }
        #expect(echo("denied:\n\(token)\u{202E}!") == "denied: <redacted> !")
        // Far enough in that the token straddles the part decoded, with
        // whitespace before it that collapses into the part shown.
        for padding in [600, 620, 640, 660] {
            let snippet = echo(String(repeating: " ", count: padding) + token + " and more")
            #expect(snippet?.hasPrefix("<redacted>") == true, "\(padding): \(snippet ?? "nil")")
            #expect(snippet.map { !$0.contains(token.prefix(8)) } == true)
        }
        #expect(echo("") == nil)
        #expect(HTTPError.snippet(of: HTTPResponse(status: 500, headers: ["content-type": "image/png"], body: [0x89, 0x50]), hiding: nil) == nil)
    }

    @Test func doesNotForwardTheTokenToAnotherHost() async throws {
        let fixture = try Fixture()
        let provider = try await fixture.start()
        defer { provider.stop() }

        // 127.0.0.1 and localhost are different hosts to curl, though the same server.
        let elsewhere = "https://localhost:\(provider.port)/_test/echo-auth/200"
        let sameHost = try await Self.client(provider).fetch(HTTPRequest(url: provider.url("_test/echo-auth/200"), bearerToken: fixture.token))
        #expect(String(decoding: sameHost.body, as: UTF8.self) == "authorization: Bearer \(fixture.token)\n")
        let redirected = try await Self.client(provider).fetch(HTTPRequest(url: provider.url("_test/redirect?to=\(elsewhere)"), bearerToken: fixture.token))
        #expect(String(decoding: redirected.body, as: UTF8.self) == "authorization: (none)\n")
    }

    // MARK: - Methods

    @Test func registersAndRemovesADevice() async throws {
        let fixture = try Fixture(maxDevices: 1)
        let provider = try await fixture.start()
        defer { provider.stop() }
        let client = Self.client(provider)
        let key = Data(repeating: 7, count: 32).base64EncodedString()
        let register = HTTPRequest(.post(body: Array(#"{"public_key": "\#(key)", "name": "laptop"}"#.utf8), contentType: "application/json"),
                                   url: provider.url("devices"), bearerToken: fixture.token)

        let created = try await client.fetch(register)
        #expect(created.status == 201)
        let device = try #require(try JSONSerialization.jsonObject(with: Data(created.body)) as? [String: Any])
        let address = try #require(device["ipv4_address"] as? String)
        #expect(address.hasPrefix("198.19.") && address.hasSuffix("/32"))
        // The device's own logins, never the account token.
        let logins = ["openvpn", "l2tp"].compactMap { device[$0] as? [String: String] }
        #expect(logins.count == 2)
        #expect(logins.allSatisfy { $0["password"] != fixture.token && !($0["password"] ?? "").isEmpty })

        let full = await Self.failure(of: register, with: client)
        guard case .status(403, _, _)? = full else { Issue.record("got \(String(describing: full))"); return }

        let remove = HTTPRequest(.delete, url: provider.url("devices/\(try #require(device["id"] as? String))"), bearerToken: fixture.token)
        #expect(try await client.fetch(remove).status == 204)
        #expect(try await client.send(remove).status == 404)

        let malformed = HTTPRequest(.post(body: Array("{not json".utf8), contentType: "application/json"),
                                    url: provider.url("devices"), bearerToken: fixture.token)
        #expect(try await client.send(malformed).status == 400)
    }
}

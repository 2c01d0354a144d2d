import SystemSupport
import Foundation

/// HTTPS (and `file://`) requests through libcurl.
///
/// Each request gets a fresh curl handle on a thread of its own: a transfer
/// blocks for up to `totalTimeout`, and must not hold one of the few threads
/// of Swift's cooperative pool for that long.
public struct HTTPClient: Sendable {
    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Performs `request` and returns whatever status the server answered;
    /// throws only when there is no answer.
    public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let target = try HTTPTarget(request.url, method: request.method)
        let options = options
        // libcurl's transfer blocks: a thread of its own.
        return try await DedicatedThread.run(orHere: { () throws(HTTPError) -> HTTPResponse in
            try CurlTransfer.perform(request, target: target, options: options).get()
        })
    }

    /// Like `send`, but any status other than 2xx and 304 is an error.
    public func fetch(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let response = try await send(request)
        guard response.isSuccess || response.status == 304 else {
            throw .status(response.status, url: HTTPTarget.redacting(request.url),
                          snippet: HTTPError.snippet(of: response, hiding: request.bearerToken))
        }
        return response
    }
}
